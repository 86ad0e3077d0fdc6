#include "cli_commands.h"

#include "cli_distributed.h"
#include "cli_progress.h"
#include "base/error.h"
#include "jobs/importance.h"
#include "jobs/jobs.h"
#include "jobs/runs.h"
#include "project/project_folder.h"
#include "tasks/registry.h"
#include "base/versions.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace studio {
namespace {

// Rank 0 of a data-parallel run notes in the run's folder how it was trained.
void recordDistributed(const DistributedSession* dist, const std::string& dir, bool trained) {
    if (dist && dist->leader() && trained) dist->record(dir, loadProjectRecord(dir).train.batchSize);
}

// A new training's part in a data-parallel run: rank 0 announces it, and every other rank
// trains into its private folder instead of `outDir`. Returns whether this rank is quiet.
bool joinTraining(DistributedSession* dist, std::string& outDir, int batchSize) {
    if (!dist) return false;
    dist->announce(stderr, batchSize);
    outDir = dist->trainFolder(outDir);
    return dist->quiet();
}

std::unique_ptr<CliProgress> progressUnless(bool quiet, int epochs, int done = 0) {
    return quiet ? nullptr : std::make_unique<CliProgress>(epochs, done);
}

void printMetrics(const ForecastEvaluation& e) {
    std::printf("test split: %zu windows, horizon %zu (target units)\n", e.model.n, e.horizon);
    // Older projects have the naive forecast only.
    std::vector<std::pair<std::string, const ForecastMetrics*>> columns{{"model", &e.model}};
    if (e.baselines.empty()) columns.emplace_back("naive", &e.baseline);
    for (const BaselineResult& b : e.baselines)
        columns.emplace_back(b.name == "seasonal_naive" ? "seasonal(" + std::to_string(e.season) + ")" : b.name,
                             &b.metrics);
    std::printf("  %-22s", "metric");
    for (const auto& c : columns) std::printf(" %14s", c.first.c_str());
    std::printf("\n");
    // The naive forecast has no direction: its cell reads n/a rather than nan.
    // Undefined values (MASE of a constant series) read n/a, never as a number.
    const auto cell = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%14.4f", v);
        return std::isnan(v) ? std::string(14 - 3, ' ') + "n/a" : std::string(buf);
    };
    const std::vector<MetricRow> names = forecastMetricRows(e.model, e.baseline);
    for (std::size_t r = 0; r < names.size(); ++r) {
        std::printf("  %-22s", names[r].name);
        for (const auto& c : columns) std::printf(" %s", cell(forecastMetricRows(*c.second, *c.second)[r].a).c_str());
        std::printf("\n");
    }
    if (!e.modelByStep.empty()) {
        std::printf("  MAE by step:\n  %-22s", "step");
        for (const auto& c : columns) std::printf(" %14s", c.first.c_str());
        std::printf("\n");
        for (std::size_t h = 0; h < e.modelByStep.size(); ++h) {
            std::printf("  %-22zu %s", h + 1, cell(e.modelByStep[h].mae).c_str());
            for (const BaselineResult& b : e.baselines)
                std::printf(" %s", cell(h < b.byStep.size() ? b.byStep[h].mae : std::nan("")).c_str());
            std::printf("\n");
        }
    }
    for (const IntervalBand& band : e.intervals)
        if (std::isnan(band.coverage))
            std::printf("  %g%% interval: too few validation forecasts to calibrate it (at least %d needed)\n",
                        band.level, static_cast<int>(std::ceil(100.0 / (100.0 - band.level) - 1.0 - 1e-9)));
        else
            std::printf("  %g%% interval: %.1f%% of the test truths inside, mean width %.4f\n", band.level,
                        band.coverage, band.meanWidth);
    if (e.baseline.mae > 0)
        std::printf("model MAE is %.1f%% %s the naive forecast's\n",
                    100.0 * std::abs(e.model.mae - e.baseline.mae) / e.baseline.mae,
                    e.model.mae < e.baseline.mae ? "below" : "above");
    else
        std::printf("the naive forecast is exact on this test split (MAE 0): there is nothing to beat, and no "
                    "percentage to give\n");
    // Say plainly when a baseline beats the network.
    const BaselineResult* best = nullptr;
    for (const BaselineResult& b : e.baselines)
        if (b.metrics.mae < e.model.mae && (!best || b.metrics.mae < best->metrics.mae)) best = &b;
    if (best)
        std::printf("the %s baseline beats the model (MAE %.4f vs %.4f)\n", best->name.c_str(), best->metrics.mae,
                    e.model.mae);
}

void printWarnings(const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
}

void printReport(const SeriesReport& r) {
    std::fprintf(stderr, "data: %zu rows read, %zu used, %zu dropped, %zu cells filled\n", r.rowsRead, r.rowsUsed,
                 r.rowsDropped, r.cellsFilled);
    for (const auto& note : r.notes) std::fprintf(stderr, "  %s\n", note.c_str());
}

