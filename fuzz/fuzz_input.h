#pragma once

// Helpers shared by the libFuzzer targets: a scratch folder of the process's own, files
// written into it, and the rule that only studio::Error may leave a reader.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace studio::fuzz {

// A folder made once per process under $TMPDIR (or /tmp); libFuzzer runs inputs one after
// another in one thread, so the files in it are rewritten for every input.
inline const std::string& scratchDir() {
    static const std::string dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/lstm-studio-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data())) std::abort();
        return pattern;
    }();
    return dir;
}

// Writes the bytes to scratchDir()/name and returns the full path.
inline std::string writeScratchFile(const char* name, const std::uint8_t* data, std::size_t size) {
    const std::string path = scratchDir() + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

}  // namespace studio::fuzz
