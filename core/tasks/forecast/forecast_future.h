#pragma once

// Forecasts past the last row of a series, with split-conformal intervals, and the walk-
// forward backtest of a forecast project. Synchronous; any one thread at a time per project.

#include "base/enum_names.h"
#include "tasks/forecast/forecast_evaluation.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace studio {

struct TrainObserver;

struct FutureForecastConfig {
    std::string dir;       // the project
    std::string dataPath;  // a newer file with the project's columns; empty = the project's data
    int steps = 0;         // rows ahead (>= 1)
    std::vector<double> levels = defaultIntervalLevels();  // percent, each in (0, 100)
};

// The forecast of steps 1..N after the last usable row of the data.
struct FutureForecast {
    std::string timeName;          // the time column, empty when the file has none
    bool timeIsDate = false;
    std::string frequency;         // "months", "business days", ... or "rows"
    std::vector<double> time;      // [steps] continuing the time column; without one, data row numbers
    std::vector<double> mean;      // [steps], target units
    std::vector<IntervalBand> bands;  // one per level: lower/upper [steps] (+-inf: uncalibrated)
    std::size_t originRow = 0;     // data row of the last input row
    double originTime = 0.0;       // its time (NaN without a time column)
    double lastValue = 0.0;        // the target there
    std::size_t calibrationWindows = 0;  // validation forecasts behind the last step's width
    std::vector<std::string> warnings;
};

// Throws UsageError for a bad request (steps < 1, a level outside (0, 100), steps past the
// horizon of a model with other inputs than its target) and DataError for unusable data.
FutureForecast forecastFuture(const FutureForecastConfig& config);

// time,step,mean,lower_<level>,upper_<level>... with the time as the data spells it.
void saveFutureForecast(const std::string& path, const FutureForecast& forecast);

enum class BacktestRefit { None, Every };
const EnumNames<BacktestRefit>& enumNames(BacktestRefit);

struct BacktestConfig {
    std::string dir;
    int folds = 5;
    BacktestRefit refit = BacktestRefit::None;
};

// One fold of the rolling origin: the forecasts whose target rows lie in [begin, end)
// (indices of usable rows), made from models fitted on rows before `begin` only (with
// BacktestRefit::None: the project's model).
struct BacktestFold {
    std::size_t begin = 0, end = 0;
    std::string firstTime, lastTime;  // of rows begin and end - 1, as the data spells them
    int epochs = 0;                   // trained for this fold (refit every)
    ForecastEvaluation evaluation;    // rows, pred, truth, model metrics and the baselines
};

struct BacktestResult {
    BacktestRefit refit = BacktestRefit::None;
    std::size_t horizon = 1, season = 1;
    std::vector<BacktestFold> folds;
    ForecastEvaluation overall;  // every fold's forecasts together: metrics only
    std::vector<std::string> notes;
};

// Walk-forward evaluation over the validation and test rows cut into `folds` consecutive
// blocks; progress(fold, folds) before each fold (return false to cancel: CancelledError).
// With refit every, each fold trains a new model (the project's settings and seed) on the
// rows before its block, split into training and validation as the project's split is.
BacktestResult backtestForecast(const BacktestConfig& config,
                                const std::function<bool(int fold, int folds)>& progress = {},
                                const std::atomic<bool>* cancel = nullptr);

std::string backtestJson(const BacktestResult& result);

}  // namespace studio
