#pragma once

#include "training/train_config.h"

#include <atomic>
#include <memory>
#include <string>

namespace studio {

class Model;
class TextModel;
struct SeriesWindows;
struct TextClassData;
struct CharLmData;

// Trains a Model on windows of a series (MSE loss in scaled units) or a TextModel on
// text: mini-batches in a seeded random order, gradient clipping by total L2 norm, an LR schedule per epoch, early
// stopping on validation loss (accuracy for classifiers) and a NaN/Inf guard. After run() the model holds the best
// weights seen (lowest validation loss). Runs synchronously on the calling thread; the
// cancel flag may be set from any thread and is checked between batches.
class Trainer {
public:
    // The model, train and val must outlive the trainer.
    Trainer(Model& model, const TrainConfig& config, const SeriesWindows& train, const SeriesWindows& val,
            int window);
    // Text classification (cross-entropy; validation metric: accuracy %) and character
    // language models (cross-entropy per character; metric: bits per character).
    Trainer(TextModel& model, const TrainConfig& config, const TextClassData& data);
    Trainer(TextModel& model, const TrainConfig& config, const CharLmData& data);
    ~Trainer();

    // Seeds every generator training uses (call before building the Model so its initial
    // weights follow the seed too).
    static void seed(std::uint64_t seed);

    // Where to write a checkpoint at the end of every epoch (empty = none). A checkpoint
    // holds the current weights, the best weights, the optimizer, the schedule position,
    // the early-stopping state, the random generators and the history, so resuming from
    // it gives the same result as not stopping.
    void setCheckpointPath(const std::string& path);
    void loadCheckpoint(const std::string& path);  // throws DataError for a bad file
    // Changes the total number of epochs (for a resume that trains longer).
    void setEpochs(int epochs);

    // Trains from the current epoch up to config.epochs.
    TrainResult run(TrainObserver* observer = nullptr, const std::atomic<bool>* cancel = nullptr);

    // Mean MSE over windows in scaled units, evaluation mode.
    double loss(const SeriesWindows& windows) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace studio
