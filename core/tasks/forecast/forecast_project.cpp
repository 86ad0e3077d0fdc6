#include "tasks/forecast/forecast_project.h"

#include "base/error.h"
#include "project/project_folder.h"
#include "project/project_json.h"
#include "tasks/forecast/forecast_json.h"
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
#include <limits>
#include <sstream>
#include <unistd.h>

namespace studio {
namespace {

using nlohmann::json;

ForecastMetrics metricsFrom(const json& j, std::size_t n) {
    ForecastMetrics m;
    m.n = n;
    m.mae = jsonNumberOr(j, "mae", 0), m.rmse = jsonNumberOr(j, "rmse", 0), m.mape = jsonNumberOr(j, "mape", 0);
    m.smape = jsonNumberOr(j, "smape", 0), m.mase = jsonNumberOr(j, "mase", 0);
    m.directionalAccuracy = jsonNumberOr(j, "directional_accuracy", 0);
    return m;
}

json scalerJson(const ScalerStats& s) {
    json j = {{"kind", toString(s.kind)}, {"offset", s.offset}, {"scale", s.scale}};
    if (s.plain) j["plain"] = s.plain;
    return j;
}

ScalerStats scalerFrom(const json& j) {
    ScalerStats s;
    s.kind = parseEnum<ScalerKind>(j.at("kind").get<std::string>());
    s.offset = j.at("offset").get<std::vector<double>>();
    s.scale = j.at("scale").get<std::vector<double>>();
    s.plain = j.value("plain", std::size_t{0});
    if (s.offset.size() != s.scale.size()) throw DataError("scaler offset and scale differ in length");
    if (s.plain > s.offset.size()) throw DataError("scaler has more plain columns than columns");
    return s;
}

json calibrationJson(const IntervalCalibration& c) {
    json widths = json::object();
    for (std::size_t k = 0; k < c.levels.size(); ++k) {
        json steps = json::array();
        for (double w : c.halfWidth[k]) steps.push_back(jsonNumber(w));
        widths[levelName(c.levels[k])] = steps;
    }
    return {{"method", "split conformal, validation rows"},
            {"score", c.relative ? "relative" : "absolute"},
            {"levels", c.levels},
            {"half_width", widths},
            {"windows", c.windows}};
}

IntervalCalibration calibrationFrom(const json& j) {
    IntervalCalibration c;
    c.relative = j.at("score").get<std::string>() == "relative";
    c.levels = j.at("levels").get<std::vector<double>>();
    c.windows = j.value("windows", std::vector<std::size_t>{});
    for (double level : c.levels) {
        std::vector<double> widths;
        for (const json& w : j.at("half_width").at(levelName(level)))
            widths.push_back(w.is_null() ? std::numeric_limits<double>::infinity() : w.get<double>());
        c.halfWidth.push_back(std::move(widths));
    }
    return c;
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
          {"season", s.season},
          {"naive_scale", jsonNumber(p.naiveScale)}}},
        {"scaler", {{"features", scalerJson(p.featureScaler)}, {"target", scalerJson(p.targetScaler)}}},
        {"model",
         {{"type", p.model.bidirectional ? "bilstm" : "lstm"},
          {"hidden", p.model.hidden},
          {"layers", p.model.layers},
          {"dropout", p.model.dropout},
          {"bidirectional", p.model.bidirectional},
          {"residual", p.model.residual},
          {"head", toString(p.model.head)}}},
    });
    if (!p.scalerReason.empty()) j["series"]["scaler_reason"] = p.scalerReason;
    if (!s.calendar.empty()) j["series"]["calendar"] = s.calendar;
    if (!s.indicators.empty()) j["series"]["indicators"] = s.indicators;
    if (!p.intervals.levels.empty()) j["intervals"] = calibrationJson(p.intervals);
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
        p.series.season = s.value("season", 0);
        p.scalerReason = s.value("scaler_reason", "");
        p.series.calendar = s.value("calendar", std::vector<std::string>{});
        p.series.indicators = s.value("indicators", std::vector<std::string>{});
        if (j.contains("intervals")) p.intervals = calibrationFrom(j.at("intervals"));
        p.featureScaler = scalerFrom(j.at("scaler").at("features"));
        p.targetScaler = scalerFrom(j.at("scaler").at("target"));
        if (p.featureScaler.offset.size() != p.featureNames.size() || p.targetScaler.offset.size() != 1)
            throw DataError(path + ": scaler statistics do not match the feature list");
        const json& m = j.at("model");
        p.model.hidden = m.at("hidden").get<int>();
        p.model.layers = m.at("layers").get<int>();
        p.model.dropout = m.at("dropout").get<double>();
        p.model.bidirectional = m.at("bidirectional").get<bool>();
        p.model.residual = m.value("residual", false);
        p.model.head = parseEnum<HeadKind>(m.at("head").get<std::string>());
        p.series.validate();
        p.model.validate();
        p.train.validate();
    });
}

