#pragma once

// A task: everything LSTM Studio does that depends on what is being learned (a series
// forecast, a text classifier, a character language model), behind one interface. The
// jobs (jobs/jobs.h) are written once over it; the registry (registry.h) finds the Task
// of a kind or of a project folder. A new task is a folder under tasks/ with a Task and
// one line in registry.cpp.
//
// Every method runs synchronously on the calling thread and takes the project folder it
// works on; `cancel` may be set from any thread. Errors are studio::Error (DataError for a
// broken project or data file, UsageError for a request the task does not support).
// Plain structs only: no LibTorch types.

#include "tasks/bench_report.h"
#include "tasks/quantize_report.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/task_kind.h"
#include "tasks/text/text_job.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace studio {

class BenchWorkload;

// What a training, resume or evaluation produced: the forecast family's result or the
// text family's (classify and charlm share one).
using TaskResult = std::variant<ForecastJobResult, TextJobResult>;

// The common part of any TaskResult.
const TrainResult& trainResultOf(const TaskResult& result);
const std::vector<std::string>& warningsOf(const TaskResult& result);

// Starting values of a new run of the task, read by the CLI and the GUI alike.
struct TaskDefaults {
    int hidden = 64;             // LSTM units per direction (the "small" preset's for forecasts)
    int embeddingDim = 0;        // text: embedding width
    bool bidirectional = false;  // BiLSTM
    double lr = 1e-3;
    int minFreq = 2;       // text: rarer tokens become <unk>
    bool attention = false;  // classify: attention pooling rather than the final states
    bool charTokens = false;  // text: one token per character
    // classify: tokens kept from the start of each text (0 = all). Bounds the time and
    // memory of a training step whatever the data holds: one 100,000-token text among
    // 100 made an epoch take minutes and 3.4 GB.
    int maxLength = 0;
};

class Task {
public:
    virtual ~Task() = default;

    virtual TaskKind kind() const = 0;
    virtual TaskDefaults defaults() const = 0;

    // Continues training from the checkpoint up to `epochs` in total (0 = the project's
    // own count), then evaluates and rewrites the project.
    virtual TaskResult resume(const std::string& dir, int epochs, TrainObserver* observer,
                              const std::atomic<bool>* cancel) const = 0;
    // Test-split metrics of the saved model, recomputed from the project's data file.
    virtual TaskResult evaluate(const std::string& dir) const = 0;
    // Predictions of the saved model for `dataPath` (empty = the project's data) written to
    // outCsv; returns the row count. Notes about the data go to `warnings`.
    virtual std::size_t predict(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                                std::vector<std::string>& warnings) const = 0;

    // int8: quantizes the saved model, runs the test split through it and the fp32
    // reference into `report`, and, when config.write, writes the int8 model and the
    // predictions (adding their paths to report.written). The job writes quantize.json.
    virtual void quantize(const std::string& dir, const QuantizeConfig& config, QuantizeReport& report,
                          const QuantizeProgress& progress, const std::function<bool()>& cancelled) const = 0;

    // What `bench` runs for a project of this task.
    virtual std::unique_ptr<BenchWorkload> benchWorkload(const std::string& dir) const = 0;
};

// The benchmark's task-specific half: the model, its engines, its test split and the raw
// inputs a timed call starts from. The job (jobs/bench_job.cpp) does the timing, turns,
// memory and the report.
class BenchWorkload {
public:
    virtual ~BenchWorkload() = default;
    // The model and data: report.task, model, textModel, metric, inputSize, window,
    // horizon, parameters.
    virtual void describe(BenchReport& report) const = 0;
    // The project's training settings.
    virtual TrainConfig trainConfig() const = 0;
    // Trains a copy of the model with `train` (seeded; the bench's device) until `cancel`
    // is set (the job's timer sets it); fills report.trainDevice and deviceMemory.
    virtual void train(const TrainConfig& train, TrainObserver* observer, const std::atomic<bool>* cancel,
                       BenchReport& report) const = 0;
    // Adds the engine of `backend` (the int8 one from model.int8.bin when the project has
    // one); fills backend.bytes and backend.note.
    virtual void addEngine(BenchBackend& backend) = 0;
    // Each engine's test-split metric against the reference (libtorch-fp32), one input per
    // call: testMetric, metricDelta, metricDeltaPercent, maxAbsDifference (and testRmse).
    virtual void checkAccuracy(std::vector<BenchBackend>& backends) = 0;
    // How many distinct timed calls of `batch` inputs the data allows (0: the batch is
    // skipped with `tooFewInputs`).
    virtual std::size_t calls(int batch) const = 0;
    virtual std::string tooFewInputs(int batch) const = 0;
    // Timed call i of engine k: `batch` raw inputs in, the task's answer out.
    virtual void call(std::size_t engine, std::size_t i, int batch) = 0;
};

}  // namespace studio