// The trainer's message and the run's summary line; throws when no epoch finished.
template <typename Result>
void printTrainingSummary(const Result& r) {
    if (!r.train.message.empty()) std::fprintf(stderr, "%s\n", r.train.message.c_str());
    if (r.train.epochsDone == 0)
        throw Error(r.train.reason == StopReason::Cancelled ? "training was cancelled before the first epoch ended; "
                                                              "nothing was saved"
                    : r.train.reason == StopReason::Diverged ? "training diverged in its first epoch; nothing was saved"
                                                             : "no epoch finished; nothing was saved");
    std::printf("trained %d epoch(s) on %s (%lld parameters, %d LibTorch thread(s)); best epoch %d, "
                "validation loss %.6f\n",
                r.train.epochsDone, r.device.c_str(), static_cast<long long>(r.parameters), r.threads.torchThreads,
                r.train.bestEpoch, r.train.bestValLoss);
}

// Cancelled or diverged runs still keep their best weights; the caller learns it from the
// exit code.
void reportStop(const TrainResult& train) {
    if (train.reason == StopReason::Cancelled) throw Error("training was cancelled; the best model so far was saved");
    if (train.reason == StopReason::Diverged) throw Error("training diverged; the best model so far was saved");
}

// A rank above 0 ends with the exit status rank 0's report gives, without the report.
void finishQuietly(const TrainResult& train, const DistributedSession& dist) {
    const std::string rank = "rank " + std::to_string(dist.rank()) + ": ";
    if (train.reason == StopReason::Cancelled) throw Error(rank + "training was cancelled");
    if (train.reason == StopReason::Diverged) throw Error(rank + "training diverged");
    if (train.epochsDone == 0) throw Error(rank + "no epoch finished");
}

// The folder written, and the run when a training made one.
void printWritten(const std::string& dir, const std::string& run) {
    if (run.empty()) std::printf("project written to %s\n", dir.c_str());
    else std::printf("project written to %s (run %s, now current)\n", dir.c_str(), run.c_str());
}

void finishTraining(const ForecastJobResult& r, const std::string& dir, const std::string& run) {
    printTrainingSummary(r);
    if (r.deviceMemory.available)
        std::printf("CUDA memory allocated: peak %.1f MiB, now %.1f MiB\n", r.deviceMemory.peakAllocatedBytes / 1048576.0,
                    r.deviceMemory.allocatedBytes / 1048576.0);
    printMetrics(r.test);
    printWritten(dir, run);
    reportStop(r.train);
}

void printTextResult(const TextJobResult& r) {
    const TextReport& rep = r.report;
    std::printf("vocabulary: %zu tokens, covering %.1f%% of the training tokens and %.1f%% of the test tokens\n",
                r.vocabSize, 100.0 * rep.trainCoverage, 100.0 * rep.testCoverage);
    if (r.vectorsCoverage >= 0)
        std::printf("pretrained vectors cover %.1f%% of the vocabulary\n", 100.0 * r.vectorsCoverage);
    if (r.task == TaskKind::Classify) {
        const ClassificationMetrics& m = r.classify;
        std::printf("test split: %zu texts\n", m.n);
        std::printf("  accuracy %.2f%%  macro-F1 %.2f%%  (majority class: %.2f%%)\n", m.accuracy, m.macroF1,
                    m.majorityAccuracy);
        std::printf("  %-16s %9s %9s %9s %8s\n", "class", "precision", "recall", "F1", "support");
        for (std::size_t k = 0; k < r.classes.size(); ++k)
            std::printf("  %-16s %9.2f %9.2f %9.2f %8zu\n", r.classes[k].c_str(), m.precision[k], m.recall[k], m.f1[k],
                        m.support[k]);
        std::printf("  confusion (rows: true, columns: predicted):\n");
        for (const auto& row : m.confusion) {
            std::printf("   ");
            for (std::size_t v : row) std::printf(" %7zu", v);
            std::printf("\n");
        }
    } else {
        std::printf("test split: %.4f bits per character (unigram baseline: %.4f)\n", r.bitsPerChar,
                    r.unigramBitsPerChar);
        std::printf("sample (temperature 0.8):\n%s\n", r.sample.c_str());
    }
}

void finishTextTraining(const TextJobResult& r, const std::string& dir, const std::string& run) {
    printTrainingSummary(r);
    printTextResult(r);
    printWritten(dir, run);
    reportStop(r.train);
}

} // namespace

void cliTrainText(TextJobConfig config, const std::atomic<bool>& cancel, DistributedSession* dist) {
    const bool quiet = joinTraining(dist, config.outDir, config.train.batchSize);
    const auto progress = progressUnless(quiet, config.train.epochs);
    std::string id;
    const TextJobResult r = std::get<TextJobResult>(trainRun(config, progress.get(), &cancel, {}, &id));
    recordDistributed(dist, config.outDir, r.train.epochsDone > 0);
    if (quiet) return finishQuietly(r.train, *dist);
    progress->finish();
    const TextReport& rep = r.report;
    std::fprintf(stderr, "data: %zu rows read, %zu used, %zu dropped\n", rep.rowsRead, rep.rowsUsed, rep.rowsDropped);
    for (const auto& note : rep.notes) std::fprintf(stderr, "  %s\n", note.c_str());
    printWarnings(r.warnings);
    finishTextTraining(r, config.outDir, id);
}

