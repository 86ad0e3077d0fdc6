#pragma once

// What `quantize` (jobs.h: quantizeProject) does for a trained project: quantize its model to int8
// (quantized_model.h), run the test split through the fp32 reference (LibTorch) and the
// int8 engine (oneDNN), and write next to the fp32 model
//   model.int8.bin            int8 and fp32 values
//   model.int8.json           spec, scales and where each tensor lies in the .bin
//   quantize.json             bytes, test metrics of both and their difference
//   quantize_predictions.csv  row,fp32_1..H,int8_1..H,true_1..H (target units)
// A text project (task classify or charlm) gets its int8 text model
// (quantized_model_text.h) in the same files; quantize.json then holds accuracy and macro
// F1 (classify; quantize_predictions.csv: row,fp32,int8,true labels) or bits per character
// (charlm) of both models on the test split.
// Shared by the CLI and the GUI's worker: runs synchronously on the calling thread, which
// must not be running another engine; `cancel` may be set from any thread and is checked
// between windows (a cancelled run writes nothing and throws Error). Plain structs only.

#include "runtime/quantized_model.h"
#include "tasks/task_kind.h"
#include "training/metrics.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace studio {

struct QuantizeConfig {
    Int8Options int8;
    bool write = true;  // false: compute and report only
    int threads = 1;    // see applyThreads
};

struct QuantizeReport {
    std::string projectDir;
    TaskKind task = TaskKind::Forecast;
    Int8Options options;
    std::int64_t fp32Bytes = 0;  // 4 per parameter
    std::int64_t int8Bytes = 0;  // QuantizedModel::bytes()
    // Test split, in the target's units.
    std::size_t horizon = 1;
    ForecastMetrics fp32, int8;
    double rmseChangePercent = 0.0;  // 100 * (int8 RMSE - fp32 RMSE) / fp32 RMSE
    double maxAbsDifference = 0.0;   // largest |int8 - fp32| over all predictions
    // Test windows whose layer-0 input spread exceeded the range calibrated on the training
    // windows: layer 0 ran in fp32 for them (a residual stack counts each layer it happened in).
    std::int64_t wideWindows = 0;
    std::vector<std::size_t> rows;                  // data row of each window's last input row
    std::vector<double> fp32Pred, int8Pred, truth;  // [windows, horizon]
    // classify: test-split metrics of both, the share of texts both give the same class,
    // the largest |int8 - fp32| class probability, and labels per text (class indices).
    ClassificationMetrics classifyFp32, classifyInt8;
    std::vector<std::string> classes;
    double agreement = 1.0;
    std::vector<int> fp32Labels, int8Labels, trueLabels;
    // charlm: test-split bits per character of both (maxAbsDifference: largest |Δ logit|
    // over the first chunks).
    double bitsFp32 = 0.0, bitsInt8 = 0.0;
    std::size_t characters = 0;
    std::vector<std::string> written;               // paths
    std::vector<std::string> warnings;
};

// stage: a few words; fraction: 0..1 of the whole job.
using QuantizeProgress = std::function<void(const std::string& stage, double fraction)>;

// The quantize.json document of a report.
std::string quantizeReportJson(const QuantizeReport& report);

}  // namespace studio
