#include "training/train_config.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>

namespace studio {

const EnumNames<OptimizerKind>& enumNames(OptimizerKind) {
    static const EnumNames<OptimizerKind> names{
        "optimizer", {{OptimizerKind::Adam, "adam"}, {OptimizerKind::AdamW, "adamw"}, {OptimizerKind::Sgd, "sgd"}}};
    return names;
}

const EnumNames<ScheduleKind>& enumNames(ScheduleKind) {
    static const EnumNames<ScheduleKind> names{
        "schedule", {{ScheduleKind::Cosine, "cosine"}, {ScheduleKind::Step, "step"}, {ScheduleKind::None, "none"}}};
    return names;
}

const EnumNames<StopReason>& enumNames(StopReason) {
    static const EnumNames<StopReason> names{"stop reason",
                                             {{StopReason::Completed, "completed"},
                                              {StopReason::EarlyStopped, "early_stopped"},
                                              {StopReason::Cancelled, "cancelled"},
                                              {StopReason::Diverged, "diverged"}}};
    return names;
}

std::string fitBatchToData(TrainConfig& config, std::size_t examples) {
    constexpr std::size_t kMinSteps = 10;
    const std::size_t batch = static_cast<std::size_t>(config.batchSize);
    const std::size_t steps = (examples + batch - 1) / batch;
    if (examples == 0 || steps >= kMinSteps) return {};
    const std::string why = std::to_string(examples) + " training examples make an epoch of " + std::to_string(steps) +
                            " optimizer step(s) at batch size " + std::to_string(batch);
    const std::size_t fitted = std::max<std::size_t>(1, examples / kMinSteps);
    if (!config.adaptBatch || fitted >= batch)
        return why + "; a smaller --batch-size (about " + std::to_string(fitted) + ") or more --epochs would train more";
    config.batchSize = static_cast<int>(fitted);
    return "batch size " + std::to_string(fitted) + " instead of " + std::to_string(batch) + ": " + why;
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
        case ScheduleKind::Step:
            return lr * std::pow(0.1, epoch / 10);
        case ScheduleKind::None:
            return lr;
    }
    return lr;
}

}  // namespace studio
