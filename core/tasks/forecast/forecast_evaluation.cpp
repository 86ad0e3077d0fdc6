#include "tasks/forecast/forecast_evaluation.h"

#include "base/error.h"
#include "data/series_rows.h"
#include "data/time_axis.h"
#include "nn/model.h"
#include "tasks/forecast/baselines.h"
#include "training/conformal.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace studio {
namespace {

BaselineResult scored(std::string name, std::vector<double> pred, const SeriesWindows& w, std::size_t horizon,
                      double naiveScale) {
    BaselineResult b{std::move(name), std::move(pred), {}, {}};
    b.metrics = forecastMetrics(b.pred, w.truth, w.lastValue, horizon, naiveScale);
    if (horizon > 1) b.byStep = forecastMetricsByStep(b.pred, w.truth, w.lastValue, horizon, naiveScale);
    return b;
}

// Model calls on at most this many windows at once: memory stays bounded on long files.
constexpr std::size_t kBatch = 512;

std::vector<float> predictScaled(const Model& model, const std::vector<float>& x, std::size_t count, int window,
                                 std::size_t perWindow) {
    std::vector<float> out;
    out.reserve(count * static_cast<std::size_t>(model.outputSize()));
    for (std::size_t begin = 0; begin < count; begin += kBatch) {
        const std::size_t n = std::min(kBatch, count - begin);
        const std::vector<float> part(x.begin() + begin * perWindow, x.begin() + (begin + n) * perWindow);
        const std::vector<float> y = model.predict(part, static_cast<int>(n), window);
        out.insert(out.end(), y.begin(), y.end());
    }
    return out;
}

}  // namespace

std::vector<double> defaultIntervalLevels() { return {80.0, 95.0}; }

bool forecastsItsOwnInputs(const SeriesRows& rows, const SeriesSpec& spec) {
    return rows.fileFeatures() == 1 && rows.featureNames.front() == spec.target;
}

ForecastEvaluation evaluateWindows(const Model& model, const SeriesWindows& w, const SeriesSpec& spec,
                                   const ScalerStats& targetScaler, double naiveScale) {
    ForecastEvaluation e;
    e.horizon = static_cast<std::size_t>(spec.horizon);
    e.rows = w.lastRow;
    const std::size_t perWindow = w.count ? w.x.size() / w.count : 0;
    const std::vector<float> scaled = predictScaled(model, w.x, w.count, spec.window, perWindow);
    e.pred.resize(scaled.size());
    e.truth = w.truth;
    for (std::size_t i = 0; i < scaled.size(); ++i)
        e.pred[i] = targetScaler.invert(0, scaled[i], w.lastValue[i / e.horizon]);
    e.naive = naiveForecast(w.lastValue, e.horizon);
    e.model = forecastMetrics(e.pred, e.truth, w.lastValue, e.horizon, naiveScale);
    if (e.horizon > 1) e.modelByStep = forecastMetricsByStep(e.pred, e.truth, w.lastValue, e.horizon, naiveScale);
    e.baseline = forecastMetrics(e.naive, e.truth, w.lastValue, e.horizon, naiveScale);
    // The naive forecast predicts no change, so it has no direction to get right.
    e.baseline.directionalAccuracy = std::nan("");
    return e;
}

