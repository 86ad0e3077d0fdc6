#pragma once

// Internal to core: include only from the onnx_*.cpp files (needs ONNX's defines).
//
// The technical indicators of a forecast project (data/technical_indicators.h) as ONNX nodes,
// so that an exported model takes raw rows, as the app reads them from a file, and computes
// its indicator inputs itself.

#include "runtime/onnx_graph_builder.h"
#include "tasks/forecast/forecast_project.h"

#include <cstddef>
#include <string>
#include <vector>

namespace studio {

// The columns of the exported model's input: project.featureNames less the indicators (the
// file's columns, then any calendar inputs).
std::vector<std::string> onnxRawColumns(const ProjectFile& project);

// The rows before the window that the input carries for the indicators (0 without any).
std::size_t onnxIndicatorLookBack(const ProjectFile& project);

// From raw rows `input` [batch, lookBack + window, raw columns] to the model's feature rows
// [batch, window, features] in the order of project.featureNames, each indicator computed as
// indicatorValues does (in float32: the weights of each ema and each mean are constants, the
// lag windows one Gather with a constant index tensor). Returns input itself when the project
// has no indicators. DataError when the project's indicators do not match its feature list.
std::string addOnnxIndicatorRows(OnnxGraphBuilder& g, const ProjectFile& project, const std::string& input);

}  // namespace studio
