#include "tasks/quantize_report.h"

#include "runtime/inference_engine.h"
#include "base/versions.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace studio {
namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json metricsJson(const ForecastMetrics& m) {
    return {{"mae", number(m.mae)},   {"rmse", number(m.rmse)},
            {"mape", number(m.mape)}, {"smape", number(m.smape)},
            {"mase", number(m.mase)}, {"directional_accuracy", number(m.directionalAccuracy)}};
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
    if (r.task == TaskKind::CharLm)
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

std::string quantizeReportJson(const QuantizeReport& r) {
    json versions = json::object();
    for (const auto& [name, version] : libraryVersions()) versions[name] = version;
    versions["onednn"] = onednnVersion();
    const json test = r.task == TaskKind::Forecast ? forecastTestJson(r) : textTestJson(r);
    const json j = {
        {"task", toString(r.task)},
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
