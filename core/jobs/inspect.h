#pragma once

// What `inspect` shows: the gates and states inside a trained project's LSTM for one input,
// a forecast window ending at a data row or a text, with what the model made of it. Runs on
// the calling thread; CPU.

#include "nn/gate_trace.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace studio {

struct InspectRequest {
    std::string dir;                  // the project folder
    std::string run;                  // a run of it ("r3"); empty: the current model
    std::optional<std::size_t> row;   // forecasts: the window ending at this 0-based data row
    std::optional<std::string> text;  // classifiers and character models
};

struct InspectResult {
    std::string task;  // forecast, classify, charlm
    std::string run;
    std::vector<std::string> steps;         // per step: its time (or "row N") or its token
    std::vector<std::size_t> rows;          // forecasts: the data row of each step
    std::vector<std::string> inputNames;    // the columns of x: features, or embedding dimensions
    std::vector<std::vector<float>> x;      // per step: what the first layer read (scaled, or embedded)
    int hidden = 0;
    std::vector<GateLayerTrace> layers;     // forward before backward, layer by layer
    std::vector<std::string> outputNames;   // pred_1.. in the target's units, or p_<class>
    std::vector<double> output;             // the model's output for this input (empty for charlm)
};

// Throws UsageError for a missing input or one of the wrong kind (a row for a text model),
// DataError for a row that ends no window or an unreadable project.
InspectResult inspectModel(const InspectRequest& request);

// {"task","run","input":{...},"hidden","inputs","outputs":{name: value},
//  "layers":[{"layer","direction","mean_forget":[...],"steps":[{"t","i","f","g","o","c","h"}]}]}
// (a forecast step also has "row" and "x"; a text step "x").
std::string inspectJson(const InspectResult& result, const InspectRequest& request);

}  // namespace studio