std::vector<FeatureImportance> permutationImportance(const Model& model, const SeriesWindows& w,
                                                     const std::vector<std::string>& featureNames,
                                                     const SeriesSpec& spec, const ScalerStats& targetScaler,
                                                     double naiveScale, int repeats, std::uint64_t seed) {
    if (repeats < 1) throw UsageError("importance needs at least one repeat");
    if (w.count < 2) throw DataError("importance needs at least two test windows to permute");
    const std::size_t features = featureNames.size(), window = static_cast<std::size_t>(spec.window);
    if (w.x.size() != w.count * window * features) throw Error("importance: windows and features do not match");
    const double base = evaluateWindows(model, w, spec, targetScaler, naiveScale).model.mae;
    std::vector<FeatureImportance> out;
    std::vector<std::size_t> order(w.count);
    for (std::size_t f = 0; f < features; ++f) {
        std::vector<double> deltas;
        for (int r = 0; r < repeats; ++r) {
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::mt19937_64 rng(seed + static_cast<std::uint64_t>(r));
            std::shuffle(order.begin(), order.end(), rng);
            SeriesWindows permuted = w;
            for (std::size_t i = 0; i < w.count; ++i)
                for (std::size_t t = 0; t < window; ++t)
                    permuted.x[(i * window + t) * features + f] = w.x[(order[i] * window + t) * features + f];
            deltas.push_back(evaluateWindows(model, permuted, spec, targetScaler, naiveScale).model.mae - base);
        }
        FeatureImportance fi;
        fi.feature = featureNames[f];
        fi.deltaMae = std::accumulate(deltas.begin(), deltas.end(), 0.0) / repeats;
        double squares = 0;
        for (double d : deltas) squares += (d - fi.deltaMae) * (d - fi.deltaMae);
        fi.std = repeats > 1 ? std::sqrt(squares / (repeats - 1)) : 0.0;
        out.push_back(std::move(fi));
    }
    return out;
}

std::size_t seasonOf(const SeriesSpec& spec, const SeriesRows& rows) {
    if (spec.season > 0) return static_cast<std::size_t>(spec.season);
    if (rows.time.size() < 2) return 1;
    try {
        return static_cast<std::size_t>(std::max(1, seasonLength(detectFrequency(rows.time, rows.timeIsDate))));
    } catch (const Error&) {
        return 1;
    }
}

void addBaselines(ForecastEvaluation& e, const SeriesWindows& w, const SeriesRows& rows, const SeriesDataset& ds,
                  double naiveScale) {
    const std::size_t horizon = e.horizon;
    std::vector<std::size_t> origins;
    origins.reserve(w.count);
    for (std::size_t row : w.lastRow) origins.push_back(rowIndexOf(rows, row));
    e.season = seasonOf(ds.spec, rows);
    e.baselines.clear();
    BaselineResult naive = scored("naive", e.naive, w, horizon, naiveScale);
    naive.metrics.directionalAccuracy = std::nan("");
    for (ForecastMetrics& m : naive.byStep) m.directionalAccuracy = std::nan("");
    e.baselines.push_back(std::move(naive));
    BaselineResult seasonal =
        scored("seasonal_naive", seasonalNaiveForecast(rows.target, origins, horizon, e.season), w, horizon, naiveScale);
    // A season of one row is the naive forecast, which has no direction.
    if (e.season == 1) {
        seasonal.metrics.directionalAccuracy = std::nan("");
        for (ForecastMetrics& m : seasonal.byStep) m.directionalAccuracy = std::nan("");
    }
    e.baselines.push_back(std::move(seasonal));
    e.baselines.push_back(scored("drift", driftForecast(rows.target, origins, horizon), w, horizon, naiveScale));
    const std::size_t inputs = ds.train.count ? ds.train.x.size() / ds.train.count : 0;
    const LinearModel linear =
        fitLinear(ds.train.x, ds.train.y, ds.train.count, ds.val.x, ds.val.y, ds.val.count, inputs, horizon);
    const std::vector<double> scaled = predictLinear(linear, w.x, w.count);
    std::vector<double> pred(scaled.size());
    for (std::size_t i = 0; i < scaled.size(); ++i)
        pred[i] = ds.targetScaler.invert(0, scaled[i], w.lastValue[i / horizon]);
    e.baselines.push_back(scored("linear", std::move(pred), w, horizon, naiveScale));
}

