#pragma once

// Internal to core/runtime: include only from the onnx_*.cpp files (needs ONNX's defines).

#include "runtime/onnx_graph_builder.h"
#include "nn/model.h"
#include "tasks/forecast/forecast_project.h"

#include <string>
#include <utility>
#include <vector>

namespace studio {

// The graph of a forecast project: raw feature rows in, forecasts in the target's units out.
//   input       float32 [batch, window, features]  raw values, columns in the order of
//                                                   project.featureNames
//   last_value  float32 [batch]                     only with the relative scaler when the
//                                                   target is not one of the features: the
//                                                   target's raw value at each window's last row
//   output      float32 [batch, horizon]            inverse-scaled forecasts
// With technical indicators (project.series.indicators) `input` is [batch, lookBack + window,
// raw columns]: the file's columns and calendar inputs, less the indicators, whose lookBack rows
// before the window the graph reads to compute them (onnx_indicator_graph.h; metadata look_back).
// Batch is free. The window is fixed: the scalers and the weights were fitted on windows of
// exactly that length (the relative scaler's statistics describe them), so another length
// would give answers the app never gives. The scaler runs inside the graph exactly as
// ScalerStats::apply/invert do. Throws DataError when the project and the model disagree
// (feature count, horizon, scaler statistics). int8Weights: see addOnnxLstmReadout.
void buildOnnxForecastGraph(OnnxGraphBuilder& g, const ProjectFile& project, const Model& model,
                            bool int8Weights = false);

// Index of the target among project.featureNames (exact name first, then ignoring case, as
// CsvTable::find resolves columns), or -1.
int onnxTargetFeature(const ProjectFile& project);

// metadata_props of a forecast model: task, target, feature names, window, horizon, scaler
// statistics and model shape (JSON), the training data's SHA-256 and, when given, the test
// metrics (metrics.json's content).
std::vector<std::pair<std::string, std::string>> onnxForecastMetadata(const ProjectFile& project, const Model& model,
                                                                      const ProjectMetrics* metrics);

}  // namespace studio