void cliGenerate(const std::string& dir, const std::string& prompt, int length, double temperature,
                 std::uint64_t seed, const std::atomic<bool>& cancel) {
    // What was generated before a Ctrl+C is still printed; the exit status says it is short.
    std::printf("%s\n", generateText(dir, prompt, length, temperature, seed, &cancel).c_str());
    std::fflush(stdout);
    if (cancel.load()) throw Error("generation was cancelled before " + std::to_string(length) + " characters");
}

void cliTrain(ForecastJobConfig config, const std::atomic<bool>& cancel, DistributedSession* dist) {
    const bool quiet = joinTraining(dist, config.outDir, config.train.batchSize);
    if (!quiet) config.loadProgress = cliLoadProgress(config.dataPath, cancel);
    const auto progress = progressUnless(quiet, config.train.epochs);
    ForecastJobResult r;
    std::string id;
    try {
        r = std::get<ForecastJobResult>(trainRun(config, progress.get(), &cancel, {}, &id));
    } catch (const CancelledError&) {
        throw Error("training was cancelled while the data was read; nothing was saved");
    }
    recordDistributed(dist, config.outDir, r.train.epochsDone > 0);
    if (quiet) return finishQuietly(r.train, *dist);
    progress->finish();
    printReport(r.report);
    printWarnings(r.warnings);
    finishTraining(r, config.outDir, id);
}

// Prints what a resumed or evaluated project of either family gives.
struct PrintOutcome {
    const std::string& dir;
    bool trained;
    std::string run;
    void operator()(const ForecastJobResult& r) const {
        printWarnings(r.warnings);
        if (trained) finishTraining(r, dir, run);
        else printMetrics(r.test);
    }
    void operator()(const TextJobResult& r) const {
        printWarnings(r.warnings);
        if (trained) finishTextTraining(r, dir, run);
        else printTextResult(r);
    }
};

void cliResume(const std::string& projectDir, int epochs, const std::atomic<bool>& cancel,
               DistributedSession* dist) {
    const bool quiet = dist && dist->quiet();
    const std::string dir = dist ? dist->resumeFolder(projectDir) : projectDir;
    const ProjectRecord saved = loadProjectRecord(dir);
    const int total = epochs > 0 ? epochs : saved.train.epochs;
    if (saved.epochsDone >= total && !quiet)
        std::fprintf(stderr, "the project already has %d epoch(s); pass --epochs N with N above that to train on\n",
                     saved.epochsDone);
    if (dist) dist->announce(stderr, saved.train.batchSize);
    const auto progress = progressUnless(quiet, total, saved.epochsDone);
    std::string id;
    const TaskResult r = resumeRun(dir, epochs, progress.get(), &cancel, &id);
    recordDistributed(dist, dir, trainResultOf(r).epochsDone > saved.epochsDone);
    if (quiet) return finishQuietly(trainResultOf(r), *dist);
    progress->finish();
    // A resume that got no further adds no run.
    if (trainResultOf(r).epochsDone <= saved.epochsDone) id.clear();
    std::visit(PrintOutcome{dir, true, id}, r);
}

void cliEvaluate(const std::string& dir, const ImportanceOptions& importance) {
    std::visit(PrintOutcome{dir, false, {}}, evaluateProject(dir));
    if (!importance.on) return;
    std::vector<FeatureImportance> result = projectImportance(dir, importance.repeats, importance.seed);
    std::stable_sort(result.begin(), result.end(),
                     [](const FeatureImportance& a, const FeatureImportance& b) { return a.deltaMae > b.deltaMae; });
    std::printf("Permutation importance on the test split (MAE increase, mean ± sd of %d permutation(s)):\n",
                importance.repeats);
    for (const FeatureImportance& f : result)
        std::printf("  %-28s %+12.6g ± %.3g\n", f.feature.c_str(), f.deltaMae, f.std);
    std::printf("written to %s/metrics.json (importance)\n", dir.c_str());
}

void cliPredict(const std::string& dir, const std::string& data, const std::string& out) {
    std::vector<std::string> warnings;
    const std::size_t rows = predictProject(dir, data, out, warnings);
    printWarnings(warnings);
    // With --out -, the predictions are standard output and the count goes to stderr.
    std::fprintf(out == "-" ? stderr : stdout, "%zu predictions written to %s\n", rows,
                 out == "-" ? "standard output" : out.c_str());
}

std::vector<MetricRow> forecastMetricRows(const ForecastMetrics& a, const ForecastMetrics& b) {
    return {
        {"MAE", a.mae, b.mae},
        {"RMSE", a.rmse, b.rmse},
        {"MAPE %", a.mape, b.mape},
        {"sMAPE %", a.smape, b.smape},
        {"MASE", a.mase, b.mase},
        {"directional accuracy %", a.directionalAccuracy, b.directionalAccuracy},
    };
}

void cliInfo() {
    for (const auto& [name, version] : libraryVersions()) std::printf("%-12s %s\n", name.c_str(), version.c_str());
}

} // namespace studio
