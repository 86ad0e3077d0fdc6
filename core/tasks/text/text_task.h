#pragma once

// What the two text tasks (classify, charlm) share: their projects, training, evaluation,
// int8 model and benchmark are written once here for a TaskKind given by the subclass
// (tasks/classify, tasks/charlm), which adds its defaults.

#include "tasks/task.h"

namespace studio {

class TextTaskBase : public Task {
public:
    TaskResult resume(const std::string& dir, int epochs, TrainObserver* observer,
                      const std::atomic<bool>* cancel) const override;
    TaskResult evaluate(const std::string& dir) const override;
    std::size_t predict(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                        std::vector<std::string>& warnings) const override;
    // text_quantize.cpp
    void quantize(const std::string& dir, const QuantizeConfig& config, QuantizeReport& report,
                  const QuantizeProgress& progress, const std::function<bool()>& cancelled) const override;
    // text_bench.cpp
    std::unique_ptr<BenchWorkload> benchWorkload(const std::string& dir) const override;
};

}  // namespace studio
