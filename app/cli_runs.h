#pragma once

#include <atomic>
#include <string>

namespace CLI {
class App;
}

namespace studio {

// Registers the commands over a project's runs (jobs/runs.h):
//   runs   --project DIR [--json] [--select ID] [--delete ID --yes] [--star ID] [--unstar ID]
//   rerun  --project DIR --run ID
//   sweep  --project DIR --grid NAME=V1,V2,... [--grid ...] [--random N] [--halving]
//          [--jobs P] [--epochs N]
// and the hidden `trial --project DIR --run ID [--epochs N]` a sweep starts each trial
// with, in a process of its own. Each runs from its CLI11 callback inside app.parse(), so
// studio errors map to the CLI's exit codes there; `cancel` (SIGINT) stops a rerun, a
// trial, or a sweep and its trials, keeping what finished.
void addRunsCommands(CLI::App& app, const std::atomic<bool>& cancel);

// train --auto: after the first run of a forecast project, searches window, width, depth
// and learning rate (epochs by successive halving and early stopping; the scaler stays
// auto's choice, as validation losses of different scalers are not comparable) with a sweep
// sized to spend at most about `seconds`, keeps the run of the lowest validation loss
// current (the first run when none beats it) and prints its test metrics.
void cliAutoSearch(const std::string& project, double seconds, const std::atomic<bool>& cancel);

}  // namespace studio
