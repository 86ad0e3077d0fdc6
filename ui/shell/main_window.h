#pragma once

#include "shell/project_loader.h"
#include "shell/project_session.h"
#include "shell/studio_settings.h"
#include "tasks/task.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>
#include <QStackedWidget>

#include <memory>
#include <optional>

namespace studio {

class BenchmarkDialog;
class DataPanel;
class EventLoopMonitor;
class MainActions;
class MessageBar;
class ModelPanel;
class PredictionView;
class QuantizeDialog;
class RecentFilesMenu;
class TrainingCharts;
class TrainingController;
class TrainingStatus;
class TextWorkspace;

// LSTM Studio's main window, assembled from its panels: DataPanel and ModelPanel in
// docks on the left, TrainingCharts above PredictionView in the centre. It wires menus,
// the training thread (TrainingController), the project folder (ProjectSession) and the
// settings (StudioSettings) to them; the panels know nothing of each other.
// Opening and training are asynchronous: the methods return at once and the signals
// below report the outcome. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openPath(const QString& path);  // a CSV file or a project folder
    void openCsv(const QString& path);
    void openProject(const QString& dir);
    // A .csv for text classification, any other file for a character language model.
    void openText(const QString& path);
    bool saveProjectTo(const QString& dir);  // false (and a message) on failure
    // Each returns false, with the reason in the message bar, when it cannot start.
    bool startTraining();
    bool continueTraining();
    bool startEvaluation();
    void setPaused(bool paused);
    void stopTraining();

    DataPanel* dataPanel() const { return dataPanel_; }
    ModelPanel* modelPanel() const { return modelPanel_; }
    TrainingCharts* charts() const { return charts_; }
    PredictionView* predictionView() const { return predictions_; }
    MessageBar* messageBar() const { return messages_; }
    TrainingStatus* trainingStatus() const { return status_; }
    TextWorkspace* textWorkspace() const { return text_; }
    // The task of the workspace on show: the data opened or the project loaded last.
    TaskKind task() const { return task_; }
    const MainActions& actions() const { return *actions_; }
    QString projectDir() const { return session_.dir(); }
    bool isProjectTemporary() const { return session_.isTemporary(); }
    bool isBusy() const;
    // Lateness of a 10 ms timer on this thread during the last training run (ms).
    const EventLoopMonitor& eventLoopMonitor() const { return *monitor_; }
    double eventLoopP99Ms() const;
    const std::optional<ForecastJobResult>& lastResult() const { return lastResult_; }
    // The open Quantize or Benchmark dialog (window-modal), or nullptr.
    QuantizeDialog* quantizeDialog() const;
    BenchmarkDialog* benchmarkDialog() const;
    // Redraws every chart now (before grabbing the window).
    void replotAll();

Q_SIGNALS:
    void dataLoaded(const QString& path);
    void projectOpened(const QString& dir);
    void openFailed(const QString& message);
    void trainingStarted();
    void trainingFinished(bool ok);
    void evaluationFinished(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildLayout();
    void connectParts();
    void updateActions();
    void updateTitle();
    void chooseCsv();
    void chooseProject();
    // main_window_text.cpp: the text tasks' side of the window.
    void chooseText();
    void connectTextParts();
    // Shows the workspace of `kind`: its data panel, options and results; charts cleared
    // of the previous task's axes.
    void setWorkspace(TaskKind kind);
    bool startTextTraining();
    void onTextProjectLoaded(const QString& dir);
    void saveProject();
    void saveProjectAs();
    void exportOnnx();  // main_window_export.cpp
    // main_window_deploy.cpp: Model > Quantize… and Model > Benchmark….
    void showQuantizeDialog();
    void showBenchmarkDialog();
    void showAbout();
    void beginTrainingRun(int epochsTotal, int epochsBefore, const QString& device);
    // main_window_runs.cpp: the ends of runs of every task. The run's monitors stop, its
    // history is drawn, the task's results view shows the outcome and the message bar its
    // summary. showTraining/showEvaluation (main_window.cpp, main_window_text.cpp) fill the
    // results view of the task and return the summary.
    void onTrainingFinished(const TaskResult& result);
    void onEvaluationFinished(const TaskResult& result);
    QString showTraining(const ForecastJobResult& result);
    QString showTraining(const TextJobResult& result);
    QString showEvaluation(const ForecastJobResult& result);
    QString showEvaluation(const TextJobResult& result);
    void onFailed(const QString& message);
    void onProjectLoaded();
    void remember(const QString& path);
    // The table and spec that predictions of the project's data are drawn against.
    std::shared_ptr<const CsvTable> tableFor(const std::string& dataPath) const;

    StudioSettings settings_;
    ProjectSession session_;
    MainActions* actions_ = nullptr;
    RecentFilesMenu* recent_ = nullptr;
    MessageBar* messages_ = nullptr;
    DataPanel* dataPanel_ = nullptr;
    ModelPanel* modelPanel_ = nullptr;
    TrainingCharts* charts_ = nullptr;
    PredictionView* predictions_ = nullptr;
    TrainingStatus* status_ = nullptr;
    TrainingController* controller_ = nullptr;
    EventLoopMonitor* monitor_ = nullptr;
    TextWorkspace* text_ = nullptr;
    QStackedWidget* dataStack_ = nullptr;     // DataPanel or TextDataPanel
    QStackedWidget* resultsStack_ = nullptr;  // PredictionView or a text results view
    TaskKind task_ = TaskKind::Forecast;
    QFutureWatcher<LoadedProject> projectWatcher_;
    bool openingProject_ = false;
    bool suggestScaler_ = false;  // a CSV opened by the user: pick a scaler that suits it
    // What the running job trains on, to draw its predictions when it ends.
    std::shared_ptr<const CsvTable> runTable_;
    SeriesSpec runSpec_;
    std::optional<ForecastJobResult> lastResult_;
    QPointer<QuantizeDialog> quantizeDialog_;
    QPointer<BenchmarkDialog> benchmarkDialog_;
};

}  // namespace studio
