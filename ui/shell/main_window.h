#pragma once

#include "shell/project_session.h"
#include "shell/studio_settings.h"
#include "tasks/task.h"

#include <QMainWindow>
#include <QPointer>
#include <QStackedWidget>

#include <QList>
#include <QVariantMap>

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace studio {

class BenchmarkDialog;
class DataPanel;
class EventLoopMonitor;
class ExportMenu;
class ForecastWorkspace;
class MainActions;
class MessageBar;
class ModelPanel;
class PredictionView;
class QuantizeDialog;
class RecentFilesMenu;
class RunsPanel;
class SweepDialog;
class BacktestDialog;
class ImportanceDialog;
class InspectDialog;
class TrainingCharts;
class TrainingController;
class TrainingStatus;
class TextWorkspace;
class Workspace;

// LSTM Studio's main window: menus, tool bar, docks, the training charts and the message
// bar. What is specific to a task lives in its Workspace (ForecastWorkspace,
// TextWorkspace): the window shows the data, options and results widgets of the workspace
// serving the task on show (data in the left dock, options in the right, results under the
// charts) and wires the training thread (TrainingController), the project folder
// (ProjectSession) and the settings (StudioSettings) to it. Opening data or a project of
// another data set or task resets every view of the workspace left and of the one entered.
// Opening and training are asynchronous: the methods return at once and the signals
// below report the outcome. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // What the window asks before a trained model could be lost: Save it (Save Project As),
    // Discard it, Replace a saved project's model, train into a New Project instead, or
    // Cancel. `Ask` shows `text` with the `choices` offered and returns the one taken; the
    // default is a window-modal message box. Scripted runs and tests answer themselves.
    enum class Choice { Save, Discard, Replace, NewProject, Cancel };
    using Ask = std::function<Choice(const QString& text, const QList<Choice>& choices)>;
    void setAsk(Ask ask) { ask_ = std::move(ask); }

    // A project folder, a .csv or .tsv file (a series to forecast), or any other file (a text for a
    // character language model), as the command line and drag and drop give them.
    void openPath(const QString& path);
    void openCsv(const QString& path);
    void openProject(const QString& dir);
    // A .csv for text classification, any other file for a character language model.
    void openText(const QString& path);
    bool saveProjectTo(const QString& dir);  // false (and a message) on failure
    // Each returns false, with the reason in the message bar, when it cannot start.
    bool startTraining();
    // Trains run `id` of the project again as a new run (the Runs panel's Rerun).
    bool startRerun(const QString& id);
    // Trains the project's model `moreEpochs` more epochs from its checkpoint (Model >
    // Continue Training… asks how many in a ContinueDialog).
    bool continueTraining(int moreEpochs);
    bool startEvaluation();
    void setPaused(bool paused);
    void stopTraining();
    // Model > Forecast Ahead: the project's model forecasts `steps` rows (0: the Forecast
    // tab's Steps) past the last row of `dataPath` (empty: the project's data), on a pool
    // thread; forecastFinished follows. False, with the reason in the message bar, when it
    // cannot start. main_window_forecast.cpp.
    bool forecastAhead(int steps = 0, const QString& dataPath = {});
    // Model > Auto Search…: opens the Sweep dialog and starts its Auto Search for
    // `budgetSeconds` (0: the dialog's budget). At its end the project is opened again and the
    // message bar says which run is current (SweepDialog::autoSummary). False, with the
    // reason in the dialog or the message bar, when it cannot start. main_window_runs.cpp.
    bool startAutoSearch(int budgetSeconds = 0);

    ForecastWorkspace* forecastWorkspace() const { return forecast_; }
    TextWorkspace* textWorkspace() const { return text_; }
    Workspace* workspace() const { return current_; }  // the one on show
    DataPanel* dataPanel() const;                      // the forecast workspace's
    PredictionView* predictionView() const;            // the forecast workspace's
    ModelPanel* modelPanel() const;                    // the network and training options on show
    TrainingCharts* charts() const { return charts_; }
    MessageBar* messageBar() const { return messages_; }
    // The charts' and tables' context menu and File > Export Chart or Table….
    ExportMenu* exportMenu() const { return exporter_; }
    TrainingStatus* trainingStatus() const { return status_; }
    RunsPanel* runsPanel() const { return runs_; }
    // The task of the workspace on show: the data opened or the project loaded last.
    TaskKind task() const { return task_; }
    const MainActions& actions() const { return *actions_; }
    QString projectDir() const { return session_.dir(); }
    bool isProjectTemporary() const { return session_.isTemporary(); }
    bool isBusy() const;
    // Lateness of a 10 ms timer on this thread during the last training run (ms).
    const EventLoopMonitor& eventLoopMonitor() const { return *monitor_; }
    double eventLoopP99Ms() const;
    // The forecast workspace's last finished training.
    const std::optional<ForecastJobResult>& lastResult() const;
    // The open Quantize or Benchmark dialog (window-modal), or nullptr.
    QuantizeDialog* quantizeDialog() const;
    BenchmarkDialog* benchmarkDialog() const;
    SweepDialog* sweepDialog() const;
    BacktestDialog* backtestDialog() const;
    ImportanceDialog* importanceDialog() const;
    InspectDialog* inspectDialog() const;
    // The lstm-studio-cli the Sweep dialog runs (by default the one beside this program).
    void setCliPath(const QString& path) { cliPath_ = path; }
    // Redraws every chart now (before grabbing the window).
    void replotAll();

Q_SIGNALS:
    void dataLoaded(const QString& path);
    void projectOpened(const QString& dir);
    void openFailed(const QString& message);
    void trainingStarted();
    void trainingFinished(bool ok);
    void evaluationFinished(bool ok);
    void forecastFinished(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // True when nothing unsaved is in the way of `what` (a temporary project with a trained
    // model is saved or discarded first, as the user chooses); false when the user cancels.
    bool mayLeaveUnsavedModel(const QString& what);
    // Before a new run over a folder that holds a model: true to go on (into the same
    // folder, or a new temporary one), false when the user cancels.
    bool mayTrainOver();
    Choice ask(const QString& text, const QList<Choice>& choices);
    void buildLayout();
    void connectParts();
    void connectWorkspace(Workspace* workspace);
    void updateActions();
    void updateTitle();
    void chooseCsv();
    void chooseProject();
    void chooseText();
    // The workspace serving `kind`.
    Workspace* workspaceFor(TaskKind kind) const;
    // Shows `workspace` (its data, options and results) after resetting every view of the
    // workspace on show and of `workspace`: nothing of the previous data or task stays.
    void enter(Workspace* workspace);
    // The workspace of the session's project, entered and ready to draw a resume or an
    // evaluation of it; nullptr (and a message) when the project cannot be read.
    Workspace* projectWorkspace();
    void onDataLoaded(Workspace* workspace, const QString& path);
    void onProjectRead(Workspace* workspace);
    void onOpenFailed(const QString& message);
    void saveProject();
    void saveProjectAs();
    void exportOnnx();  // main_window_export.cpp
    void connectExports();
    void exportView();
    void chooseContinueEpochs();
    // main_window_deploy.cpp: Model > Quantize… and Model > Benchmark….
    void showQuantizeDialog();
    void showBenchmarkDialog();
    void showAbout();
    // main_window_forecast.cpp: Forecast From File… and the Forecast tab's outcome.
    void connectForecast();
    void chooseForecastFile();
    void onForecastFinished(bool ok, const QString& summary, const QStringList& warnings);
    void beginTrainingRun(int epochsTotal, int epochsBefore, const QString& device);
    // main_window_runs.cpp: the ends of runs of every task. The run's monitors stop, its
    // history is drawn, the workspace shows the outcome and the message bar its summary.
    void onTrainingFinished(const TaskResult& result);
    void onEvaluationFinished(const TaskResult& result);
    void onFailed(const QString& message);
    // main_window_runs.cpp: the Runs dock and what its buttons ask of the window.
    void connectRunsPanel();
    void showRuns();
    void showSweepDialog();
    void connectAutoSearch();
    void showBacktestDialog();
    void showImportanceDialog();
    void showInspectDialog();
    void remember(const QString& path);
    // main_window_session.cpp: what a restart brings back. Each task's Model panel (and text
    // options) as the user last edited them are kept (taskSettings_) and saved on close;
    // they are shown at start, and after opening data the first time, of another task or
    // of a text task (whose defaults replace the fields); a project shows its own.
    void connectSession();
    void saveSession();  // closeEvent: the task settings, geometry and docks
    void noteEdit(Workspace* workspace);
    QVariantMap panelValues(Workspace* workspace) const;
    void restoreTaskSettings(Workspace* workspace);
    void restoreAfterOpen(Workspace* workspace, TaskKind before);

    StudioSettings settings_;
    ProjectSession session_;
    Ask ask_;
    MainActions* actions_ = nullptr;
    RecentFilesMenu* recent_ = nullptr;
    MessageBar* messages_ = nullptr;
    TrainingCharts* charts_ = nullptr;
    TrainingStatus* status_ = nullptr;
    RunsPanel* runs_ = nullptr;
    QString rerunNote_;  // a rerun's comparison, for the message at its end
    QString autoSearchNote_;  // an auto search's choice, for the message once the project is open again
    TrainingController* controller_ = nullptr;
    EventLoopMonitor* monitor_ = nullptr;
    ForecastWorkspace* forecast_ = nullptr;
    TextWorkspace* text_ = nullptr;
    std::vector<Workspace*> workspaces_;
    Workspace* current_ = nullptr;
    QStackedWidget* dataStack_ = nullptr;     // each workspace's data widget
    QStackedWidget* optionsStack_ = nullptr;  // each workspace's options
    QStackedWidget* resultsStack_ = nullptr;  // each workspace's results
    TaskKind task_ = TaskKind::Forecast;
    bool openingProject_ = false;
    QPointer<QuantizeDialog> quantizeDialog_;
    QPointer<BenchmarkDialog> benchmarkDialog_;
    QPointer<SweepDialog> sweepDialog_;
    QPointer<BacktestDialog> backtestDialog_;
    QPointer<ImportanceDialog> importanceDialog_;
    QPointer<InspectDialog> inspectDialog_;
    QString cliPath_;
    ExportMenu* exporter_ = nullptr;
    std::map<TaskKind, QVariantMap> taskSettings_;  // by field name, as the user last set them
    bool restorePending_ = true;                    // until the first data or project opens
};

}  // namespace studio
