#pragma once

// ONNX export of a trained project. Present when core was built with ONNX (the define
// STUDIO_WITH_ONNX; core/runtime/onnx.cmake); callers guard their use with #ifdef.

#include "nn/model.h"
#include "nn/text_model.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/text/text_project.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace studio {

struct OnnxExportOptions {
    // ai.onnx opset of the graph; 14 is the first with today's LSTM and Reshape, and what
    // torch.onnx.export of PyTorch 1.13 writes by default.
    int opset = 14;
    // LSTM weights as int8 in com.microsoft.DynamicQuantizeLSTM nodes (7-bit symmetric, one
    // scale per gate unit; activations quantized at run time). About a quarter of the size; runs in
    // ONNX Runtime only, whose contrib domain the file then imports. Scaler, head and
    // biases stay float32.
    bool int8 = false;
    // SHA-256 of the weights file the model was loaded from, recorded in the metadata
    // (weights_sha256) so that the file can be matched to its project's model.pt.
    // exportProjectOnnx sets it; empty: not recorded.
    std::string weightsSha256;
};

// The ai.onnx opsets OnnxExportOptions::opset may name: from the first with the LSTM and
// Reshape forms this exporter writes (14) to the newest the linked ONNX library checks.
int minOnnxOpset();
int newestOnnxOpset();

// A graph input or output as the file declares it.
struct OnnxTensorInfo {
    std::string name;
    std::string type = "float32";
    std::vector<std::int64_t> shape;    // -1 where the size is free
    std::vector<std::string> dimNames;  // the free dims' symbolic names ("batch"); "" for fixed ones
    std::string description;

    std::string shapeText() const;  // "[batch, 30, 1]"
};

// What was written, for the CLI's report and the GUI's summary.
struct OnnxExportResult {
    std::string path;
    std::int64_t irVersion = 0;
    int opset = 0;
    std::vector<OnnxTensorInfo> inputs;
    std::vector<OnnxTensorInfo> outputs;
    std::uintmax_t fileBytes = 0;
    int nodeCount = 0;
    std::vector<std::pair<std::string, int>> operators;         // op type and count, in order of first use
    std::vector<std::pair<std::string, std::string>> metadata;  // metadata_props
    std::string checker;  // the checks the model passed (export throws when one fails)
};

// Exports the project in `dir` (project.json, model.pt, metrics.json when present) to
// `outPath`. Forecast projects: raw feature rows in, forecasts in the target's units out;
// the scaler is part of the graph (see onnx_forecast_graph.h for the inputs and outputs).
// Text projects: token ids in (the tokenizer and vocabulary are in the metadata); a
// classifier gives logits and probabilities, a character language model logits and its
// states (see onnx_text_graph.h). The model is checked with ONNX's checker and strict shape
// inference before anything is written, then written to a temporary file in the target
// folder and renamed into place: a failure throws (Error, DataError for an unreadable or
// inconsistent project) and leaves no file behind. Any thread; nothing is shared.
OnnxExportResult exportProjectOnnx(const std::string& dir, const std::string& outPath,
                                   const OnnxExportOptions& options = {});

// The same for a forecast project held in memory; `metrics` may be null (no test metrics
// in the metadata).
OnnxExportResult exportForecastOnnx(const ProjectFile& project, const Model& model, const ProjectMetrics* metrics,
                                    const std::string& outPath, const OnnxExportOptions& options = {});

// The same for a text project (classify or charlm) held in memory. testMetricsJson:
// metrics.json's content for the metadata, or "" for none. options.int8 throws UsageError
// (text models export in float32).
OnnxExportResult exportTextOnnx(const TextProjectFile& project, const TextModel& model,
                                const std::string& testMetricsJson, const std::string& outPath,
                                const OnnxExportOptions& options = {});

}  // namespace studio
