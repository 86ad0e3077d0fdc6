#pragma once

// Internal to core: JSON helpers for the files core writes (project files, reports,
// histories). Not for ui/ (it exposes nlohmann::json).

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace studio {

using Json = nlohmann::json;

// NaN and infinities are not JSON: written as null, read back as NaN.
Json jsonNumber(double v);
double jsonNumberOr(const Json& j, const char* key, double fallback);

Json parseJsonFile(const std::string& path);  // throws DataError naming the file

Json versionsJson(const std::vector<std::pair<std::string, std::string>>& versions);
std::vector<std::pair<std::string, std::string>> versionsFrom(const Json& j);

}  // namespace studio
