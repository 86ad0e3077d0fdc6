#pragma once

// A forecaster's predictions on one split, next to the baselines it has to beat and with
// split-conformal intervals; the model-free parts (the evaluation's structs) are plain data
// the GUI reads too.

#include "training/metrics.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace studio {

class Model;
struct SeriesDataset;
struct SeriesRows;
struct SeriesSpec;
struct SeriesWindows;
struct ScalerStats;

// A forecast that needs no network, scored like the model. Names: "naive",
// "seasonal_naive", "drift", "linear".
struct BaselineResult {
    std::string name;
    std::vector<double> pred;  // [n, horizon], target units
    ForecastMetrics metrics;
    std::vector<ForecastMetrics> byStep;  // [horizon] when the horizon is above one, else empty
};

// Split-conformal interval half-widths per level and step, from validation residuals
// (|truth - forecast|, or |truth - forecast| / last input value with the relative scaler,
// so that widths follow the series' level).
struct IntervalCalibration {
    std::vector<double> levels;                  // percent, e.g. {80, 95}
    bool relative = false;
    std::vector<std::vector<double>> halfWidth;  // [level][step]; +inf: too few validation windows
    std::vector<std::size_t> windows;            // [step] validation forecasts behind each step's widths
    // The half-width of level index k at 0-based step h for a forecast from `last`.
    double width(std::size_t k, std::size_t h, double last) const {
        return relative ? halfWidth[k][h] * std::abs(last) : halfWidth[k][h];
    }
};

// One level's interval around each forecast, and how often it held on the split.
struct IntervalBand {
    double level = 0.0;
    std::vector<double> lower, upper;  // [n, horizon]
    std::size_t n = 0;                 // forecasts with a known truth
    double coverage = std::numeric_limits<double>::quiet_NaN();  // percent of truths inside
    double meanWidth = std::numeric_limits<double>::quiet_NaN(); // mean of upper - lower, target units
};

// Predictions of one split against the truth, in the target's units.
struct ForecastEvaluation {
    std::size_t horizon = 1;
    std::vector<std::size_t> rows;  // data row of each window's last input row
    std::vector<double> pred;       // [n, horizon]
    std::vector<double> truth;      // [n, horizon]
    std::vector<double> naive;      // [n, horizon]
    ForecastMetrics model;
    ForecastMetrics baseline;       // the naive (last value) forecast
    std::vector<ForecastMetrics> modelByStep;  // [horizon] when the horizon is above one, else empty
    std::vector<BaselineResult> baselines;  // naive, seasonal_naive, drift, linear (when computed)
    std::size_t season = 1;                 // of seasonal_naive, in rows
    std::vector<IntervalBand> intervals;    // one per calibrated level
};

// Default interval levels, percent.
std::vector<double> defaultIntervalLevels();

// True when the model reads its target alone (and calendar inputs, known for any time, and
// indicators of the target, computed again from the forecasts), so it can forecast past its
// horizon on its own forecasts.
bool forecastsItsOwnInputs(const SeriesRows& rows, const SeriesSpec& spec);

// Permutation importance of one input column: how much the model's MAE (target units) grows
// when the column's values are shuffled across the windows (each window keeps its other
// columns and its scaling reference), as the mean and sample standard deviation over repeats.
struct FeatureImportance {
    std::string feature;
    double deltaMae = 0.0;
    double std = 0.0;
};

// Each of `featureNames` (the columns of w.x) permuted `repeats` times, the permutations drawn
// from std::mt19937_64 seeded with seed + repeat. Deterministic for a seed.
std::vector<FeatureImportance> permutationImportance(const Model& model, const SeriesWindows& w,
                                                     const std::vector<std::string>& featureNames,
                                                     const SeriesSpec& spec, const ScalerStats& targetScaler,
                                                     double naiveScale, int repeats, std::uint64_t seed);

// The model's forecasts of the windows w with their metrics and the naive forecast's.
ForecastEvaluation evaluateWindows(const Model& model, const SeriesWindows& w, const SeriesSpec& spec,
                                   const ScalerStats& targetScaler, double naiveScale);

// The seasonal period of the seasonal naive baseline: spec.season when given, else from the
// time column's frequency (12 for months, 4 for quarters, 5 for business days, 7 for days,
// 52 for weeks, 24 for hours), else 1.
std::size_t seasonOf(const SeriesSpec& spec, const SeriesRows& rows);

// Adds the four baselines for the windows w (cut from `rows`; the linear autoregression is
// fitted on ds.train, its penalty picked on ds.val) to e, in e's order of windows.
void addBaselines(ForecastEvaluation& e, const SeriesWindows& w, const SeriesRows& rows, const SeriesDataset& ds,
                  double naiveScale);

// Forecasts of `steps` rows from each origin (index in rows of the last input row), [origin,
// step] in target units: the model's own forecast up to its horizon, then recursively
// from its forecasts. Beyond the horizon only a model whose single input is its target can
// go on (UsageError otherwise, saying so). The truth after an origin is never read.
std::vector<double> recursiveForecast(const Model& model, const SeriesRows& rows, const SeriesSpec& spec,
                                      const ScalerStats& featureScaler, const ScalerStats& targetScaler,
                                      const std::vector<std::size_t>& origins, std::size_t steps);

// Calibrates `steps` steps at `levels` on the validation rows [valBegin, valEnd): every
// origin from valBegin - 1 on forecasts (recursively past the horizon) and step h is scored
// where its row lies before valEnd.
IntervalCalibration calibrateIntervals(const Model& model, const SeriesRows& rows, const SeriesSpec& spec,
                                       const ScalerStats& featureScaler, const ScalerStats& targetScaler,
                                       std::size_t valBegin, std::size_t valEnd, std::size_t steps,
                                       const std::vector<double>& levels);

// Adds the calibrated intervals around e's forecasts and their coverage against e.truth;
// lastValue: [n], each window's last input value.
void addIntervals(ForecastEvaluation& e, const IntervalCalibration& calibration, const std::vector<double>& lastValue);

}  // namespace studio
