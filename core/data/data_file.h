#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace studio {

// Called with the bytes done so far and the total; returning false cancels.
using ByteProgress = std::function<bool(std::size_t done, std::size_t total)>;

// Reads the whole of a data file a user picked. Throws DataError naming the file when it
// is missing or unreadable, a directory, not a regular file (a pipe, socket or device:
// reading one could block or never end), or when its size changed while it was read
// (another program is writing it). `progress` is called after each chunk of `chunkBytes`
// with the bytes read and the file's size; when it returns false, CancelledError is
// thrown. Any thread may call it.
std::string readDataFile(const std::string& path, const ByteProgress& progress = {},
                         std::size_t chunkBytes = std::size_t(1) << 20);

// Checks that `text` is UTF-8 with no NUL bytes and no control characters other than tab,
// line feed, carriage return, vertical tab and form feed. Throws DataError
// "name:line:column: what was found; what to do", telling UTF-16 text, binary data and
// 8-bit (Latin-1) text apart. Columns count characters, lines start at 1 at `text`'s start.
void requireUtf8Text(std::string_view text, const std::string& name);

}  // namespace studio
