#include "data/data_file.h"

#include "base/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace studio {
namespace {

std::string systemMessage(int error) { return std::strerror(error); }

// Closes the descriptor on every way out.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// Length of the valid UTF-8 sequence at p (Unicode table 3-7: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0.
std::size_t utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
    const unsigned char c = p[0];
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        low = c == 0xE0 ? 0xA0 : 0x80;
        high = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        low = c == 0xF0 ? 0x90 : 0x80;
        high = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (end - p < static_cast<std::ptrdiff_t>(length) || p[1] < low || p[1] > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return length;
}

bool isControl(unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') || c == 0x7F;
}

std::string hexByte(unsigned char c) {
    static const char kHex[] = "0123456789ABCDEF";
    return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

// UTF-16 text of a Latin-script file has a NUL in every other byte.
bool looksLikeUtf16(std::string_view text) {
    const std::size_t n = std::min<std::size_t>(text.size(), 256) & ~std::size_t(1);
    if (n < 4) return false;
    std::size_t evenNul = 0, oddNul = 0;
    for (std::size_t i = 0; i < n; i += 2) {
        evenNul += text[i] == '\0';
        oddNul += text[i + 1] == '\0';
    }
    const std::size_t pairs = n / 2;
    return (oddNul * 10 >= pairs * 9 && evenNul * 10 <= pairs) || (evenNul * 10 >= pairs * 9 && oddNul * 10 <= pairs);
}

// A tenth or more of the characters in the first 4 KiB are not text (at least four).
bool looksBinary(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + std::min<std::size_t>(text.size(), 4096);
    std::size_t bad = 0, total = 0;
    while (p < end) {
        ++total;
        if (*p < 0x80) {
            bad += *p == 0 || isControl(*p);
            ++p;
        } else if (const std::size_t length = utf8SequenceLength(p, end)) {
            p += length;
        } else {
            ++bad;
            ++p;
        }
    }
    return bad >= 4 && bad * 10 >= total;
}

}  // namespace

std::string readDataFile(const std::string& path, const ByteProgress& progress, std::size_t chunkBytes) {
    Fd file;
    // Non-blocking, so that opening a pipe returns at once and can be refused below.
    file.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (file.fd < 0) throw DataError(path + ": cannot be opened (" + systemMessage(errno) + ")");
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) throw DataError(path + ": cannot be read (" + systemMessage(errno) + ")");
    if (S_ISDIR(info.st_mode)) throw DataError(path + ": is a directory; expected a file (pick a file inside it)");
    if (!S_ISREG(info.st_mode))
        throw DataError(path +
                        ": is not a regular file (a pipe, socket or device); expected a file on disk (save the data "
                        "to a file first)");
    const auto size = static_cast<std::size_t>(info.st_size);
    std::string text;
    text.reserve(size);
    chunkBytes = std::max<std::size_t>(chunkBytes, 1);
    for (;;) {
        const std::size_t at = text.size();
        text.resize(at + chunkBytes);
        const ssize_t got = ::read(file.fd, &text[at], chunkBytes);
        if (got < 0) {
            if (errno == EINTR) {
                text.resize(at);
                continue;
            }
            throw DataError(path + ": cannot be read (" + systemMessage(errno) + ")");
        }
        text.resize(at + static_cast<std::size_t>(got));
        if (got == 0) break;
        if (progress && !progress(text.size(), size)) throw CancelledError(path + ": reading cancelled");
    }
    if (text.size() != size)
        throw DataError(path + ": changed while it was read (" + std::to_string(size) + " bytes when opened, " +
                        std::to_string(text.size()) +
                        " read); expected a file no other program is writing (wait until it has finished, or work on "
                        "a copy)");
    return text;
}

void requireUtf8Text(std::string_view text, const std::string& name) {
    const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = begin + text.size();
    std::size_t line = 1;
    const unsigned char* lineStart = begin;
    auto fail = [&](const unsigned char* at, const std::string& what) {
        std::size_t column = 1;
        for (const unsigned char* q = lineStart; q < at; ++q) column += (*q & 0xC0) != 0x80;
        throw DataError(name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
    };
    if (text.size() >= 2 && ((begin[0] == 0xFF && begin[1] == 0xFE) || (begin[0] == 0xFE && begin[1] == 0xFF)))
        fail(begin, "UTF-16 text (byte-order mark " + hexByte(begin[0]) + " " + hexByte(begin[1]) +
                        "); expected UTF-8 (re-save the file as UTF-8, e.g. iconv -f UTF-16 -t UTF-8 FILE > NEW)");
    for (const unsigned char* p = begin; p < end;) {
        const unsigned char c = *p;
        if (c == '\n') {
            ++line;
            lineStart = ++p;
            continue;
        }
        if (c < 0x80 && !isControl(c) && c != 0) {
            ++p;
            continue;
        }
        if (c >= 0x80) {
            if (const std::size_t length = utf8SequenceLength(p, end)) {
                p += length;
                continue;
            }
        }
        const std::string found = c == 0     ? "NUL byte"
                                  : c < 0x80 ? "control character " + hexByte(c)
                                             : "byte " + hexByte(c) + " is not valid UTF-8";
        if (c == 0 && looksLikeUtf16(text))
            fail(p,
                 "NUL byte: this looks like UTF-16 text; expected UTF-8 (re-save the file as UTF-8, e.g. iconv "
                 "-f UTF-16 -t UTF-8 FILE > NEW)");
        if (c == 0 || c < 0x80 || looksBinary(text))
            fail(p, found + ": this looks like a binary file; expected text (is it the right file?)");
        fail(p, found +
                    "; expected UTF-8 text (Latin-1 or Windows-1252? convert it, e.g. iconv -f WINDOWS-1252 "
                    "-t UTF-8 FILE > NEW)");
    }
}

}  // namespace studio
