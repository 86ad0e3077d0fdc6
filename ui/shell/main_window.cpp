#include "shell/main_window.h"

#include <utility>

#include "data/csv_reader.h"
#include "shell/about_dialog.h"
#include "workspace/char_lm_results_view.h"
#include "workspace/classify_results_view.h"
#include "workspace/data_panel.h"
#include "shell/event_loop_monitor.h"
#include "shell/main_actions.h"
#include "shell/message_bar.h"
#include "workspace/model_panel.h"
#include "workspace/prediction_view.h"
#include "shell/recent_files_menu.h"
#include "widgets/training_charts.h"
#include "shell/training_controller.h"
#include "widgets/training_status.h"
#include "workspace/text_data_panel.h"
#include "workspace/text_options_panel.h"
#include "workspace/text_workspace.h"
#include "tasks/registry.h"
#include "tasks/text/text_project.h"
#include "base/versions.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMimeData>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace studio {
namespace {

bool sameFile(const QString& a, const QString& b) {
    const QString ca = QFileInfo(a).canonicalFilePath();
    return !ca.isEmpty() && ca == QFileInfo(b).canonicalFilePath();
}

QString resolvedDevice(const std::string& device) {
    return QString::fromStdString(device == "auto" ? defaultDevice() : device);
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(style()->standardIcon(QStyle::SP_ComputerIcon));
    setAcceptDrops(true);
    actions_ = new MainActions(this);
    recent_ = new RecentFilesMenu(settings_, this);
    controller_ = new TrainingController(this);
    monitor_ = new EventLoopMonitor(this);
    buildLayout();
    connectParts();
    charts_->setLogScale(settings_.logScaleLoss());
    if (!restoreGeometry(settings_.windowGeometry())) resize(1440, 900);
    restoreState(settings_.windowState());
    if (!session_.isValid())
        messages_->showError(
            tr("Cannot create a temporary project folder; training will fail "
               "until you save the project to a folder."));
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow() { projectWatcher_.waitForFinished(); }

void MainWindow::buildLayout() {
    dataPanel_ = new DataPanel(this);
    modelPanel_ = new ModelPanel(this);
    charts_ = new TrainingCharts(this);
    predictions_ = new PredictionView(this);
    messages_ = new MessageBar(this);
    text_ = new TextWorkspace(modelPanel_, this);
    resultsStack_ = new QStackedWidget(this);
    resultsStack_->addWidget(predictions_);
    resultsStack_->addWidget(text_->classifyView());
    resultsStack_->addWidget(text_->charLmView());
    dataStack_ = new QStackedWidget(this);
    dataStack_->addWidget(dataPanel_);
    dataStack_->addWidget(text_->dataPanel());

    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* split = new QSplitter(Qt::Vertical, centre);
    split->addWidget(charts_);
    split->addWidget(resultsStack_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(messages_);
    layout->addWidget(split, 1);
    setCentralWidget(centre);

    auto* dataDock = new QDockWidget(tr("Data"), this);
    dataDock->setObjectName(QStringLiteral("dataDock"));
    dataDock->setWidget(dataStack_);
    auto* settings = new QWidget(this);
    auto* settingsLayout = new QVBoxLayout(settings);
    settingsLayout->setContentsMargins(0, 0, 0, 0);
    settingsLayout->setSpacing(0);
    settingsLayout->addWidget(text_->options());
    settingsLayout->addWidget(modelPanel_);
    text_->options()->setVisible(false);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(settings);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(modelPanel_->minimumSizeHint().width() + style()->pixelMetric(QStyle::PM_ScrollBarExtent) +
                            4);
    auto* modelDock = new QDockWidget(tr("Model"), this);
    modelDock->setObjectName(QStringLiteral("modelDock"));
    modelDock->setWidget(scroll);
    // Data on the left, the settings on the right, results in the middle: all four in view.
    addDockWidget(Qt::LeftDockWidgetArea, dataDock);
    addDockWidget(Qt::RightDockWidgetArea, modelDock);
    resizeDocks({dataDock, modelDock}, {420, 320}, Qt::Horizontal);

    auto* toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    actions_->populateToolBar(toolBar);
    actions_->populateMenus(menuBar(), recent_,
                            {dataDock->toggleViewAction(), modelDock->toggleViewAction(), toolBar->toggleViewAction()});
    status_ = new TrainingStatus(statusBar(), this);
}

void MainWindow::connectParts() {
    const MainActions& a = *actions_;
    connect(a.openCsv, &QAction::triggered, this, &MainWindow::chooseCsv);
    connect(a.openProject, &QAction::triggered, this, &MainWindow::chooseProject);
    connect(a.saveProject, &QAction::triggered, this, &MainWindow::saveProject);
    connect(a.saveProjectAs, &QAction::triggered, this, &MainWindow::saveProjectAs);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.train, &QAction::triggered, this, &MainWindow::startTraining);
    connect(a.pause, &QAction::toggled, this, &MainWindow::setPaused);
    connect(a.stop, &QAction::triggered, this, &MainWindow::stopTraining);
    connect(a.continueTraining, &QAction::triggered, this, &MainWindow::continueTraining);
    connect(a.evaluate, &QAction::triggered, this, &MainWindow::startEvaluation);
    connect(a.about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(a.exportOnnx, &QAction::triggered, this, &MainWindow::exportOnnx);
    connect(a.quantize, &QAction::triggered, this, &MainWindow::showQuantizeDialog);
    connect(a.benchmark, &QAction::triggered, this, &MainWindow::showBenchmarkDialog);
    connect(a.aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
    connect(recent_, &RecentFilesMenu::pathChosen, this, &MainWindow::openPath);

    connect(dataPanel_, &DataPanel::loaded, this, [this](const QString& path) {
        if (std::exchange(suggestScaler_, false) && dataPanel_->table())
            modelPanel_->setScaler(suggestScaler(*dataPanel_->table(), dataPanel_->roles().target().toStdString()));
        setWorkspace(TaskKind::Forecast);
        // New data: nothing drawn from the previous data stays on screen.
        charts_->clear();
        predictions_->clear();
        lastResult_.reset();
        messages_->dismiss();
        remember(path);
        updateTitle();
        updateActions();
        Q_EMIT dataLoaded(path);
    });
    connect(dataPanel_, &DataPanel::loadFailed, this, [this](const QString& message) {
        suggestScaler_ = false;
        messages_->showError(message);
        updateActions();
        Q_EMIT openFailed(message);
    });
    connect(dataPanel_, &DataPanel::loadCancelled, this, [this](const QString& path) {
        suggestScaler_ = false;
        messages_->showInfo(tr("Reading %1 was cancelled; nothing changed.").arg(QDir::toNativeSeparators(path)));
        updateActions();
    });
    connect(dataPanel_, &DataPanel::readinessChanged, this, &MainWindow::updateActions);
    connect(modelPanel_, &ModelPanel::validityChanged, this, &MainWindow::updateActions);
    connect(modelPanel_, &ModelPanel::optionsChanged, this,
            [this] { dataPanel_->setSeriesOptions(modelPanel_->seriesSpec()); });
    dataPanel_->setSeriesOptions(modelPanel_->seriesSpec());
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
    connect(controller_, &TrainingController::pausedChanged, this, [this](bool paused) {
        const QSignalBlocker block(actions_->pause);
        actions_->pause->setChecked(paused);
    });
    connect(&projectWatcher_, &QFutureWatcher<LoadedProject>::finished, this, &MainWindow::onProjectLoaded);
    connectTextParts();
}

void MainWindow::updateActions() {
    const bool busy = controller_->isBusy();
    const bool training = controller_->job() == TrainingController::Job::Training;
    const bool loading = dataPanel_->isLoading() || openingProject_ || text_->dataPanel()->isLoading();
    const bool text = isTextTask(task_);
    const bool dataReady = text ? text_->dataPanel()->isReady() : dataPanel_->isReady();
    actions_->openCsv->setEnabled(!busy);
    actions_->openText->setEnabled(!busy);
    actions_->openProject->setEnabled(!busy);
    actions_->saveProject->setEnabled(!busy && session_.hasProject());
    actions_->saveProjectAs->setEnabled(!busy && session_.hasProject());
    actions_->train->setEnabled(!busy && !loading && dataReady && modelPanel_->isValid());
    actions_->pause->setEnabled(training);
    actions_->stop->setEnabled(training);
    actions_->continueTraining->setEnabled(!busy && session_.hasCheckpoint());
    actions_->evaluate->setEnabled(!busy && session_.hasProject());
#ifdef STUDIO_WITH_ONNX
    actions_->exportOnnx->setEnabled(!busy && session_.hasProject());
#endif
    // Both read the saved model; the int8 engine exists only in builds with oneDNN.
#ifdef STUDIO_WITH_ONEDNN
    actions_->quantize->setEnabled(!busy && session_.hasProject());
#endif
    actions_->benchmark->setEnabled(!busy && session_.hasProject());
    const QString dataProblem = text ? text_->dataPanel()->problem() : dataPanel_->problem();
    const QString why = !dataReady ? dataProblem : !modelPanel_->isValid() ? modelPanel_->errors().value(0) : QString();
    actions_->train->setToolTip(why.isEmpty() ? actions_->train->statusTip() : tr("Cannot train yet: %1").arg(why));
}

void MainWindow::updateTitle() {
    QString dataPath = dataPanel_->hasTable() ? dataPanel_->filePath() : QString();
    if (isTextTask(task_)) dataPath = text_->dataPanel()->filePath();
    const QString data = dataPath.isEmpty() ? tr("no data") : QFileInfo(dataPath).fileName();
    const QString project = session_.isTemporary() ? tr("unsaved project") : QFileInfo(session_.dir()).fileName();
    setWindowTitle(tr("%1 — %2 — LSTM Studio").arg(data, project));
}

bool MainWindow::isBusy() const { return controller_->isBusy(); }

double MainWindow::eventLoopP99Ms() const { return monitor_->p99Ms(); }

void MainWindow::openPath(const QString& path) {
    if (ProjectSession::isProjectFolder(path))
        openProject(path);
    else
        openCsv(path);
}

void MainWindow::openCsv(const QString& path) {
    if (isBusy()) return;
    suggestScaler_ = true;
    dataPanel_->openFile(path);
    updateActions();
}

void MainWindow::openProject(const QString& dir) {
    if (isBusy() || openingProject_) return;
    openingProject_ = true;
    updateActions();
    TaskKind kind = TaskKind::Forecast;
    try {
        kind = taskOf(dir.toStdString());
    } catch (const std::exception&) {
        // ProjectLoader reports what is wrong with the folder.
    }
    if (isTextTask(kind)) {
        text_->loadProject(dir);
        return;
    }
    projectWatcher_.setFuture(QtConcurrent::run([dir] { return ProjectLoader::load(dir); }));
}

void MainWindow::onProjectLoaded() {
    openingProject_ = false;
    const LoadedProject p = projectWatcher_.result();
    if (!p.error.isEmpty()) {
        messages_->showError(p.error);
        updateActions();
        Q_EMIT openFailed(p.error);
        return;
    }
    session_.useFolder(p.dir);
    setWorkspace(TaskKind::Forecast);
    modelPanel_->setFromProject(p.project);
    if (p.table) dataPanel_->showTable(QString::fromStdString(p.project.dataPath), p.table, p.project.series);
    charts_->clear();
    charts_->setClipThreshold(p.project.train.clip);
    charts_->setHistory(p.history);
    predictions_->setData(p.predictions);
    lastResult_.reset();
    const QString summary =
        tr("Opened project %1: %n epoch(s) trained, best epoch %2 (%3).", nullptr, p.project.epochsDone)
            .arg(QDir::toNativeSeparators(p.dir))
            .arg(p.project.bestEpoch)
            .arg(QString::fromStdString(p.project.stopReason));
    if (p.warnings.isEmpty())
        messages_->showInfo(summary);
    else
        messages_->showWarning(summary + QLatin1Char('\n') + p.warnings.join(QLatin1Char('\n')));
    remember(p.dir);
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
        tr("Project saved to %1. Training now writes there.").arg(QDir::toNativeSeparators(session_.dir())));
    remember(session_.dir());
    updateTitle();
    updateActions();
    return true;
}

void MainWindow::beginTrainingRun(int epochsTotal, int epochsBefore, const QString& device) {
    messages_->dismiss();
    monitor_->reset();
    monitor_->start();
    status_->begin(epochsTotal, epochsBefore, device);
    predictions_->clear();
    updateActions();
    Q_EMIT trainingStarted();
}

bool MainWindow::startTraining() {
    if (isBusy()) return false;
    if (isTextTask(task_)) return startTextTraining();
    dataPanel_->flushReport();
    if (!dataPanel_->isReady()) {
        messages_->showError(dataPanel_->problem());
        return false;
    }
    if (!modelPanel_->isValid()) {
        messages_->showError(modelPanel_->errors().join(QLatin1Char('\n')));
        return false;
    }
    ForecastJobConfig config;
    config.dataPath = dataPanel_->filePath().toStdString();
    config.series = modelPanel_->seriesSpec();
    dataPanel_->applyRoles(config.series);
    config.model = modelPanel_->modelSpec();
    config.train = modelPanel_->trainConfig();
    config.outDir = session_.dir().toStdString();
    runTable_ = dataPanel_->table();
    runSpec_ = config.series;
    charts_->clear();
    charts_->setClipThreshold(config.train.clip);
    controller_->startTraining(config);
    beginTrainingRun(config.train.epochs, 0, resolvedDevice(config.train.device));
    return true;
}

bool MainWindow::continueTraining() {
    if (isBusy()) return false;
    if (!session_.hasCheckpoint()) {
        messages_->showError(tr("There is no checkpoint to continue from: train a model or open a project first."));
        return false;
    }
    const std::string dir = session_.dir().toStdString();
    ProjectRecord saved;
    std::vector<EpochStats> history;
    try {
        saved = loadProjectRecord(dir);
        history = loadHistory(dir);
        if (task_ == TaskKind::Forecast) runSpec_ = loadProjectFile(dir).series;
    } catch (const std::exception& e) {
        messages_->showError(QString::fromUtf8(e.what()));
        return false;
    }
    const int epochs = modelPanel_->epochs();
    if (epochs <= saved.epochsDone) {
        messages_->showError(tr("The project already has %n epoch(s): set Epochs above that to train further.", nullptr,
                                saved.epochsDone));
        return false;
    }
    runTable_ = task_ == TaskKind::Forecast ? tableFor(saved.dataPath) : nullptr;
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
        messages_->showError(tr("There is no trained model to evaluate: train a model or open a project first."));
        return false;
    }
    try {
        if (task_ == TaskKind::Forecast) {
            const ProjectFile project = loadProjectFile(session_.dir().toStdString());
            runTable_ = tableFor(project.dataPath);
            runSpec_ = project.series;
        }
    } catch (const std::exception& e) {
        messages_->showError(QString::fromUtf8(e.what()));
        return false;
    }
    controller_->startEvaluation(session_.dir());
    updateActions();
    return true;
}

std::shared_ptr<const CsvTable> MainWindow::tableFor(const std::string& dataPath) const {
    return sameFile(dataPanel_->filePath(), QString::fromStdString(dataPath)) ? dataPanel_->table() : nullptr;
}

void MainWindow::setPaused(bool paused) { controller_->setPaused(paused); }

void MainWindow::stopTraining() { controller_->stop(); }

QString MainWindow::showTraining(const ForecastJobResult& r) {
    predictions_->setData(PredictionData::build(r.test, true, runTable_.get(), runSpec_));
    return tr("Trained %n epoch(s) on %1; best epoch %2, validation loss %3. Test MAE %4 (naive %5).", nullptr,
              r.train.epochsDone)
        .arg(QString::fromStdString(r.device))
        .arg(r.train.bestEpoch)
        .arg(r.train.bestValLoss, 0, 'g', 5)
        .arg(r.test.model.mae, 0, 'g', 5)
        .arg(r.test.baseline.mae, 0, 'g', 5);
}

QString MainWindow::showEvaluation(const ForecastJobResult& r) {
    predictions_->setData(PredictionData::build(r.test, true, runTable_.get(), runSpec_));
    return tr("Evaluated the saved model on %n test window(s): MAE %1 (naive %2).", nullptr,
              static_cast<int>(r.test.model.n))
        .arg(r.test.model.mae, 0, 'g', 5)
        .arg(r.test.baseline.mae, 0, 'g', 5);
}

void MainWindow::replotAll() {
    charts_->replotNow();
    predictions_->replotNow();
}

}  // namespace studio
