#include "jobs/inspect.h"

#include "base/error.h"
#include "base/json_io.h"
#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "data/series_rows.h"
#include "data/text_dataset.h"
#include "data/text_tokenizer.h"
#include "data/time_axis.h"
#include "data/vocabulary.h"
#include "jobs/runs.h"
#include "nn/model.h"
#include "nn/text_model.h"
#include "tasks/forecast/forecast_evaluation.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/registry.h"
#include "tasks/task_kind.h"
#include "tasks/text/text_job.h"
#include "tasks/text/text_project.h"

#include <algorithm>
#include <filesystem>

namespace studio {
namespace {

namespace fs = std::filesystem;

LstmShape shapeOf(int input, int hidden, int layers, bool bidirectional, bool residual = false) {
    LstmShape s;
    s.input = input;
    s.hidden = hidden;
    s.layers = layers;
    s.bidirectional = bidirectional;
    s.residual = residual;
    return s;
}

void inspectForecast(const std::string& dir, std::size_t row, InspectResult& r) {
    const ProjectFile project = loadProjectFile(dir);
    const CsvTable table = readCsv(project.dataPath);
    SeriesReport report;
    const SeriesRows rows = readInferenceRows(table, project.series, project.series.scaler, report);
    const SeriesWindows w = buildInferenceWindows(table, project.series, project.featureScaler,
                                                  project.targetScaler, nullptr);
    const auto at = std::find(w.lastRow.begin(), w.lastRow.end(), row);
    if (at == w.lastRow.end()) {
        if (w.count == 0) throw DataError(project.dataPath + ": no window fits the file");
        throw DataError("data row " + std::to_string(row) + " ends no window: windows end at rows " +
                        std::to_string(w.lastRow.front()) + " to " + std::to_string(w.lastRow.back()) +
                        " (rows dropped for missing values end none)");
    }
    const std::size_t index = at - w.lastRow.begin();
    const int window = project.series.window, features = static_cast<int>(project.featureNames.size());
    const std::size_t horizon = project.series.horizon;
    const std::vector<float> x(w.x.begin() + index * window * features, w.x.begin() + (index + 1) * window * features);
    // The usable row that ends the window, and the window's rows before it.
    const auto last = std::find(rows.dataRow.begin(), rows.dataRow.end(), row);
    if (last == rows.dataRow.end() || last - rows.dataRow.begin() + 1 < window)
        throw DataError("data row " + std::to_string(row) + " ends no window");
    const std::size_t first = (last - rows.dataRow.begin()) + 1 - window;
    for (int t = 0; t < window; ++t) {
        const std::size_t u = first + t;
        r.rows.push_back(rows.dataRow[u]);
        r.steps.push_back(rows.time.empty() || std::isnan(rows.time[u]) ? "row " + std::to_string(rows.dataRow[u])
                                                                       : formatTime(rows.time[u], rows.timeIsDate));
        r.x.emplace_back(x.begin() + t * features, x.begin() + (t + 1) * features);
    }
    r.inputNames = project.featureNames;
    const Model model = loadForecastModel(dir, project, "cpu");
    r.hidden = project.model.hidden;
    r.layers = traceLstm(model.parameters(), "lstm",
                         shapeOf(features, project.model.hidden, project.model.layers, project.model.bidirectional,
                                 project.model.residual),
                         x, window);
    // The forecast in the target's units, as predict computes it.
    SeriesWindows one;
    one.count = 1;
    one.x = x;
    one.y.assign(w.y.begin() + index * horizon, w.y.begin() + (index + 1) * horizon);
    one.truth.assign(w.truth.begin() + index * horizon, w.truth.begin() + (index + 1) * horizon);
    one.lastRow = {row};
    one.lastValue = {w.lastValue[index]};
    const ForecastEvaluation e = evaluateWindows(model, one, project.series, project.targetScaler, project.naiveScale);
    for (std::size_t h = 0; h < horizon; ++h) {
        r.outputNames.push_back("pred_" + std::to_string(h + 1));
        r.output.push_back(e.pred[h]);
    }
}

void inspectText(const std::string& dir, const std::string& text, InspectResult& r) {
    const TextProjectFile project = loadTextProjectFile(dir);
    const Vocabulary vocab = Vocabulary::fromTokens(project.vocab);
    const bool classify = project.task == TaskKind::Classify;
    const std::vector<int> ids = classify ? encodeText(text, project.text, vocab)
                                          : vocab.encode(tokenize(text, project.text.tokenizer));
    if (ids.empty()) throw UsageError("inspect: the text has no tokens");
    const TextModel model = loadTextModel(dir, project, "cpu");
    const std::vector<NamedTensor> params = model.parameters();
    const TextModelSpec& spec = model.spec();
    const NamedTensor* embedding = nullptr;
    for (const NamedTensor& p : params)
        if (p.name == "embedding.weight") embedding = &p;
    if (!embedding || embedding->shape.size() != 2) throw Error("inspect: the model has no embedding");
    const int dim = static_cast<int>(embedding->shape[1]);
    std::vector<float> x;
    for (int id : ids) {
        const auto row = embedding->values.begin() + static_cast<std::ptrdiff_t>(id) * dim;
        x.insert(x.end(), row, row + dim);
        r.steps.push_back(vocab.token(id));
        r.x.emplace_back(row, row + dim);
    }
    for (int k = 0; k < dim; ++k) r.inputNames.push_back("embedding_" + std::to_string(k));
    r.hidden = spec.hidden;
    r.layers = traceLstm(params, "lstm", shapeOf(dim, spec.hidden, spec.layers, spec.bidirectional), x,
                         static_cast<int>(ids.size()));
    if (classify) {
        const std::vector<float> p = model.classify({ids});
        for (std::size_t k = 0; k < project.classes.size() && k < p.size(); ++k) {
            r.outputNames.push_back("p_" + project.classes[k]);
            r.output.push_back(p[k]);
        }
    }
}

Json floats(const std::vector<float>& v) {
    Json a = Json::array();
    for (float f : v) a.push_back(f);
    return a;
}

}  // namespace

InspectResult inspectModel(const InspectRequest& request) {
    std::string dir = request.dir;
    InspectResult r;
    r.run = request.run.empty() ? currentRunId(dir) : request.run;
    if (!request.run.empty()) {
        dir = runFolder(request.dir, request.run);
        if (!fs::exists(fs::path(dir) / "project.json"))
            throw UsageError(request.dir + " has no run " + request.run + " with a model");
    }
    const TaskKind task = taskOf(dir);
    r.task = toString(task);
    if (task == TaskKind::Forecast) {
        if (!request.row) throw UsageError("inspect: a forecast project needs --row N (the data row a window ends at)");
        if (request.text) throw UsageError("inspect: --text is for text models; a forecast project takes --row");
        inspectForecast(dir, *request.row, r);
    } else {
        if (!request.text) throw UsageError("inspect: a text model needs --text \"...\"");
        if (request.row) throw UsageError("inspect: --row is for forecast projects; a text model takes --text");
        inspectText(dir, *request.text, r);
    }
    return r;
}

std::string inspectJson(const InspectResult& r, const InspectRequest& request) {
    Json doc;
    doc["task"] = r.task;
    doc["run"] = r.run;
    if (request.row) doc["input"] = {{"row", *request.row}};
    if (request.text) doc["input"] = {{"text", *request.text}};
    doc["hidden"] = r.hidden;
    doc["inputs"] = r.inputNames;
    Json outputs = Json::object();
    for (std::size_t k = 0; k < r.output.size(); ++k) outputs[r.outputNames[k]] = r.output[k];
    doc["outputs"] = outputs;
    Json layers = Json::array();
    for (const GateLayerTrace& trace : r.layers) {
        Json steps = Json::array();
        for (std::size_t t = 0; t < trace.steps.size(); ++t) {
            const GateStep& s = trace.steps[t];
            Json step = {{"t", r.steps[t]}};
            if (t < r.rows.size()) step["row"] = r.rows[t];
            step["x"] = floats(r.x[t]);
            step["i"] = floats(s.i);
            step["f"] = floats(s.f);
            step["g"] = floats(s.g);
            step["o"] = floats(s.o);
            step["c"] = floats(s.c);
            step["h"] = floats(s.h);
            steps.push_back(std::move(step));
        }
        layers.push_back({{"layer", trace.layer},
                          {"direction", trace.backward ? "backward" : "forward"},
                          {"mean_forget", trace.meanForget()},
                          {"steps", std::move(steps)}});
    }
    doc["layers"] = std::move(layers);
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace studio
