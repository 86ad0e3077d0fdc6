#include "deploy/quantize_job.h"

#include "data/csv_reader.h"
#include "deploy/inference_engine.h"
#include "error.h"
#include "model/model.h"
#include "project/project.h"
#include "project/text_project.h"
#include "util/sha256.h"
#include "util/threads.h"
#include "util/versions.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace studio {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string path(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json metricsJson(const ForecastMetrics& m) {
    return {{"mae", number(m.mae)},   {"rmse", number(m.rmse)},
            {"mape", number(m.mape)}, {"smape", number(m.smape)},
            {"mase", number(m.mase)}, {"directional_accuracy", number(m.directionalAccuracy)}};
}

std::string predictionsCsv(const QuantizeReport& r) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << std::setprecision(10) << "row";
    for (const char* what : {"fp32", "int8", "true"})
        for (std::size_t h = 1; h <= r.horizon; ++h) out << ',' << what << '_' << h;
    out << '\n';
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        out << r.rows[i];
        for (const auto* values : {&r.fp32Pred, &r.int8Pred, &r.truth})
            for (std::size_t h = 0; h < r.horizon; ++h) {
                const double v = (*values)[i * r.horizon + h];
                out << ',';
                if (std::isfinite(v)) out << v;
            }
        out << '\n';
    }
    return out.str();
}

void report(const QuantizeProgress& progress, const char* stage, double fraction) {
    if (progress) progress(stage, fraction);
}

json forecastTestJson(const QuantizeReport& r) {
    const ForecastMetrics& a = r.fp32;
    const ForecastMetrics& b = r.int8;
    return {{"windows", r.rows.size()},
            {"horizon", r.horizon},
            {"fp32", metricsJson(a)},
            {"int8", metricsJson(b)},
            {"difference",
             {{"mae", number(b.mae - a.mae)},
              {"rmse", number(b.rmse - a.rmse)},
              {"rmse_percent", number(r.rmseChangePercent)},
              {"mape", number(b.mape - a.mape)},
              {"smape", number(b.smape - a.smape)},
              {"mase", number(b.mase - a.mase)},
              {"directional_accuracy", number(b.directionalAccuracy - a.directionalAccuracy)},
              {"max_abs_prediction", number(r.maxAbsDifference)}}}};
}

json classificationJson(const ClassificationMetrics& m) {
    return {{"accuracy", number(m.accuracy)}, {"macro_f1", number(m.macroF1)}};
}

json textTestJson(const QuantizeReport& r) {
    if (r.task == "charlm")
        return {{"characters", r.characters},
                {"fp32", {{"bits_per_char", number(r.bitsFp32)}}},
                {"int8", {{"bits_per_char", number(r.bitsInt8)}}},
                {"difference",
                 {{"bits_per_char", number(r.bitsInt8 - r.bitsFp32)}, {"max_abs_logit", number(r.maxAbsDifference)}}}};
    const ClassificationMetrics& a = r.classifyFp32;
    const ClassificationMetrics& b = r.classifyInt8;
    return {{"texts", a.n},
            {"classes", r.classes},
            {"fp32", classificationJson(a)},
            {"int8", classificationJson(b)},
            {"agreement", number(r.agreement)},
            {"difference",
             {{"accuracy_points", number(b.accuracy - a.accuracy)},
              {"macro_f1", number(b.macroF1 - a.macroF1)},
              {"max_abs_probability", number(r.maxAbsDifference)}}}};
}

}  // namespace

