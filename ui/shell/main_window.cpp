#include "shell/main_window.h"

#include "base/versions.h"
#include "shell/continue_dialog.h"
#include "shell/dock_fitter.h"
#include "shell/event_loop_monitor.h"
#include "shell/language.h"
#include "shell/main_actions.h"
#include "shell/message_bar.h"
#include "shell/recent_files_menu.h"
#include "shell/runs_panel.h"
#include "shell/tool_tip_wrapper.h"
#include "shell/training_controller.h"
#include "tasks/registry.h"
#include "tasks/task_files.h"
#include "widgets/export_menu.h"
#include "widgets/retranslate.h"
#include "widgets/training_charts.h"
#include "widgets/training_status.h"
#include "workspace/forecast_workspace.h"
#include "workspace/model_panel.h"
#include "workspace/text_workspace.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenuBar>
#include <QScrollArea>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace studio {
namespace {

QString resolvedDevice(const std::string& device) {
    return QString::fromStdString(device == "auto" ? defaultDevice() : device);
}

// `content` in a frameless scroll area: it fills the area and scrolls where it would
// otherwise be squeezed below its minimum size.
QScrollArea* scrolling(QWidget* content, QWidget* parent) {
    auto* scroll = new QScrollArea(parent);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumSize(160, 100);
    return scroll;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(style()->standardIcon(QStyle::SP_ComputerIcon));
    setAcceptDrops(true);
    qApp->installEventFilter(new ToolTipWrapper(this));  // gone with the window
    exporter_ = new ExportMenu(this);
    qApp->installEventFilter(exporter_);
    actions_ = new MainActions(this);
    recent_ = new RecentFilesMenu(settings_, this);
    controller_ = new TrainingController(this);
    monitor_ = new EventLoopMonitor(this);
    buildLayout();
    connectParts();
    enter(forecast_);
    connectSession();  // main_window_session.cpp: the panels as the user left them
    charts_->setLogScale(settings_.logScaleLoss());
    if (!restoreGeometry(settings_.windowGeometry())) resize(1440, 900);
    restoreState(settings_.windowState());
    if (!session_.isValid())
        messages_->showError(
            tr("Cannot create a temporary project folder; training will fail "
               "until you save the project to a folder."));
    // The actions' tips and the title hold texts of the panels (why training cannot start yet), which
    // retranslate themselves first: they were made first.
    retranslate(this, [this] {
        updateActions();
        updateTitle();
        const ChartLabels labels = current_->chartLabels();  // enter()'s, in the language now in effect
        charts_->setLossLabel(labels.loss);
        charts_->renameMetric(labels.metric, labels.metricAxis);
    });
}

// The workspaces' destructors wait for their readers on the pool.
MainWindow::~MainWindow() = default;

void MainWindow::buildLayout() {
    charts_ = new TrainingCharts(this);
    messages_ = new MessageBar(this);
    forecast_ = new ForecastWorkspace(this);
    text_ = new TextWorkspace(this);
    workspaces_ = {forecast_, text_};
    dataStack_ = new QStackedWidget(this);
    optionsStack_ = new QStackedWidget(this);
    resultsStack_ = new QStackedWidget(this);
    for (Workspace* w : workspaces_) {
        dataStack_->addWidget(w->dataWidget());
        optionsStack_->addWidget(w->optionsWidget());
        resultsStack_->addWidget(w->resultsWidget());
    }

    // The training charts and the results take turns in the centre: one above the other
    // they left each too little height on a 720-pixel screen. Every page and dock scrolls
    // where it is smaller than its contents, so none of them sets the window's minimum size
    // (usable from 1024x640 up).
    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* tabs = new QTabWidget(centre);
    tabs->setObjectName(QStringLiteral("centreTabs"));
    tabs->setDocumentMode(true);
    QWidget* chartsPage = scrolling(charts_, this);
    chartsPage->setObjectName(QStringLiteral("trainingPage"));
    QWidget* resultsPage = scrolling(resultsStack_, this);
    resultsPage->setObjectName(QStringLiteral("resultsPage"));
    tabs->addTab(chartsPage, QString());
    tabs->addTab(resultsPage, QString());
    // Training shows its charts; what it produced is shown once it ends.
    connect(this, &MainWindow::trainingStarted, tabs, [tabs, chartsPage] { tabs->setCurrentWidget(chartsPage); });
    for (auto signal : {&MainWindow::trainingFinished, &MainWindow::evaluationFinished, &MainWindow::forecastFinished})
        connect(this, signal, tabs, [tabs, resultsPage](bool ok) {
            if (ok) tabs->setCurrentWidget(resultsPage);
        });
    connect(this, &MainWindow::projectOpened, tabs, [tabs, resultsPage] { tabs->setCurrentWidget(resultsPage); });
    layout->addWidget(messages_);
    layout->addWidget(tabs, 1);
    setCentralWidget(centre);

    auto* dataDock = new QDockWidget(this);
    dataDock->setObjectName(QStringLiteral("dataDock"));
    dataDock->setWidget(scrolling(dataStack_, this));
    auto* modelDock = new QDockWidget(this);
    modelDock->setObjectName(QStringLiteral("modelDock"));
    modelDock->setWidget(scrolling(optionsStack_, this));
    runs_ = new RunsPanel(this);
    auto* runsDock = new QDockWidget(this);
    runsDock->setObjectName(QStringLiteral("runsDock"));
    runsDock->setWidget(scrolling(runs_, this));
    // Data on the left, the settings on the right, results in the middle: all four in view;
    // the project's runs below them.
    addDockWidget(Qt::LeftDockWidgetArea, dataDock);
    addDockWidget(Qt::RightDockWidgetArea, modelDock);
    addDockWidget(Qt::BottomDockWidgetArea, runsDock);
    resizeDocks({dataDock, modelDock}, {340, 300}, Qt::Horizontal);
    resizeDocks({runsDock}, {170}, Qt::Vertical);
    new DockFitter(this, dataDock, modelDock, runsDock);

    auto* toolBar = addToolBar(QString());
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    retranslate(this, [tabs, dataDock, modelDock, runsDock, toolBar] {
        tabs->setTabText(0, tr("Trainin&g"));
        tabs->setTabText(1, tr("Res&ults"));
        tabs->setTabToolTip(0, tr("Loss, gradient norm and learning rate of the training run"));
        tabs->setTabToolTip(1, tr("The trained model's predictions, metrics and forecasts"));
        dataDock->setWindowTitle(tr("Data"));
        modelDock->setWindowTitle(tr("Model"));
        runsDock->setWindowTitle(tr("Runs"));
        toolBar->setWindowTitle(tr("Main"));
    });
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    actions_->populateToolBar(toolBar);
    actions_->populateMenus(menuBar(), recent_,
                            {dataDock->toggleViewAction(), modelDock->toggleViewAction(), runsDock->toggleViewAction(),
                             toolBar->toggleViewAction()});
    status_ = new TrainingStatus(statusBar(), this);
}

void MainWindow::connectParts() {
    const MainActions& a = *actions_;
    connect(a.openCsv, &QAction::triggered, this, &MainWindow::chooseCsv);
    connect(a.openText, &QAction::triggered, this, &MainWindow::chooseText);
    connect(a.openProject, &QAction::triggered, this, &MainWindow::chooseProject);
    connect(a.saveProject, &QAction::triggered, this, &MainWindow::saveProject);
    connect(a.saveProjectAs, &QAction::triggered, this, &MainWindow::saveProjectAs);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.train, &QAction::triggered, this, &MainWindow::startTraining);
    connect(a.pause, &QAction::toggled, this, &MainWindow::setPaused);
    connect(a.stop, &QAction::triggered, this, &MainWindow::stopTraining);
    connect(a.continueTraining, &QAction::triggered, this, &MainWindow::chooseContinueEpochs);
    connect(a.evaluate, &QAction::triggered, this, &MainWindow::startEvaluation);
    connect(a.about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(a.exportOnnx, &QAction::triggered, this, &MainWindow::exportOnnx);
    connect(a.quantize, &QAction::triggered, this, &MainWindow::showQuantizeDialog);
    connect(a.benchmark, &QAction::triggered, this, &MainWindow::showBenchmarkDialog);
    connect(a.sweep, &QAction::triggered, this, &MainWindow::showSweepDialog);
    connect(a.aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
    connect(a.languages, &QActionGroup::triggered, this, [this](QAction* chosen) {
        const QString code = chosen->data().toString();
        if (setInterfaceLanguage(code)) {
            settings_.setLanguage(code);  // and the next start speaks it too
        } else {
            messages_->showError(tr("The translation into %1 could not be loaded.").arg(chosen->text()));
            for (QAction* action : actions_->languages->actions())
                action->setChecked(action->data().toString() == currentInterfaceLanguage());
        }
    });
    connect(recent_, &RecentFilesMenu::pathChosen, this, &MainWindow::openPath);
    for (Workspace* w : workspaces_) connectWorkspace(w);
    connectRunsPanel();
    connectForecast();
    connectExports();
    connect(charts_, &TrainingCharts::logScaleToggled, this, [this](bool on) { settings_.setLogScaleLoss(on); });

    connect(controller_, &TrainingController::batchDone, charts_, &TrainingCharts::addBatch);
    connect(controller_, &TrainingController::epochDone, charts_, &TrainingCharts::addEpoch);
    connect(controller_, &TrainingController::batchDone, status_, &TrainingStatus::addBatch);
    connect(controller_, &TrainingController::epochDone, status_, &TrainingStatus::addEpoch);
    connect(controller_, &TrainingController::pausedChanged, status_, &TrainingStatus::setPaused);
    connect(controller_, &TrainingController::trainingFinished, this, &MainWindow::onTrainingFinished);
    connect(controller_, &TrainingController::evaluationFinished, this, &MainWindow::onEvaluationFinished);
    connect(controller_, &TrainingController::failed, this, &MainWindow::onFailed);
    connect(controller_, &TrainingController::busyChanged, this, &MainWindow::updateActions);
    connect(controller_, &TrainingController::sampleReady, this,
            [this](const QString& sample) { current_->showSample(sample); });
    connect(controller_, &TrainingController::pausedChanged, this, [this](bool paused) {
        const QSignalBlocker block(actions_->pause);
        actions_->pause->setChecked(paused);
        actions_->showPaused(paused);
    });
}

void MainWindow::connectWorkspace(Workspace* w) {
    connect(w, &Workspace::dataLoaded, this, [this, w](const QString& path) { onDataLoaded(w, path); });
    connect(w, &Workspace::dataFailed, this, &MainWindow::onOpenFailed);
    connect(w, &Workspace::dataCancelled, this, [this](const QString& path) {
        messages_->showInfo(tr("Reading %1 was cancelled; nothing changed.").arg(QDir::toNativeSeparators(path)));
        updateActions();
    });
    connect(w, &Workspace::readinessChanged, this, &MainWindow::updateActions);
    // An error about settings that were wrong goes once they are right.
    connect(w, &Workspace::readinessChanged, this, [this, w] {
        if (w == current_ && w->isReady()) messages_->clear(MessageBar::Topic::Settings);
    });
    connect(w, &Workspace::projectRead, this, [this, w] { onProjectRead(w); });
    connect(w, &Workspace::projectFailed, this, [this](const QString& message) {
        openingProject_ = false;
        onOpenFailed(message);
    });
}

Workspace* MainWindow::workspaceFor(TaskKind kind) const {
    for (Workspace* w : workspaces_)
        if (w->serves(kind)) return w;
    return forecast_;
}

void MainWindow::enter(Workspace* workspace) {
    for (Workspace* w : workspaces_) w->reset();
    current_ = workspace;
    task_ = workspace->task();
    dataStack_->setCurrentWidget(workspace->dataWidget());
    optionsStack_->setCurrentWidget(workspace->optionsWidget());
    resultsStack_->setCurrentWidget(workspace->resultsWidget());
    charts_->clear();
    const ChartLabels labels = workspace->chartLabels();
    charts_->setLossLabel(labels.loss);
    charts_->setMetricName(labels.metric, labels.metricAxis);
}

DataPanel* MainWindow::dataPanel() const { return forecast_->dataPanel(); }
PredictionView* MainWindow::predictionView() const { return forecast_->predictionView(); }
ModelPanel* MainWindow::modelPanel() const { return current_->modelPanel(); }
const std::optional<ForecastJobResult>& MainWindow::lastResult() const { return forecast_->lastResult(); }

void MainWindow::updateActions() {
    const bool busy = controller_->isBusy();
    const bool training = controller_->job() == TrainingController::Job::Training;
    const bool loading = openingProject_ || std::any_of(workspaces_.begin(), workspaces_.end(),
                                                        [](Workspace* w) { return w->isLoading(); });
    const bool ready = current_->isReady();
    actions_->openCsv->setEnabled(!busy);
    actions_->openText->setEnabled(!busy);
    actions_->openProject->setEnabled(!busy);
    actions_->saveProject->setEnabled(!busy && session_.hasProject());
    actions_->saveProjectAs->setEnabled(!busy && session_.hasProject());
    actions_->train->setEnabled(!busy && !loading && ready);
    actions_->pause->setEnabled(training);
    actions_->stop->setEnabled(training);
    actions_->continueTraining->setEnabled(!busy && session_.hasCheckpoint());
    actions_->evaluate->setEnabled(!busy && session_.hasProject());
    actions_->inspect->setEnabled(!busy && !openingProject_ && session_.hasProject());
    // Forecasts read the saved model: never while a run rewrites the project.
    const bool mayForecast = !busy && !openingProject_ && session_.hasProject() && current_ == forecast_;
    actions_->forecastAhead->setEnabled(mayForecast);
    actions_->forecastFromFile->setEnabled(mayForecast);
    actions_->backtest->setEnabled(mayForecast);
    actions_->importance->setEnabled(mayForecast);
    forecast_->setForecastAllowed(mayForecast);
#ifdef STUDIO_WITH_ONNX
    actions_->exportOnnx->setEnabled(!busy && session_.hasProject());
#endif
    // Both read the saved model; the int8 engine exists only in builds with oneDNN.
#ifdef STUDIO_WITH_ONEDNN
    actions_->quantize->setEnabled(!busy && session_.hasProject());
#endif
    actions_->benchmark->setEnabled(!busy && session_.hasProject());
    actions_->sweep->setEnabled(!busy && session_.hasProject());
    // While a run is active its options describe it: they cannot be edited until it ends.
    for (Workspace* w : workspaces_) w->optionsWidget()->setEnabled(!busy);
    const QString why = ready ? QString() : current_->problem();
    actions_->train->setToolTip(why.isEmpty() ? actions_->train->statusTip() : tr("Cannot train yet: %1").arg(why));
}

void MainWindow::updateTitle() {
    const QString dataPath = current_->dataPath();
    const QString data = dataPath.isEmpty() ? tr("no data") : QFileInfo(dataPath).fileName();
    const QString project = session_.isTemporary() ? tr("unsaved project") : QFileInfo(session_.dir()).fileName();
    setWindowTitle(tr("%1 — %2 — LSTM Studio").arg(data, project));
}

bool MainWindow::isBusy() const { return controller_->isBusy(); }

double MainWindow::eventLoopP99Ms() const { return monitor_->p99Ms(); }

void MainWindow::openPath(const QString& path) {
    if (ProjectSession::isProjectFolder(path))
        openProject(path);
    else if (const QString suffix = QFileInfo(path).suffix().toLower();
             suffix == QLatin1String("csv") || suffix == QLatin1String("tsv"))
        openCsv(path);
    else
        openText(path);  // a book or any other plain text: a character language model
}

void MainWindow::openCsv(const QString& path) {
    if (isBusy() || !mayLeaveUnsavedModel(tr("opening %1").arg(QFileInfo(path).fileName()))) return;
    forecast_->openData(path);
    updateActions();
}

void MainWindow::openText(const QString& path) {
    if (isBusy() || !mayLeaveUnsavedModel(tr("opening %1").arg(QFileInfo(path).fileName()))) return;
    text_->openData(path);
    updateActions();
}

void MainWindow::openProject(const QString& dir) {
    if (isBusy() || openingProject_) return;
    if (QDir::cleanPath(QFileInfo(dir).absoluteFilePath()) != session_.dir() &&
        !mayLeaveUnsavedModel(tr("opening %1").arg(QDir::toNativeSeparators(dir))))
        return;
    openingProject_ = true;
    updateActions();
    TaskKind kind = TaskKind::Forecast;
    try {
        kind = taskOf(dir.toStdString());
    } catch (const std::exception&) {
        // The forecast workspace's loader reports what is wrong with the folder.
    }
    workspaceFor(kind)->loadProject(dir);
}

void MainWindow::onDataLoaded(Workspace* workspace, const QString& path) {
    // New data: nothing drawn from the previous data stays on screen, and training writes
    // a new project rather than over the one in use.
    const TaskKind before = task_;
    session_.startNew();
    enter(workspace);
    restoreAfterOpen(workspace, before);
    showRuns();
    messages_->dismiss();
    remember(path);
    updateTitle();
    updateActions();
    Q_EMIT dataLoaded(path);
}

void MainWindow::onOpenFailed(const QString& message) {
    messages_->showError(message);
    updateActions();
    Q_EMIT openFailed(message);
}

void MainWindow::onProjectRead(Workspace* workspace) {
    openingProject_ = false;
    enter(workspace);
    const OpenedProject p = workspace->showProject();
    task_ = p.task;
    session_.useFolder(p.dir);
    charts_->setClipThreshold(p.clip);
    charts_->setHistory(p.history);
    if (p.warnings.isEmpty())
        messages_->showInfo(p.summary);
    else
        messages_->showWarning(p.summary + QLatin1Char('\n') + p.warnings.join(QLatin1Char('\n')));
    remember(p.dir);
    showRuns();
    updateTitle();
    updateActions();
    Q_EMIT projectOpened(p.dir);
}

bool MainWindow::saveProjectTo(const QString& dir) {
    const QString error = session_.saveTo(dir);
    if (!error.isEmpty()) {
        messages_->showError(error);
        return false;
    }
    messages_->showInfo(
        tr("Project saved to %1. Training now adds its runs there.").arg(QDir::toNativeSeparators(session_.dir())));
    remember(session_.dir());
    showRuns();
    updateTitle();
    updateActions();
    return true;
}

void MainWindow::beginTrainingRun(int epochsTotal, int epochsBefore, const QString& device) {
    messages_->dismiss();
    monitor_->reset();
    monitor_->start();
    status_->begin(epochsTotal, epochsBefore, device);
    updateActions();
    Q_EMIT trainingStarted();
}

bool MainWindow::startTraining() {
    if (isBusy()) return false;
    QString error;
    if (!current_->trainingJob(session_.dir(), &error)) {
        messages_->showError(error, MessageBar::Topic::Settings);
        return false;
    }
    if (!mayTrainOver()) return false;
    const std::optional<TrainingJobConfig> job = current_->trainingJob(session_.dir(), &error);
    if (!job) {
        messages_->showError(error, MessageBar::Topic::Settings);
        return false;
    }
    const TrainConfig train = std::visit([](const auto& c) { return c.train; }, *job);
    current_->reset();
    charts_->clear();
    charts_->setClipThreshold(train.clip);
    std::visit([this](const auto& c) { controller_->startTraining(c); }, *job);
    beginTrainingRun(train.epochs, 0, resolvedDevice(train.device));
    return true;
}

Workspace* MainWindow::projectWorkspace() {
    const QString dir = session_.dir();
    TaskKind kind = task_;
    try {
        kind = taskOf(dir.toStdString());
    } catch (const std::exception&) {
        // The job itself reports what is wrong with the project.
    }
    Workspace* workspace = workspaceFor(kind);
    QString error;
    if (!workspace->prepareProjectRun(dir, &error)) {
        messages_->showError(error, MessageBar::Topic::Run);
        return nullptr;
    }
    // A project of another task than the one on show: its results go to its own views.
    if (workspace != current_ || workspace->task() != task_) enter(workspace);
    return workspace;
}

void MainWindow::chooseContinueEpochs() {
    if (isBusy() || !session_.hasCheckpoint()) return;
    ProjectRecord saved;
    try {
        saved = loadProjectRecord(session_.dir().toStdString());
    } catch (const std::exception& e) {
        messages_->showError(QString::fromUtf8(e.what()), MessageBar::Topic::Run);
        return;
    }
    // As many epochs again as the project's training asked for.
    auto* dialog = new ContinueDialog(saved.epochsDone, saved.train.epochs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { continueTraining(dialog->moreEpochs()); });
    dialog->open();
}

bool MainWindow::continueTraining(int moreEpochs) {
    if (isBusy()) return false;
    if (!session_.hasCheckpoint()) {
        messages_->showError(tr("There is no checkpoint to continue from: train a model or open a project first."),
                             MessageBar::Topic::Run);
        return false;
    }
    if (moreEpochs < 1) {
        messages_->showError(tr("Continue Training needs at least one more epoch."), MessageBar::Topic::Run);
        return false;
    }
    const std::string dir = session_.dir().toStdString();
    ProjectRecord saved;
    std::vector<EpochStats> history;
    try {
        saved = loadProjectRecord(dir);
        history = loadHistory(dir);
    } catch (const std::exception& e) {
        messages_->showError(QString::fromUtf8(e.what()), MessageBar::Topic::Run);
        return false;
    }
    Workspace* workspace = projectWorkspace();
    if (!workspace) return false;
    const int epochs = saved.epochsDone + moreEpochs;
    workspace->reset();
    charts_->clearBatches();
    charts_->setHistory(history);
    charts_->setClipThreshold(saved.train.clip);
    controller_->startResume(session_.dir(), epochs);
    beginTrainingRun(epochs, saved.epochsDone, resolvedDevice(saved.train.device));
    return true;
}

bool MainWindow::startEvaluation() {
    if (isBusy()) return false;
    if (!session_.hasProject()) {
        messages_->showError(tr("There is no trained model to evaluate: train a model or open a project first."),
                             MessageBar::Topic::Run);
        return false;
    }
    if (!projectWorkspace()) return false;
    messages_->clear(MessageBar::Topic::Run);
    controller_->startEvaluation(session_.dir());
    updateActions();
    return true;
}

void MainWindow::setPaused(bool paused) { controller_->setPaused(paused); }

void MainWindow::stopTraining() { controller_->stop(); }

void MainWindow::replotAll() {
    charts_->replotNow();
    current_->replotNow();
}

}  // namespace studio
