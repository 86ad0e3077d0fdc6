#include "workspace/forecast_workspace.h"

#include "data/csv_reader.h"
#include "widgets/retranslate.h"
#include "workspace/data_panel.h"
#include "workspace/future_forecast_view.h"
#include "workspace/model_panel.h"
#include "workspace/prediction_view.h"

#include <QDir>
#include <QScrollArea>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace studio {
namespace {

QScrollArea* scrolling(QWidget* content) {
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

}  // namespace

ForecastWorkspace::ForecastWorkspace(QWidget* parentWidget) : Workspace(parentWidget) {
    data_ = new DataPanel(parentWidget);
    model_ = new ModelPanel(parentWidget);
    predictions_ = new PredictionView(parentWidget);
    future_ = new FutureForecastView(parentWidget);
    tabs_ = new QTabWidget(parentWidget);
    tabs_->setObjectName(QStringLiteral("forecastResults"));
    tabs_->setDocumentMode(true);
    // Each tab scrolls on its own where the window is too small for it, so the tallest of
    // them does not set the height of the others.
    tabs_->addTab(scrolling(predictions_), QString());
    // The metrics get a tab of their own: beside the charts, a column per baseline leaves
    // the charts too little room on a 1280-pixel screen.
    tabs_->addTab(scrolling(predictions_->metricsPanel()), QString());
    tabs_->addTab(scrolling(future_), QString());
    retranslate(this, [this] {
        tabs_->setTabText(0, tr("&Test split"));
        tabs_->setTabText(1, tr("Metr&ics"));
        tabs_->setTabText(2, tr("Forecast &ahead"));
        tabs_->setTabToolTip(0, tr("The test split's predictions against the truth, with their intervals"));
        tabs_->setTabToolTip(
            1, tr("Errors of the model and of the baselines on the test split, over all steps or step by step; how "
                  "the intervals held"));
        tabs_->setTabToolTip(2, tr("Forecasts past the last row of the data, with intervals"));
        // The scaler's name and the sentence around it; core's reason stays as core wrote it.
        if (noteScaler_) predictions_->setScalerNote(scalerNote(noteScaler_->first, noteScaler_->second));
    });
    setWidgets(data_, model_, tabs_, model_);

    connect(data_, &DataPanel::loaded, this, [this](const QString& path) {
        // A new series starts from the automatic scaler, whatever the last project used.
        if (std::exchange(newSeries_, false)) model_->setScaler(ScalerKind::Auto);
        Q_EMIT dataLoaded(path);
    });
    connect(data_, &DataPanel::loadFailed, this, [this](const QString& message) {
        newSeries_ = false;
        Q_EMIT dataFailed(message);
    });
    connect(data_, &DataPanel::loadCancelled, this, [this](const QString& path) {
        newSeries_ = false;
        Q_EMIT dataCancelled(path);
    });
    connect(future_, &FutureForecastView::forecastRequested, this, &ForecastWorkspace::forecastRequested);
    connect(future_, &FutureForecastView::forecastFinished, this, &ForecastWorkspace::forecastFinished);
    connect(future_, &FutureForecastView::exported, this, &ForecastWorkspace::forecastExported);
    connect(data_, &DataPanel::readinessChanged, this, &Workspace::readinessChanged);
    // The split drawn over the data follows the windows and fractions being edited.
    connect(model_, &ModelPanel::optionsChanged, this, [this] { data_->setSeriesOptions(model_->seriesSpec()); });
    data_->setSeriesOptions(model_->seriesSpec());
    connect(&watcher_, &QFutureWatcher<LoadedForecastProject>::finished, this, [this] {
        loaded_ = watcher_.result();
        if (loaded_.error.isEmpty())
            Q_EMIT projectRead(loaded_.dir);
        else
            Q_EMIT projectFailed(loaded_.error);
    });
}

ForecastWorkspace::~ForecastWorkspace() { watcher_.waitForFinished(); }

ChartLabels ForecastWorkspace::chartLabels() const { return {tr("loss (MSE, scaled)"), QString(), QString()}; }

void ForecastWorkspace::openData(const QString& path) {
    newSeries_ = true;
    data_->openFile(path);
}

QString ForecastWorkspace::dataPath() const { return data_->hasTable() ? data_->filePath() : QString(); }

bool ForecastWorkspace::isLoading() const { return data_->isLoading() || watcher_.isRunning() || future_->isRunning(); }

bool ForecastWorkspace::isDataReady() const { return data_->isReady(); }

QString ForecastWorkspace::dataProblem() const { return data_->problem(); }

void ForecastWorkspace::reset() {
    predictions_->clear();
    showScalerNote(nullptr);
    future_->clear();
    lastResult_.reset();
}

void ForecastWorkspace::applySettings(const TrainingJobConfig& job) {
    const auto* forecast = std::get_if<ForecastJobConfig>(&job);
    if (!forecast) return;
    model_->setSeriesSpec(forecast->series);
    model_->setModelSpec(forecast->model);
    model_->setTrainConfig(forecast->train);
}

std::optional<TrainingJobConfig> ForecastWorkspace::trainingJob(const QString& outDir, QString* error) {
    data_->flushReport();
    if (!checkReady(error)) return std::nullopt;
    ForecastJobConfig config;
    config.dataPath = data_->filePath().toStdString();
    config.series = model_->seriesSpec();
    data_->applyRoles(config.series);
    config.model = model_->modelSpec();
    config.train = model_->trainConfig();
    config.outDir = outDir.toStdString();
    runTable_ = data_->table();
    runSpec_ = config.series;
    return config;
}

bool ForecastWorkspace::prepareProjectRun(const QString& dir, QString* error) {
    try {
        const ProjectFile project = loadProjectFile(dir.toStdString());
        runTable_ = tableFor(project.dataPath);
        runSpec_ = project.series;
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

std::shared_ptr<const CsvTable> ForecastWorkspace::tableFor(const std::string& dataPath) const {
    return isSameFile(data_->filePath(), QString::fromStdString(dataPath)) ? data_->table() : nullptr;
}

QString ForecastWorkspace::showTraining(const TaskResult& result, const QString& dir) {
    const ForecastJobResult& r = std::get<ForecastJobResult>(result);
    lastResult_ = r;
    if (r.train.epochsDone == 0) return {};
    predictions_->setData(PredictionData::build(r.test, true, runTable_.get(), runSpec_));
    showModelOf(dir);
    return tr("Trained %n epoch(s) on %1; best epoch %2, validation loss %3. Test MAE %4 (naive %5).", nullptr,
              r.train.epochsDone)
        .arg(QString::fromStdString(r.device))
        .arg(r.train.bestEpoch)
        .arg(r.train.bestValLoss, 0, 'g', 5)
        .arg(r.test.model.mae, 0, 'g', 5)
        .arg(r.test.baseline.mae, 0, 'g', 5);
}

QString ForecastWorkspace::showEvaluation(const TaskResult& result, const QString& dir) {
    const ForecastJobResult& r = std::get<ForecastJobResult>(result);
    predictions_->setData(PredictionData::build(r.test, true, runTable_.get(), runSpec_));
    showModelOf(dir);
    return tr("Evaluated the saved model on %n test window(s): MAE %1 (naive %2).", nullptr,
              static_cast<int>(r.test.model.n))
        .arg(r.test.model.mae, 0, 'g', 5)
        .arg(r.test.baseline.mae, 0, 'g', 5);
}

void ForecastWorkspace::loadProject(const QString& dir) {
    if (watcher_.isRunning()) return;
    watcher_.setFuture(QtConcurrent::run([dir] { return ForecastProjectLoader::load(dir); }));
}

OpenedProject ForecastWorkspace::showProject() {
    const LoadedForecastProject& p = loaded_;
    model_->setFromProject(p.project);
    if (p.table) data_->showTable(QString::fromStdString(p.project.dataPath), p.table, p.project.series);
    predictions_->setData(p.predictions);
    showScalerNote(&p.project);
    future_->setModel(p.project);
    lastResult_.reset();
    OpenedProject out;
    out.dir = p.dir;
    out.task = TaskKind::Forecast;
    out.history = p.history;
    out.clip = p.project.train.clip;
    out.summary = tr("Opened project %1: %n epoch(s) trained, best epoch %2 (%3).", nullptr, p.project.epochsDone)
                      .arg(QDir::toNativeSeparators(p.dir))
                      .arg(p.project.bestEpoch)
                      .arg(QString::fromStdString(p.project.stopReason));
    out.warnings = p.warnings;
    return out;
}

void ForecastWorkspace::replotNow() {
    predictions_->replotNow();
    future_->replotNow();
}

void ForecastWorkspace::showModelOf(const QString& dir) {
    try {
        const ProjectFile project = loadProjectFile(dir.toStdString());
        showScalerNote(&project);
        future_->setModel(project);
    } catch (const std::exception&) {
        // The run's own message says what went wrong with the project.
        showScalerNote(nullptr);
    }
}

void ForecastWorkspace::showScalerNote(const ProjectFile* project) {
    if (project)
        noteScaler_.emplace(project->series.scaler, project->scalerReason);
    else
        noteScaler_.reset();
    predictions_->setScalerNote(project ? scalerNote(*project) : QString());
}

QString ForecastWorkspace::scalerNote(const ProjectFile& project) {
    return scalerNote(project.series.scaler, project.scalerReason);
}

QString ForecastWorkspace::scalerNote(ScalerKind kind, const std::string& reason) {
    const QString scaler = ModelPanel::scalerText(kind);
    if (reason.empty()) return tr("Scaler: %1.").arg(scaler);
    return tr("Scaler: %1, chosen automatically: %2.").arg(scaler, QString::fromStdString(reason));
}

bool ForecastWorkspace::startForecast(const QString& dir, const QString& dataPath, int steps) {
    if (future_->isRunning()) return false;
    showTab(future_);
    if (steps > 0) future_->setSteps(steps);
    return future_->start(dir, dataPath);
}

void ForecastWorkspace::setForecastAllowed(bool allowed) { future_->setAllowed(allowed); }

void ForecastWorkspace::showTestSplit() { showTab(predictions_); }

bool ForecastWorkspace::isForecastTabShown() const {
    const auto* page = qobject_cast<const QScrollArea*>(tabs_->currentWidget());
    return page && page->widget() == future_;
}

void ForecastWorkspace::showTab(QWidget* content) {
    for (int i = 0; i < tabs_->count(); ++i)
        if (const auto* page = qobject_cast<const QScrollArea*>(tabs_->widget(i)); page && page->widget() == content)
            tabs_->setCurrentIndex(i);
}

}  // namespace studio
