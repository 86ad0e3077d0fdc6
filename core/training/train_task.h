#pragma once

// Internal to core: what the Trainer needs of a model and its data. One implementation
// per task (forecast, text classification, character language model), so schedules,
// clipping, early stopping, the NaN guard and checkpoints are written once.

#include "training/trainer.h"  // the models and data it names

#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace studio {

class TrainTask {
public:
    virtual ~TrainTask() = default;
    virtual torch::nn::Module& module() = 0;
    virtual std::int64_t trainCount() const = 0;
    // Mean loss over the training samples `indices`, training mode, graph kept for backward.
    virtual torch::Tensor batchLoss(const std::int64_t* indices, std::int64_t count) = 0;
    // Mean validation loss in evaluation mode. `metric` receives the task's validation
    // figure: accuracy in percent (classify), bits per character (charlm), NaN (forecast).
    virtual double validate(double* metric) = 0;
    // True when the best epoch is the one with the highest validation metric (accuracy)
    // rather than the lowest validation loss.
    virtual bool selectsByMetric() const { return false; }
    // Where the task's work is long enough to need it, checks `cancel` inside batchLoss,
    // its backward pass and validate, throwing CancelledError; nullptr: never.
    virtual void setCancel(const std::atomic<bool>* /*cancel*/) {}
};

// window: input rows per sample. The data must outlive the task.
std::unique_ptr<TrainTask> makeForecastTask(Model& model, const SeriesWindows& train, const SeriesWindows& val,
                                            int window);
std::unique_ptr<TrainTask> makeClassifyTask(TextModel& model, const TextClassData& data);
std::unique_ptr<TrainTask> makeCharLmTask(TextModel& model, const CharLmData& data);

} // namespace studio
