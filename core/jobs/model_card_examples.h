#pragma once

// The runnable example.py an ONNX export writes beside the model (see model_card.h): Python
// with numpy and onnxruntime that reads a CSV file as the app does and prints what
// `lstm-studio-cli predict` writes for it. Pure functions; any thread.

#include <string>

namespace studio {

struct OnnxExportResult;
struct ProjectFile;
struct TextProjectFile;

// Forecasts: the missing-value and repeated-time policies, calendar and last_value inputs, one
// window ending at every usable row; prints `row,pred_1,...`.
std::string forecastExampleScript(const ProjectFile& project, const OnnxExportResult& result);

// Classifiers: the app's tokenizer (words or characters, its lowercasing), the vocabulary, the
// length limit; prints `row,label,p_<label>,...`.
std::string classifierExampleScript(const TextProjectFile& project, const OnnxExportResult& result);

}  // namespace studio
