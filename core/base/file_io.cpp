#include "base/file_io.h"

#include "base/error.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace studio {
namespace {

std::string errnoText() { return errno == ENOSPC ? "no space left on the device" : std::strerror(errno); }

// Writes all of `text` to `fd`; false with errno set when a write fails.
bool writeAll(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// A device, FIFO or socket, or anything under /dev or /proc (/dev/stdout is a link into
// /proc that a rename must not replace): written in place, as `cat > path` would.
bool isSpecialTarget(const std::string& path) {
    if (path.rfind("/dev/", 0) == 0 || path.rfind("/proc/", 0) == 0) return true;
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

void writeInPlace(const std::string& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) throw Error("cannot write " + path + ": " + errnoText());
    const bool ok = writeAll(fd, text);
    const std::string why = ok ? std::string() : errnoText();
    ::close(fd);
    if (!ok) throw Error("cannot write " + path + ": " + why);
}

// The file a symbolic link finally names (the link itself when it dangles into a folder
// that does not exist); other paths as they are.
std::string followLinks(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved)) return resolved;
    // A dangling link: write the file it names, as a shell redirection would.
    std::string target = path;
    for (int hops = 0; hops < 40; ++hops) {
        char buf[PATH_MAX];
        const ssize_t n = ::readlink(target.c_str(), buf, sizeof buf - 1);
        if (n < 0) break;
        std::string next(buf, static_cast<std::size_t>(n));
        if (next.empty() || next[0] != '/') {
            const auto slash = target.rfind('/');
            next = (slash == std::string::npos ? std::string() : target.substr(0, slash + 1)) + next;
        }
        target = next;
    }
    return target;
}

}  // namespace

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path + ": cannot be opened (is this a project folder?)");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFileAtomically(const std::string& path, const std::string& text) {
    if (isSpecialTarget(path)) return writeInPlace(path, text);
    const std::string target = followLinks(path);
    const std::string tmp = target + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw Error("cannot write " + tmp + ": " + errnoText());
    bool ok = writeAll(fd, text);
    ok = ok && ::fsync(fd) == 0;
    const std::string why = ok ? std::string() : errnoText();
    if (::close(fd) != 0 && ok) ok = false;
    if (!ok) {
        std::remove(tmp.c_str());
        throw Error("cannot write " + target + ": " + (why.empty() ? errnoText() : why) + "; the old file is unchanged");
    }
    // A file that existed keeps its permissions.
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0) ::chmod(tmp.c_str(), st.st_mode & 07777);
    if (std::rename(tmp.c_str(), target.c_str()) != 0) {
        const std::string reason = errnoText();
        std::remove(tmp.c_str());
        throw Error("cannot replace " + target + ": " + reason);
    }
}

void writeOutputFile(const std::string& path, const std::string& text) {
    if (path == "-") {
        if (!writeAll(STDOUT_FILENO, text)) throw Error("cannot write to standard output: " + errnoText());
        return;
    }
    writeFileAtomically(path, text);
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace studio
