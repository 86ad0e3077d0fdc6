#pragma once

#include <cstddef>
#include <vector>

namespace studio {

// Forecast errors in the target's own units.
struct ForecastMetrics {
    std::size_t n = 0;  // windows
    double mae = 0.0;
    double rmse = 0.0;
    double mape = 0.0;   // percent; terms with a true value of 0 are left out
    double smape = 0.0;  // percent, 200·|p−t| / (|p|+|t|); 0/0 counts as 0
    double mase = 0.0;   // MAE / naiveScale (in-sample one-step naive MAE on the training split)
    // Share of forecasts whose direction of change from the last input value matches the
    // truth's (a zero change counts as its own direction). Percent.
    double directionalAccuracy = 0.0;
};

// pred and truth: [n, horizon] row-major, in the target's units; lastValue: [n], the
// target at each window's last input row.
ForecastMetrics forecastMetrics(const std::vector<double>& pred, const std::vector<double>& truth,
                                const std::vector<double>& lastValue, std::size_t horizon,
                                double naiveScale);

// The metrics of each horizon step on its own: element h scores column h of pred and truth
// ([n, horizon]) against the same last values and naive scale. [horizon]
std::vector<ForecastMetrics> forecastMetricsByStep(const std::vector<double>& pred, const std::vector<double>& truth,
                                                   const std::vector<double>& lastValue, std::size_t horizon,
                                                   double naiveScale);

// The naive forecast: every horizon step equals the last input value. [n, horizon]
std::vector<double> naiveForecast(const std::vector<double>& lastValue, std::size_t horizon);

// Classification results on one split. Percentages in [0, 100].
struct ClassificationMetrics {
    std::size_t n = 0;
    double accuracy = 0.0;
    double macroF1 = 0.0;            // mean F1 over the classes (a class never predicted nor present: left out)
    std::vector<double> precision;   // per class; 0 when the class was never predicted
    std::vector<double> recall;      // per class; 0 when the class never occurs
    std::vector<double> f1;
    std::vector<std::size_t> support;               // true examples per class
    std::vector<std::vector<std::size_t>> confusion;  // [true][predicted]
    double majorityAccuracy = 0.0;  // always predicting the training split's most common class
};

// predicted, truth: class indices in [0, classes); majorityClass from the training split.
ClassificationMetrics classificationMetrics(const std::vector<int>& predicted, const std::vector<int>& truth,
                                            int classes, int majorityClass);

} // namespace studio
