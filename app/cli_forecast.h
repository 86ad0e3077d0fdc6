#pragma once

#include <atomic>

namespace CLI {
class App;
}

namespace studio {

// Registers the commands over a forecast project's future and past (tasks/forecast/forecast_future.h):
//   forecast --project DIR [--data FILE] --steps N [--levels 80,95] --out FILE.csv
//   backtest --project DIR [--folds K] [--refit none|every] [--out DIR2]
// Both run from their CLI11 callbacks; `cancel` (SIGINT) stops a backtest between batches.
void addForecastCommands(CLI::App& app, const std::atomic<bool>& cancel);

}  // namespace studio
