#include "jobs/component_versions.h"

#include "base/versions.h"
#include "runtime/inference_engine.h"

#include <sqlite3.h>

namespace studio {

std::vector<std::pair<std::string, std::string>> componentVersions() {
    auto out = libraryVersions();
    std::string onednn = onednnVersion();  // "oneDNN 2.6.3 (…)", or "" without oneDNN
    const std::string prefix = "oneDNN ";
    if (onednn.rfind(prefix, 0) == 0) onednn.erase(0, prefix.size());
    if (!onednn.empty()) out.emplace_back("onednn", onednn);
        // The versions CMake found (core/runtime/onnx.cmake), present only in builds with ONNX.
#ifdef STUDIO_ONNX_VERSION
    out.emplace_back("onnx", STUDIO_ONNX_VERSION);
#endif
#ifdef STUDIO_PROTOBUF_VERSION
    out.emplace_back("protobuf", STUDIO_PROTOBUF_VERSION);
#endif
    out.emplace_back("sqlite", sqlite3_libversion());
    return out;
}

}  // namespace studio
