#include "project/project_folder.h"

#include "base/error.h"
#include "project/project_json.h"
#include "project/project_lock.h"
#include "project/project_save.h"

#include <filesystem>
#include <utility>

namespace studio {

namespace fs = std::filesystem;

const std::vector<std::string>& ProjectFolder::trainedFiles() {
    static const std::vector<std::string> files = {kModel,   kCheckpoint,  kHistory,
                                                   kMetrics, kPredictions, kProject};
    return files;
}

const std::vector<std::string>& ProjectFolder::derivedFiles() {
    static const std::vector<std::string> files = {kInt8Model, kInt8Scales, kQuantizeReport, kQuantizePredictions};
    return files;
}

ProjectFolder::ProjectFolder(std::string dir) : dir_(std::move(dir)) {}

void ProjectFolder::checkNewProject(const std::string& dir) {
    if (dir.empty()) throw UsageError("no project folder given: name a new or empty folder");
    std::error_code ec;
    const fs::file_status st = fs::status(dir, ec);
    if (!fs::exists(st)) return;
    if (!fs::is_directory(st)) throw UsageError(dir + " is a file: name a new or empty folder for the project");
    if (isProject(dir)) {
        std::string task;
        try {
            task = ProjectFolder(dir).taskName() + " ";
        } catch (const Error&) {
        }
        throw UsageError(dir + " already holds a " + task + "project: continue it with 'resume --project " + dir +
                         "', or train into a new folder");
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        // What a killed save of ours leaves: NAME.saving, NAME.tmp<pid> (writeFileAtomically).
        const auto tmp = name.rfind(".tmp");
        const bool tempFile = tmp != std::string::npos && tmp + 4 < name.size() &&
                              name.find_first_not_of("0123456789", tmp + 4) == std::string::npos;
        const auto endsWith = [&name](const std::string& end) {
            return name.size() > end.size() && name.compare(name.size() - end.size(), end.size(), end) == 0;
        };
        const bool saving = endsWith(".saving") || endsWith(".saving.tmp");
        // And what runs that trained nothing leave: the runs folder and its ledger.
        const bool ledger = name == "runs" || name.rfind("runs.sqlite", 0) == 0;
        const bool ours = name == "save.journal" || saving || tempFile || name == ProjectLock::kLockFile ||
                          name == kCheckpoint || ledger;
        if (!ours)
            throw UsageError(dir + " is not empty and holds no project (it has " + name +
                             "): train into a new or empty folder, so that none of its files is overwritten");
    }
}

std::string ProjectFolder::path(const std::string& name) const { return (fs::path(dir_) / name).string(); }

bool ProjectFolder::has(const std::string& name) const {
    std::error_code ec;
    return fs::is_regular_file(path(name), ec);
}

bool ProjectFolder::isProject(const std::string& dir) {
    std::error_code ec;
    return fs::is_directory(dir, ec) && (ProjectFolder(dir).has(kProject) || hasCommittedSave(dir));
}

std::string ProjectFolder::taskName() const {
    recover();
    const std::string file = path(kProject);
    const Json j = parseJsonFile(file);
    // Any format this version reads names its task; the task's reader checks the rest.
    checkProjectFormat(j, file, kFormatVersion);
    const auto found = j.find("task");
    if (found == j.end() || !found->is_string()) throw DataError(file + ": names no task");
    return found->get<std::string>();
}

std::string ProjectFolder::stagePath(const std::string& name) const { return stageFilePath(dir_, name); }

void ProjectFolder::stage(const std::string& name, const std::string& text) const { stageFile(dir_, name, text); }

void ProjectFolder::stageWith(const std::string& name,
                              const std::function<void(const std::string& path)>& write) const {
    stageFileWith(dir_, name, write);
}

void ProjectFolder::commit(const std::string& projectJson) const { commitProjectSave(dir_, projectJson); }

void ProjectFolder::recover() const { recoverProjectSave(dir_); }

}  // namespace studio
