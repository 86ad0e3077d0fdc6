#pragma once

#include "tasks/forecast/forecast_job.h"
#include "tasks/text/text_job.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace studio {

class DistributedSession;

// The CLI's subcommands after parsing. Each prints its report on stdout, progress and
// warnings on stderr, and throws studio errors for the caller to map to exit codes.
// train and resume take the data-parallel session this process is part of (nullptr: none).
void cliTrain(ForecastJobConfig config, const std::atomic<bool>& cancel, DistributedSession* dist = nullptr);
void cliResume(const std::string& dir, int epochs, const std::atomic<bool>& cancel, DistributedSession* dist = nullptr);
// evaluate --importance [--repeats N] [--seed S].
struct ImportanceOptions {
    bool on = false;
    int repeats = 5;
    std::uint64_t seed = 1;
};
void cliEvaluate(const std::string& dir, const ImportanceOptions& importance = {});
void cliPredict(const std::string& dir, const std::string& data, const std::string& out);
void cliInfo();
// The forecast metrics of two models side by side, in the order the CLI prints them.
struct MetricRow {
    const char* name;
    double a, b;
};
std::vector<MetricRow> forecastMetricRows(const ForecastMetrics& a, const ForecastMetrics& b);
void cliTrainText(TextJobConfig config, const std::atomic<bool>& cancel, DistributedSession* dist = nullptr);
void cliGenerate(const std::string& dir, const std::string& prompt, int length, double temperature,
                 std::uint64_t seed, const std::atomic<bool>& cancel);

} // namespace studio
