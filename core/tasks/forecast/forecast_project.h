#pragma once

#include "data/series_dataset.h"
#include "project/project_folder.h"
#include "tasks/task_files.h"
#include "tasks/task_kind.h"
#include "nn/model_spec.h"
#include "training/metrics.h"
#include "training/train_config.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace studio {

// project.json of a forecast project (the folder: project_folder.h): everything needed to
// rebuild the dataset and the model, and what the last training did. Its metrics.json is
// ProjectMetrics, its predictions.csv the test split's row,pred_1..pred_H,true_1..true_H.
struct ProjectFile : ProjectRecord {
    SeriesSpec series;
    ModelSpec model;
    std::vector<std::string> featureNames;
    ScalerStats featureScaler;
    ScalerStats targetScaler;
    double naiveScale = 0.0;
    std::size_t trainRows = 0, valRows = 0, testRows = 0;
};

struct ProjectMetrics {
    std::string split = "test";
    ForecastMetrics model;
    ForecastMetrics naive;
};

// A save stages its files (saveModelFile, saveHistory, saveMetrics ...) and saveProjectFile
// commits them all at once (project_folder.h). Readers finish an interrupted commit first,
// then throw DataError naming the file and what is wrong with it.
void saveProjectFile(const std::string& dir, const ProjectFile& project);
ProjectFile loadProjectFile(const std::string& dir);

void saveMetrics(const std::string& dir, const ProjectMetrics& metrics);
ProjectMetrics loadMetrics(const std::string& dir);

// Predictions in the target's units, pred/truth [n, horizon]; truth NaN where unknown
// (written as an empty cell).
void savePredictions(const std::string& path, const std::vector<std::size_t>& rows,
                     const std::vector<double>& pred, const std::vector<double>& truth, std::size_t horizon);

} // namespace studio
