#pragma once

#include "data/series_dataset.h"
#include "model/model_spec.h"
#include "train/metrics.h"
#include "train/train_config.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace studio {

// The contents of a project folder's project.json: everything needed to rebuild the
// dataset and the model, and what the last training did. The GUI and the CLI read and
// write the same folder:
//   project.json     this struct
//   model.pt         the best weights (Model::save)
//   checkpoint.pt    weights, optimizer, schedule and generators for resuming
//   history.jsonl    one EpochStats per line
//   metrics.json     ProjectMetrics
//   predictions.csv  test-split predictions: row,pred_1..pred_H,true_1..true_H
struct ProjectFile {
    static constexpr int kFormatVersion = 1;
    int formatVersion = kFormatVersion;
    std::string task = "forecast";
    std::string dataPath;    // absolute
    std::string dataSha256;
    SeriesSpec series;
    ModelSpec model;
    TrainConfig train;
    std::vector<std::string> featureNames;
    ScalerStats featureScaler;
    ScalerStats targetScaler;
    double naiveScale = 0.0;
    std::size_t trainRows = 0, valRows = 0, testRows = 0;
    std::vector<std::pair<std::string, std::string>> versions;
    // Outcome of the last training.
    int epochsDone = 0;
    int bestEpoch = 0;
    std::string stopReason;
    std::string message;
};

struct ProjectMetrics {
    std::string split = "test";
    ForecastMetrics model;
    ForecastMetrics naive;
};

// A save is a sequence of calls that ends with saveProjectFile (or saveTextProjectFile):
// saveModelFile, saveHistory, saveMetrics and the like stage their files, and the project
// file's save commits them all at once (project_save.h), so a process killed at any moment
// leaves the old project or the new one. Readers finish an interrupted commit first, then
// throw DataError naming the file and what is wrong with it (not a project file, a newer
// or older format, a missing or malformed field).
void saveProjectFile(const std::string& dir, const ProjectFile& project);
ProjectFile loadProjectFile(const std::string& dir);

void saveHistory(const std::string& dir, const std::vector<EpochStats>& history);
std::vector<EpochStats> loadHistory(const std::string& dir);

void saveMetrics(const std::string& dir, const ProjectMetrics& metrics);
ProjectMetrics loadMetrics(const std::string& dir);

// Predictions in the target's units, pred/truth [n, horizon]; truth NaN where unknown
// (written as an empty cell).
void savePredictions(const std::string& path, const std::vector<std::size_t>& rows,
                     const std::vector<double>& pred, const std::vector<double>& truth, std::size_t horizon);

// Stages a model's weights as dir/model.pt; `save` writes the weights to the path it is
// given (Model::save, TextModel::save).
void saveModelFile(const std::string& dir, const std::function<void(const std::string& path)>& save);

// Writes `text` to `path` through a temporary file in the same folder (flushed and synced)
// and a rename, so `path` holds the old text or the new, whole.
void writeFileAtomically(const std::string& path, const std::string& text);

} // namespace studio
