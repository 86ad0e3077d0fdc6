#pragma once

#include "workspace/prediction_data.h"
#include "tasks/forecast/forecast_project.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>

namespace studio {

struct CsvTable;

// A project folder as the GUI shows it: written by the GUI or by
// `lstm-studio-cli train ... --out DIR`. Plain data, built on any thread.
struct LoadedForecastProject {
    QString dir;
    ProjectFile project;
    std::vector<EpochStats> history;
    PredictionData predictions;
    std::shared_ptr<const CsvTable> table;  // the project's data file; null when unreadable
    QStringList warnings;                   // what could not be shown, and why
    QString error;                          // set when the folder is not a usable project
};

// Reads project.json, history.jsonl, metrics.json (the model's and the baselines' metrics,
// the intervals' coverage) and predictions.csv (the `row` column: each window's last input
// row; pred_1..H, true_1..H and interval bounds in the target's units) and the project's
// data file for the ground-truth line. Never throws: a folder that is not a
// project sets `error`; a missing optional part adds a warning.
class ForecastProjectLoader {
    Q_DECLARE_TR_FUNCTIONS(ForecastProjectLoader)

public:
    static LoadedForecastProject load(const QString& dir);
    // Step-1..H predictions from a predictions.csv, with the interval bounds of every level
    // it has (lower_<level>_<step>, upper_<level>_<step>); throws DataError on a malformed
    // file.
    static ForecastEvaluation readPredictions(const QString& path, std::size_t horizon);
};

}  // namespace studio
