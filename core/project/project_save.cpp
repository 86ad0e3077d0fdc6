#include "project/project_save.h"

#include "base/error.h"
#include "base/file_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace studio {
namespace {

namespace fs = std::filesystem;

constexpr const char* kJournal = "save.journal";
constexpr const char* kStaged = ".saving";

// The files a save may stage; nothing else in a folder is ever renamed or removed.
// Besides a training's files, selecting a run (jobs/runs.h) stages its checkpoint, int8
// model and run record.
const char* const kProjectFiles[] = {"model.pt",        "history.jsonl",  "metrics.json",  "predictions.csv",
                                     "project.json",    "checkpoint.pt",  "model.int8.bin", "model.int8.json",
                                     "quantize.json",   "quantize_predictions.csv", "run.json"};

bool isProjectFile(const std::string& name) {
    return std::any_of(std::begin(kProjectFiles), std::end(kProjectFiles), [&](const char* f) { return name == f; });
}

std::string join(const std::string& dir, const std::string& name) { return dir + "/" + name; }

// Saves in progress in this process: folder -> staged names. A save of a folder is one
// thread's sequence of calls; the lock only guards the map.
std::mutex g_mutex;
std::map<std::string, std::vector<std::string>> g_staged;

// What a killed save left: staged files and temporary files of ours, never the project's own.
void removeLeftovers(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        for (const char* file : kProjectFiles) {
            const std::string base = file;
            if (name.size() > base.size() && name.compare(0, base.size(), base) == 0 &&
                (name.compare(base.size(), 7, kStaged) == 0 || name.compare(base.size(), 4, ".tmp") == 0))
                fs::remove(entry.path(), ec);
        }
        if (name.rfind(std::string(kJournal) + ".tmp", 0) == 0) fs::remove(entry.path(), ec);
    }
}

// A rename is durable once the folder itself is synced.
void syncFolder(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void syncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("cannot open " + path + " to sync it: " + std::strerror(errno));
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw Error("cannot write " + path + " (disk full?)");
}

// Renames every NAME.saving the journal lists; one already renamed is skipped.
void applyJournal(const std::string& dir, const std::vector<std::string>& names) {
    for (const auto& name : names) {
        const std::string from = join(dir, name + kStaged), to = join(dir, name);
        if (std::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT)
            throw Error("cannot finish saving " + to + ": " + std::strerror(errno));
    }
    syncFolder(dir);
    std::remove(join(dir, kJournal).c_str());
    syncFolder(dir);
}

// A save that failed before its commit point (a full disk, a size limit, a write error):
// the files it staged go, and the folder holds the old project as it was.
void abandonSave(const std::string& dir) {
    std::vector<std::string> names;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        names = std::move(g_staged[dir]);
        g_staged.erase(dir);
    }
    for (const auto& name : names) {
        std::remove(join(dir, name + kStaged).c_str());
        std::remove(join(dir, name + kStaged + ".tmp").c_str());
    }
}

// Runs one step of a save; when it throws, the save is abandoned.
template <typename Step>
void staging(const std::string& dir, Step&& step) {
    try {
        step();
    } catch (...) {
        abandonSave(dir);
        throw;
    }
}

}  // namespace

std::string stageFilePath(const std::string& dir, const std::string& name) {
    if (!isProjectFile(name)) throw Error("'" + name + "' is not a project file");
    std::lock_guard<std::mutex> lock(g_mutex);
    auto [it, first] = g_staged.try_emplace(dir);
    if (first) removeLeftovers(dir);
    if (std::find(it->second.begin(), it->second.end(), name) == it->second.end()) it->second.push_back(name);
    return join(dir, name + kStaged);
}

void stageFile(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = stageFilePath(dir, name);
    staging(dir, [&] { writeFileAtomically(path, text); });
}

void stageFileWith(const std::string& dir, const std::string& name,
                   const std::function<void(const std::string& path)>& write) {
    const std::string staged = stageFilePath(dir, name), tmp = staged + ".tmp";
    staging(dir, [&] {
        write(tmp);
        syncFile(tmp);
        if (std::rename(tmp.c_str(), staged.c_str()) != 0) throw Error("cannot write " + staged + ": " + std::strerror(errno));
    });
}

void commitProjectSave(const std::string& dir, const std::string& projectJson) {
    stageFile(dir, "project.json", projectJson);
    std::vector<std::string> names;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        names = std::move(g_staged[dir]);
        g_staged.erase(dir);
    }
    std::string journal;
    for (const auto& name : names) journal += name + "\n";
    syncFolder(dir);
    try {
        writeFileAtomically(join(dir, kJournal), journal);  // the commit point
    } catch (...) {
        for (const auto& name : names) std::remove(join(dir, name + kStaged).c_str());
        throw;
    }
    syncFolder(dir);
    applyJournal(dir, names);
}

void recoverProjectSave(const std::string& dir) {
    const std::string path = join(dir, kJournal);
    std::ifstream in(path);
    if (!in) return;
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line))
        if (isProjectFile(line)) names.push_back(line);
    in.close();
    applyJournal(dir, names);
}

bool hasCommittedSave(const std::string& dir) {
    std::error_code ec;
    return fs::is_regular_file(join(dir, kJournal), ec);
}

}  // namespace studio
