#pragma once

#include "workspace/forecast_project_loader.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>

#include <memory>
#include <optional>
#include <string>
#include <utility>

class QTabWidget;

namespace studio {

class DataPanel;
class FutureForecastView;
class ModelPanel;
class PredictionView;

// The forecast task's workspace: DataPanel (the CSV, column roles, split), ModelPanel
// (windows, split, network, training) and two results tabs: PredictionView (the test
// split's predictions against the truth, the baselines, the intervals) and
// FutureForecastView (forecasts past the last row). A run's predictions are drawn against
// the table and spec it was started with (for a saved project, against the open table when
// it is the project's data file). GUI thread only.
class ForecastWorkspace : public Workspace {
    Q_OBJECT
public:
    explicit ForecastWorkspace(QWidget* parentWidget);
    ~ForecastWorkspace() override;

    DataPanel* dataPanel() const { return data_; }
    PredictionView* predictionView() const { return predictions_; }
    FutureForecastView* futureView() const { return future_; }
    // The last training or resume that ended here (also one stopped before its first epoch).
    const std::optional<ForecastJobResult>& lastResult() const { return lastResult_; }

    std::vector<TaskKind> kinds() const override { return {TaskKind::Forecast}; }
    TaskKind task() const override { return TaskKind::Forecast; }
    ChartLabels chartLabels() const override;

    // A CSV opened by the user: once read, the scaler goes back to automatic (a new series).
    void openData(const QString& path) override;
    QString dataPath() const override;
    bool isLoading() const override;  // also while a forecast ahead runs over the project
    void reset() override;

    std::optional<TrainingJobConfig> trainingJob(const QString& outDir, QString* error) override;
    void applySettings(const TrainingJobConfig& job) override;
    bool prepareProjectRun(const QString& dir, QString* error) override;
    QString showTraining(const TaskResult& result, const QString& dir) override;
    QString showEvaluation(const TaskResult& result, const QString& dir) override;

    void loadProject(const QString& dir) override;
    OpenedProject showProject() override;
    void replotNow() override;

    // Shows the Forecast tab and forecasts the project in `dir` from `dataPath` (empty: its
    // own data), `steps` rows ahead (0: the tab's Steps); false when one is running.
    // forecastFinished follows.
    bool startForecast(const QString& dir, const QString& dataPath = {}, int steps = 0);
    void setForecastAllowed(bool allowed);
    void showTestSplit();
    bool isForecastTabShown() const;

    // "Scaler: relative to each window's last row, chosen automatically: <why>."
    static QString scalerNote(const ProjectFile& project);

Q_SIGNALS:
    // The Forecast button: the window answers with startForecast and its project.
    void forecastRequested();
    void forecastFinished(bool ok, const QString& summary, const QStringList& warnings);
    void forecastExported(bool ok, const QString& text);

private:
    bool isDataReady() const override;
    QString dataProblem() const override;
    // The open table when it is `dataPath`'s file, else null (the truth line then comes
    // from the predictions alone).
    std::shared_ptr<const CsvTable> tableFor(const std::string& dataPath) const;
    // The saved project in `dir` behind the results on show: its scaler, and the model the
    // Forecast tab uses.
    void showModelOf(const QString& dir);
    // The results tab that scrolls `content`.
    void showTab(QWidget* content);
    // The test split's note on the scaler of `project` (null: none), kept to be written again in another language.
    void showScalerNote(const ProjectFile* project);
    static QString scalerNote(ScalerKind kind, const std::string& reason);

    DataPanel* data_ = nullptr;
    ModelPanel* model_ = nullptr;
    PredictionView* predictions_ = nullptr;
    FutureForecastView* future_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QFutureWatcher<LoadedForecastProject> watcher_;
    LoadedForecastProject loaded_;
    bool newSeries_ = false;
    // What the running job trains on, to draw its predictions when it ends.
    std::shared_ptr<const CsvTable> runTable_;
    SeriesSpec runSpec_;
    std::optional<ForecastJobResult> lastResult_;
    std::optional<std::pair<ScalerKind, std::string>> noteScaler_;  // the note's scaler and why; none: no note
};

}  // namespace studio
