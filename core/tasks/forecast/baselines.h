#pragma once

#include <cstddef>
#include <vector>

namespace studio {

// Forecasts that need no neural network: the yardsticks a trained model has to beat.
// Pure numerics (no LibTorch, no Qt); any thread may call them, nothing is shared.
//
// Every forecast is [n, horizon] row-major, in the target's own units, n = origins.size().
// history: the target's value at every usable row, oldest first. origins[i]: the index in
// history of window i's last input row (the forecast origin); step h (1-based) forecasts
// history[origins[i] + h], which need not exist (future forecasts).
// Throw UsageError for an origin outside history.

// Seasonal naive: step h repeats the value one season before the step, taken from the
// inputs only: history[o + h - season * ceil(h / season)]. Where that index would be
// negative (a season longer than the history before the origin) the naive value history[o].
// season 1 is the naive forecast. Throws UsageError for season 0.
std::vector<double> seasonalNaiveForecast(const std::vector<double>& history, const std::vector<std::size_t>& origins,
                                          std::size_t horizon, std::size_t season);

// Drift: the line through the first value and the origin, extended:
// history[o] + h * (history[o] - history[0]) / o. At o == 0 the naive value history[o].
std::vector<double> driftForecast(const std::vector<double>& history, const std::vector<std::size_t>& origins,
                                  std::size_t horizon);

// Ridge linear autoregression on the same scaled inputs as the network.
// x: [n, inputs] row-major, each row a model window flattened (window * features, time-major
// as the model sees it); y: [n, horizon], the scaled targets. Predictions are scaled too.
// The fit minimises  sum_i ||y_i - W' x_i - b||^2 + lambda * ||W||_F^2  (the intercept b is
// not penalised): x and y are centred on the training means, the normal equations
// (Xc' Xc + lambda I) W = Xc' Yc are solved in double by Cholesky, b = mean(y) - W' mean(x).
struct LinearModel {
    std::size_t inputs = 0, horizon = 0;
    double lambda = 0.0;          // the ridge penalty used, in the objective's units above
    std::vector<double> weights;  // [inputs + 1, horizon] row-major; the last row is the intercept
};

// Fits one model per penalty of the grid and keeps the one with the lowest mean squared error
// on the validation windows (ties: the smaller penalty). The grid is relative, so it means the
// same for any number of windows and any input scale: lambda = c * s with s the mean diagonal
// of Xc' Xc (about nTrain for standardised inputs; 1 if every input is constant) and
//   c in {0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100};
// c = 0 (plain least squares) only where nTrain > inputs. A penalty whose system is not
// positive definite (numerically) is skipped. nVal == 0: the smallest penalty that solves.
// Cost O(nTrain * inputs^2 + 10 * inputs^3): inputs = 2000 takes seconds.
// Throws UsageError for nTrain == 0, inputs == 0, horizon == 0 or sizes that do not match
// n * inputs / n * horizon; DataError for a non-finite training value or when no penalty solves.
LinearModel fitLinear(const std::vector<float>& xTrain, const std::vector<float>& yTrain, std::size_t nTrain,
                      const std::vector<float>& xVal, const std::vector<float>& yVal, std::size_t nVal,
                      std::size_t inputs, std::size_t horizon);

// One fit at the given penalty (>= 0, same units as LinearModel::lambda). Throws as fitLinear,
// and DataError when the system is not positive definite (lambda 0 with collinear inputs).
LinearModel fitLinearWithLambda(const std::vector<float>& xTrain, const std::vector<float>& yTrain, std::size_t nTrain,
                                std::size_t inputs, std::size_t horizon, double lambda);

// x: [n, model.inputs] row-major. Returns [n, model.horizon], scaled. Throws UsageError for
// sizes that do not match.
std::vector<double> predictLinear(const LinearModel& model, const std::vector<float>& x, std::size_t n);

}  // namespace studio
