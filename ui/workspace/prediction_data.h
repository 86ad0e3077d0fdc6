#pragma once

#include "tasks/forecast/forecast_job.h"

#include <QString>

#include <vector>

namespace studio {

struct CsvTable;

// Does the model forecast, or mostly repeat the last value it saw? Compares the step-1
// predictions with the truth at the same step and with the truth one window earlier
// (pred[i] vs truth[i-1]); a model that copies its last input matches the lagged truth
// better. Both MAEs are over i = 1..n-1, in the target's units.
struct LagCheck {
    std::size_t n = 0;
    double maeAligned = 0.0;
    double maeLagged = 0.0;
    bool copiesLastValue = false;  // maeLagged < maeAligned

    static LagCheck compute(const std::vector<double>& pred, const std::vector<double>& truth);
};

// Everything PredictionView shows: a split's predictions against the truth, laid out for
// plotting. Plain data built off the GUI thread when needed.
struct PredictionData {
    QString target;
    std::size_t horizon = 1;
    ForecastEvaluation evaluation;  // rows, pred, truth [n, horizon]; metrics
    bool haveMetrics = false;
    // Step-1 forecasts: x of the forecast row, prediction and truth.
    std::vector<double> x, pred, truth;
    // The data file's target over the plotted stretch (the test split and the inputs
    // of its first window): the ground-truth line. Falls back to `truth` without a file.
    std::vector<double> truthX, truthY;
    bool timeAxis = false;
    QString timeColumn;
    LagCheck lag;

    std::size_t count() const { return x.size(); }
    bool isEmpty() const { return x.empty(); }

    // table: the data file the evaluation came from, or nullptr when unavailable.
    // spec: its target, time column and window (for the stretch before the first forecast).
    static PredictionData build(const ForecastEvaluation& evaluation, bool haveMetrics, const CsvTable* table,
                                const SeriesSpec& spec);
};

}  // namespace studio
