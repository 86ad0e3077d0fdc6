#pragma once

namespace CLI {
class App;
}

namespace studio {

// Registers `inspect --project DIR (--row N | --text "...") [--run ID] --out FILE.json`: the
// gates and states of every LSTM layer and direction for one input (jobs/inspect.h), written
// as JSON, with a summary of the mean forget gate per layer on stdout.
void addInspectCommand(CLI::App& app);

}  // namespace studio