std::vector<double> recursiveForecast(const Model& model, const SeriesRows& rows, const SeriesSpec& spec,
                                      const ScalerStats& fs, const ScalerStats& ts,
                                      const std::vector<std::size_t>& origins, std::size_t steps) {
    const std::size_t horizon = static_cast<std::size_t>(spec.horizon), window = static_cast<std::size_t>(spec.window);
    if (steps > horizon && !forecastsItsOwnInputs(rows, spec))
        throw UsageError("the model reads " + std::to_string(rows.fileFeatures()) +
                         " input column(s) besides or instead of its target alone, so it cannot forecast past its "
                         "horizon of " + std::to_string(horizon) +
                         " row(s) on its own forecasts (their future inputs are unknown); ask for at most " +
                         std::to_string(horizon) +
                         " steps, or train on the target alone (calendar inputs and indicators of it may stay)");
    const std::size_t n = origins.size(), calendarColumns = 2 * rows.calendar.size();
    // Indicators of the target are computed again from the tail, forecasts included: each
    // tail starts lookBack rows before its window (rows before the first are the dropped ones).
    const std::size_t lookBack = rows.lookBack, indicatorColumns = rows.indicatorColumns;
    const auto targetAt = [&](std::size_t o, std::size_t k) {  // row o + 1 - window - lookBack + k
        const std::size_t back = window + lookBack - 1;
        if (o + k < back) {
            if (rows.historyTarget.size() < back - o - k)
                throw UsageError("a window ending at row " + std::to_string(o) +
                                 " has too few rows before it for the model's indicators");
            return rows.historyTarget[rows.historyTarget.size() - (back - o - k)];
        }
        return rows.target[o + k - back];
    };
    // The calendar inputs of the rows and of the rows after the file, for forecast rows:
    // calendar[r * calendarColumns + k], computed once.
    std::vector<double> calendar;
    if (calendarColumns && steps > horizon) {
        std::vector<double> times = rows.time;
        const std::vector<double> after =
            continueTimes(rows.time.back(), detectFrequency(rows.time, rows.timeIsDate), static_cast<int>(steps));
        times.insert(times.end(), after.begin(), after.end());
        calendar.reserve(times.size() * calendarColumns);
        for (double t : times)
            for (double v : calendarValues(t, rows.calendar)) calendar.push_back(v);
    }
    std::vector<double> out(n * steps, std::numeric_limits<double>::quiet_NaN());
    // Each origin's recent past, extended by its own forecasts as they are made.
    std::vector<std::vector<double>> tails(n);
    std::vector<float> x;
    for (std::size_t done = 0; done < steps; done += horizon) {
        x.clear();
        x.reserve(n * window * rows.features.size());
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t o = origins[i];
            if (o + 1 < window || o >= rows.size())
                throw UsageError("a window cannot end at row " + std::to_string(o) + " (window " +
                                 std::to_string(window) + ")");
            if (done == 0) {
                // The first call sees the file's own rows, every input column.
                for (std::size_t t = o + 1 - window; t <= o; ++t)
                    for (std::size_t f = 0; f < rows.features.size(); ++f)
                        x.push_back(static_cast<float>(fs.apply(f, rows.features[f][t], rows.features[f][o])));
                tails[i].clear();
                if (steps > horizon)
                    for (std::size_t k = 0; k < window + lookBack; ++k) tails[i].push_back(targetAt(o, k));
                else
                    tails[i].push_back(rows.target[o]);
            } else {
                // The target so far, forecasts included, its indicators, and the calendar of
                // each row's time (tail[k] is row o + 1 - window - lookBack + k).
                const std::vector<double>& tail = tails[i];
                const double last = tail.back();
                std::vector<std::vector<double>> indicators;
                if (indicatorColumns) {
                    const std::vector<double> recent(tail.end() - static_cast<std::ptrdiff_t>(window + lookBack),
                                                     tail.end());
                    for (const Indicator& indicator : rows.indicators)
                        for (std::vector<double>& values : indicatorValues(indicator, recent))
                            indicators.push_back(std::move(values));
                }
                for (std::size_t t = tail.size() - window; t < tail.size(); ++t) {
                    x.push_back(static_cast<float>(fs.apply(0, tail[t], last)));
                    const std::size_t at = lookBack + window - (tail.size() - t);  // in `recent`
                    for (std::size_t k = 0; k < indicatorColumns; ++k)
                        x.push_back(static_cast<float>(fs.apply(1 + k, indicators[k][at], 0.0)));
                    const double* row = calendar.data() + (o + 1 - window - lookBack + t) * calendarColumns;
                    for (std::size_t k = 0; k < calendarColumns; ++k) x.push_back(static_cast<float>(row[k]));
                }
            }
        }
        const std::size_t perRow = done == 0 ? rows.features.size() : 1 + indicatorColumns + calendarColumns;
        const std::vector<float> y = predictScaled(model, x, n, spec.window, window * perRow);
        for (std::size_t i = 0; i < n; ++i) {
            const double last = tails[i].back();
            for (std::size_t h = 0; h < horizon && done + h < steps; ++h) {
                const double value = ts.invert(0, y[i * horizon + h], last);
                out[i * steps + done + h] = value;
                tails[i].push_back(value);
            }
        }
    }
    return out;
}

