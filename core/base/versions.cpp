#include "base/versions.h"

#include <dlfcn.h>

#include <fstream>

#include <torch/torch.h>
#include <torch/version.h>

namespace studio {

std::vector<std::pair<std::string, std::string>> libraryVersions() {
    std::vector<std::pair<std::string, std::string>> out;
    out.emplace_back("lstm-studio", STUDIO_VERSION);
    out.emplace_back("libtorch", TORCH_VERSION);
    using GetConfig = const char* (*)();
    if (auto config = reinterpret_cast<GetConfig>(dlsym(RTLD_DEFAULT, "openblas_get_config")))
        out.emplace_back("blas", std::string("OpenBLAS ") + config());
    else
        out.emplace_back("blas", "unknown (not OpenBLAS)");
#if defined(__clang__)
    out.emplace_back("compiler", "clang " __clang_version__);
#elif defined(__GNUC__)
    out.emplace_back("compiler", "gcc " __VERSION__);
#endif
    out.emplace_back("cuda", torch::cuda::is_available() ? std::to_string(torch::cuda::device_count()) + " device(s)"
                                                         : "not available");
    return out;
}

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string defaultDevice() { return cudaAvailable() ? "cuda" : "cpu"; }

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
        }
    return "unknown";
}

} // namespace studio
