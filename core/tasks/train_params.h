#pragma once

// The settings of a training run as named options: the `train` command line's names
// ("hidden", "lr", "window" ...) with their values as text. A run records them (run.json,
// the ledger's params table), a sweep varies them, a rerun trains from them. Written for
// both job families from one table each, so every setting a run has is a parameter and a
// run rebuilt from its parameters trains exactly as the original did.

#include "tasks/task.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace studio {

// A new training run of either family.
using TrainingJobConfig = std::variant<ForecastJobConfig, TextJobConfig>;

// Name -> value, in the order the table lists them ("data" and "task" first).
using TrainParams = std::vector<std::pair<std::string, std::string>>;

TrainParams trainParams(const TrainingJobConfig& job);

// A job of `params`' task (its "task" entry; forecast when absent) with each parameter set;
// parameters not given keep the task's defaults. Throws UsageError naming an unknown
// parameter or a value that does not read as the parameter's type.
TrainingJobConfig trainingJobFrom(const TrainParams& params);

// Sets one parameter of `job`; throws UsageError as above.
void setTrainParam(TrainingJobConfig& job, const std::string& name, const std::string& value);

// The names a job of `job`'s family takes, in table order.
std::vector<std::string> trainParamNames(const TrainingJobConfig& job);

// The job that trained the project in `dir` (its data, settings and seed; outDir empty).
TrainingJobConfig trainingJobOfProject(const std::string& dir);

// Trains `job` into job.outDir (a new or empty folder): trainForecast or trainText.
TaskResult trainJob(const TrainingJobConfig& job, TrainObserver* observer = nullptr,
                    const std::atomic<bool>* cancel = nullptr);

const std::string& outDirOf(const TrainingJobConfig& job);
void setOutDir(TrainingJobConfig& job, const std::string& dir);
const TrainConfig& trainConfigOf(const TrainingJobConfig& job);
TaskKind taskOfJob(const TrainingJobConfig& job);

}  // namespace studio
