#pragma once

// Whole files in and out, for core's readers and writers. Any thread.

#include <string>

namespace studio {

// The bytes of `path`; throws DataError naming the file when it cannot be opened.
std::string readWholeFile(const std::string& path);

// Writes `text` to `path` through a temporary file in the same folder (synced) and a
// rename, so `path` holds the old text or the new, whole (a full disk leaves the old). A
// symbolic link has its target written; a device, FIFO or socket, and anything under /dev
// or /proc (/dev/stdout), is written in place. Throws Error naming the file and the reason.
void writeFileAtomically(const std::string& path, const std::string& text);

// An output the user named: as writeFileAtomically, and "-" is standard output.
void writeOutputFile(const std::string& path, const std::string& text);

// One field of a CSV row: as it is, or in double quotes (inner quotes doubled) when it holds
// a comma, a quote or a line break.
std::string csvField(const std::string& text);

}  // namespace studio
