#pragma once

#include "base/enum_names.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

enum class OptimizerKind { Adam, AdamW, Sgd };
enum class ScheduleKind { Cosine, Step, None };

const EnumNames<OptimizerKind>& enumNames(OptimizerKind);
const EnumNames<ScheduleKind>& enumNames(ScheduleKind);

// How to train. Every field has a default.
struct TrainConfig {
    int epochs = 20;
    int batchSize = 64;
    double lr = 1e-3;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double momentum = 0.9;      // SGD only
    double weightDecay = 0.01;  // AdamW only
    // Cosine: annealed from lr to 0 over `epochs`; Step: x0.1 every 10 epochs.
    ScheduleKind schedule = ScheduleKind::Cosine;
    double clip = 1.0;  // max total L2 norm of the gradients; 0 = no clipping
    int patience = 5;   // epochs without a better validation result before stopping; 0 = never
    std::uint64_t seed = 42;
    int threads = 1;  // LibTorch intra-op threads; 0 = a default that never oversubscribes
    std::string device = "auto";
    // What runs the LSTM layers of a forecaster in training: "libtorch" (the reference),
    // "onednn" (oneDNN's fused LSTM training primitives, CPU builds with oneDNN) or "auto"
    // (oneDNN on the CPU where the build has it, else LibTorch). Text models use LibTorch.
    std::string engine = "auto";
    // The batch size is a default nobody chose: a job may lower it on short data
    // (fitBatchToData). Not saved: a project records the batch size it trained with.
    bool adaptBatch = false;

    void validate() const;  // throws UsageError
    // Learning rate for a 0-based epoch under the schedule.
    double lrAt(int epoch) const;
};

// Short data: when `examples` training examples make an epoch of fewer than 10 optimizer
// steps, lowers config.batchSize (with adaptBatch) so that an epoch has about 10 steps, or
// else warns. Returns what it did or the warning, for the user; empty when an epoch is long
// enough.
std::string fitBatchToData(TrainConfig& config, std::size_t examples);

// One batch, reported to the observer as it finishes.
struct BatchStats {
    int epoch = 0;  // 1-based
    int batch = 0;  // 1-based within the epoch
    int batchesPerEpoch = 0;
    double loss = 0.0;      // training loss of this batch (scaled units, MSE)
    double gradNorm = 0.0;  // total L2 norm of the gradients before clipping
    bool clipped = false;
    double lr = 0.0;
    int samples = 0;
};

// One epoch, reported as it finishes; also one line of history.jsonl.
struct EpochStats {
    int epoch = 0;  // 1-based
    double trainLoss = 0.0;
    double valLoss = 0.0;
    double gradNormMean = 0.0;
    double gradNormMax = 0.0;
    double clippedFraction = 0.0;
    double lr = 0.0;
    double seconds = 0.0;
    double samplesPerSecond = 0.0;
    bool improved = false;  // best validation result so far (accuracy for classifiers, else loss)
    // The task's validation figure: accuracy % (classify), bits per character (charlm),
    // NaN for forecasts.
    double valMetric = 0.0;
};

enum class StopReason { Completed, EarlyStopped, Cancelled, Diverged };
const EnumNames<StopReason>& enumNames(StopReason);

struct TrainResult {
    StopReason reason = StopReason::Completed;
    int epochsDone = 0;  // epochs finished, counting those before a resume
    int bestEpoch = 0;   // 1-based; its weights are the model's after training
    double bestValLoss = 0.0;
    std::string message;              // what happened and, for Diverged, what to try
    std::vector<EpochStats> history;  // all epochs, counting those before a resume
};

// Receives progress from Trainer::run on the calling thread.
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    virtual void onBatch(const BatchStats&) {}
    // Return false to stop after this epoch (like a cancel, but at an epoch boundary).
    virtual bool onEpoch(const EpochStats&) { return true; }
};

}  // namespace studio
