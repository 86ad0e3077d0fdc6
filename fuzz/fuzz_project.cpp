// libFuzzer target: the project-folder readers. An input is written as the folder's
// project.json, history.jsonl and metrics.json; every reader must either return or throw
// studio::Error (DataError naming the file), whatever the bytes.

#include "base/error.h"
#include "fuzz_input.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/registry.h"
#include "tasks/text/text_project.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace studio;
    const std::string& dir = fuzz::scratchDir();
    for (const char* name : {"project.json", "history.jsonl", "metrics.json"}) fuzz::writeScratchFile(name, data, size);
    try {
        taskOf(dir);
    } catch (const Error&) {
    }
    try {
        loadProjectFile(dir);
    } catch (const Error&) {
    }
    try {
        loadTextProjectFile(dir);
    } catch (const Error&) {
    }
    try {
        loadHistory(dir);
    } catch (const Error&) {
    }
    try {
        loadMetrics(dir);
    } catch (const Error&) {
    }
    return 0;
}