void saveMetrics(const std::string& dir, const ProjectMetrics& m) {
    json j = {{"task", toString(TaskKind::Forecast)},
                    {"split", m.split},
                    {"n", m.model.n},
                    {"model", forecastMetricsJson(m.model, true)},
                    {"naive", forecastMetricsJson(m.naive, true)}};
    if (!m.baselines.empty()) {
        json b = json::object();
        for (const auto& [name, metrics] : m.baselines) {
            b[name] = forecastMetricsJson(metrics, name != "naive");
            if (name == "seasonal_naive") b[name]["season"] = m.season;
        }
        j["baselines"] = b;
    }
    if (!m.intervals.empty()) {
        json i = json::object();
        for (const IntervalBand& band : m.intervals)
            i[levelName(band.level)] = {
                {"n", band.n}, {"coverage", jsonNumber(band.coverage)}, {"mean_width", jsonNumber(band.meanWidth)}};
        j["intervals"] = i;
    }
    if (!m.byStep.empty()) {
        json steps = json::object();
        for (const auto& [name, metrics] : m.byStep) {
            json list = json::array();
            for (const ForecastMetrics& step : metrics)
                list.push_back(forecastMetricsJson(step, !std::isnan(step.directionalAccuracy)));
            steps[name] = list;
        }
        j["by_step"] = steps;
    }
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
        if (j.contains("baselines"))
            for (const auto& [name, b] : j.at("baselines").items()) {
                m.baselines.emplace_back(name, metricsFrom(b, n));
                if (name == "seasonal_naive") m.season = b.value("season", std::size_t{1});
            }
        if (j.contains("intervals"))
            for (const auto& [level, i] : j.at("intervals").items()) {
                IntervalBand band;
                band.level = std::stod(level);
                band.n = i.value("n", std::size_t{0});
                band.coverage = jsonNumberOr(i, "coverage", std::nan(""));
                band.meanWidth = jsonNumberOr(i, "mean_width", std::nan(""));
                m.intervals.push_back(std::move(band));
            }
        if (j.contains("by_step"))
            for (const auto& [name, list] : j.at("by_step").items()) {
                std::vector<ForecastMetrics> steps;
                for (const json& step : list) {
                    steps.push_back(metricsFrom(step, n));
                    if (!step.contains("directional_accuracy")) steps.back().directionalAccuracy = std::nan("");
                }
                m.byStep.emplace_back(name, std::move(steps));
            }
        return m;
    } catch (const json::exception& e) {
        throw DataError(path + ": missing or malformed field (" + e.what() + ")");
    }
}

void savePredictions(const std::string& path, const std::vector<std::size_t>& rows, const std::vector<double>& pred,
                     const std::vector<double>& truth, std::size_t horizon, const std::vector<IntervalBand>& bands) {
    std::string text = "row";
    for (std::size_t h = 1; h <= horizon; ++h) text += ",pred_" + std::to_string(h);
    for (std::size_t h = 1; h <= horizon; ++h) text += ",true_" + std::to_string(h);
    for (const IntervalBand& band : bands)
        for (std::size_t h = 1; h <= horizon; ++h)
            text += ",lower_" + levelName(band.level) + "_" + std::to_string(h) + ",upper_" + levelName(band.level) +
                    "_" + std::to_string(h);
    text += "\n";
    // An interval too wide to calibrate (+-inf) is written as an empty cell.
    const auto bound = [](double v) { return std::isfinite(v) ? formatNumber(v) : std::string(); };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        text += std::to_string(rows[i]);
        for (std::size_t h = 0; h < horizon; ++h) text += "," + formatNumber(pred[i * horizon + h]);
        for (std::size_t h = 0; h < horizon; ++h) text += "," + formatNumber(truth[i * horizon + h]);
        for (const IntervalBand& band : bands)
            for (std::size_t h = 0; h < horizon; ++h)
                text += "," + bound(band.lower[i * horizon + h]) + "," + bound(band.upper[i * horizon + h]);
        text += "\n";
    }
    writeOutputFile(path, text);
}

Json forecastMetricsJson(const ForecastMetrics& m, bool direction) {
    Json j = {{"mae", jsonNumber(m.mae)},
              {"rmse", jsonNumber(m.rmse)},
              {"mape", jsonNumber(m.mape)},
              {"smape", jsonNumber(m.smape)},
              {"mase", jsonNumber(m.mase)}};
    if (direction) j["directional_accuracy"] = jsonNumber(m.directionalAccuracy);
    return j;
}

std::string levelName(double level) {
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(6) << level;
    return s.str();
}

ProjectMetrics projectMetrics(const ForecastEvaluation& e) {
    ProjectMetrics m{"test", e.model, e.baseline, {}, e.season, {}};
    for (const BaselineResult& b : e.baselines) m.baselines.emplace_back(b.name, b.metrics);
    if (!e.modelByStep.empty()) {
        m.byStep.emplace_back("model", e.modelByStep);
        for (const BaselineResult& b : e.baselines) m.byStep.emplace_back(b.name, b.byStep);
    }
    for (const IntervalBand& band : e.intervals) {
        IntervalBand summary;
        summary.level = band.level, summary.n = band.n, summary.coverage = band.coverage;
        summary.meanWidth = band.meanWidth;
        m.intervals.push_back(std::move(summary));
    }
    return m;
}

}  // namespace studio
