#pragma once

#include "training/train_config.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace studio {

// Training progress on stderr: a redrawn bar when stderr is a terminal, otherwise one
// line per epoch and, within an epoch that runs long, one every 10 seconds (logs, pipes).
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

// Progress of reading a data file (CsvOptions::progress) on stderr: a redrawn percentage
// on a terminal; otherwise, for files of 16 MiB or more, a line at every quarter. Returns
// false, cancelling the read, once `cancel` is set (Ctrl+C).
std::function<bool(std::size_t done, std::size_t total)> cliLoadProgress(const std::string& path,
                                                                         const std::atomic<bool>& cancel);

} // namespace studio
