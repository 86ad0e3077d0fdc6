#include "tasks/forecast/onnx_forecast_graph.h"

#include "runtime/onnx_lstm_graph.h"
#include "tasks/forecast/onnx_indicator_graph.h"
#include "base/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace studio {
namespace {

using nlohmann::json;

bool sameIgnoringCase(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

void checkScaler(const ScalerStats& s, std::size_t columns, const char* which) {
    if (s.offset.size() != columns || s.scale.size() != columns)
        throw DataError(std::string("ONNX export: the project's ") + which + " scaler has " +
                        std::to_string(s.offset.size()) + " column(s), the model " + std::to_string(columns));
    for (std::size_t c = 0; c < columns; ++c)
        if (!std::isfinite(s.offset[c]) || !std::isfinite(s.scale[c]) || s.scale[c] == 0.0)
            throw DataError(std::string("ONNX export: the project's ") + which + " scaler column " + std::to_string(c) +
                            " has offset " + std::to_string(s.offset[c]) + " and scale " + std::to_string(s.scale[c]));
}

std::vector<float> toFloats(const std::vector<double>& v, double add = 0.0) {
    std::vector<float> out;
    for (double x : v) out.push_back(static_cast<float>(x + add));
    return out;
}

bool allEqual(const std::vector<double>& v, double value) {
    return std::all_of(v.begin(), v.end(), [&](double x) { return x == value; });
}

// ScalerStats::apply on every column of x [batch, window, features]. The relative scaler
// divides each window by its own last row: (x / last - 1 - offset) / scale, with 1 + offset
// folded into one constant (the sum is formed in double, then rounded once).
std::string addFeatureScaling(OnnxGraphBuilder& g, const ScalerStats& s, const std::string& x) {
    const std::int64_t nf = static_cast<std::int64_t>(s.offset.size());
    std::string cur = x;
    if (s.kind == ScalerKind::Relative) {
        const std::string lastRow =
            g.addNode("Slice",
                      {x, g.addInt64s("last_row.starts", {1}, {-1}),
                       g.addInt64s("last_row.ends", {1}, {std::numeric_limits<std::int64_t>::max()}),
                       g.addInt64s("last_row.axes", {1}, {1})},
                      "last_row");
        std::vector<double> shift = s.offset;
        std::string divisor = lastRow;
        if (s.plain) {
            // Plain columns (calendar inputs) are divided by 1, not by their last value: the
            // divisor is last·mask + (1 - mask), and their shift leaves out the 1 of "- 1".
            std::vector<double> mask(s.offset.size(), 1.0);
            std::fill(mask.end() - static_cast<std::ptrdiff_t>(s.plain), mask.end(), 0.0);
            std::vector<double> unmask(mask.size());
            for (std::size_t c = 0; c < mask.size(); ++c) unmask[c] = 1.0 - mask[c], shift[c] += mask[c] - 1.0;
            divisor = g.addNode("Mul", {lastRow, g.addFloats("scaler.relative_mask", {nf}, toFloats(mask))},
                                "last_row_masked");
            divisor = g.addNode("Add", {divisor, g.addFloats("scaler.plain_mask", {nf}, toFloats(unmask))},
                                "divisor");
        }
        cur = g.addNode("Div", {cur, divisor}, "ratio");
        cur = g.addNode("Sub", {cur, g.addFloats("scaler.feature_shift", {nf}, toFloats(shift, 1.0))}, "centred");
        return g.addNode("Div", {cur, g.addFloats("scaler.feature_scale", {nf}, toFloats(s.scale))}, "scaled");
    }
    // The None scaler (offset 0, scale 1) and constant columns need no arithmetic.
    if (!allEqual(s.offset, 0.0))
        cur = g.addNode("Sub", {cur, g.addFloats("scaler.feature_offset", {nf}, toFloats(s.offset))}, "centred");
    if (!allEqual(s.scale, 1.0))
        cur = g.addNode("Div", {cur, g.addFloats("scaler.feature_scale", {nf}, toFloats(s.scale))}, "scaled");
    return cur;
}

// The target's raw value at each window's last row, [batch, 1]: read from the input when
// the target is a feature, else from the extra graph input.
std::string addLastTarget(OnnxGraphBuilder& g, const std::string& input, int targetFeature,
                          const std::string& lastValueInput) {
    if (targetFeature < 0)
        return g.addNode("Unsqueeze", {lastValueInput, g.addInt64s("last_value.axes", {1}, {1})}, "last_target");
    const std::string cell =
        g.addNode("Slice",
                  {input, g.addInt64s("last_target.starts", {2}, {-1, targetFeature}),
                   g.addInt64s("last_target.ends", {2}, {std::numeric_limits<std::int64_t>::max(), targetFeature + 1}),
                   g.addInt64s("last_target.axes", {2}, {1, 2})},
                  "last_target_cell");  // [batch, 1, 1]
    return g.addNode("Squeeze", {cell, g.addInt64s("last_target.squeeze", {1}, {2})}, "last_target");
}

// ScalerStats::invert for the target: y * scale + offset, or for the relative scaler
// last * (1 + y * scale + offset). Returns the tensor holding the forecasts.
std::string addTargetInversion(OnnxGraphBuilder& g, const ScalerStats& s, const std::string& y,
                               const std::string& lastTarget) {
    std::string cur = y;
    if (s.kind == ScalerKind::Relative) {
        cur = g.addNode("Mul", {cur, g.addFloats("scaler.target_scale", {1}, toFloats(s.scale))}, "target_spread");
        cur = g.addNode("Add", {cur, g.addFloats("scaler.target_shift", {1}, toFloats(s.offset, 1.0))}, "target_ratio");
        return g.addNode("Mul", {cur, lastTarget}, "forecast");
    }
    if (!allEqual(s.scale, 1.0))
        cur = g.addNode("Mul", {cur, g.addFloats("scaler.target_scale", {1}, toFloats(s.scale))}, "target_spread");
    if (!allEqual(s.offset, 0.0))
        cur = g.addNode("Add", {cur, g.addFloats("scaler.target_offset", {1}, toFloats(s.offset))}, "forecast");
    return cur;
}

json scalerJson(const ScalerStats& s) {
    json j = {{"offset", s.offset}, {"scale", s.scale}};
    if (s.plain) j["plain_columns"] = s.plain;  // the last ones, scaled as (raw - offset) / scale
    return j;
}

json metricsJson(const ForecastMetrics& m) {
    // NaN (an undefined metric) is not JSON; nlohmann writes it as null.
    return {{"n", m.n},
            {"mae", m.mae},
            {"rmse", m.rmse},
            {"mape", m.mape},
            {"smape", m.smape},
            {"mase", m.mase},
            {"directional_accuracy", m.directionalAccuracy}};
}

}  // namespace

int onnxTargetFeature(const ProjectFile& project) {
    const auto& names = project.featureNames;
    for (std::size_t f = 0; f < names.size(); ++f)
        if (names[f] == project.series.target) return static_cast<int>(f);
    for (std::size_t f = 0; f < names.size(); ++f)
        if (sameIgnoringCase(names[f], project.series.target)) return static_cast<int>(f);
    return -1;
}

void buildOnnxForecastGraph(OnnxGraphBuilder& g, const ProjectFile& project, const Model& model, bool int8Weights) {
    const std::int64_t nf = static_cast<std::int64_t>(project.featureNames.size());
    const std::int64_t window = project.series.window, horizon = project.series.horizon;
    if (nf < 1 || model.inputSize() != nf)
        throw DataError("ONNX export: the project lists " + std::to_string(nf) + " feature(s), the model takes " +
                        std::to_string(model.inputSize()));
    if (window < 1 || model.outputSize() != horizon)
        throw DataError("ONNX export: the project's horizon is " + std::to_string(horizon) + ", the model gives " +
                        std::to_string(model.outputSize()) + " value(s)");
    checkScaler(project.featureScaler, static_cast<std::size_t>(nf), "feature");
    checkScaler(project.targetScaler, 1, "target");
    if (project.featureScaler.kind != project.targetScaler.kind)
        throw DataError("ONNX export: the project's feature and target scalers are of different kinds");

    const bool relative = project.targetScaler.kind == ScalerKind::Relative;
    const int targetFeature = onnxTargetFeature(project);
    std::string featureList;
    for (const auto& name : project.featureNames) featureList += (featureList.empty() ? "" : ", ") + name;

    // With indicators the input carries the raw rows they look back on before the window, and
    // only the file's columns (and calendar inputs): the graph computes the indicators.
    const std::int64_t lookBack = static_cast<std::int64_t>(onnxIndicatorLookBack(project));
    const std::vector<std::string> rawColumns = onnxRawColumns(project);
    if (lookBack) {
        featureList.clear();
        for (const auto& name : rawColumns) featureList += (featureList.empty() ? "" : ", ") + name;
    }
    const std::string input =
        g.addInput("input", {-1, lookBack + window, static_cast<std::int64_t>(rawColumns.size())}, {"batch"},
                   (lookBack ? "raw rows, oldest first: " + std::to_string(lookBack) +
                                   " rows of history for the indicators, then the window; columns in this order: "
                             : "raw feature rows, oldest first, columns in this order: ") +
                       featureList);
    std::string lastValue;
    if (relative && targetFeature < 0)
        lastValue = g.addInput("last_value", {-1}, {"batch"},
                               "raw value of the target '" + project.series.target +
                                   "' at each window's last row (the relative scaler's reference)");
    g.addOutput("output", {-1, horizon}, {"batch"},
                "forecast of '" + project.series.target + "' for the next " + std::to_string(horizon) +
                    " row(s), in its own units");

    const std::string featureRows = addOnnxIndicatorRows(g, project, input);  // [batch, window, features]
    const std::string scaled = addFeatureScaling(g, project.featureScaler, featureRows);
    // ONNX Runtime's CPU LSTM rejects layout=1 (batch first), so the graph goes time-major.
    const std::string timeMajor =
        g.addNode("Transpose", {scaled}, "time_major", {{"perm", std::vector<std::int64_t>{1, 0, 2}}});
    const std::vector<NamedTensor> params = model.parameters();
    const std::string readout =
        addOnnxLstmReadout(g, model.spec(), static_cast<int>(nf), params, timeMajor, int8Weights);
    const std::string head = addOnnxHead(g, model.spec(), static_cast<int>(horizon), params, readout);
    const std::string lastTarget = relative ? addLastTarget(g, featureRows, targetFeature, lastValue) : "";
    g.renameOutput(addTargetInversion(g, project.targetScaler, head, lastTarget), "output");
}

std::vector<std::pair<std::string, std::string>> onnxForecastMetadata(const ProjectFile& project, const Model& model,
                                                                      const ProjectMetrics* metrics) {
    const ModelSpec& spec = model.spec();
    const int targetFeature = onnxTargetFeature(project);
    const bool lastValueInput = project.targetScaler.kind == ScalerKind::Relative && targetFeature < 0;
    const json scaler = {
        {"kind", toString(project.featureScaler.kind)},
        {"formula",
         project.featureScaler.kind == ScalerKind::Relative
             ? "scaled = (raw / last - 1 - offset) / scale, last = the column's value at the window's last row"
             : "scaled = (raw - offset) / scale"},
        {"features", scalerJson(project.featureScaler)},
        {"target", scalerJson(project.targetScaler)}};
    const json modelJson = {{"cell", spec.bidirectional ? "BiLSTM" : "LSTM"},
                            {"hidden", spec.hidden},
                            {"layers", spec.layers},
                            {"bidirectional", spec.bidirectional},
                            {"residual", spec.residual},
                            {"head", toString(spec.head)},
                            {"parameters", model.parameterCount()}};
    std::vector<std::pair<std::string, std::string>> meta = {
        {"task", toString(TaskKind::Forecast)},
        {"target", project.series.target},
        {"feature_names", json(project.featureNames).dump()},
        {"window", std::to_string(project.series.window)},
        {"horizon", std::to_string(project.series.horizon)},
        {"scaler", scaler.dump()},
        {"model", modelJson.dump()},
        {"inputs", lastValueInput ? "input [batch, window, features] raw; last_value [batch] raw target at the last row"
                                  : "input [batch, window, features] raw"},
        {"data_sha256", project.dataSha256},
    };
    if (!project.series.indicators.empty()) {
        const std::size_t lookBack = onnxIndicatorLookBack(project);
        meta.emplace_back("look_back", std::to_string(lookBack));
        for (auto& [key, value] : meta)
            if (key == "inputs")
                value = "input [batch, look_back + window, input_columns] raw (the rows before the window feed the "
                        "indicators)" +
                        std::string(lastValueInput ? "; last_value [batch] raw target at the last row" : "");
        meta.emplace_back("indicators",
                          json{{"items", project.series.indicators},
                               {"input_columns", onnxRawColumns(project)},
                               {"input_rows", "look_back + window"},
                               {"definitions", "core/data/technical_indicators.h; computed inside the graph from the "
                                               "input's rows, which begin look_back rows before the window"}}
                              .dump());
    }
    if (!project.series.calendar.empty())
        meta.emplace_back("calendar",
                          "columns calendar:<part>_sin/_cos = sin/cos(2·pi·phase/period) of each row's time: month "
                          "(January 0, period 12), weekday (Monday 0, period 7), hour (time of day in hours, period "
                          "24); parts: " + json(project.series.calendar).dump());
    if (metrics)
        meta.emplace_back("test_metrics", json{{"split", metrics->split},
                                               {"model", metricsJson(metrics->model)},
                                               {"naive", metricsJson(metrics->naive)}}
                                              .dump());
    return meta;
}

}  // namespace studio
