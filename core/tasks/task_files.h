#pragma once

// The files every task's project holds alike (project_folder.h): the weights, the
// training history. Saves stage them for the task's project-file commit.

#include "train/train_config.h"

#include <functional>
#include <string>
#include <vector>

namespace studio {

// Stages a model's weights as model.pt; `save` writes the weights to the path it is given
// (Model::save, TextModel::save).
void saveModelFile(const std::string& dir, const std::function<void(const std::string& path)>& save);

// history.jsonl: one EpochStats per line. loadHistory throws DataError naming the line.
void saveHistory(const std::string& dir, const std::vector<EpochStats>& history);
std::vector<EpochStats> loadHistory(const std::string& dir);

// Copies how a training run ended into a project file's status fields (any task's project
// struct: epochsDone, bestEpoch, stopReason, message).
template <typename ProjectStruct>
void recordOutcome(ProjectStruct& project, const TrainResult& train) {
    project.epochsDone = train.epochsDone;
    project.bestEpoch = train.bestEpoch;
    project.stopReason = toString(train.reason);
    project.message = train.message;
}

}  // namespace studio
