#pragma once

#include "workspace/forecast_project_loader.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>

#include <memory>
#include <optional>

namespace studio {

class DataPanel;
class ModelPanel;
class PredictionView;

// The forecast task's workspace: DataPanel (the CSV, column roles, split), ModelPanel
// (windows, split, network, training) and PredictionView (the test split's predictions
// against the truth). A run's predictions are drawn against the table and spec it was
// started with (for a saved project, against the open table when it is the project's data
// file). GUI thread only.
class ForecastWorkspace : public Workspace {
    Q_OBJECT
public:
    explicit ForecastWorkspace(QWidget* parentWidget);
    ~ForecastWorkspace() override;

    DataPanel* dataPanel() const { return data_; }
    PredictionView* predictionView() const { return predictions_; }
    // The last training or resume that ended here (also one stopped before its first epoch).
    const std::optional<ForecastJobResult>& lastResult() const { return lastResult_; }

    std::vector<TaskKind> kinds() const override { return {TaskKind::Forecast}; }
    TaskKind task() const override { return TaskKind::Forecast; }
    ChartLabels chartLabels() const override;

    // A CSV opened by the user: once read, the scaler that suits its target is chosen.
    void openData(const QString& path) override;
    QString dataPath() const override;
    bool isLoading() const override;
    void reset() override;

    std::optional<TrainingJobConfig> trainingJob(const QString& outDir, QString* error) override;
    void applySettings(const TrainingJobConfig& job) override;
    bool prepareProjectRun(const QString& dir, QString* error) override;
    QString showTraining(const TaskResult& result, const QString& dir) override;
    QString showEvaluation(const TaskResult& result, const QString& dir) override;

    void loadProject(const QString& dir) override;
    OpenedProject showProject() override;
    void replotNow() override;

private:
    bool isDataReady() const override;
    QString dataProblem() const override;
    // The open table when it is `dataPath`'s file, else null (the truth line then comes
    // from the predictions alone).
    std::shared_ptr<const CsvTable> tableFor(const std::string& dataPath) const;

    DataPanel* data_ = nullptr;
    ModelPanel* model_ = nullptr;
    PredictionView* predictions_ = nullptr;
    QFutureWatcher<LoadedForecastProject> watcher_;
    LoadedForecastProject loaded_;
    bool suggestScaler_ = false;
    // What the running job trains on, to draw its predictions when it ends.
    std::shared_ptr<const CsvTable> runTable_;
    SeriesSpec runSpec_;
    std::optional<ForecastJobResult> lastResult_;
};

}  // namespace studio
