#include "training/train_json.h"

#include "base/error.h"

#include <cmath>
#include <sstream>

namespace studio {

Json trainConfigJson(const TrainConfig& t) {
    return {{"epochs", t.epochs},
            {"batch_size", t.batchSize},
            {"lr", t.lr},
            {"optimizer", toString(t.optimizer)},
            {"momentum", t.momentum},
            {"weight_decay", t.weightDecay},
            {"schedule", toString(t.schedule)},
            {"clip", t.clip},
            {"patience", t.patience},
            {"seed", t.seed},
            {"threads", t.threads},
            {"device", t.device},
            {"engine", t.engine}};
}

TrainConfig trainConfigFrom(const Json& t) {
    TrainConfig c;
    c.epochs = t.at("epochs").get<int>();
    c.batchSize = t.at("batch_size").get<int>();
    c.lr = t.at("lr").get<double>();
    c.optimizer = parseEnum<OptimizerKind>(t.at("optimizer").get<std::string>());
    c.momentum = t.value("momentum", 0.9);
    c.weightDecay = t.value("weight_decay", 0.01);
    c.schedule = parseEnum<ScheduleKind>(t.at("schedule").get<std::string>());
    c.clip = t.at("clip").get<double>();
    c.patience = t.at("patience").get<int>();
    c.seed = t.at("seed").get<std::uint64_t>();
    c.threads = t.value("threads", 1);
    c.device = t.value("device", "auto");
    c.engine = t.value("engine", "auto");
    return c;
}

Json epochStatsJson(const EpochStats& s) {
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

EpochStats epochStatsFrom(const Json& j) {
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
    return s;
}

std::string historyJsonLines(const std::vector<EpochStats>& history) {
    std::string text;
    for (const auto& s : history) text += epochStatsJson(s).dump() + "\n";
    return text;
}

std::vector<EpochStats> historyFromJsonLines(const std::string& text, const std::string& source) {
    std::istringstream in(text);
    std::vector<EpochStats> out;
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty()) continue;
        try {
            out.push_back(epochStatsFrom(Json::parse(line)));
        } catch (const Json::exception& e) {
            throw DataError(source + ":" + std::to_string(lineNo) + ": malformed history line (" + e.what() + ")");
        }
    }
    return out;
}

}  // namespace studio
