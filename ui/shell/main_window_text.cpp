// MainWindow's text tasks (classification, character language model), kept apart from
// main_window.cpp so that neither file grows past the house limit.
#include "shell/main_window.h"

#include "workspace/char_lm_results_view.h"
#include "workspace/classify_results_view.h"
#include "shell/event_loop_monitor.h"
#include "shell/main_actions.h"
#include "shell/message_bar.h"
#include "workspace/model_panel.h"
#include "workspace/prediction_view.h"
#include "workspace/text_data_panel.h"
#include "workspace/text_options_panel.h"
#include "workspace/text_workspace.h"
#include "widgets/training_charts.h"
#include "shell/training_controller.h"
#include "widgets/training_status.h"
#include "tasks/registry.h"
#include "base/versions.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>

namespace studio {

void MainWindow::connectTextParts() {
    connect(actions_->openText, &QAction::triggered, this, &MainWindow::chooseText);
    TextDataPanel* data = text_->dataPanel();
    connect(data, &TextDataPanel::loaded, this, [this](const QString& path) {
        setWorkspace(text_->dataPanel()->task());
        text_->applyDefaults(text_->dataPanel()->task());
        text_->clearResults();
        resultsStack_->setCurrentWidget(text_->dataPanel()->task() == TaskKind::Classify
                                            ? static_cast<QWidget*>(text_->classifyView())
                                            : text_->charLmView());
        charts_->clear();
        charts_->setMetricName(TextWorkspace::metricName(text_->dataPanel()->task()));
        messages_->dismiss();
        remember(path);
        updateTitle();
        updateActions();
        Q_EMIT dataLoaded(path);
    });
    connect(data, &TextDataPanel::loadFailed, this, [this](const QString& message) {
        messages_->showError(message);
        updateActions();
        Q_EMIT openFailed(message);
    });
    connect(data, &TextDataPanel::readinessChanged, this, &MainWindow::updateActions);
    connect(controller_, &TrainingController::sampleReady, text_->charLmView(), &CharLmResultsView::setLiveSample);
    connect(text_, &TextWorkspace::projectLoaded, this, &MainWindow::onTextProjectLoaded);
    connect(text_, &TextWorkspace::projectFailed, this, [this](const QString& message) {
        openingProject_ = false;
        messages_->showError(message);
        updateActions();
        Q_EMIT openFailed(message);
    });
}

void MainWindow::setWorkspace(TaskKind kind) {
    const bool text = isTextTask(kind);
    if (kind != task_) {
        // Another task: the previous one's results leave the screen. (A text project
        // being opened has put its own results in the text views already.)
        predictions_->clear();
        lastResult_.reset();
        if (!text) text_->clearResults();
        charts_->clear();
    }
    task_ = kind;
    dataStack_->setCurrentIndex(text ? 1 : 0);
    text_->options()->setVisible(text);
    charts_->setTask(kind);
    if (!text) {
        modelPanel_->setTask(TaskKind::Forecast);
        resultsStack_->setCurrentWidget(predictions_);
        charts_->setMetricName(QString());
    }
}

void MainWindow::openText(const QString& path) {
    if (isBusy()) return;
    text_->dataPanel()->openFile(path);
    updateActions();
}

void MainWindow::chooseText() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Text"), settings_.lastFolder(),
        tr("Labeled texts (*.csv);;Plain text for a language model (*.txt);;All files (*)"));
    if (!path.isEmpty()) openText(path);
}

bool MainWindow::startTextTraining() {
    QString error;
    const TextJobConfig config = text_->config(session_.dir(), &error);
    if (config.dataPath.empty()) {
        messages_->showError(error);
        return false;
    }
    text_->clearResults();
    charts_->clear();
    charts_->setMetricName(TextWorkspace::metricName(config.task));
    charts_->setClipThreshold(config.train.clip);
    controller_->startTextTraining(config);
    const QString device =
        QString::fromStdString(config.train.device == "auto" ? defaultDevice() : config.train.device);
    beginTrainingRun(config.train.epochs, 0, device);
    return true;
}

QString MainWindow::showTraining(const TextJobResult& r) {
    text_->showResult(r, session_.dir());
    return r.task == TaskKind::Classify
               ? tr("Trained %n epoch(s) on %1: test accuracy %2% (majority baseline %3%), macro F1 %4%.", nullptr,
                    r.train.epochsDone)
                     .arg(QString::fromStdString(r.device))
                     .arg(r.classify.accuracy, 0, 'f', 2)
                     .arg(r.classify.majorityAccuracy, 0, 'f', 2)
                     .arg(r.classify.macroF1, 0, 'f', 2)
               : tr("Trained %n epoch(s) on %1: test %2 bits per character (unigram %3).", nullptr, r.train.epochsDone)
                     .arg(QString::fromStdString(r.device))
                     .arg(r.bitsPerChar, 0, 'f', 4)
                     .arg(r.unigramBitsPerChar, 0, 'f', 4);
}

QString MainWindow::showEvaluation(const TextJobResult& r) {
    text_->showResult(r, session_.dir());
    return r.task == TaskKind::Classify
               ? tr("Evaluated the saved model on %n test text(s): accuracy %1% (majority baseline %2%), macro F1 "
                    "%3%.",
                    nullptr, static_cast<int>(r.classify.n))
                     .arg(r.classify.accuracy, 0, 'f', 2)
                     .arg(r.classify.majorityAccuracy, 0, 'f', 2)
                     .arg(r.classify.macroF1, 0, 'f', 2)
               : tr("Evaluated the saved model on the test text: %1 bits per character (unigram %2).")
                     .arg(r.bitsPerChar, 0, 'f', 4)
                     .arg(r.unigramBitsPerChar, 0, 'f', 4);
}

void MainWindow::onTextProjectLoaded(const QString& dir) {
    const TextProjectFile& project = text_->loadedProject();
    const std::vector<EpochStats>& history = text_->loadedHistory();
    openingProject_ = false;
    session_.useFolder(dir);
    setWorkspace(project.task);
    resultsStack_->setCurrentWidget(project.task == TaskKind::Classify ? static_cast<QWidget*>(text_->classifyView())
                                                                       : text_->charLmView());
    charts_->clear();
    charts_->setMetricName(TextWorkspace::metricName(project.task));
    charts_->setClipThreshold(project.train.clip);
    charts_->setHistory(history);
    messages_->showInfo(
        tr("Opened text project %1: %n epoch(s) trained, best epoch %2 (%3).", nullptr, project.epochsDone)
            .arg(QDir::toNativeSeparators(dir))
            .arg(project.bestEpoch)
            .arg(QString::fromStdString(project.stopReason)));
    remember(dir);
    updateTitle();
    updateActions();
    Q_EMIT projectOpened(dir);
}

}  // namespace studio
