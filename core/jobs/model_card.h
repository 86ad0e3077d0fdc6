#pragma once

// The files an ONNX export writes beside the model for whoever receives it: a model card
// (Markdown: inputs in their column order, window, horizon, scaler, what the output means and
// in which units, test metrics next to the baselines, the data's SHA-256, how the model was
// trained) and, for forecast and classification models, a runnable example.py (onnxruntime and
// numpy) that reads a CSV file and prints what `lstm-studio-cli predict` writes for it.
// Plain functions; any thread may call them.

#include <string>

namespace studio {

struct OnnxExportResult;

// Paths of the companion files; empty where none is written.
struct ModelCardFiles {
    std::string card;     // <onnx stem>.md beside the .onnx file
    std::string example;  // example.py beside it (forecasts and classifiers)
};

// The files writeModelCard writes for the project in `dir` exported to `onnxPath`.
ModelCardFiles modelCardFiles(const std::string& dir, const std::string& onnxPath);

// Writes the model card (and example.py) of the project in `dir` whose model was exported as
// `result` (result.path names the .onnx file). Each file is written atomically. Throws Error
// when a file cannot be written, DataError for an unreadable project.
ModelCardFiles writeModelCard(const std::string& dir, const OnnxExportResult& result);

}  // namespace studio
