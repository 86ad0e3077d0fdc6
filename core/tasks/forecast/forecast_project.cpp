#include "tasks/forecast/forecast_project.h"

#include "base/error.h"
#include "project/project_folder.h"
#include "project/project_json.h"
#include "tasks/project_record_json.h"
#include "training/train_json.h"
#include "base/file_io.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <unistd.h>

namespace studio {
namespace {

using nlohmann::json;

json metricsJson(const ForecastMetrics& m, bool full) {
    json j = {{"mae", jsonNumber(m.mae)},
              {"rmse", jsonNumber(m.rmse)},
              {"mape", jsonNumber(m.mape)},
              {"smape", jsonNumber(m.smape)},
              {"mase", jsonNumber(m.mase)}};
    if (full) j["directional_accuracy"] = jsonNumber(m.directionalAccuracy);
    return j;
}

ForecastMetrics metricsFrom(const json& j, std::size_t n) {
    ForecastMetrics m;
    m.n = n;
    m.mae = jsonNumberOr(j, "mae", 0), m.rmse = jsonNumberOr(j, "rmse", 0), m.mape = jsonNumberOr(j, "mape", 0);
    m.smape = jsonNumberOr(j, "smape", 0), m.mase = jsonNumberOr(j, "mase", 0);
    m.directionalAccuracy = jsonNumberOr(j, "directional_accuracy", 0);
    return m;
}

json scalerJson(const ScalerStats& s) { return {{"kind", toString(s.kind)}, {"offset", s.offset}, {"scale", s.scale}}; }

ScalerStats scalerFrom(const json& j) {
    ScalerStats s;
    s.kind = parseEnum<ScalerKind>(j.at("kind").get<std::string>());
    s.offset = j.at("offset").get<std::vector<double>>();
    s.scale = j.at("scale").get<std::vector<double>>();
    if (s.offset.size() != s.scale.size()) throw DataError("scaler offset and scale differ in length");
    return s;
}

std::string formatNumber(double v) {
    if (std::isnan(v)) return "";
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(9) << v;
    return s.str();
}

}  // namespace

void saveProjectFile(const std::string& dir, const ProjectFile& p) {
    const SeriesSpec& s = p.series;
    json j = projectRecordJson(p, TaskKind::Forecast);
    j.update({
        {"series",
         {{"target", s.target},
          {"features", p.featureNames},
          {"time_column", s.timeColumn},
          {"window", s.window},
          {"horizon", s.horizon},
          {"stride", s.stride},
          {"split", {s.trainFraction, s.valFraction, s.testFraction}},
          {"scaler", toString(s.scaler)},
          {"missing", toString(s.missing)},
          {"duplicate_times", toString(s.duplicates)},
          {"rows", {{"train", p.trainRows}, {"val", p.valRows}, {"test", p.testRows}}},
          {"naive_scale", jsonNumber(p.naiveScale)}}},
        {"scaler", {{"features", scalerJson(p.featureScaler)}, {"target", scalerJson(p.targetScaler)}}},
        {"model",
         {{"type", p.model.bidirectional ? "bilstm" : "lstm"},
          {"hidden", p.model.hidden},
          {"layers", p.model.layers},
          {"dropout", p.model.dropout},
          {"bidirectional", p.model.bidirectional},
          {"head", toString(p.model.head)}}},
    });
    ProjectFolder(dir).commit(j.dump(2) + "\n");
}

ProjectFile loadProjectFile(const std::string& dir) {
    return loadProjectJson<ProjectFile>(dir, [](const Json& j, const std::string& path, ProjectFile& p) {
        readProjectRecord(j, path, p);
        const std::string task = j.at("task").get<std::string>();
        if (findEnum<TaskKind>(task) != TaskKind::Forecast) throw DataError(path + ": task '" + task + "' is not a forecast");
        const json& s = j.at("series");
        p.series.target = s.at("target").get<std::string>();
        p.featureNames = s.at("features").get<std::vector<std::string>>();
        p.series.features = p.featureNames;
        p.series.timeColumn = s.value("time_column", "");
        p.series.window = s.at("window").get<int>();
        p.series.horizon = s.at("horizon").get<int>();
        p.series.stride = s.value("stride", 1);
        const auto split = s.at("split").get<std::vector<double>>();
        if (split.size() != 3) throw DataError(path + ": series.split must hold three fractions");
        p.series.trainFraction = split[0], p.series.valFraction = split[1], p.series.testFraction = split[2];
        p.series.scaler = parseEnum<ScalerKind>(s.at("scaler").get<std::string>());
        p.series.missing = parseEnum<MissingPolicy>(s.value("missing", "drop"));
        p.series.duplicates = parseEnum<DuplicateTimes>(s.value("duplicate_times", "error"));
        p.trainRows = s.at("rows").at("train").get<std::size_t>();
        p.valRows = s.at("rows").at("val").get<std::size_t>();
        p.testRows = s.at("rows").at("test").get<std::size_t>();
        p.naiveScale = jsonNumberOr(s, "naive_scale", 0.0);
        p.featureScaler = scalerFrom(j.at("scaler").at("features"));
        p.targetScaler = scalerFrom(j.at("scaler").at("target"));
        if (p.featureScaler.offset.size() != p.featureNames.size() || p.targetScaler.offset.size() != 1)
            throw DataError(path + ": scaler statistics do not match the feature list");
        const json& m = j.at("model");
        p.model.hidden = m.at("hidden").get<int>();
        p.model.layers = m.at("layers").get<int>();
        p.model.dropout = m.at("dropout").get<double>();
        p.model.bidirectional = m.at("bidirectional").get<bool>();
        p.model.head = parseEnum<HeadKind>(m.at("head").get<std::string>());
        p.series.validate();
        p.model.validate();
        p.train.validate();
    });
}

void saveMetrics(const std::string& dir, const ProjectMetrics& m) {
    const json j = {{"task", toString(TaskKind::Forecast)},
                    {"split", m.split},
                    {"n", m.model.n},
                    {"model", metricsJson(m.model, true)},
                    {"naive", metricsJson(m.naive, true)}};
    ProjectFolder(dir).stage(ProjectFolder::kMetrics, j.dump(2) + "\n");
}

ProjectMetrics loadMetrics(const std::string& dir) {
    const std::string path = ProjectFolder(dir).path(ProjectFolder::kMetrics);
    const json j = parseJsonFile(path);
    try {
        ProjectMetrics m;
        m.split = j.value("split", "test");
        const std::size_t n = j.at("n").get<std::size_t>();
        m.model = metricsFrom(j.at("model"), n);
        m.naive = metricsFrom(j.at("naive"), n);
        return m;
    } catch (const json::exception& e) {
        throw DataError(path + ": missing or malformed field (" + e.what() + ")");
    }
}

void savePredictions(const std::string& path, const std::vector<std::size_t>& rows, const std::vector<double>& pred,
                     const std::vector<double>& truth, std::size_t horizon) {
    std::string text = "row";
    for (std::size_t h = 1; h <= horizon; ++h) text += ",pred_" + std::to_string(h);
    for (std::size_t h = 1; h <= horizon; ++h) text += ",true_" + std::to_string(h);
    text += "\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        text += std::to_string(rows[i]);
        for (std::size_t h = 0; h < horizon; ++h) text += "," + formatNumber(pred[i * horizon + h]);
        for (std::size_t h = 0; h < horizon; ++h) text += "," + formatNumber(truth[i * horizon + h]);
        text += "\n";
    }
    writeOutputFile(path, text);
}

}  // namespace studio
