#pragma once

// Internal to core: what the Trainer needs of a model and its data. One implementation
// per task (forecast, text classification, character language model), so schedules,
// clipping, early stopping, the NaN guard and checkpoints are written once.

#include "training/trainer.h"  // the models and data it names

#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <limits>
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
    // Validation in evaluation mode, over samples that can be split between processes:
    // windows (forecast), texts (classify) or chunks (charlm). validateRange sums over the
    // samples [begin, end); finishValidation turns the sums of all of them into the mean
    // loss and writes the task's figure to `metric`: accuracy in percent (classify), bits
    // per character (charlm), NaN (forecast).
    struct ValidationSums {
        double loss = 0.0;   // summed loss
        double count = 0.0;  // what the loss is divided by (values, texts, characters)
        double hits = 0.0;   // classify: correct predictions
        // loss / count, NaN when nothing was scored.
        double mean() const { return count > 0 ? loss / count : std::numeric_limits<double>::quiet_NaN(); }
    };
    virtual std::int64_t validationCount() const = 0;
    virtual ValidationSums validateRange(std::int64_t begin, std::int64_t end) = 0;
    virtual double finishValidation(const ValidationSums& sums, double* metric) const = 0;
    // Mean validation loss over all samples, and the metric.
    double validate(double* metric) { return finishValidation(validateRange(0, validationCount()), metric); }
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
