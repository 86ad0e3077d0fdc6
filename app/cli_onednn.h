#pragma once

#include <atomic>

namespace CLI {
class App;
}

namespace studio {

// Registers `quantize` (int8 model of a project, its accuracy against fp32) and `bench`
// (training speed, memory, prediction latency and accuracy per inference backend). Both
// print a report on stdout and progress on stderr, run from their CLI11 callback inside
// app.parse() so studio errors map to the CLI's exit codes there, and stop early when
// `cancel` is set (SIGINT). Built in every configuration; without oneDNN, quantize says
// so and bench measures the LibTorch backend only.
void addOnednnCommands(CLI::App& app, const std::atomic<bool>& cancel);

}  // namespace studio
