#include "project/project.h"

#include "error.h"
#include "project/json_io.h"
#include "project/project_save.h"

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

std::string joinPath(const std::string& dir, const char* name) { return dir + "/" + name; }

json metricsJson(const ForecastMetrics& m, bool full) {
    json j = {{"mae", jsonNumber(m.mae)}, {"rmse", jsonNumber(m.rmse)}, {"mape", jsonNumber(m.mape)},
              {"smape", jsonNumber(m.smape)}, {"mase", jsonNumber(m.mase)}};
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

json scalerJson(const ScalerStats& s) {
    return {{"kind", toString(s.kind)}, {"offset", s.offset}, {"scale", s.scale}};
}

ScalerStats scalerFrom(const json& j) {
    ScalerStats s;
    s.kind = scalerFromString(j.at("kind").get<std::string>());
    s.offset = j.at("offset").get<std::vector<double>>();
    s.scale = j.at("scale").get<std::vector<double>>();
    if (s.offset.size() != s.scale.size()) throw DataError("scaler offset and scale differ in length");
    return s;
}

json epochJson(const EpochStats& s) {
    return {{"epoch", s.epoch},
            {"train_loss", jsonNumber(s.trainLoss)},
            {"val_loss", jsonNumber(s.valLoss)},
            {"grad_norm_mean", jsonNumber(s.gradNormMean)},
            {"grad_norm_max", jsonNumber(s.gradNormMax)},
            {"clipped_fraction", jsonNumber(s.clippedFraction)},
            {"lr", jsonNumber(s.lr)},
            {"seconds", jsonNumber(s.seconds)},
            {"samples_per_s", jsonNumber(s.samplesPerSecond)},
            {"improved", s.improved},
            {"val_metric", jsonNumber(s.valMetric)}};
}

std::string formatNumber(double v) {
    if (std::isnan(v)) return "";
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(9) << v;
    return s.str();
}

} // namespace

void writeFileAtomically(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp" + std::to_string(::getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error("cannot write " + tmp + ": " + std::strerror(errno));
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fflush(f) == 0 &&
                    ::fsync(fileno(f)) == 0;
    if (std::fclose(f) != 0 || !ok) {
        std::remove(tmp.c_str());
        throw Error("cannot write " + tmp + " (disk full?)");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error("cannot replace " + path + ": " + std::strerror(errno));
    }
}

void saveModelFile(const std::string& dir, const std::function<void(const std::string& path)>& save) {
    stageFileWith(dir, "model.pt", save);
}

void saveProjectFile(const std::string& dir, const ProjectFile& p) {
    const SeriesSpec& s = p.series;
    const TrainConfig& t = p.train;
    json j = {
        {"format", "lstm-studio-project"},
        {"format_version", p.formatVersion},
        {"task", p.task},
        {"data", {{"path", p.dataPath}, {"sha256", p.dataSha256}}},
        {"series",
         {{"target", s.target}, {"features", p.featureNames}, {"time_column", s.timeColumn},
          {"window", s.window}, {"horizon", s.horizon}, {"stride", s.stride},
          {"split", {s.trainFraction, s.valFraction, s.testFraction}}, {"scaler", toString(s.scaler)},
          {"missing", toString(s.missing)}, {"rows", {{"train", p.trainRows}, {"val", p.valRows}, {"test", p.testRows}}},
          {"naive_scale", jsonNumber(p.naiveScale)}}},
        {"scaler", {{"features", scalerJson(p.featureScaler)}, {"target", scalerJson(p.targetScaler)}}},
        {"model",
         {{"type", p.model.bidirectional ? "bilstm" : "lstm"}, {"hidden", p.model.hidden}, {"layers", p.model.layers},
          {"dropout", p.model.dropout}, {"bidirectional", p.model.bidirectional}, {"head", toString(p.model.head)}}},
        {"train", trainConfigJson(t)},
        {"seed", t.seed},
        {"versions", versionsJson(p.versions)},
        {"status",
         {{"epochs_done", p.epochsDone}, {"best_epoch", p.bestEpoch}, {"stop_reason", p.stopReason},
          {"message", p.message}}},
    };
    commitProjectSave(dir, j.dump(2) + "\n");
}

ProjectFile loadProjectFile(const std::string& dir) {
    const std::string path = joinPath(dir, "project.json");
    recoverProjectSave(dir);
    const json j = parseJsonFile(path);
    ProjectFile p;
    try {
        p.formatVersion = checkProjectFormat(j, path, ProjectFile::kFormatVersion);
        p.task = j.at("task").get<std::string>();
        if (p.task != "forecast") throw DataError(path + ": task '" + p.task + "' is not supported by this version");
        p.dataPath = j.at("data").at("path").get<std::string>();
        p.dataSha256 = j.at("data").value("sha256", "");
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
        p.series.scaler = scalerFromString(s.at("scaler").get<std::string>());
        p.series.missing = missingPolicyFromString(s.value("missing", "drop"));
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
        p.model.head = headFromString(m.at("head").get<std::string>());
        p.train = trainConfigFrom(j.at("train"));
        p.versions = versionsFrom(j.value("versions", json::object()));
        const json status = j.value("status", json::object());
        p.epochsDone = status.value("epochs_done", 0);
        p.bestEpoch = status.value("best_epoch", 0);
        p.stopReason = status.value("stop_reason", "");
        p.message = status.value("message", "");
        p.series.validate();
        p.model.validate();
        p.train.validate();
    } catch (const json::exception& e) {
        throw DataError(path + ": missing or malformed field (" + e.what() + ")");
    } catch (const UsageError& e) {
        throw DataError(path + ": " + e.what());
    }
    return p;
}

