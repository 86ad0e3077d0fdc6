#include "tasks/forecast/forecast_job.h"

#include "data/csv_reader.h"
#include "data/series_rows.h"
#include "base/error.h"
#include "nn/model.h"
#include "project/project_folder.h"
#include "project/project_lock.h"
#include "training/trainer.h"
#include "base/sha256.h"
#include "base/versions.h"

#include <cmath>
#include <filesystem>

namespace studio {
namespace {

namespace fs = std::filesystem;

// The test split's evaluation with the baselines and the intervals calibrated on the
// validation rows (into `calibration`).
ForecastEvaluation evaluateTest(const Model& model, const SeriesDataset& ds, const SeriesRows& rows,
                                const ScalerStats& featureScaler, const ScalerStats& targetScaler,
                                IntervalCalibration& calibration) {
    ForecastEvaluation e = evaluateWindows(model, ds.test, ds.spec, targetScaler, ds.naiveScale);
    addBaselines(e, ds.test, rows, ds, ds.naiveScale);
    calibration = calibrateIntervals(model, rows, ds.spec, featureScaler, targetScaler, ds.trainRows,
                                     ds.trainRows + ds.valRows, e.horizon, defaultIntervalLevels());
    addIntervals(e, calibration, ds.test.lastValue);
    return e;
}

void writeOutcome(const std::string& dir, ProjectFile& project, const Model& model, const ForecastJobResult& r) {
    recordOutcome(project, r.train);
    saveModelFile(dir, [&](const std::string& file) { model.save(file); });
    saveHistory(dir, r.train.history);
    saveMetrics(dir, projectMetrics(r.test));
    savePredictions(ProjectFolder(dir).stagePath(ProjectFolder::kPredictions), r.test.rows, r.test.pred, r.test.truth,
                    r.test.horizon, r.test.intervals);
    saveProjectFile(dir, project);  // last: a project.json always describes files that exist
}

} // namespace

SeriesDataset reloadDataset(const ProjectFile& project, std::vector<std::string>* warnings, SeriesRows& rows) {
    const CsvTable table = readCsv(project.dataPath);
    if (warnings && !project.dataSha256.empty() && sha256File(project.dataPath) != project.dataSha256)
        warnings->push_back(project.dataPath + " changed since the project was trained (SHA-256 differs)");
    return buildSeriesDataset(table, project.series, &rows);
}


Model loadForecastModel(const std::string& dir, const ProjectFile& project, const std::string& device) {
    Model model(project.model, static_cast<int>(project.featureNames.size()), project.series.horizon);
    model.to(device);
    model.load(ProjectFolder(dir).path(ProjectFolder::kModel));
    return model;
}

ForecastJobResult trainForecast(const ForecastJobConfig& config, TrainObserver* observer,
                                const std::atomic<bool>* cancel) {
    config.series.validate();
    config.model.validate();
    config.train.validate();
    const ProjectLock lock(config.outDir, /*create=*/true);
    ForecastJobResult r;
    r.threads = applyThreads(config.train.threads);

    CsvOptions csv;
    csv.progress = config.loadProgress;
    const CsvTable table = readCsv(config.dataPath, csv);
    SeriesRows rows;
    SeriesDataset ds = buildSeriesDataset(table, config.series, &rows);
    r.report = ds.report;
    if (!ds.scalerReason.empty())
        r.report.notes.push_back("scaler auto: " + toString(ds.spec.scaler) + ", as " + ds.scalerReason);

    ProjectFile project;
    project.dataPath = fs::absolute(config.dataPath).lexically_normal().string();
    project.dataSha256 = sha256File(config.dataPath);
    project.series = ds.spec;
    project.series.features = ds.featureNames;
    project.scalerReason = ds.scalerReason;
    project.series.adaptWindow = false;
    project.model = config.model;
    project.train = config.train;
    if (const std::string note = fitBatchToData(project.train, ds.train.count); !note.empty())
        (project.train.batchSize != config.train.batchSize ? r.report.notes : r.warnings).push_back(note);
    project.train.adaptBatch = false;
    project.featureNames = ds.featureNames;
    project.featureScaler = ds.featureScaler;
    project.targetScaler = ds.targetScaler;
    project.naiveScale = ds.naiveScale;
    project.trainRows = ds.trainRows, project.valRows = ds.valRows, project.testRows = ds.testRows;
    project.versions = libraryVersions();

    Trainer::seed(config.train.seed);
    Model model(config.model, static_cast<int>(ds.featureNames.size()), config.series.horizon);
    model.to(config.train.device);
    r.device = model.device();
    r.parameters = model.parameterCount();
    Trainer trainer(model, project.train, ds.train, ds.val, ds.spec.window);
    trainer.setCheckpointPath(ProjectFolder(config.outDir).path(ProjectFolder::kCheckpoint));
    resetDeviceMemoryPeak(r.device);
    r.train = trainer.run(observer, cancel);
    r.deviceMemory = deviceMemory(r.device);
    if (r.train.epochsDone == 0) {
        // Nothing was learned: leave no project that claims a trained model.
        r.test.horizon = static_cast<std::size_t>(config.series.horizon);
        return r;
    }
    r.test = evaluateTest(model, ds, rows, ds.featureScaler, ds.targetScaler, project.intervals);
    writeOutcome(config.outDir, project, model, r);
    return r;
}

ForecastJobResult resumeForecast(const std::string& dir, int epochs, TrainObserver* observer,
                                 const std::atomic<bool>* cancel) {
    ProjectFile project = loadProjectFile(dir);
    if (epochs > 0) project.train.epochs = epochs;
    ForecastJobResult r;
    r.threads = applyThreads(project.train.threads);
    SeriesRows rows;
    SeriesDataset ds = reloadDataset(project, &r.warnings, rows);
    r.report = ds.report;

    Model model(project.model, static_cast<int>(project.featureNames.size()), project.series.horizon);
    model.to(project.train.device);
    r.device = model.device();
    r.parameters = model.parameterCount();
    Trainer trainer(model, project.train, ds.train, ds.val, project.series.window);
    trainer.loadCheckpoint(ProjectFolder(dir).path(ProjectFolder::kCheckpoint));
    trainer.setCheckpointPath(ProjectFolder(dir).path(ProjectFolder::kCheckpoint));
    resetDeviceMemoryPeak(r.device);
    r.train = trainer.run(observer, cancel);
    r.deviceMemory = deviceMemory(r.device);
    r.test = evaluateTest(model, ds, rows, ds.featureScaler, ds.targetScaler, project.intervals);
    writeOutcome(dir, project, model, r);
    return r;
}

ForecastEvaluation evaluateForecast(const std::string& dir, std::vector<std::string>* warnings) {
    const ProjectFile project = loadProjectFile(dir);
    SeriesRows rows;
    const SeriesDataset ds = reloadDataset(project, warnings, rows);
    const Model model = loadForecastModel(dir, project, "cpu");
    // The saved scalers are what the model was trained with; the rebuilt ones must agree.
    IntervalCalibration calibration;
    return evaluateTest(model, ds, rows, project.featureScaler, project.targetScaler, calibration);
}

std::size_t predictForecast(const std::string& dir, const std::string& dataPath, const std::string& outCsv,
                           std::vector<std::string>* warnings) {
    const ProjectFile project = loadProjectFile(dir);
    const std::string source = dataPath.empty() ? project.dataPath : dataPath;
    const CsvTable table = readCsv(source);
    if (warnings && dataPath.empty() && !project.dataSha256.empty() && sha256File(source) != project.dataSha256)
        warnings->push_back(source + " changed since the project was trained (SHA-256 differs)");
    SeriesReport report;
    const SeriesWindows w =
        buildInferenceWindows(table, project.series, project.featureScaler, project.targetScaler, &report);
    if (warnings)
        for (const auto& note : report.notes) warnings->push_back(source + ": " + note);
    const Model model = loadForecastModel(dir, project, "cpu");
    ForecastEvaluation e = evaluateWindows(model, w, project.series, project.targetScaler, project.naiveScale);
    if (!project.intervals.levels.empty()) addIntervals(e, project.intervals, w.lastValue);
    savePredictions(outCsv, e.rows, e.pred, e.truth, e.horizon, e.intervals);
    return e.rows.size();
}

} // namespace studio