IntervalCalibration calibrateIntervals(const Model& model, const SeriesRows& rows, const SeriesSpec& spec,
                                       const ScalerStats& fs, const ScalerStats& ts, std::size_t valBegin,
                                       std::size_t valEnd, std::size_t steps, const std::vector<double>& levels) {
    IntervalCalibration c;
    c.levels = levels;
    c.relative = ts.kind == ScalerKind::Relative;
    const std::size_t window = static_cast<std::size_t>(spec.window);
    std::vector<std::size_t> origins;
    for (std::size_t o = std::max(valBegin, window) - 1; o + 1 < valEnd; ++o) origins.push_back(o);
    const std::size_t reach = forecastsItsOwnInputs(rows, spec) ? steps : std::min(steps, static_cast<std::size_t>(spec.horizon));
    const std::vector<double> pred =
        origins.empty() ? std::vector<double>{} : recursiveForecast(model, rows, spec, fs, ts, origins, reach);
    std::vector<std::vector<double>> scores(steps);
    for (std::size_t i = 0; i < origins.size(); ++i)
        for (std::size_t h = 0; h < reach; ++h) {
            const std::size_t row = origins[i] + h + 1;
            if (row >= valEnd) break;
            const double last = rows.target[origins[i]];
            double score = std::abs(rows.target[row] - pred[i * reach + h]);
            if (c.relative) score /= std::abs(last);
            scores[h].push_back(score);
        }
    c.halfWidth.assign(levels.size(), std::vector<double>(steps, std::numeric_limits<double>::infinity()));
    for (std::size_t h = 0; h < steps; ++h) {
        c.windows.push_back(scores[h].size());
        for (std::size_t k = 0; k < levels.size(); ++k)
            c.halfWidth[k][h] = conformalQuantile(scores[h], levels[k] / 100.0);
    }
    return c;
}

void addIntervals(ForecastEvaluation& e, const IntervalCalibration& c, const std::vector<double>& lastValue) {
    e.intervals.clear();
    const std::size_t horizon = e.horizon, n = e.rows.size();
    for (std::size_t k = 0; k < c.levels.size(); ++k) {
        IntervalBand band;
        band.level = c.levels[k];
        band.lower.resize(n * horizon), band.upper.resize(n * horizon);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t h = 0; h < horizon; ++h) {
                const double half = h < c.halfWidth[k].size() ? c.width(k, h, lastValue[i])
                                                              : std::numeric_limits<double>::infinity();
                band.lower[i * horizon + h] = e.pred[i * horizon + h] - half;
                band.upper[i * horizon + h] = e.pred[i * horizon + h] + half;
            }
        const IntervalCoverage cov = intervalCoverage(band.lower, band.upper, e.truth);
        band.n = cov.n;
        // Too few validation forecasts for this level: the interval is unbounded, and its
        // coverage says nothing.
        const auto& widths = c.halfWidth[k];
        if (std::all_of(widths.begin(), widths.end(), [](double w) { return std::isfinite(w); }))
            band.coverage = cov.coverage, band.meanWidth = cov.meanWidth;
        e.intervals.push_back(std::move(band));
    }
}

}  // namespace studio