QuantizeReport quantizeProject(const std::string& dir, const QuantizeConfig& config, const QuantizeProgress& progress,
                               const std::atomic<bool>* cancel) {
    if (!backendAvailable(Backend::OnednnInt8))
        throw UsageError("quantize runs the int8 model on oneDNN, and this build has none (install libdnnl-dev)");
    if (projectTask(dir) != "forecast") return quantizeTextProject(dir, config, progress, cancel);
    auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
    QuantizeReport r;
    r.projectDir = dir;
    r.options = config.int8;
    applyThreads(config.threads);

    report(progress, "reading the project", 0.0);
    const ProjectFile project = loadProjectFile(dir);
    const CsvTable table = readCsv(project.dataPath);
    if (!project.dataSha256.empty() && sha256File(project.dataPath) != project.dataSha256)
        r.warnings.push_back(project.dataPath + " changed since the project was trained (SHA-256 differs)");
    const SeriesDataset ds = buildSeriesDataset(table, project.series);
    const int time = project.series.window;
    Model model(project.model, static_cast<int>(project.featureNames.size()), project.series.horizon);
    model.to("cpu");
    model.load(path(dir, "model.pt"));

    report(progress, "quantizing", 0.1);
    // The training windows are what the model was fitted on: their spread is the input
    // range the int8 layer 0 is calibrated for.
    const QuantizedModel q = quantizeModel(model, ds.train.x, static_cast<int>(ds.train.count), time, config.int8);
    r.fp32Bytes = 4 * model.parameterCount();
    r.int8Bytes = q.bytes();

    report(progress, "running the test split", 0.2);
    const SeriesWindows& w = ds.test;
    const std::size_t n = w.count, horizon = static_cast<std::size_t>(project.series.horizon);
    r.horizon = horizon;
    r.rows = w.lastRow;
    r.truth = w.truth;
    const std::vector<float> fp32 = model.predict(w.x, static_cast<int>(n), time);
    auto engine = createInt8Engine(q);
    std::vector<float> int8(n * horizon);
    const std::size_t perWindow = std::size_t(time) * model.inputSize();
    // One window per call, as a single prediction runs: each window's layer-0 input is
    // centred on its own mid-range.
    for (std::size_t i = 0; i < n; ++i) {
        if (cancelled()) throw Error("quantize was cancelled; nothing was written");
        engine->predict(w.x.data() + i * perWindow, 1, time, int8.data() + i * horizon);
        if (i % 64 == 0) report(progress, "running the test split", 0.2 + 0.7 * double(i) / n);
    }
    r.fp32Pred.resize(n * horizon);
    r.int8Pred.resize(n * horizon);
    for (std::size_t i = 0; i < n * horizon; ++i) {
        const double last = w.lastValue[i / horizon];
        r.fp32Pred[i] = project.targetScaler.invert(0, fp32[i], last);
        r.int8Pred[i] = project.targetScaler.invert(0, int8[i], last);
        r.maxAbsDifference = std::max(r.maxAbsDifference, std::abs(r.int8Pred[i] - r.fp32Pred[i]));
    }
    r.fp32 = forecastMetrics(r.fp32Pred, r.truth, w.lastValue, horizon, project.naiveScale);
    r.int8 = forecastMetrics(r.int8Pred, r.truth, w.lastValue, horizon, project.naiveScale);
    r.rmseChangePercent = r.fp32.rmse > 0 ? 100.0 * (r.int8.rmse - r.fp32.rmse) / r.fp32.rmse : 0.0;
    r.wideWindows = engine->wideWindows();

    if (config.write && !cancelled()) {
        report(progress, "writing", 0.95);
        saveQuantizedModel(q, path(dir, "model.int8.bin"), path(dir, "model.int8.json"));
        writeFileAtomically(path(dir, "quantize_predictions.csv"), predictionsCsv(r));
        r.written = {path(dir, "model.int8.bin"), path(dir, "model.int8.json"), path(dir, "quantize_predictions.csv"),
                     path(dir, "quantize.json")};
        writeFileAtomically(path(dir, "quantize.json"), quantizeReportJson(r));
    }
    report(progress, "done", 1.0);
    return r;
}

std::string quantizeReportJson(const QuantizeReport& r) {
    json versions = json::object();
    for (const auto& [name, version] : libraryVersions()) versions[name] = version;
    versions["onednn"] = onednnVersion();
    const json test = r.task == "forecast" ? forecastTestJson(r) : textTestJson(r);
    const json j = {
        {"task", r.task},
        {"format", "lstm-studio-quantize"},
        {"format_version", 1},
        {"backend", toString(Backend::OnednnInt8)},
        {"reference", toString(Backend::LibTorchFp32)},
        {"options",
         {{"first_layer_fp32", r.options.firstLayerFp32},
          {"input_percentile", r.options.inputPercentile},
          {"input_headroom", r.options.inputHeadroom}}},
        {"bytes",
         {{"fp32", r.fp32Bytes},
          {"int8", r.int8Bytes},
          {"ratio", r.fp32Bytes ? double(r.int8Bytes) / r.fp32Bytes : 0.0}}},
        {"files",
         {{"model", "model.int8.bin"}, {"scales", "model.int8.json"}, {"predictions", "quantize_predictions.csv"}}},
        {"test", test},
        {"wide_windows", r.wideWindows},
        {"warnings", r.warnings},
        {"versions", versions},
    };
    return j.dump(2) + "\n";
}

}  // namespace studio
