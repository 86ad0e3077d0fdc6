// ForecastTask::quantize: the forecaster in int8 (quantized_model.h) against fp32 on the
// test split, in the target's units.

#include "tasks/forecast/forecast_task.h"

#include "data/csv_reader.h"
#include "runtime/inference_engine.h"
#include "runtime/quantized_model.h"
#include "base/error.h"
#include "nn/model.h"
#include "project/project_folder.h"
#include "tasks/forecast/forecast_project.h"
#include "base/file_io.h"
#include "base/sha256.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace studio {
namespace {

// row,fp32_1..H,int8_1..H,true_1..H
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

}  // namespace

void ForecastTask::quantize(const std::string& dir, const QuantizeConfig& config, QuantizeReport& r,
                            const QuantizeProgress& progress, const std::function<bool()>& cancelled) const {
    auto say = [&](const char* stage, double fraction) {
        if (progress) progress(stage, fraction);
    };
    const ProjectFolder folder(dir);
    say("reading the project", 0.0);
    const ProjectFile project = loadProjectFile(dir);
    const CsvTable table = readCsv(project.dataPath);
    if (!project.dataSha256.empty() && sha256File(project.dataPath) != project.dataSha256)
        r.warnings.push_back(project.dataPath + " changed since the project was trained (SHA-256 differs)");
    const SeriesDataset ds = buildSeriesDataset(table, project.series);
    const int time = project.series.window;
    const Model model = loadForecastModel(dir, project, "cpu");

    say("quantizing", 0.1);
    // The training windows are what the model was fitted on: their spread is the input
    // range the int8 layer 0 is calibrated for.
    QuantizedModel q = quantizeModel(model, ds.train.x, static_cast<int>(ds.train.count), time, config.int8);
    q.weightsSha256 = sha256File(folder.path(ProjectFolder::kModel));
    r.fp32Bytes = 4 * model.parameterCount();
    r.int8Bytes = q.bytes();

    say("running the test split", 0.2);
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
        if (i % 64 == 0) say("running the test split", 0.2 + 0.7 * double(i) / n);
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
        say("writing", 0.95);
        saveQuantizedModel(q, folder.path(ProjectFolder::kInt8Model), folder.path(ProjectFolder::kInt8Scales));
        writeFileAtomically(folder.path(ProjectFolder::kQuantizePredictions), predictionsCsv(r));
        r.written = {folder.path(ProjectFolder::kInt8Model), folder.path(ProjectFolder::kInt8Scales),
                     folder.path(ProjectFolder::kQuantizePredictions)};
    }
}

}  // namespace studio