void saveHistory(const std::string& dir, const std::vector<EpochStats>& history) {
    std::string text;
    for (const auto& s : history) text += epochJson(s).dump() + "\n";
    stageFile(dir, "history.jsonl", text);
}

std::vector<EpochStats> loadHistory(const std::string& dir) {
    const std::string path = joinPath(dir, "history.jsonl");
    std::istringstream in(readWholeFile(path));
    std::vector<EpochStats> out;
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty()) continue;
        try {
            const json j = json::parse(line);
            EpochStats s;
            s.epoch = j.at("epoch").get<int>();
            s.trainLoss = jsonNumberOr(j, "train_loss", 0);
            s.valLoss = jsonNumberOr(j, "val_loss", 0);
            s.gradNormMean = jsonNumberOr(j, "grad_norm_mean", 0);
            s.gradNormMax = jsonNumberOr(j, "grad_norm_max", 0);
            s.clippedFraction = jsonNumberOr(j, "clipped_fraction", 0);
            s.lr = jsonNumberOr(j, "lr", 0);
            s.seconds = jsonNumberOr(j, "seconds", 0);
            s.samplesPerSecond = jsonNumberOr(j, "samples_per_s", 0);
            s.improved = j.value("improved", false);
            s.valMetric = jsonNumberOr(j, "val_metric", std::nan(""));
            out.push_back(s);
        } catch (const json::exception& e) {
            throw DataError(path + ":" + std::to_string(lineNo) + ": malformed history line (" + e.what() + ")");
        }
    }
    return out;
}

void saveMetrics(const std::string& dir, const ProjectMetrics& m) {
    const json j = {{"task", "forecast"},
                    {"split", m.split},
                    {"n", m.model.n},
                    {"model", metricsJson(m.model, true)},
                    {"naive", metricsJson(m.naive, true)}};
    stageFile(dir, "metrics.json", j.dump(2) + "\n");
}

ProjectMetrics loadMetrics(const std::string& dir) {
    const std::string path = joinPath(dir, "metrics.json");
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
    writeFileAtomically(path, text);
}

} // namespace studio

namespace studio {

Json jsonNumber(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

double jsonNumberOr(const Json& j, const char* key, double fallback) {
    const auto it = j.find(key);
    if (it == j.end()) return fallback;
    return it->is_null() ? std::nan("") : it->get<double>();
}

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path + ": cannot be opened (is this a project folder?)");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int checkProjectFormat(const Json& j, const std::string& path, int newest) {
    const auto format = j.is_object() ? j.find("format") : j.end();
    if (format == j.end() || *format != "lstm-studio-project")
        throw DataError(path + ": not an LSTM Studio project file (expected \"format\": \"lstm-studio-project\")");
    const auto version = j.find("format_version");
    if (version == j.end() || !version->is_number_integer())
        throw DataError(path + ": has no format_version number; expected an integer from 1 to " +
                        std::to_string(newest));
    const long long v = version->get<long long>();
    if (v > newest)
        throw DataError(path + ": written by a newer LSTM Studio (format " + std::to_string(v) + ", this one reads " +
                        "1 to " + std::to_string(newest) + "); open it with that version or newer");
    if (v < 1)
        throw DataError(path + ": format " + std::to_string(v) + " is older than any LSTM Studio release (formats " +
                        "start at 1); train the model again to make a project this version reads");
    return static_cast<int>(v);
}

Json parseJsonFile(const std::string& path) {
    try {
        return Json::parse(readWholeFile(path));
    } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number too large
        throw DataError(path + ": not valid JSON (" + e.what() + ")");
    }
}

Json trainConfigJson(const TrainConfig& t) {
    return {{"epochs", t.epochs},   {"batch_size", t.batchSize},      {"lr", t.lr},
            {"optimizer", toString(t.optimizer)}, {"momentum", t.momentum}, {"weight_decay", t.weightDecay},
            {"schedule", toString(t.schedule)},   {"clip", t.clip},         {"patience", t.patience},
            {"seed", t.seed},       {"threads", t.threads},           {"device", t.device},
            {"engine", t.engine}};
}

TrainConfig trainConfigFrom(const Json& t) {
    TrainConfig c;
    c.epochs = t.at("epochs").get<int>();
    c.batchSize = t.at("batch_size").get<int>();
    c.lr = t.at("lr").get<double>();
    c.optimizer = optimizerFromString(t.at("optimizer").get<std::string>());
    c.momentum = t.value("momentum", 0.9);
    c.weightDecay = t.value("weight_decay", 0.01);
    c.schedule = scheduleFromString(t.at("schedule").get<std::string>());
    c.clip = t.at("clip").get<double>();
    c.patience = t.at("patience").get<int>();
    c.seed = t.at("seed").get<std::uint64_t>();
    c.threads = t.value("threads", 1);
    c.device = t.value("device", "auto");
    c.engine = t.value("engine", "auto");
    return c;
}

Json versionsJson(const std::vector<std::pair<std::string, std::string>>& versions) {
    Json j = Json::object();
    for (const auto& [name, version] : versions) j[name] = version;
    return j;
}

std::vector<std::pair<std::string, std::string>> versionsFrom(const Json& j) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, version] : j.items()) out.emplace_back(name, version.get<std::string>());
    return out;
}

} // namespace studio
