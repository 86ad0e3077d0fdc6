#pragma once

// Generations of a forecast project that tell each other apart in every file: generation
// g has a model of hidden size 6 or 12 (alternating, so a model.pt of one generation does
// not even fit the project.json of the next) whose every weight is g + 0.5, g % 4 + 1
// history lines with epoch numbers 100 g + i, metrics over n = g windows and one
// prediction for data row g. Shared by project_save_helper (which saves them over and
// over) and test_project_files (which checks what is on disk).

#include "data/series_dataset.h"
#include "nn/model.h"
#include "tasks/forecast/forecast_project.h"
#include "project/project_save.h"

#include <string>
#include <vector>

namespace studio::test {

inline ModelSpec generationModel(int g) {
    ModelSpec spec;
    spec.hidden = g % 2 == 0 ? 6 : 12;
    spec.layers = 1;
    spec.dropout = 0.0;
    return spec;
}

inline ProjectFile generationProject(int g, const std::string& dataPath) {
    ProjectFile p;
    p.dataPath = dataPath;
    p.series.target = "sunspots";
    p.series.features = {"sunspots"};
    p.series.window = 12;
    p.featureNames = {"sunspots"};
    p.model = generationModel(g);
    p.train.epochs = 3;
    p.featureScaler = ScalerStats{ScalerKind::ZScore, {80.0}, {60.0}};
    p.targetScaler = ScalerStats{ScalerKind::ZScore, {80.0}, {60.0}};
    p.trainRows = 2223, p.valRows = 476, p.testRows = 478;
    p.epochsDone = g % 4 + 1;
    p.message = "generation " + std::to_string(g);
    return p;
}

// Writes generation g into `dir` the way a training job saves a project.
inline void saveGeneration(const std::string& dir, int g, const std::string& dataPath) {
    const ProjectFile project = generationProject(g, dataPath);
    Model model(project.model, 1, 1);
    std::vector<NamedTensor> weights = model.parameters();
    for (auto& w : weights) w.values.assign(w.values.size(), static_cast<float>(g) + 0.5f);
    model.setParameters(weights);
    saveModelFile(dir, [&](const std::string& path) { model.save(path); });
    std::vector<EpochStats> history(static_cast<std::size_t>(project.epochsDone));
    for (std::size_t i = 0; i < history.size(); ++i) history[i].epoch = 100 * g + static_cast<int>(i);
    saveHistory(dir, history);
    ProjectMetrics metrics;
    metrics.model.n = metrics.naive.n = static_cast<std::size_t>(g);
    saveMetrics(dir, metrics);
    savePredictions(stageFilePath(dir, "predictions.csv"), {static_cast<std::size_t>(g)}, {1.0}, {2.0}, 1);
    saveProjectFile(dir, project);
}

}  // namespace studio::test
