#pragma once

// Internal to core's deploy code: the pieces of runBenchmark (benchmark.h) shared by the
// forecast and the text benchmarks.

#include "deploy/benchmark.h"
#include "train/trainer.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace studio::bench_detail {

// runBenchmark for a text project (task classify or charlm).
BenchReport runTextBenchmark(const std::string& dir, const BenchConfig& config, const BenchProgress& progress,
                             const std::atomic<bool>* cancel);

using Clock = std::chrono::steady_clock;

std::string cpuModel();                                    // /proc/cpuinfo model name
BenchTiming summarize(int batch, std::vector<double> us);  // per-call µs -> figures
std::int64_t peakRssBytes();
// Checks the config and picks the backends (empty: all this build has); fills the report's
// settings (cpu, threads, versions, iterations).
std::vector<Backend> startReport(const std::string& dir, const BenchConfig& config, BenchReport& r);

// Times training batches through Trainer's observer: the gap between two batches of the
// same epoch is one whole step (batch selection, forward, loss, backward, clipping,
// optimizer). Gaps across an epoch boundary hold a validation pass and are left out.
class TrainTimer : public TrainObserver {
public:
    TrainTimer(int skip, int wanted, const std::atomic<bool>* userCancel)
        : skip_(skip), wanted_(wanted), userCancel_(userCancel) {}
    void onBatch(const BatchStats& s) override;
    // Fills r's training figures from what was timed.
    void report(BenchReport& r) const;
    std::vector<double> ms;
    std::atomic<bool> stop{false};

private:
    int skip_, wanted_;
    const std::atomic<bool>* userCancel_;
    int epoch_ = 0;
    Clock::time_point last_;
};

// Calls of every backend in turns: rounds of up to 50 timed calls per backend, each round
// after 3 untimed ones so that the backend's weights are back in cache; `call(k, i)` runs
// backend k's i-th call. Returns the figures per backend; sets r.cancelled when stopped.
std::vector<BenchTiming> timeInTurns(std::size_t backends, int batch, const BenchConfig& config,
                                     const std::function<void(std::size_t, std::size_t)>& call, BenchReport& r,
                                     const std::atomic<bool>* cancel, const std::function<void(double)>& advanced);

}  // namespace studio::bench_detail
