#pragma once

#include "tasks/forecast/forecast_job.h"
#include "widgets/row_axis.h"

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
// plotting one step of the horizon at a time. Plain data built off the GUI thread when
// needed.
struct PredictionData {
    // One interval level around the drawn step's forecasts: lower/upper [n] in the target's
    // units, NaN where a bound is unknown (an uncalibrated step).
    struct Band {
        double level = 0.0;
        std::vector<double> lower, upper;
    };

    QString target;
    std::size_t horizon = 1;
    // rows, pred, truth [n, horizon]; model and baseline metrics; intervals (bounds
    // [n, horizon] when known, else only their coverage and width).
    ForecastEvaluation evaluation;
    bool haveMetrics = false;
    // The drawn step (1..horizon) and its forecasts: x of the forecast row, prediction,
    // truth and the interval bands (those with bounds).
    int step = 1;
    std::vector<double> x, pred, truth;
    std::vector<Band> bands;
    // The data file's target over the plotted stretch (the test split and the inputs
    // of its first window): the ground-truth line. Falls back to step 1's truth without a
    // file.
    std::vector<double> truthX, truthY;
    bool timeAxis = false;
    QString timeColumn;
    LagCheck lag;  // of step 1

    std::size_t count() const { return x.size(); }
    bool isEmpty() const { return x.empty(); }

    // Lays out step `step` (clamped to 1..horizon) for drawing.
    void selectStep(int step);

    // table: the data file the evaluation came from, or nullptr when unavailable.
    // spec: its target, time column and window (for the stretch before the first forecast).
    // Step 1 is selected.
    static PredictionData build(const ForecastEvaluation& evaluation, bool haveMetrics, const CsvTable* table,
                                const SeriesSpec& spec);

private:
    // The x of the row `ahead` rows with a target after data row `row` (rows without a target
    // were dropped by core before windowing): from the file's rows with a target, or the
    // row number row + ahead without a file.
    double forecastX(std::size_t row, std::size_t ahead) const;

    RowAxis axis_;                         // the x of every data row of the file
    std::vector<std::size_t> targetRows_;  // data rows with a target value, ascending; empty without a file
};

}  // namespace studio
