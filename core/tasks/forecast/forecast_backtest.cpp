#include "tasks/forecast/forecast_future.h"

#include "base/error.h"
#include "base/sha256.h"
#include "data/csv_reader.h"
#include "data/series_rows.h"
#include "data/time_axis.h"
#include "nn/model.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/forecast/forecast_json.h"
#include "tasks/forecast/forecast_project.h"
#include "training/trainer.h"

#include <cmath>
#include <optional>

namespace studio {
namespace {

// Mean absolute one-step change over rows [0, end): the MASE denominator of a fold.
double naiveScaleOf(const std::vector<double>& y, std::size_t end) {
    double change = 0.0;
    for (std::size_t r = 1; r < end; ++r) change += std::abs(y[r] - y[r - 1]);
    return end > 1 ? change / static_cast<double>(end - 1) : 0.0;
}

std::string timeOf(const SeriesRows& rows, std::size_t r) {
    if (rows.time.empty()) return "row " + std::to_string(rows.dataRow[r] + 1);
    return formatTime(rows.time[r], rows.timeIsDate);
}

// Appends b's forecasts to `all` (pred, truth, naive and each baseline's, in order).
void gather(ForecastEvaluation& all, const ForecastEvaluation& b, std::vector<double>& lastValues,
            const std::vector<double>& last) {
    all.rows.insert(all.rows.end(), b.rows.begin(), b.rows.end());
    all.pred.insert(all.pred.end(), b.pred.begin(), b.pred.end());
    all.truth.insert(all.truth.end(), b.truth.begin(), b.truth.end());
    all.naive.insert(all.naive.end(), b.naive.begin(), b.naive.end());
    lastValues.insert(lastValues.end(), last.begin(), last.end());
    if (all.baselines.empty())
        for (const BaselineResult& r : b.baselines) all.baselines.push_back({r.name, {}, {}});
    for (std::size_t k = 0; k < b.baselines.size(); ++k)
        all.baselines[k].pred.insert(all.baselines[k].pred.end(), b.baselines[k].pred.begin(),
                                     b.baselines[k].pred.end());
}

}  // namespace

const EnumNames<BacktestRefit>& enumNames(BacktestRefit) {
    static const EnumNames<BacktestRefit> names{"refit", {{BacktestRefit::None, "none"}, {BacktestRefit::Every, "every"}}};
    return names;
}

BacktestResult backtestForecast(const BacktestConfig& config, const std::function<bool(int, int)>& progress,
                                const std::atomic<bool>* cancel) {
    if (config.folds < 1) throw UsageError("--folds must be at least 1, got " + std::to_string(config.folds));
    const ProjectFile project = loadProjectFile(config.dir);
    BacktestResult r;
    r.refit = config.refit;
    r.horizon = static_cast<std::size_t>(project.series.horizon);
    const CsvTable table = readCsv(project.dataPath);
    if (!project.dataSha256.empty() && sha256File(project.dataPath) != project.dataSha256)
        r.notes.push_back(project.dataPath + " changed since the project was trained (SHA-256 differs)");
    SeriesRows rows;
    const SeriesDataset ds = buildSeriesDataset(table, project.series, &rows);
    const SeriesSpec& spec = ds.spec;
    r.season = seasonOf(spec, rows);
    const std::size_t n = rows.size(), start = ds.trainRows, horizon = r.horizon;
    const std::size_t window = static_cast<std::size_t>(spec.window);
    const std::size_t folds = static_cast<std::size_t>(config.folds);
    const std::size_t block = (n - start) / folds;
    if (block < horizon)
        throw UsageError(std::to_string(config.folds) + " folds over the " + std::to_string(n - start) +
                         " validation and test rows leave " + std::to_string(block) +
                         " rows per fold, fewer than the horizon of " + std::to_string(horizon) + "; use fewer folds");
    if (config.refit == BacktestRefit::None)
        r.notes.push_back("refit none: every fold uses the project's model and linear baseline, fitted on the "
                          "training rows and chosen on the validation rows, which the first folds cover");
    const Model saved = loadForecastModel(config.dir, project, "cpu");
    const double trainShare = spec.trainFraction / (spec.trainFraction + spec.valFraction);

    std::vector<double> lastValues;
    for (std::size_t k = 0; k < folds; ++k) {
        if (progress && !progress(static_cast<int>(k), config.folds)) throw CancelledError("backtest cancelled");
        BacktestFold fold;
        fold.begin = start + k * block;
        fold.end = k + 1 == folds ? n : fold.begin + block;
        fold.firstTime = timeOf(rows, fold.begin), fold.lastTime = timeOf(rows, fold.end - 1);
        // Forecasts from every origin whose steps all land in the fold.
        std::vector<std::size_t> origins;
        for (std::size_t t = std::max(fold.begin, window) - 1; t + horizon < fold.end; ++t) origins.push_back(t);

        // What the fold's forecasts may learn from: rows before its block.
        SeriesDataset fit;
        fit.spec = spec;
        const Model* model = &saved;
        std::optional<Model> refitted;  // only when the fold retrains
        double naiveScale = project.naiveScale;
        if (config.refit == BacktestRefit::Every) {
            const std::size_t trainEnd = static_cast<std::size_t>(std::floor(fold.begin * trainShare));
            if (trainEnd < window + horizon || fold.begin - trainEnd < window + horizon)
                throw DataError("fold " + std::to_string(k + 1) + " has " + std::to_string(fold.begin) +
                                " rows before it, too few to train and validate on windows of " +
                                std::to_string(window + horizon) + " rows; use fewer folds");
            fitScalers(table, rows, trainEnd, spec, fit.featureScaler, fit.targetScaler);
            appendWindows(rows, 0, trainEnd, spec, fit.featureScaler, fit.targetScaler, fit.train, true);
            appendWindows(rows, trainEnd, fold.begin, spec, fit.featureScaler, fit.targetScaler, fit.val, true);
            Trainer::seed(project.train.seed);
            refitted.emplace(project.model, static_cast<int>(rows.features.size()), spec.horizon);
            TrainConfig train = project.train;
            train.device = "cpu";
            Trainer trainer(*refitted, train, fit.train, fit.val, spec.window);
            const TrainResult result = trainer.run(nullptr, cancel);
            if (result.reason == StopReason::Cancelled) throw CancelledError("backtest cancelled");
            fold.epochs = result.epochsDone;
            model = &*refitted;
            naiveScale = naiveScaleOf(rows.target, trainEnd);
        } else {
            fit.featureScaler = project.featureScaler, fit.targetScaler = project.targetScaler;
            fit.train = ds.train, fit.val = ds.val;
        }
        if (origins.empty()) {
            r.folds.push_back(std::move(fold));
            continue;
        }
        // The truth after the fold is not even read.
        const SeriesWindows w = windowsAt(rows, origins, spec, fit.featureScaler, fit.targetScaler, fold.end);
        fold.evaluation = evaluateWindows(*model, w, spec, fit.targetScaler, naiveScale);
        addBaselines(fold.evaluation, w, rows, fit, naiveScale);
        gather(r.overall, fold.evaluation, lastValues, w.lastValue);
        r.folds.push_back(std::move(fold));
    }
    ForecastEvaluation& all = r.overall;
    all.horizon = horizon, all.season = r.season;
    all.model = forecastMetrics(all.pred, all.truth, lastValues, horizon, project.naiveScale);
    for (BaselineResult& b : all.baselines) {
        b.metrics = forecastMetrics(b.pred, all.truth, lastValues, horizon, project.naiveScale);
        if (b.name == "naive") b.metrics.directionalAccuracy = std::nan("");
    }
    return r;
}

std::string backtestJson(const BacktestResult& r) {
    auto block = [](const ForecastEvaluation& e) {
        Json j = {{"windows", e.model.n}, {"model", forecastMetricsJson(e.model, true)}};
        Json b = Json::object();
        for (const BaselineResult& base : e.baselines) b[base.name] = forecastMetricsJson(base.metrics, base.name != "naive");
        j["baselines"] = b;
        return j;
    };
    Json folds = Json::array();
    for (std::size_t k = 0; k < r.folds.size(); ++k) {
        const BacktestFold& f = r.folds[k];
        Json j = block(f.evaluation);
        j["fold"] = k + 1;
        j["rows"] = {f.begin, f.end};
        j["first_time"] = f.firstTime, j["last_time"] = f.lastTime;
        if (r.refit == BacktestRefit::Every) j["epochs"] = f.epochs;
        folds.push_back(j);
    }
    const Json out = {{"refit", toString(r.refit)}, {"horizon", r.horizon}, {"season", r.season},
                      {"folds", folds},             {"overall", block(r.overall)}, {"notes", r.notes}};
    return out.dump(2) + "\n";
}

}  // namespace studio
