#include "deploy/benchmark.h"

#include "deploy/benchmark_common.h"

#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "deploy/quantized_model.h"
#include "error.h"
#include "model/model.h"
#include "project/project.h"
#include "project/text_project.h"
#include "train/metrics.h"
#include "train/trainer.h"
#include "util/versions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sys/resource.h>

namespace studio {
namespace {

namespace fs = std::filesystem;
using namespace bench_detail;

std::string path(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

// The project's feature and target columns as raw numbers, rows with a missing cell
// handled as the project says (dropped or filled from above): what a deployed forecaster
// holds before it builds a window.
struct RawSeries {
    int features = 0;
    std::vector<double> x;       // [rows, features]
    std::vector<double> target;  // [rows]
    std::size_t rows() const { return target.size(); }
};

RawSeries rawSeries(const CsvTable& table, const ProjectFile& project) {
    std::vector<const std::vector<double>*> cols;
    for (const auto& name : project.featureNames) {
        const int c = table.find(name);
        if (c < 0) throw DataError(table.path + ": no column '" + name + "' any more");
        cols.push_back(&table.columns[c].numbers);
    }
    const int tc = table.find(project.series.target);
    if (tc < 0) throw DataError(table.path + ": no column '" + project.series.target + "' any more");
    cols.push_back(&table.columns[tc].numbers);
    RawSeries s;
    s.features = static_cast<int>(project.featureNames.size());
    std::vector<double> last(cols.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
        bool complete = true;
        for (std::size_t c = 0; c < cols.size(); ++c) {
            const double v = (*cols[c])[r];
            if (std::isfinite(v))
                last[c] = v;
            else if (project.series.missing == MissingPolicy::DropRow || !std::isfinite(last[c]))
                complete = false;
        }
        if (!complete) continue;
        for (int f = 0; f < s.features; ++f)
            s.x.push_back(project.series.missing == MissingPolicy::DropRow ? (*cols[f])[r] : last[f]);
        s.target.push_back(project.series.missing == MissingPolicy::DropRow ? (*cols.back())[r] : last.back());
    }
    return s;
}

// Raw rows -> scaled windows -> engine -> target units, the path a single prediction takes.
class TimedForecaster {
public:
    TimedForecaster(InferenceEngine& engine, const ProjectFile& project)
        : engine_(engine), project_(project), time_(project.series.window), horizon_(project.series.horizon) {}

    // Predicts the `batch` windows whose last rows are end, end+1, ...
    void predict(const RawSeries& s, std::size_t end, int batch, double* out) {
        const int F = s.features;
        x_.resize(std::size_t(batch) * time_ * F);
        y_.resize(std::size_t(batch) * horizon_);
        for (int b = 0; b < batch; ++b) {
            const std::size_t last = end + b, first = last + 1 - time_;
            for (int t = 0; t < time_; ++t)
                for (int f = 0; f < F; ++f)
                    x_[(std::size_t(b) * time_ + t) * F + f] = static_cast<float>(
                        project_.featureScaler.apply(f, s.x[(first + t) * F + f], s.x[last * F + f]));
        }
        engine_.predict(x_.data(), batch, time_, y_.data());
        for (int b = 0; b < batch; ++b)
            for (int h = 0; h < horizon_; ++h)
                out[b * horizon_ + h] = project_.targetScaler.invert(0, y_[b * horizon_ + h], s.target[end + b]);
    }

private:
    InferenceEngine& engine_;
    const ProjectFile& project_;
    int time_, horizon_;
    std::vector<float> x_, y_;
};

void timeTraining(const Model& model, const ProjectFile& project, const SeriesDataset& ds, const BenchConfig& config,
                  BenchReport& r, const std::atomic<bool>* cancel) {
    TrainConfig train = project.train;
    train.device = config.trainDevice;
    train.epochs = 1000000;  // stopped through the cancel flag once enough batches are timed
    train.patience = 0;
    Trainer::seed(train.seed);
    Model copy(model.spec(), model.inputSize(), model.outputSize());
    copy.setParameters(model.parameters());
    copy.to(train.device);
    r.trainDevice = copy.device();
    resetDeviceMemoryPeak(r.trainDevice);
    Trainer trainer(copy, train, ds.train, ds.val, project.series.window);
    TrainTimer timer(/*skip=*/3, config.trainBatches, cancel);
    trainer.run(&timer, &timer.stop);
    r.deviceMemory = deviceMemory(r.trainDevice);
    r.trainBatchSize = train.batchSize;
    timer.report(r);
}

}  // namespace

BenchReport runBenchmark(const std::string& dir, const BenchConfig& config, const BenchProgress& progress,
                         const std::atomic<bool>* cancel) {
    auto say = [&](const std::string& stage, double fraction) {
        if (progress) progress(stage, fraction);
    };
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
    if (projectTask(dir) != "forecast") return runTextBenchmark(dir, config, progress, cancel);
    BenchReport r;
    const std::vector<Backend> backends = startReport(dir, config, r);

    say("reading the project", 0.0);
    const ProjectFile project = loadProjectFile(dir);
    const CsvTable table = readCsv(project.dataPath);
    const SeriesDataset ds = buildSeriesDataset(table, project.series);
    const RawSeries raw = rawSeries(table, project);
    const int time = project.series.window, horizon = project.series.horizon;
    Model model(project.model, static_cast<int>(project.featureNames.size()), horizon);
    model.to("cpu");
    model.load(path(dir, "model.pt"));
    r.model = project.model;
    r.inputSize = model.inputSize(), r.window = time, r.horizon = horizon;
    r.parameters = model.parameterCount();

    if (config.trainBatches > 0) {
        say("timing training", 0.02);
        timeTraining(model, project, ds, config, r, cancel);
    }
    if (cancelled()) {
        r.cancelled = true;
        return r;
    }

    // Engines, and each one's accuracy on the test split against the reference.
    say("checking accuracy", 0.3);
    std::vector<std::unique_ptr<InferenceEngine>> engines;
    for (Backend b : backends) {
        BenchBackend bb;
        bb.backend = b;
        bb.name = toString(b);
        if (b == Backend::OnednnInt8) {
            const std::string bin = path(dir, "model.int8.bin"), json = path(dir, "model.int8.json");
            if (fs::exists(bin) && fs::exists(json)) {
                engines.push_back(createInt8Engine(loadQuantizedModel(bin, json)));
                bb.note = "model.int8.bin";
            } else {
                engines.push_back(createInt8Engine(quantizeModel(model, ds.train.x, int(ds.train.count), time)));
                bb.note = "quantized in memory with default options (run quantize to store it)";
            }
        } else {
            engines.push_back(createEngine(b, model));
        }
        bb.bytes = engines.back()->weightBytes();
        r.backends.push_back(bb);
    }
    const SeriesWindows& w = ds.test;
    const std::size_t n = w.count, perWindow = std::size_t(time) * model.inputSize();
    const std::vector<float> refScaled = model.predict(w.x, static_cast<int>(n), time);
    std::vector<double> ref(n * horizon);
    for (std::size_t i = 0; i < ref.size(); ++i)
        ref[i] = project.targetScaler.invert(0, refScaled[i], w.lastValue[i / horizon]);
    const double refRmse = forecastMetrics(ref, w.truth, w.lastValue, horizon, project.naiveScale).rmse;
    for (std::size_t k = 0; k < engines.size(); ++k) {
        std::vector<float> scaled(n * horizon);
        // One window per call: the answer a single prediction gets.
        for (std::size_t i = 0; i < n; ++i)
            engines[k]->predict(w.x.data() + i * perWindow, 1, time, scaled.data() + i * horizon);
        std::vector<double> pred(n * horizon);
        BenchBackend& bb = r.backends[k];
        for (std::size_t i = 0; i < pred.size(); ++i) {
            pred[i] = project.targetScaler.invert(0, scaled[i], w.lastValue[i / horizon]);
            bb.maxAbsDifference = std::max(bb.maxAbsDifference, std::abs(pred[i] - ref[i]));
        }
        bb.testRmse = forecastMetrics(pred, w.truth, w.lastValue, horizon, project.naiveScale).rmse;
        bb.testMetric = bb.testRmse;
        bb.metricDelta = bb.testRmse - refRmse;
        bb.metricDeltaPercent = refRmse > 0 ? 100.0 * bb.metricDelta / refRmse : 0.0;
    }

    double done = 0, total = double(config.batches.size()) * config.iterations * engines.size();
    auto advanced = [&](double calls) {
        done += calls;
        say("timing batch", 0.35 + 0.65 * done / total);
    };
    for (int batch : config.batches) {
        if (raw.rows() < std::size_t(time + batch)) {
            r.warnings.push_back("batch " + std::to_string(batch) + " needs more rows than the data has; skipped");
            continue;
        }
        // Windows ending in the last rows of the file (the test split), cycled through.
        const std::size_t lastEnd = raw.rows() - batch,
                          firstEnd = std::max<std::size_t>(time - 1, lastEnd > 500 ? lastEnd - 500 : 0);
        const std::size_t span = lastEnd - firstEnd + 1;
        std::vector<TimedForecaster> forecasters;
        for (auto& e : engines) forecasters.emplace_back(*e, project);
        std::vector<double> out(std::size_t(batch) * horizon);
        const auto timings = timeInTurns(
            engines.size(), batch, config,
            [&](std::size_t k, std::size_t i) { forecasters[k].predict(raw, firstEnd + i % span, batch, out.data()); },
            r, cancel, advanced);
        for (std::size_t k = 0; k < engines.size(); ++k) r.backends[k].timings.push_back(timings[k]);
        if (r.cancelled) break;
    }
    r.peakRssBytes = peakRssBytes();
    say("done", 1.0);
    return r;
}

// ---- shared with the text benchmark ----------------------------------------------------

namespace bench_detail {

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
        }
    return "unknown";
}

BenchTiming summarize(int batch, std::vector<double> us) {
    BenchTiming t;
    t.batch = batch;
    t.iterations = static_cast<int>(us.size());
    if (us.empty()) return t;
    std::sort(us.begin(), us.end());
    double sum = 0;
    for (double v : us) sum += v;
    t.meanUs = sum / us.size();
    auto rank = [&](double q) {
        return us[std::min(us.size() - 1, static_cast<std::size_t>(std::ceil(q * us.size())) - 1)];
    };
    t.p50Us = rank(0.50), t.p95Us = rank(0.95), t.p99Us = rank(0.99);
    t.samplesPerSecond = t.meanUs > 0 ? batch * 1e6 / t.meanUs : 0;
    return t;
}

std::int64_t peakRssBytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

std::vector<Backend> startReport(const std::string& dir, const BenchConfig& config, BenchReport& r) {
    if (config.iterations < 1 || config.warmup < 0) throw UsageError("bench: iterations must be at least 1");
    for (int b : config.batches)
        if (b < 1) throw UsageError("bench: batch sizes must be at least 1");
    std::vector<Backend> backends = config.backends;
    if (backends.empty())
        for (Backend b : allBackends())
            if (backendAvailable(b)) backends.push_back(b);
    for (Backend b : backends)
        if (!backendAvailable(b)) throw UsageError("backend " + toString(b) + " needs oneDNN, and this build has none");
    r.projectDir = dir;
    r.cpu = cpuModel();
    r.threads = applyThreads(config.threads);
    r.versions = libraryVersions();
    if (!onednnVersion().empty()) r.versions.emplace_back("onednn", onednnVersion());
    r.iterations = config.iterations;
    r.warmup = config.warmup;
    return backends;
}

void TrainTimer::onBatch(const BatchStats& s) {
    const auto now = Clock::now();
    if (s.batch > 1 && s.epoch == epoch_) {
        if (skip_ > 0)
            --skip_;
        else
            ms.push_back(std::chrono::duration<double, std::milli>(now - last_).count());
    }
    epoch_ = s.epoch;
    last_ = now;
    if (static_cast<int>(ms.size()) >= wanted_ || (userCancel_ && userCancel_->load())) stop.store(true);
}

void TrainTimer::report(BenchReport& r) const {
    r.trainBatchesTimed = static_cast<int>(ms.size());
    if (ms.empty()) return;
    double sum = 0;
    for (double v : ms) sum += v;
    r.trainMsPerBatch = sum / ms.size();
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    r.trainMsP50 = sorted[(sorted.size() - 1) / 2];
}

std::vector<BenchTiming> timeInTurns(std::size_t backends, int batch, const BenchConfig& config,
                                     const std::function<void(std::size_t, std::size_t)>& call, BenchReport& r,
                                     const std::atomic<bool>* cancel, const std::function<void(double)>& advanced) {
    const int chunk = std::min(config.iterations, 50);
    std::vector<std::vector<double>> us(backends);
    for (std::size_t k = 0; k < backends; ++k)
        for (int i = 0; i < config.warmup; ++i) call(k, i);
    std::size_t next = 0;
    while (static_cast<int>(us[0].size()) < config.iterations) {
        const int now = std::min(chunk, config.iterations - static_cast<int>(us[0].size()));
        for (std::size_t k = 0; k < backends; ++k) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                r.cancelled = true;
                break;
            }
            for (int i = 0; i < 3; ++i) call(k, next + i);
            for (int i = 0; i < now; ++i) {
                const auto t0 = Clock::now();
                call(k, next + i);
                us[k].push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
            }
            if (advanced) advanced(now);
        }
        next += now;
        if (r.cancelled) break;
    }
    std::vector<BenchTiming> out;
    for (auto& v : us) out.push_back(summarize(batch, std::move(v)));
    return out;
}

}  // namespace bench_detail

}  // namespace studio
