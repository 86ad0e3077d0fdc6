#pragma once

#include "data/series_dataset.h"
#include "nn/model_spec.h"
#include "tasks/forecast/forecast_evaluation.h"
#include "tasks/forecast/forecast_project.h"
#include "training/metrics.h"
#include "training/train_config.h"
#include "base/device_memory.h"
#include "base/threads.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace studio {

class Model;

// What `train` does, end to end: read the CSV, build the dataset, train, evaluate on the
// test split and write the project folder. Shared by the CLI and the GUI's worker; runs
// synchronously on the calling thread.
struct ForecastJobConfig {
    std::string dataPath;
    SeriesSpec series;
    ModelSpec model;
    TrainConfig train;
    std::string outDir;  // created when missing
    // Reading the data file: CsvOptions::progress (return false to cancel the job).
    std::function<bool(std::size_t done, std::size_t total)> loadProgress;
};

struct ForecastJobResult {
    TrainResult train;
    ForecastEvaluation test;
    SeriesReport report;
    ThreadSettings threads;
    std::string device;
    std::int64_t parameters = 0;
    DeviceMemory deviceMemory;  // CUDA allocator, peak over the training run
    std::vector<std::string> warnings;
};

ForecastJobResult trainForecast(const ForecastJobConfig& config, TrainObserver* observer = nullptr,
                                const std::atomic<bool>* cancel = nullptr);

// Continues a project's training from its checkpoint up to `epochs` in total (0 = the
// project's own count) and rewrites the project.
ForecastJobResult resumeForecast(const std::string& dir, int epochs, TrainObserver* observer = nullptr,
                                 const std::atomic<bool>* cancel = nullptr);

// Test-split metrics of a project's saved model, recomputed from its data file.
ForecastEvaluation evaluateForecast(const std::string& dir, std::vector<std::string>* warnings = nullptr);

// Predicts every window of `dataPath` (empty = the project's data) with the project's
// model and scalers and writes row,pred_1..H,true_1..H to outCsv. Returns the row count.
std::size_t predictForecast(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                           std::vector<std::string>* warnings = nullptr);

// Rebuilds a project's dataset from its data file (`rows` receives its rows); warns when the
// file changed since the project was trained.
SeriesDataset reloadDataset(const ProjectFile& project, std::vector<std::string>* warnings, SeriesRows& rows);

// The project's saved model (model.pt) on `device`.
Model loadForecastModel(const std::string& dir, const ProjectFile& project, const std::string& device);

} // namespace studio
