#pragma once

#include "data/series_dataset.h"
#include "project/project_folder.h"
#include "tasks/forecast/forecast_evaluation.h"
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
    std::string scalerReason;           // why 'auto' chose the scaler; empty when it was given
    IntervalCalibration intervals;      // of the horizon's steps; empty in projects before it
};

// metrics.json: the model's and the baselines' metrics on the test split, and how the
// intervals held there.
struct ProjectMetrics {
    std::string split = "test";
    ForecastMetrics model;
    ForecastMetrics naive;
    std::vector<std::pair<std::string, ForecastMetrics>> baselines;  // naive, seasonal_naive, drift, linear
    std::size_t season = 1;
    std::vector<IntervalBand> intervals;  // level, n, coverage, meanWidth (no bounds)
    // Above horizon one: the metrics of each step of "model" and of every baseline, by name.
    std::vector<std::pair<std::string, std::vector<ForecastMetrics>>> byStep;
};

// The metrics.json of an evaluation.
ProjectMetrics projectMetrics(const ForecastEvaluation& e);

// A save stages its files (saveModelFile, saveHistory, saveMetrics ...) and saveProjectFile
// commits them all at once (project_folder.h). Readers finish an interrupted commit first,
// then throw DataError naming the file and what is wrong with it.
void saveProjectFile(const std::string& dir, const ProjectFile& project);
ProjectFile loadProjectFile(const std::string& dir);

void saveMetrics(const std::string& dir, const ProjectMetrics& metrics);
ProjectMetrics loadMetrics(const std::string& dir);

// Predictions in the target's units, pred/truth [n, horizon]; truth NaN where unknown
// (written as an empty cell). Each band adds lower_<level>_<step>,upper_<level>_<step>.
void savePredictions(const std::string& path, const std::vector<std::size_t>& rows,
                     const std::vector<double>& pred, const std::vector<double>& truth, std::size_t horizon,
                     const std::vector<IntervalBand>& bands = {});

// "80", "95", "97.5": a level as column names and JSON keys spell it.
std::string levelName(double level);

} // namespace studio
