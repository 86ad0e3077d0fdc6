#include "tasks/task_files.h"

#include "project/project_folder.h"
#include "train/train_json.h"
#include "util/file_io.h"

namespace studio {

void saveModelFile(const std::string& dir, const std::function<void(const std::string& path)>& save) {
    ProjectFolder(dir).stageWith(ProjectFolder::kModel, save);
}

void saveHistory(const std::string& dir, const std::vector<EpochStats>& history) {
    ProjectFolder(dir).stage(ProjectFolder::kHistory, historyJsonLines(history));
}

std::vector<EpochStats> loadHistory(const std::string& dir) {
    const std::string path = ProjectFolder(dir).path(ProjectFolder::kHistory);
    return historyFromJsonLines(readWholeFile(path), path);
}

}  // namespace studio
