#pragma once

// What `bench` (jobs.h: runBenchmark) measures for a trained project, on the calling thread:
//  - training speed: mean time of N training batches (Trainer on a copy of the model,
//    the project's data and settings), after a few untimed ones;
//  - prediction latency per backend (inference_engine.h) and batch size: each timed call
//    starts from raw CSV rows and includes the preprocessing a deployed forecaster does:
//    windowing the last `window` rows, scaling them with the project's scalers, the
//    network, and turning the output back into the target's units. Backends take turns
//    in rounds, so the noise of a shared machine falls on all of them alike;
//  - test-split accuracy of each backend against the reference (libtorch-fp32);
//  - peak resident memory (getrusage ru_maxrss) and, with CUDA, the allocator's peak.
// Text projects: a classify call tokenizes `batch` raw test texts and returns their
// classes' probabilities; a charlm call looks up `batch` chunks of test characters and
// returns the next-character logits at every step.
// The int8 backend uses the project's model.int8.bin when `quantize` wrote one, else the
// model quantized in memory with default options (the report says which).
// Long: takes a progress callback and a cancel flag (checked between timed calls; a
// cancelled run returns the report so far with `cancelled` set). Plain structs only.

#include "runtime/inference_engine.h"
#include "nn/model_spec.h"
#include "nn/text_model_spec.h"
#include "tasks/task_kind.h"
#include "base/device_memory.h"
#include "base/threads.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace studio {

struct BenchConfig {
    int iterations = 1000;  // timed calls per backend and batch size
    int warmup = 50;        // untimed calls per backend and batch size first
    std::vector<int> batches = {1, 8, 64};
    int trainBatches = 100;           // timed training batches; 0 = no training timing
    std::string trainDevice = "cpu";  // as TrainConfig::device
    int threads = 1;                  // LibTorch and oneDNN threads (applyThreads)
    std::vector<Backend> backends;    // empty = every backend this build has

    void validate() const;  // throws UsageError naming the setting out of range
};

struct BenchTiming {
    int batch = 1;
    int iterations = 0;
    double meanUs = 0, p50Us = 0, p95Us = 0, p99Us = 0;  // per call (a call predicts `batch` windows)
    double samplesPerSecond = 0;                         // batch / mean
};

struct BenchBackend {
    Backend backend = Backend::LibTorchFp32;
    std::string name;
    std::int64_t bytes = 0;         // weights as the backend stores them
    double testRmse = 0;            // forecast: test split, target units
    double testMetric = 0;          // BenchReport::metric on the test split
    double metricDelta = 0;         // testMetric - the reference's
    double metricDeltaPercent = 0;  // relative to the reference's
    double maxAbsDifference = 0;    // largest |prediction - reference| (target units, probabilities, logits)
    std::vector<BenchTiming> timings;
    std::string note;
};

struct BenchReport {
    std::string projectDir;
    std::string weightsSha256;  // of the project's model.pt: the weights that were timed
    // Text projects: `textModel` describes the network, `window` is the longest timed text
    // (classify) or the chunk (charlm), `horizon` 0.
    TaskKind task = TaskKind::Forecast;
    TextModelSpec textModel;
    // test_rmse (forecast, target units), test_accuracy (classify, %), test_bits_per_char.
    std::string metric = "test_rmse";
    std::string cpu;  // /proc/cpuinfo model name
    ThreadSettings threads;
    std::vector<std::pair<std::string, std::string>> versions;  // libraryVersions() + onednn
    ModelSpec model;
    int inputSize = 0, window = 0, horizon = 0;
    std::int64_t parameters = 0;
    int iterations = 0, warmup = 0;
    // Training
    std::string trainDevice;
    int trainBatchSize = 0;
    int trainBatchesTimed = 0;
    double trainMsPerBatch = 0;  // mean
    double trainMsP50 = 0;
    // Memory
    std::int64_t peakRssBytes = 0;
    DeviceMemory deviceMemory;
    std::vector<BenchBackend> backends;
    bool cancelled = false;
    std::vector<std::string> warnings;
};

using BenchProgress = std::function<void(const std::string& stage, double fraction)>;

// The report as JSON: {"cpu","threads","train":{"ms_per_batch"},"memory":{"peak_rss_bytes"},
// "backends":[{"name","bytes","metric_delta","batches":[{"batch","mean_us","p50_us",
// "p95_us","p99_us","samples_per_s"}]}], ...} and as a Markdown page.
std::string benchReportJson(const BenchReport& report);
std::string benchReportMarkdown(const BenchReport& report);

}  // namespace studio
