#pragma once

// What every task's project holds alike (project_folder.h): the common part of its
// project.json, the weights, the training history. Saves stage the files for the task's
// project-file commit.

#include "project/project_folder.h"
#include "training/train_config.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace studio {

// Stages a model's weights as model.pt; `save` writes the weights to the path it is given
// (Model::save, TextModel::save).
void saveModelFile(const std::string& dir, const std::function<void(const std::string& path)>& save);

// history.jsonl: one EpochStats per line. loadHistory throws DataError naming the line.
void saveHistory(const std::string& dir, const std::vector<EpochStats>& history);
std::vector<EpochStats> loadHistory(const std::string& dir);

// What every task's project.json holds besides the task's own sections: the data, the
// training settings and how the last training ended. Each task's project struct derives
// from it (ProjectFile, TextProjectFile).
struct ProjectRecord {
    static constexpr int kFormatVersion = ProjectFolder::kFormatVersion;
    int formatVersion = kFormatVersion;
    std::string dataPath;  // absolute
    std::string dataSha256;
    TrainConfig train;
    std::vector<std::pair<std::string, std::string>> versions;
    // Outcome of the last training.
    int epochsDone = 0;
    int bestEpoch = 0;
    std::string stopReason;
    std::string message;
};

// The record of the project in `dir`, whatever its task, for progress bars and the
// Continue command (an interrupted commit is finished first). Throws DataError.
ProjectRecord loadProjectRecord(const std::string& dir);

// Whether a file derived from the project's weights (model.int8.bin ...) that recorded the
// SHA-256 of the model.pt it came from still matches the current model.pt. Files of
// earlier versions recorded nothing and count as current.
bool madeFromCurrentWeights(const std::string& dir, const std::string& recordedSha256);

// What bench says of a model.int8.bin that did not come from the current model.pt.
inline constexpr const char* kStaleInt8Note =
    "model.int8.bin is older than model.pt (trained or resumed since), so it was not used: quantized in memory "
    "with default options instead (run quantize to store it again)";

// Copies how a training run ended into the status fields.
void recordOutcome(ProjectRecord& project, const TrainResult& train);

}  // namespace studio
