#include "project/project_lock.h"

#include "base/error.h"
#include "project/project_folder.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace studio {
namespace {

namespace fs = std::filesystem;

// fcntl locks belong to the process: two threads of one process would both get one. The
// folders this process holds are kept here as well.
std::mutex g_mutex;
std::set<std::string> g_held;

std::string key(const std::string& dir) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::absolute(dir, ec), ec);
    return p.empty() ? dir : p.string();
}

// "pid 1234: lstm-studio-cli train --out p" from /proc, else what the holder wrote into
// the lock file.
std::string describeHolder(pid_t pid, const std::string& lockPath) {
    std::string who;
    if (pid > 0) {
        std::ifstream cmd("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
        std::string line((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
        for (char& c : line)
            if (c == '\0') c = ' ';
        while (!line.empty() && line.back() == ' ') line.pop_back();
        if (line.size() > 160) line = line.substr(0, 157) + "...";
        who = "pid " + std::to_string(pid) + (line.empty() ? std::string() : ": " + line);
    }
    if (who.empty()) {
        std::ifstream in(lockPath);
        std::getline(in, who);
    }
    return who.empty() ? "another process" : who;
}

}  // namespace

ProjectLock::ProjectLock(const std::string& dir, bool create) : dir_(dir) {
    std::error_code ec;
    if (create && !fs::exists(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec) throw Error("cannot create project folder " + dir + ": " + ec.message());
        created_ = true;
    }
    const std::string path = (fs::path(dir) / kLockFile).string();
    {
        std::lock_guard<std::mutex> guard(g_mutex);
        if (!g_held.insert(key(dir)).second)
            throw UsageError(dir + " is in use by another job of this process; wait for it to finish");
    }
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        const std::string why = std::strerror(errno);
        std::lock_guard<std::mutex> guard(g_mutex);
        g_held.erase(key(dir));
        throw Error("cannot lock project folder " + dir + ": " + why);
    }
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (::fcntl(fd_, F_SETLK, &lock) != 0) {
        struct flock holder {};
        holder.l_type = F_WRLCK;
        holder.l_whence = SEEK_SET;
        const pid_t pid = ::fcntl(fd_, F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK ? holder.l_pid : 0;
        ::close(fd_);
        fd_ = -1;
        {
            std::lock_guard<std::mutex> guard(g_mutex);
            g_held.erase(key(dir));
        }
        throw UsageError(dir + " is in use by " + describeHolder(pid, path) + "; wait for it to finish");
    }
    // Who holds it, for a holder's pid that /proc no longer shows (another machine's NFS).
    const std::string me = "pid " + std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0) {
        const ssize_t written = ::pwrite(fd_, me.data(), me.size(), 0);
        (void)written;
    }
}

ProjectLock::~ProjectLock() {
    const std::string path = (fs::path(dir_) / kLockFile).string();
    std::error_code ec;
    const bool abandon = created_ && !ProjectFolder::isProject(dir_);
    // The lock file goes only with a folder this lock made: removing it from a folder other
    // processes may be waiting on would let two of them lock two different files.
    if (abandon) fs::remove(path, ec);
    if (fd_ >= 0) ::close(fd_);
    if (abandon && fs::is_empty(dir_, ec)) fs::remove(dir_, ec);
    std::lock_guard<std::mutex> guard(g_mutex);
    g_held.erase(key(dir_));
}

}  // namespace studio
