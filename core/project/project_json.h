#pragma once

// Internal to core: the header every task's project.json shares.

#include "base/json_io.h"

#include <string>

namespace studio {

// {"format": "lstm-studio-project", "format_version": N, "task": NAME}. checkProjectFormat
// returns the version, throwing DataError that says precisely why a file cannot be read
// (not a project, newer, older).
Json projectHeader(int version, const std::string& task);
int checkProjectFormat(const Json& j, const std::string& path, int newest);

}  // namespace studio
