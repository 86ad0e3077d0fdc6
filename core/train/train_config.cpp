#include "train/train_config.h"

#include "error.h"

#include <cmath>

namespace studio {

std::string toString(OptimizerKind kind) {
    switch (kind) {
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::AdamW: return "adamw";
    case OptimizerKind::Sgd: return "sgd";
    }
    return "adam";
}

OptimizerKind optimizerFromString(const std::string& name) {
    if (name == "adam") return OptimizerKind::Adam;
    if (name == "adamw") return OptimizerKind::AdamW;
    if (name == "sgd") return OptimizerKind::Sgd;
    throw UsageError("unknown optimizer '" + name + "' (expected adam, adamw or sgd)");
}

std::string toString(ScheduleKind kind) {
    switch (kind) {
    case ScheduleKind::Cosine: return "cosine";
    case ScheduleKind::Step: return "step";
    case ScheduleKind::None: return "none";
    }
    return "cosine";
}

ScheduleKind scheduleFromString(const std::string& name) {
    if (name == "cosine") return ScheduleKind::Cosine;
    if (name == "step") return ScheduleKind::Step;
    if (name == "none") return ScheduleKind::None;
    throw UsageError("unknown schedule '" + name + "' (expected cosine, step or none)");
}

std::string toString(StopReason reason) {
    switch (reason) {
    case StopReason::Completed: return "completed";
    case StopReason::EarlyStopped: return "early_stopped";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::Diverged: return "diverged";
    }
    return "completed";
}

void TrainConfig::validate() const {
    if (epochs < 1) throw UsageError("epochs must be at least 1");
    if (batchSize < 1) throw UsageError("batch size must be at least 1");
    if (!(lr > 0.0 && std::isfinite(lr))) throw UsageError("learning rate must be a positive number");
    if (!(clip >= 0.0)) throw UsageError("clip must be 0 (off) or positive");
    if (patience < 0) throw UsageError("patience must be 0 (off) or positive");
    if (threads < 0 || threads > 1024) throw UsageError("threads must be between 0 (default) and 1024");
    if (engine != "auto" && engine != "libtorch" && engine != "onednn")
        throw UsageError("unknown training engine '" + engine + "' (expected auto, libtorch or onednn)");
}

double TrainConfig::lrAt(int epoch) const {
    switch (schedule) {
    case ScheduleKind::Cosine:
        // CosineAnnealingLR with T_max = epochs and eta_min = 0, stepped once per epoch.
        return lr * 0.5 * (1.0 + std::cos(M_PI * epoch / epochs));
    case ScheduleKind::Step: return lr * std::pow(0.1, epoch / 10);
    case ScheduleKind::None: return lr;
    }
    return lr;
}

} // namespace studio
