#include "project/project_json.h"

#include "base/error.h"

namespace studio {

Json projectHeader(int version, const std::string& task) {
    return {{"format", "lstm-studio-project"}, {"format_version", version}, {"task", task}};
}

int checkProjectFormat(const Json& j, const std::string& path, int newest) {
    const auto format = j.is_object() ? j.find("format") : j.end();
    if (format == j.end() || *format != "lstm-studio-project")
        throw DataError(path + ": not an LSTM Studio project file (expected \"format\": \"lstm-studio-project\")");
    const auto version = j.find("format_version");
    if (version == j.end() || !version->is_number_integer())
        throw DataError(path + ": has no format_version number; expected an integer from 1 to " +
                        std::to_string(newest));
    const long long v = version->get<long long>();
    if (v > newest)
        throw DataError(path + ": written by a newer LSTM Studio (format " + std::to_string(v) + ", this one reads " +
                        "1 to " + std::to_string(newest) + "); open it with that version or newer");
    if (v < 1)
        throw DataError(path + ": format " + std::to_string(v) + " is older than any LSTM Studio release (formats " +
                        "start at 1); train the model again to make a project this version reads");
    return static_cast<int>(v);
}

}  // namespace studio
