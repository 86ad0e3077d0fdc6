// runBenchmark (jobs.h): the timing, turns, memory and report of `bench`, over the task's
// BenchWorkload.

#include "jobs/jobs.h"
#include "jobs/runs.h"
#include "base/file_io.h"

#include "runtime/inference_engine.h"
#include "base/error.h"
#include "base/sha256.h"
#include "project/project_folder.h"
#include "tasks/registry.h"
#include "training/trainer.h"
#include "base/versions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sys/resource.h>

namespace studio {
namespace {

using Clock = std::chrono::steady_clock;

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

// Checks the config and picks the backends (empty: all this build has); fills the report's
// settings (cpu, threads, versions, iterations).
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
    r.weightsSha256 = sha256File(ProjectFolder(dir).path(ProjectFolder::kModel));
    r.cpu = cpuModel();
    r.threads = applyThreads(config.threads);
    r.versions = libraryVersions();
    if (!onednnVersion().empty()) r.versions.emplace_back("onednn", onednnVersion());
    r.iterations = config.iterations;
    r.warmup = config.warmup;
    return backends;
}

// Times training batches through Trainer's observer: the gap between two batches of the
// same epoch is one whole step (batch selection, forward, loss, backward, clipping,
// optimizer). Gaps across an epoch boundary hold a validation pass and are left out.
class TrainTimer : public TrainObserver {
public:
    TrainTimer(int skip, int wanted, const std::atomic<bool>* userCancel)
        : skip_(skip), wanted_(wanted), userCancel_(userCancel) {}

    void onBatch(const BatchStats& s) override {
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

    // Fills r's training figures from what was timed.
    void report(BenchReport& r) const {
        r.trainBatchesTimed = static_cast<int>(ms.size());
        if (ms.empty()) return;
        double sum = 0;
        for (double v : ms) sum += v;
        r.trainMsPerBatch = sum / ms.size();
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        r.trainMsP50 = sorted[(sorted.size() - 1) / 2];
    }

    std::vector<double> ms;
    std::atomic<bool> stop{false};

private:
    int skip_, wanted_;
    const std::atomic<bool>* userCancel_;
    int epoch_ = 0;
    Clock::time_point last_;
};

void timeTraining(const BenchWorkload& workload, const TrainConfig& projectTrain, const BenchConfig& config,
                  BenchReport& r, const std::atomic<bool>* cancel) {
    TrainConfig train = projectTrain;
    train.device = config.trainDevice;
    train.epochs = 1000000;  // stopped through the timer's flag once enough batches are timed
    train.patience = 0;
    TrainTimer timer(/*skip=*/3, config.trainBatches, cancel);
    workload.train(train, &timer, &timer.stop, r);
    r.trainBatchSize = train.batchSize;
    timer.report(r);
}

// Calls of every backend in turns: rounds of up to 50 timed calls per backend, each round
// after 3 untimed ones so that the backend's weights are back in cache. Returns the
// figures per backend; sets r.cancelled when stopped.
std::vector<BenchTiming> timeInTurns(BenchWorkload& workload, std::size_t backends, int batch,
                                     const BenchConfig& config, BenchReport& r, const std::atomic<bool>* cancel,
                                     const std::function<void(double)>& advanced) {
    const std::size_t span = workload.calls(batch);
    auto call = [&](std::size_t k, std::size_t i) { workload.call(k, i % span, batch); };
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
            advanced(now);
        }
        next += now;
        if (r.cancelled) break;
    }
    std::vector<BenchTiming> out;
    for (auto& v : us) out.push_back(summarize(batch, std::move(v)));
    return out;
}

}  // namespace

BenchReport runBenchmark(const std::string& dir, const BenchConfig& config, const BenchProgress& progress,
                         const std::atomic<bool>* cancel) {
    config.validate();
    auto say = [&](const std::string& stage, double fraction) {
        if (progress) progress(stage, fraction);
    };
    const Task& task = taskForProject(dir);
    BenchReport r;
    const std::vector<Backend> backends = startReport(dir, config, r);

    say("reading the project", 0.0);
    std::unique_ptr<BenchWorkload> workload = task.benchWorkload(dir);
    r.task = task.kind();
    workload->describe(r);

    if (config.trainBatches > 0) {
        say("timing training", 0.02);
        timeTraining(*workload, workload->trainConfig(), config, r, cancel);
    }
    if (cancel && cancel->load()) {
        r.cancelled = true;
        return r;
    }

    say("checking accuracy", 0.3);
    for (Backend b : backends) {
        BenchBackend bb;
        bb.backend = b;
        bb.name = toString(b);
        workload->addEngine(bb);
        r.backends.push_back(bb);
    }
    workload->checkAccuracy(r.backends);

    double done = 0, total = double(config.batches.size()) * config.iterations * r.backends.size();
    auto advanced = [&](double calls) {
        done += calls;
        say("timing batch", 0.35 + 0.65 * done / total);
    };
    for (int batch : config.batches) {
        if (workload->calls(batch) == 0) {
            r.warnings.push_back(workload->tooFewInputs(batch));
            continue;
        }
        const auto timings = timeInTurns(*workload, r.backends.size(), batch, config, r, cancel, advanced);
        for (std::size_t k = 0; k < r.backends.size(); ++k) r.backends[k].timings.push_back(timings[k]);
        if (r.cancelled) break;
    }
    r.peakRssBytes = peakRssBytes();
    // The current run keeps its last whole benchmark (bench.json).
    std::string why;
    if (!r.cancelled &&
        !keepRunArtifact(dir, "bench.json",
                         [&r](const std::string& path) { writeFileAtomically(path, benchReportJson(r)); }, &why) &&
        !why.empty())
        r.warnings.push_back("the report was not kept in the run's folder: " + why);
    say("done", 1.0);
    return r;
}

}  // namespace studio
