#include "tasks/registry.h"

#include "tasks/charlm/charlm_task.h"
#include "tasks/classify/classify_task.h"
#include "tasks/forecast/forecast_task.h"

namespace studio {

const Task& taskFor(TaskKind kind) {
    static const ForecastTask forecast;
    static const ClassifyTask classify;
    static const CharLmTask charlm;
    switch (kind) {
    case TaskKind::Forecast: return forecast;
    case TaskKind::Classify: return classify;
    case TaskKind::CharLm: return charlm;
    }
    return forecast;
}

const Task& taskForProject(const std::string& projectDir) { return taskFor(taskOf(projectDir)); }

const TrainResult& trainResultOf(const TaskResult& result) {
    return std::visit([](const auto& r) -> const TrainResult& { return r.train; }, result);
}

const std::vector<std::string>& warningsOf(const TaskResult& result) {
    return std::visit([](const auto& r) -> const std::vector<std::string>& { return r.warnings; }, result);
}

}  // namespace studio
