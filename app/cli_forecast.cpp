#include "cli_forecast.h"

#include "base/error.h"
#include "base/file_io.h"
#include "data/time_axis.h"
#include "jobs/runs.h"
#include "tasks/forecast/forecast_future.h"
#include "tasks/forecast/forecast_project.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace studio {
namespace {

struct ForecastArgs {
    FutureForecastConfig config;
    std::string out;
};

void runForecast(const ForecastArgs& args) {
    const FutureForecast f = forecastFuture(args.config);
    for (const auto& w : f.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    saveFutureForecast(args.out, f);
    std::FILE* info = args.out == "-" ? stderr : stdout;
    std::fprintf(info, "forecast of %zu step(s) (%s) from %s (last value %.6g)", f.mean.size(), f.frequency.c_str(),
                 f.timeName.empty() ? ("data row " + std::to_string(f.originRow + 1)).c_str()
                                    : formatTime(f.originTime, f.timeIsDate).c_str(),
                 f.lastValue);
    std::fprintf(info, "; intervals from %zu validation forecasts\n", f.calibrationWindows);
    std::fprintf(info, "written to %s\n", args.out == "-" ? "standard output" : args.out.c_str());
}

struct BacktestArgs {
    BacktestConfig config;
    std::string refit = "none";
    std::string out;
};

void printRow(const char* name, const ForecastMetrics& m) {
    std::printf("    %-16s MAE %12.4f  RMSE %12.4f  MASE %8.4f\n", name, m.mae, m.rmse, m.mase);
}

void runBacktest(BacktestArgs& args, const std::atomic<bool>& cancel) {
    args.config.refit = parseEnum<BacktestRefit>(args.refit);
    const BacktestResult r = backtestForecast(
        args.config,
        [](int fold, int folds) {
            std::fprintf(stderr, "fold %d of %d\n", fold + 1, folds);
            return true;
        },
        &cancel);
    for (const auto& note : r.notes) std::fprintf(stderr, "note: %s\n", note.c_str());
    std::printf("walk-forward backtest: %zu folds, refit %s, horizon %zu (target units)\n", r.folds.size(),
                toString(r.refit).c_str(), r.horizon);
    for (std::size_t k = 0; k < r.folds.size(); ++k) {
        const BacktestFold& f = r.folds[k];
        std::printf("  fold %zu: %s to %s, %zu forecasts%s\n", k + 1, f.firstTime.c_str(), f.lastTime.c_str(),
                    f.evaluation.model.n,
                    r.refit == BacktestRefit::Every ? (", " + std::to_string(f.epochs) + " epochs").c_str() : "");
        printRow("model", f.evaluation.model);
        for (const BaselineResult& b : f.evaluation.baselines) printRow(b.name.c_str(), b.metrics);
    }
    std::printf("  overall: %zu forecasts\n", r.overall.model.n);
    printRow("model", r.overall.model);
    for (const BaselineResult& b : r.overall.baselines) printRow(b.name.c_str(), b.metrics);
    const std::string json = backtestJson(r);
    if (!args.out.empty()) {
        std::filesystem::create_directories(args.out);
        const std::string path = (std::filesystem::path(args.out) / "backtest.json").string();
        writeOutputFile(path, json);
        std::printf("report written to %s\n", path.c_str());
    }
    // The current run keeps its last backtest (backtest.json).
    std::string why;
    if (!keepRunArtifact(args.config.dir, "backtest.json",
                         [&json](const std::string& path) { writeFileAtomically(path, json); }, &why) &&
        !why.empty())
        std::fprintf(stderr, "warning: the report was not kept in the run's folder: %s\n", why.c_str());
}

}  // namespace

void addForecastCommands(CLI::App& app, const std::atomic<bool>& cancel) {
    auto forecastArgs = std::make_shared<ForecastArgs>();
    auto* forecast = app.add_subcommand("forecast", "Forecast past the last row, with conformal intervals");
    forecast->add_option("--project", forecastArgs->config.dir)->required()->check(CLI::ExistingDirectory);
    forecast->add_option("--data", forecastArgs->config.dataPath, "a newer CSV file to forecast from")
        ->check(CLI::ExistingPath);
    forecast->add_option("--steps", forecastArgs->config.steps, "rows ahead")->required();
    forecast->add_option("--levels", forecastArgs->config.levels, "interval levels in percent")
        ->delimiter(',')
        ->capture_default_str();
    forecast->add_option("--out", forecastArgs->out, "CSV file to write (- for standard output)")->required();
    forecast->callback([forecastArgs] { runForecast(*forecastArgs); });

    auto backtestArgs = std::make_shared<BacktestArgs>();
    auto* backtest = app.add_subcommand("backtest", "Walk-forward backtest over the validation and test rows");
    backtest->add_option("--project", backtestArgs->config.dir)->required()->check(CLI::ExistingDirectory);
    backtest->add_option("--folds", backtestArgs->config.folds, "consecutive folds")->capture_default_str();
    backtest->add_option("--refit", backtestArgs->refit,
                         "none (the project's model) or every (train a model per fold on the rows before it)")
        ->capture_default_str();
    backtest->add_option("--out", backtestArgs->out, "folder to write backtest.json to");
    backtest->callback([backtestArgs, &cancel] { runBacktest(*backtestArgs, cancel); });
}

}  // namespace studio
