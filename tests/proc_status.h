#pragma once

// For tests that watch their own process: a field of /proc/self/status (Linux).

#include <fstream>
#include <string>

namespace studio::test {

// The number after "FIELD:" in /proc/self/status ("Threads", or "VmRSS" and "VmHWM" in
// KiB), or -1.
inline long procStatus(const char* field) {
    std::ifstream in("/proc/self/status");
    const std::string key = std::string(field) + ":";
    std::string word;
    while (in >> word) {
        if (word == key) {
            long value = -1;
            in >> value;
            return value;
        }
        in.ignore(1 << 12, '\n');
    }
    return -1;
}

}  // namespace studio::test
