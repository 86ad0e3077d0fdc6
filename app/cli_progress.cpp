#include "cli_progress.h"

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace studio {

CliProgress::CliProgress(int epochs, int firstEpoch)
    : epochs_(epochs), firstEpoch_(firstEpoch), terminal_(isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()), lastDraw_(started_) {}

void CliProgress::onBatch(const BatchStats& s) {
    lastLoss_ = s.loss;
    const auto now = std::chrono::steady_clock::now();
    if (!terminal_) {
        // Logs and pipes: a line every 10 s inside a long epoch, so a slow run shows it lives.
        if (now - lastDraw_ < std::chrono::seconds(10) || s.batch == s.batchesPerEpoch) return;
        lastDraw_ = now;
        std::fprintf(stderr, "  in epoch %d/%d: batch %d/%d, loss %.6f, %.0fs\n", s.epoch, epochs_, s.batch,
                     s.batchesPerEpoch, s.loss, std::chrono::duration<double>(now - started_).count());
        std::fflush(stderr);
        return;
    }
    if (now - lastDraw_ < std::chrono::milliseconds(100) && s.batch != s.batchesPerEpoch) return;
    lastDraw_ = now;
    const double epochsDone = (s.epoch - 1) + double(s.batch) / s.batchesPerEpoch;
    const double fraction = epochsDone / epochs_;
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    const double doneHere = epochsDone - firstEpoch_;
    const double eta = doneHere > 0 ? elapsed / doneHere * (epochs_ - epochsDone) : 0.0;
    constexpr int kWidth = 30;
    char bar[kWidth + 1];
    const int filled = static_cast<int>(fraction * kWidth);
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = 0;
    std::fprintf(stderr, "\r[%s] epoch %d/%d batch %d/%d loss %.5f grad %.3f%s ETA %.0fs   ", bar, s.epoch, epochs_,
                 s.batch, s.batchesPerEpoch, s.loss, s.gradNorm, s.clipped ? " (clipped)" : "", eta);
    std::fflush(stderr);
}

bool CliProgress::onEpoch(const EpochStats& s) {
    lastDraw_ = std::chrono::steady_clock::now();
    if (terminal_) std::fputc('\r', stderr);
    std::fprintf(stderr, "epoch %d/%d  train_loss %.6f  val_loss %.6f  grad_norm %.3f (max %.3f, clipped %.0f%%)  "
                         "lr %.2e  %.1fs%s%s\n",
                 s.epoch, epochs_, s.trainLoss, s.valLoss, s.gradNormMean, s.gradNormMax, 100.0 * s.clippedFraction,
                 s.lr, s.seconds, s.improved ? "  *best" : "", terminal_ ? "                    " : "");
    return true;
}

void CliProgress::finish() { std::fflush(stderr); }

std::function<bool(std::size_t, std::size_t)> cliLoadProgress(const std::string& path,
                                                              const std::atomic<bool>& cancel) {
    const bool terminal = isatty(STDERR_FILENO) == 1;
    auto shown = std::make_shared<int>(-1);  // last percentage (terminal) or quarter printed
    return [path, terminal, shown, &cancel](std::size_t done, std::size_t total) {
        if (cancel.load()) return false;
        if (total == 0) return true;
        const int percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
        // The total counts the file twice (read, then parsed): half of it is the file.
        const double mib = static_cast<double>(total) / 2 / 1048576.0;
        if (terminal) {
            if (percent == *shown) return true;
            *shown = percent;
            std::fprintf(stderr, "\rloading %s: %3d%% of %.1f MiB%s", path.c_str(), percent, mib,
                         done >= total ? "\n" : "");
        } else {
            constexpr double kQuietBelowMib = 16.0;
            const int quarter = percent / 25;
            if (mib < kQuietBelowMib || quarter == *shown) return true;
            *shown = quarter;
            std::fprintf(stderr, "loading %s: %d%% of %.1f MiB\n", path.c_str(), quarter * 25, mib);
        }
        std::fflush(stderr);
        return true;
    };
}

} // namespace studio
