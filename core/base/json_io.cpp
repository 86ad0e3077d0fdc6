#include "base/json_io.h"

#include "base/error.h"
#include "base/file_io.h"

#include <cmath>

namespace studio {

Json jsonNumber(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

double jsonNumberOr(const Json& j, const char* key, double fallback) {
    const auto it = j.find(key);
    if (it == j.end()) return fallback;
    return it->is_null() ? std::nan("") : it->get<double>();
}

Json parseJsonFile(const std::string& path) {
    try {
        return Json::parse(readWholeFile(path));
    } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number too large
        throw DataError(path + ": not valid JSON (" + e.what() + ")");
    }
}

Json versionsJson(const std::vector<std::pair<std::string, std::string>>& versions) {
    Json j = Json::object();
    for (const auto& [name, version] : versions) j[name] = version;
    return j;
}

std::vector<std::pair<std::string, std::string>> versionsFrom(const Json& j) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, version] : j.items()) out.emplace_back(name, version.get<std::string>());
    return out;
}

}  // namespace studio
