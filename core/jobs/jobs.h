#pragma once

// The jobs over a project, each written once over Task (tasks/task.h) and dispatched by
// the project's task: the API the CLI and the GUI call. Each runs synchronously on the
// calling thread and takes a progress callback or observer and a cancel flag that may be
// set from any thread. Errors are studio::Error: DataError for a broken project or data
// file, UsageError for a request the build or the task cannot serve.

#include "tasks/bench_report.h"
#include "tasks/quantize_report.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/task.h"
#include "tasks/text/text_job.h"

#include <atomic>
#include <string>
#include <vector>

namespace studio {

// New projects: trainForecast (forecast_job.h) and trainText (text_job.h) take each
// family's settings.

// Continues a project's training from its checkpoint up to `epochs` in total (0 = the
// project's own count) and rewrites the project.
TaskResult resumeProject(const std::string& dir, int epochs, TrainObserver* observer = nullptr,
                         const std::atomic<bool>* cancel = nullptr);

// Throws UsageError when writing `out` would replace a file of the project in `dir` (its
// model, checkpoint, project.json ...), the data file it was trained on, or `input` (a file
// the job reads; may be empty). "-" (standard output) is always allowed. Every job that
// writes a file the user named checks it first; the CLI also checks report paths.
void checkOutputPath(const std::string& dir, const std::string& out, const std::string& input = {});

// Test-split metrics of a project's saved model, recomputed from its data file.
TaskResult evaluateProject(const std::string& dir);

// Predictions of a project's model for `dataPath` (empty = the project's data) written to
// outCsv ("-": standard output); returns the row count.
std::size_t predictProject(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                           std::vector<std::string>& warnings);

// Quantizes a project's model to int8 and compares it with fp32 on the test split
// (quantize_report.h for the files written). Throws UsageError in a build without
// oneDNN, Error when cancelled (nothing is written then).
QuantizeReport quantizeProject(const std::string& dir, const QuantizeConfig& config = {},
                               const QuantizeProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

// Training speed, latency per backend and batch size, accuracy per backend and memory
// (benchmark.h). A cancelled run returns the report so far with `cancelled` set.
BenchReport runBenchmark(const std::string& dir, const BenchConfig& config = {}, const BenchProgress& progress = {},
                         const std::atomic<bool>* cancel = nullptr);

}  // namespace studio
