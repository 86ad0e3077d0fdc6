#include "jobs/importance.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/json_io.h"
#include "data/series_dataset.h"
#include "data/series_rows.h"
#include "jobs/runs.h"
#include "nn/model.h"
#include "project/project_folder.h"
#include "project/project_lock.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/registry.h"

#include <optional>

namespace studio {

std::vector<FeatureImportance> projectImportance(const std::string& dir, int repeats, std::uint64_t seed,
                                                 std::vector<std::string>* warnings) {
    if (taskOf(dir) != TaskKind::Forecast)
        throw UsageError("importance permutes input columns: it is for forecast projects");
    std::optional<ProjectLock> lock(std::in_place, dir);
    const ProjectFile project = loadProjectFile(dir);
    const std::string path = ProjectFolder(dir).path(ProjectFolder::kMetrics);
    Json metrics = parseJsonFile(path);
    SeriesRows rows;
    const SeriesDataset ds = reloadDataset(project, warnings, rows);
    const Model model = loadForecastModel(dir, project, "cpu");
    std::vector<FeatureImportance> result = permutationImportance(
        model, ds.test, project.featureNames, ds.spec, project.targetScaler, ds.naiveScale, repeats, seed);
    Json list = Json::array();
    for (const FeatureImportance& f : result)
        list.push_back({{"feature", f.feature}, {"delta_mae", jsonNumber(f.deltaMae)}, {"std", jsonNumber(f.std)}});
    metrics["importance"] = std::move(list);
    metrics["importance_repeats"] = repeats;
    const std::string text = metrics.dump(2) + "\n";
    writeFileAtomically(path, text);
    lock.reset();  // the run's copy takes the lock itself
    keepRunArtifact(dir, "metrics.json", [&text](const std::string& copy) { writeFileAtomically(copy, text); });
    return result;
}

}  // namespace studio
