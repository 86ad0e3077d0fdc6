#pragma once

// Internal to core: JSON pieces shared by the project files of every task.

#include "train/train_config.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace studio {

using Json = nlohmann::json;

// NaN and infinities are not JSON: written as null, read back as NaN.
Json jsonNumber(double v);
double jsonNumberOr(const Json& j, const char* key, double fallback);

std::string readWholeFile(const std::string& path);  // throws DataError
Json parseJsonFile(const std::string& path);          // throws DataError naming the file

// Checks "format" and "format_version" of a project.json; returns the version. Throws
// DataError saying precisely why a file cannot be read (not a project, newer, older).
int checkProjectFormat(const Json& j, const std::string& path, int newest);

Json trainConfigJson(const TrainConfig& t);
TrainConfig trainConfigFrom(const Json& j);  // throws json::exception for missing fields

Json versionsJson(const std::vector<std::pair<std::string, std::string>>& versions);
std::vector<std::pair<std::string, std::string>> versionsFrom(const Json& j);

} // namespace studio
