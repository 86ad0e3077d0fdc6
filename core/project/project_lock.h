#pragma once

// One writer at a time per project folder. Training, resuming and quantizing hold the lock
// of the folder they write, so a second `train --out` or a GUI run on the same folder is
// refused with the name of the process that holds it instead of one result silently
// replacing the other. The lock is the system's (fcntl on the folder's .lstm-studio.lock
// file): it ends with the process however that ends, kill -9 included.

#include <string>

namespace studio {

class ProjectLock {
public:
    // Takes the lock of `dir`. With `create`, makes the folder first when it does not exist,
    // and removes it again on release when no project was committed into it. Throws
    // UsageError naming the holder when another process or thread holds the lock, Error
    // when the folder cannot be made or written.
    explicit ProjectLock(const std::string& dir, bool create = false);
    ~ProjectLock();
    ProjectLock(const ProjectLock&) = delete;
    ProjectLock& operator=(const ProjectLock&) = delete;

    static constexpr const char* kLockFile = ".lstm-studio.lock";

private:
    std::string dir_;
    int fd_ = -1;
    bool created_ = false;
};

}  // namespace studio
