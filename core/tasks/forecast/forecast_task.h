#pragma once

// TaskKind::Forecast: a numeric series, windows of rows in, the next `horizon` values of a
// target out (forecast_job.h for training and evaluation, forecast_project.h for its
// project.json).

#include "tasks/task.h"

namespace studio {

class ForecastTask : public Task {
public:
    TaskKind kind() const override { return TaskKind::Forecast; }
    TaskDefaults defaults() const override;
    TaskResult resume(const std::string& dir, int epochs, TrainObserver* observer,
                      const std::atomic<bool>* cancel) const override;
    TaskResult evaluate(const std::string& dir) const override;
    std::size_t predict(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                        std::vector<std::string>& warnings) const override;
    // forecast_quantize.cpp
    void quantize(const std::string& dir, const QuantizeConfig& config, QuantizeReport& report,
                  const QuantizeProgress& progress, const std::function<bool()>& cancelled) const override;
    // forecast_bench.cpp
    std::unique_ptr<BenchWorkload> benchWorkload(const std::string& dir) const override;
};

}  // namespace studio
