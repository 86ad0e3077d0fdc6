#pragma once

// Whole files in and out, for core's readers and writers. Any thread.

#include <string>

namespace studio {

// The bytes of `path`; throws DataError naming the file when it cannot be opened.
std::string readWholeFile(const std::string& path);

// Writes `text` to `path` through a temporary file in the same folder (flushed and synced)
// and a rename, so `path` holds the old text or the new, whole. Throws Error.
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace studio
