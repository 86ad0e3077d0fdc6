#include "tasks/forecast/forecast_task.h"

#include "nn/model_spec.h"
#include "tasks/forecast/forecast_project.h"

namespace studio {

TaskDefaults ForecastTask::defaults() const {
    TaskDefaults d;
    d.hidden = ModelSpec::preset("small").hidden;
    d.bidirectional = false;
    d.lr = TrainConfig{}.lr;
    return d;
}

TaskResult ForecastTask::resume(const std::string& dir, int epochs, TrainObserver* observer,
                                const std::atomic<bool>* cancel) const {
    return resumeForecast(dir, epochs, observer, cancel);
}

TaskResult ForecastTask::evaluate(const std::string& dir) const {
    ForecastJobResult r;
    r.test = evaluateForecast(dir, &r.warnings);
    return r;
}

std::size_t ForecastTask::predict(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                                  std::vector<std::string>& warnings) const {
    return predictForecast(dir, dataPath, outCsv, &warnings);
}

}  // namespace studio
