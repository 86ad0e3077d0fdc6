#include "jobs/model_card.h"

#include "base/file_io.h"
#include "base/json_io.h"
#include "data/calendar_inputs.h"
#include "data/technical_indicators.h"
#include "jobs/jobs.h"
#include "jobs/model_card_examples.h"
#include "jobs/onnx_export.h"
#include "project/project_folder.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/registry.h"
#include "tasks/task_files.h"
#include "tasks/text/text_project.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace studio {
namespace {

namespace fs = std::filesystem;

std::string num(double v) {
    if (!std::isfinite(v)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string metaValue(const OnnxExportResult& r, const std::string& key) {
    for (const auto& [k, v] : r.metadata)
        if (k == key) return v;
    return {};
}

std::string tensorsSection(const OnnxExportResult& r) {
    std::string s = "| tensor | name | type | shape | meaning |\n|---|---|---|---|---|\n";
    for (const auto* list : {&r.inputs, &r.outputs})
        for (const auto& t : *list)
            s += std::string("| ") + (list == &r.inputs ? "input" : "output") + " | `" + t.name + "` | " + t.type +
                 " | " + t.shapeText() + " | " + t.description + " |\n";
    return s;
}

std::string trainingSection(const ProjectRecord& p, const OnnxExportResult& r) {
    const TrainConfig& t = p.train;
    std::string s = "## How it was trained\n\n";
    const std::string model = metaValue(r, "model");
    if (!model.empty()) s += "- Model: `" + model + "`\n";
    s += "- Optimizer " + toString(t.optimizer) + ", learning rate " + num(t.lr) + ", batch size " +
         std::to_string(t.batchSize) + ", gradient clipping " + num(t.clip) + ", seed " + std::to_string(t.seed) + "\n";
    s += "- Epochs: " + std::to_string(p.epochsDone) + " of " + std::to_string(t.epochs) + " run, best epoch " +
         std::to_string(p.bestEpoch) + " (the weights exported)" +
         (p.stopReason.empty() ? "" : "; stopped: " + p.stopReason) + "\n";
    std::string built;
    for (const auto& [name, version] : p.versions) built += (built.empty() ? "" : "; ") + name + " " + version;
    if (!built.empty()) s += "- Built with: " + built + "\n";
    s += "- Data file: `" + p.dataPath + "`, SHA-256 `" + p.dataSha256 + "`\n";
    const std::string weights = metaValue(r, "weights_sha256");
    if (!weights.empty()) s += "- Weights (model.pt) SHA-256 `" + weights + "`; " + metaValue(r, "weights") + "\n";
    s += "- ONNX: IR " + std::to_string(r.irVersion) + ", opset " + std::to_string(r.opset) + "; " + r.checker + "\n";
    return s;
}

// The naive forecast predicts no change, so it has no direction to score (n/a, as metrics.json
// leaves it out).
std::string metricsRow(const std::string& name, const ForecastMetrics& m, bool direction = true) {
    return "| " + name + " | " + std::to_string(m.n) + " | " + num(m.mae) + " | " + num(m.rmse) + " | " + num(m.mape) +
           " | " + num(m.smape) + " | " + num(m.mase) + " | " + (direction ? num(m.directionalAccuracy) : "n/a") +
           " |\n";
}

std::string metricsSection(const std::string& dir, const std::string& target) {
    std::string s = "## Test metrics\n\n";
    if (!ProjectFolder(dir).has(ProjectFolder::kMetrics)) return s + "No metrics.json: the model was not evaluated.\n";
    const ProjectMetrics m = loadMetrics(dir);
    s += "On the " + m.split + " split (the last rows of the file, never seen in training), in the units of '" +
         target +
         "' (MAE, RMSE) or percent (MAPE, sMAPE, direction); MASE is MAE over the one-step naive "
         "forecast's MAE on the training rows. A model worth using beats the baselines.\n\n";
    s += "| forecaster | windows | MAE | RMSE | MAPE % | sMAPE % | MASE | direction % |\n"
         "|---|---|---|---|---|---|---|---|\n";
    s += metricsRow("model", m.model);
    if (m.baselines.empty()) s += metricsRow("naive", m.naive, false);
    for (const auto& [name, metrics] : m.baselines)
        s += metricsRow(name == "seasonal_naive" ? name + " (season " + std::to_string(m.season) + ")" : name, metrics,
                        name != "naive");
    return s;
}

// The rows before each window that the model's technical indicators read (0: none).
std::size_t projectLookBack(const ProjectFile& p) {
    std::vector<std::string> files;
    for (const std::string& name : p.featureNames)
        if (!isIndicatorFeature(name) && !isCalendarFeature(name)) files.push_back(name);
    return indicatorLookBack(parseIndicators(p.series.indicators, files, p.series.target));
}

std::size_t rawColumnCount(const ProjectFile& p) {
    return static_cast<std::size_t>(std::count_if(p.featureNames.begin(), p.featureNames.end(),
                                                  [](const std::string& n) { return !isIndicatorFeature(n); }));
}

std::string inputColumns(const ProjectFile& p, bool lastValue) {
    std::string s;
    const std::string time =
        p.series.timeColumn.empty() ? "the first column of dates" : "'" + p.series.timeColumn + "'";
    std::size_t column = 0;
    for (std::size_t f = 0; f < p.featureNames.size(); ++f) {
        const std::string& name = p.featureNames[f];
        if (isIndicatorFeature(name)) continue;  // computed in the graph, listed below
        s += std::to_string(++column) + ". `" + name + "`: ";
        if (isCalendarFeature(name)) {
            const std::string part = name.substr(std::string(kCalendarPrefix).size());
            s += "computed from the time column (" + time + "): " +
                 (part.rfind("month", 0) == 0     ? "month of the year, January 0, period 12"
                  : part.rfind("weekday", 0) == 0 ? "day of the week, Monday 0, period 7"
                                                  : "time of day in hours, period 24") +
                 "; " + (part.size() > 4 && part.substr(part.size() - 4) == "_sin" ? "sin" : "cos") +
                 "(2·pi·phase/period)\n";
        } else {
            s += "the raw value of column '" + name + "'\n";
        }
    }
    if (!p.series.indicators.empty()) {
        std::string items;
        for (const std::string& item : p.series.indicators) items += (items.empty() ? "`" : ", `") + item + "`";
        s += "\nThe graph computes the technical indicators " + items +
             " (core/data/technical_indicators.h) from these raw columns; each window's rows are preceded by the " +
             std::to_string(projectLookBack(p)) + " rows they look back on.\n";
    }
    if (lastValue)
        s += "\n`last_value`: the raw value of '" + p.series.target +
             "' at each window's last row (the target is no input, but the relative scaler forecasts changes from "
             "it).\n";
    return s;
}

std::string scalerSection(const ProjectFile& p) {
    const ScalerStats& fs = p.featureScaler;
    std::string s = "## Scaler\n\nKind `" + toString(fs.kind) + "`" +
                    (p.scalerReason.empty() ? "" : " (chosen by auto: " + p.scalerReason + ")") +
                    ". The scaling is part of the graph: feed raw values.\n\n";
    s += fs.kind == ScalerKind::Relative
             ? "scaled = (raw / last - 1 - offset) / scale, where last is the column's value at the window's last "
               "row; the forecast is last · (1 + scaled · scale + offset) of the target.\n\n"
             : "scaled = (raw - offset) / scale; the forecast is scaled · scale + offset of the target.\n\n";
    s += "| column | offset | scale |\n|---|---|---|\n";
    for (std::size_t f = 0; f < p.featureNames.size() && f < fs.offset.size(); ++f)
        s += "| " + p.featureNames[f] + " | " + num(fs.offset[f]) + " | " + num(fs.scale[f]) +
             (f + fs.plain >= fs.offset.size() && fs.plain ? " (plain)" : "") + " |\n";
    if (!p.targetScaler.offset.empty())
        s += "| target " + p.series.target + " | " + num(p.targetScaler.offset[0]) + " | " +
             num(p.targetScaler.scale[0]) + " |\n";
    return s;
}

std::string forecastCard(const std::string& dir, const ProjectFile& p, const OnnxExportResult& r,
                         const ModelCardFiles& files) {
    const int targetFeature = [&] {
        for (std::size_t f = 0; f < p.featureNames.size(); ++f)
            if (p.featureNames[f] == p.series.target) return static_cast<int>(f);
        return -1;
    }();
    bool lastValue = false;
    for (const auto& t : r.inputs) lastValue = lastValue || t.name == "last_value";
    const std::string onnxName = fs::path(r.path).filename().string();
    const std::string target = p.series.target;
    std::string s = "# " + onnxName + ": LSTM forecaster of '" + target + "'\n\n";
    s += "Exported by LSTM Studio " STUDIO_VERSION ". Given the last " + std::to_string(p.series.window) +
         " rows of a series it forecasts '" + target + "' for the next " + std::to_string(p.series.horizon) +
         " row(s). `" + fs::path(files.example).filename().string() +
         "` beside this card runs it on a CSV file (Python 3, numpy, onnxruntime).\n\n";
    s += "## Inputs\n\n- Window: " + std::to_string(p.series.window) +
         " rows, oldest first\n- Horizon: " + std::to_string(p.series.horizon) + " row(s)\n- Missing cells: `" +
         toString(p.series.missing) + "` (" +
         (p.series.missing == MissingPolicy::ForwardFill ? "filled from the row above" : "the row is dropped") +
         "); repeated times: `" + toString(p.series.duplicates) + "`\n\n";
    s += "Columns of `input` [batch, " + std::to_string(projectLookBack(p) + p.series.window) + ", " +
         std::to_string(rawColumnCount(p)) + "], in this order:\n\n" + inputColumns(p, lastValue);
    if (targetFeature < 0 && !lastValue) s += "\nThe target '" + target + "' is no input.\n";
    s += "\n" + tensorsSection(r) + "\n";
    s += "## Output\n\n`output` [batch, " + std::to_string(p.series.horizon) + "]: column h is the forecast of '" +
         target + "' h row(s) after the window's last row, in the units of the column '" + target +
         "' in the data file (the graph inverts the scaling). The row of a window is the 0-based data row "
         "(header and blank lines not counted) of its last input row, as in predict's predictions.csv.\n\n";
    s += "## Running it\n\n    python3 " + fs::path(files.example).filename().string() +
         " DATA.csv [--last N]\n\nDATA.csv needs the columns above" +
         (p.series.calendar.empty() ? "" : " and the time column (ISO dates)") +
         ", rows in time order; the script applies the missing-value policy, builds one window ending at every "
         "usable row and prints `row,pred_1,...` as `lstm-studio-cli predict` writes them.\n\n";
    s += scalerSection(p) + "\n" + metricsSection(dir, target) + "\n";
    s += "## Data\n\n`" + p.dataPath + "`\n\n- SHA-256: `" + p.dataSha256 +
         "`\n- Rows: " + std::to_string(p.trainRows) + " training, " + std::to_string(p.valRows) + " validation, " +
         std::to_string(p.testRows) + " test (in time order)\n\n";
    return s + trainingSection(p, r);
}

std::string textCard(const std::string& dir, const OnnxExportResult& r, const ModelCardFiles& files) {
    const ProjectRecord p = loadProjectRecord(dir);
    const std::string task = metaValue(r, "task");
    std::string s = "# " + fs::path(r.path).filename().string() + ": LSTM Studio " + task + " model\n\n";
    s += "Exported by LSTM Studio " STUDIO_VERSION ". The tokenizer and vocabulary are in the ONNX metadata.";
    if (!files.example.empty())
        s += " `" + fs::path(files.example).filename().string() +
             " DATA.csv` prints the model's label and probabilities for each text of a CSV file, as "
             "`lstm-studio-cli predict` does.";
    s += "\n\n## Inputs and outputs\n\n" + tensorsSection(r) + "\n## Metadata\n\n";
    for (const auto& [key, value] : r.metadata)
        if (value.size() <= 400 && key != "test_metrics" && key.rfind("weights", 0) != 0 && key != "model")
            s += "- " + key + ": `" + value + "`\n";
    s += "\n## Test metrics\n\n";
    if (ProjectFolder(dir).has(ProjectFolder::kMetrics))
        s += "```json\n" + parseJsonFile(ProjectFolder(dir).path(ProjectFolder::kMetrics)).dump() + "\n```\n\n";
    else
        s += "No metrics.json: the model was not evaluated.\n\n";
    s += "## Data\n\n`" + p.dataPath + "`\n\n- SHA-256: `" + p.dataSha256 + "`\n\n";
    return s + trainingSection(p, r);
}

}  // namespace

ModelCardFiles modelCardFiles(const std::string& dir, const std::string& onnxPath) {
    const fs::path onnx(onnxPath);
    ModelCardFiles f;
    f.card = (onnx.parent_path() / onnx.stem()).string() + ".md";
    const TaskKind task = taskOf(dir);
    if (!isTextTask(task) || task == TaskKind::Classify) f.example = (onnx.parent_path() / "example.py").string();
    return f;
}

ModelCardFiles writeModelCard(const std::string& dir, const OnnxExportResult& result) {
    const ModelCardFiles files = modelCardFiles(dir, result.path);
    // Never over the project's own files or its data.
    checkOutputPath(dir, files.card);
    if (!files.example.empty()) checkOutputPath(dir, files.example);
    if (isTextTask(taskOf(dir))) {
        writeFileAtomically(files.card, textCard(dir, result, files));
        if (!files.example.empty()) writeFileAtomically(files.example, classifierExampleScript(loadTextProjectFile(dir), result));
        return files;
    }
    const ProjectFile project = loadProjectFile(dir);
    writeFileAtomically(files.card, forecastCard(dir, project, result, files));
    writeFileAtomically(files.example, forecastExampleScript(project, result));
    return files;
}

}  // namespace studio
