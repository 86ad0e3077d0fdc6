#include "tasks/task_files.h"

#include "base/error.h"
#include "project/project_folder.h"
#include "project/project_json.h"
#include "tasks/project_record_json.h"
#include "training/train_json.h"
#include "base/file_io.h"
#include "base/sha256.h"

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

Json projectRecordJson(const ProjectRecord& p, TaskKind task) {
    Json j = projectHeader(p.formatVersion, toString(task));
    j.update({
        {"data", {{"path", p.dataPath}, {"sha256", p.dataSha256}}},
        {"train", trainConfigJson(p.train)},
        {"seed", p.train.seed},
        {"versions", versionsJson(p.versions)},
        {"status",
         {{"epochs_done", p.epochsDone},
          {"best_epoch", p.bestEpoch},
          {"stop_reason", p.stopReason},
          {"message", p.message}}},
    });
    return j;
}

void readProjectRecord(const Json& j, const std::string& path, ProjectRecord& p) {
    p.formatVersion = checkProjectFormat(j, path, ProjectRecord::kFormatVersion);
    p.dataPath = j.at("data").at("path").get<std::string>();
    p.dataSha256 = j.at("data").value("sha256", "");
    p.train = trainConfigFrom(j.at("train"));
    p.versions = versionsFrom(j.value("versions", Json::object()));
    const Json status = j.value("status", Json::object());
    p.epochsDone = status.value("epochs_done", 0);
    p.bestEpoch = status.value("best_epoch", 0);
    p.stopReason = status.value("stop_reason", "");
    p.message = status.value("message", "");
}

Json openProjectJson(const std::string& dir, std::string& path) {
    const ProjectFolder folder(dir);
    path = folder.path(ProjectFolder::kProject);
    folder.recover();
    return parseJsonFile(path);
}

ProjectRecord loadProjectRecord(const std::string& dir) {
    return loadProjectJson<ProjectRecord>(dir, [](const Json& j, const std::string& path, ProjectRecord& p) {
        readProjectRecord(j, path, p);
        p.train.validate();
    });
}

bool madeFromCurrentWeights(const std::string& dir, const std::string& recordedSha256) {
    return recordedSha256.empty() || recordedSha256 == sha256File(ProjectFolder(dir).path(ProjectFolder::kModel));
}

void recordOutcome(ProjectRecord& project, const TrainResult& train) {
    project.epochsDone = train.epochsDone;
    project.bestEpoch = train.bestEpoch;
    project.stopReason = toString(train.reason);
    project.message = train.message;
}

}  // namespace studio
