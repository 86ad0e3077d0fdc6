#pragma once

#include "train/train_config.h"

#include <chrono>

namespace studio {

// Training progress on stderr: a redrawn bar when stderr is a terminal, otherwise one
// line per epoch (for logs and pipes).
class CliProgress : public TrainObserver {
public:
    explicit CliProgress(int epochs, int firstEpoch = 0);
    void onBatch(const BatchStats& s) override;
    bool onEpoch(const EpochStats& s) override;
    void finish();

private:
    int epochs_;
    int firstEpoch_;
    bool terminal_;
    double lastLoss_ = 0.0;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point lastDraw_;
};

} // namespace studio
