#pragma once

#include <string>

namespace studio {

// SHA-256 of a byte string, as 64 lowercase hex digits.
std::string sha256Hex(const std::string& bytes);

// SHA-256 of a file's contents; throws DataError when the file cannot be read.
std::string sha256File(const std::string& path);

} // namespace studio
