// The ends of training and evaluation runs, the same for every task, and the Runs dock.
#include "shell/main_window.h"

#include "shell/main_actions.h"
#include "shell/runs_panel.h"
#include "shell/sweep_dialog.h"
#include "shell/training_controller.h"

#include "shell/event_loop_monitor.h"
#include "shell/message_bar.h"
#include "widgets/training_charts.h"
#include "widgets/training_status.h"
#include "workspace/workspace.h"
#include "jobs/runs.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <utility>

namespace studio {
namespace {

TaskKind kindOf(const TaskResult& result) {
    const auto* text = std::get_if<TextJobResult>(&result);
    return text ? text->task : TaskKind::Forecast;
}

// How the run ended, in the interface's language (TrainResult::message says it in English,
// for the CLI); empty for a run that trained all its epochs.
QString stopText(const TrainResult& train) {
    switch (train.reason) {
        case StopReason::EarlyStopped:
            return MainWindow::tr("Stopped early: the validation loss did not improve for %n epoch(s); the weights "
                                  "of epoch %1 were kept.",
                                  nullptr, train.epochsDone - train.bestEpoch)
                .arg(train.bestEpoch);
        case StopReason::Cancelled:
            return MainWindow::tr("Cancelled after %n epoch(s); the weights of epoch %1 were kept.", nullptr,
                                  train.epochsDone)
                .arg(train.bestEpoch);
        case StopReason::Diverged:
            return MainWindow::tr("The validation loss is not finite after epoch %1; the best weights so far were "
                                  "kept. Try a lower learning rate (1e-4), a gradient clip of 1.0, or look for "
                                  "outliers in the data.")
                .arg(train.epochsDone);
        case StopReason::Completed:
            break;
    }
    return {};
}

}  // namespace

void MainWindow::onTrainingFinished(const TaskResult& result) {
    const TrainResult& train = trainResultOf(result);
    monitor_->stop();
    status_->finish(train.epochsDone,
                    QString::fromStdString(std::visit([](const auto& r) { return r.device; }, result)));
    QString text = workspaceFor(kindOf(result))->showTraining(result, session_.dir());
    showRuns();
    if (train.epochsDone == 0) {
        // Nothing of the run was written: a model the folder held before is still there.
        messages_->showWarning(session_.hasProject()
                                   ? tr("Training stopped before the first epoch ended; the project keeps the model "
                                        "it had before.")
                                   : tr("Training stopped before the first epoch ended; nothing was saved."));
        updateActions();
        Q_EMIT trainingFinished(false);
        return;
    }
    charts_->setHistory(train.history);
    if (!rerunNote_.isEmpty()) text += QLatin1Char('\n') + rerunNote_;
    rerunNote_.clear();
    if (const QString stop = stopText(train); !stop.isEmpty()) text += QLatin1Char('\n') + stop;
    const std::vector<std::string>& warnings = warningsOf(result);
    for (const auto& w : warnings) text += QLatin1Char('\n') + QString::fromStdString(w);
    // Diverged: an error; cancelled or warned: a warning; else information.
    const bool ok = train.reason != StopReason::Diverged;
    if (!ok)
        messages_->showError(text);
    else if (train.reason == StopReason::Cancelled || !warnings.empty())
        messages_->showWarning(text);
    else
        messages_->showInfo(text);
    updateTitle();
    updateActions();
    Q_EMIT trainingFinished(ok);
}

// The summary, as a warning when the data warned.
void MainWindow::onEvaluationFinished(const TaskResult& result) {
    QString text = workspaceFor(kindOf(result))->showEvaluation(result, session_.dir());
    const std::vector<std::string>& warnings = warningsOf(result);
    for (const auto& w : warnings) text += QLatin1Char('\n') + QString::fromStdString(w);
    if (warnings.empty())
        messages_->showInfo(text);
    else
        messages_->showWarning(text);
    updateActions();
    Q_EMIT evaluationFinished(true);
}

void MainWindow::onFailed(const QString& message) {
    const bool wasTraining = monitor_->isRunning();
    monitor_->stop();
    messages_->showError(message, MessageBar::Topic::Run);
    updateActions();
    if (wasTraining) {
        status_->finish(0, QString());
        Q_EMIT trainingFinished(false);
    } else {
        Q_EMIT evaluationFinished(false);
    }
}

void MainWindow::showRuns() { runs_->setProject(session_.hasProject() ? session_.dir() : QString()); }

void MainWindow::connectRunsPanel() {
    connectAutoSearch();
    connect(controller_, &TrainingController::busyChanged, runs_, &RunsPanel::setBusy);
    // The project's files are another run's now: show its model and results.
    connect(runs_, &RunsPanel::currentRunChanged, this, [this] { openProject(session_.dir()); });
    connect(runs_, &RunsPanel::settingsChosen, this, [this](const TrainingJobConfig& job) {
        current_->applySettings(job);
        messages_->showInfo(tr("The model options hold the chosen run's settings: Train starts a run from them."));
    });
    connect(runs_, &RunsPanel::rerunRequested, this, &MainWindow::startRerun);
    connect(controller_, &TrainingController::rerunCompared, this,
            [this](const QString& id, const QString& newId, bool identical, const QString& difference) {
                rerunNote_ = identical ? tr("Run %1 repeats %2 exactly: every epoch's losses and every test metric "
                                            "are the same.")
                                             .arg(newId, id)
                                       : tr("Run %1 differs from %2: %3.").arg(newId, id, difference);
            });
}

bool MainWindow::startRerun(const QString& id) {
    if (isBusy()) return false;
    Workspace* workspace = projectWorkspace();
    if (!workspace) return false;
    int epochs = 0;
    try {
        epochs = trainConfigOf(runJob(session_.dir().toStdString(), id.toStdString())).epochs;
    } catch (const std::exception& e) {
        messages_->showError(QString::fromUtf8(e.what()), MessageBar::Topic::Run);
        return false;
    }
    workspace->reset();
    charts_->clear();
    if (!controller_->startRerun(session_.dir(), id)) return false;
    beginTrainingRun(epochs, 0, QString());
    return true;
}

SweepDialog* MainWindow::sweepDialog() const { return sweepDialog_; }

// Model > Sweep…: window-modal, as its trials write the project's runs; at its end the
// project shows its (new) current run.
void MainWindow::showSweepDialog() {
    if (isBusy() || !session_.hasProject() || sweepDialog_) return;
    QString cli = cliPath_;
    if (cli.isEmpty()) {
        cli = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("lstm-studio-cli"));
        if (!QFileInfo(cli).isExecutable()) cli = QStandardPaths::findExecutable(QStringLiteral("lstm-studio-cli"));
    }
    if (cli.isEmpty()) {
        messages_->showError(tr("Sweeps run lstm-studio-cli, which is not beside this program nor on the PATH."),
                             MessageBar::Topic::Run);
        return;
    }
    messages_->clear(MessageBar::Topic::Run);
    auto* dialog = new SweepDialog(session_.dir(), cli, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    sweepDialog_ = dialog;
    connect(dialog, &SweepDialog::sweepFinished, this, [this, dialog] {
        showRuns();
        // The choice of an auto search is said once the project shows its current run.
        autoSearchNote_ = dialog->isAutoSearch() ? dialog->autoSummary() : QString();
        openProject(session_.dir());
        if (!openingProject_ && !autoSearchNote_.isEmpty()) messages_->showInfo(std::exchange(autoSearchNote_, {}));
    });
    dialog->open();
}

bool MainWindow::startAutoSearch(int budgetSeconds) {
    if (!sweepDialog_) showSweepDialog();
    if (!sweepDialog_ || sweepDialog_->isRunning()) return false;
    if (budgetSeconds > 0) sweepDialog_->setAutoBudget(budgetSeconds);
    return sweepDialog_->startAuto();
}

void MainWindow::connectAutoSearch() {
    connect(actions_->autoSearch, &QAction::triggered, this, [this] { startAutoSearch(); });
    // The search needs what a backtest needs: a forecast project on show, nothing running
    // (updateActions sets Backtest's state).
    connect(actions_->backtest, &QAction::changed, this,
            [this] { actions_->autoSearch->setEnabled(actions_->backtest->isEnabled()); });
    connect(this, &MainWindow::projectOpened, this, [this] {
        if (!autoSearchNote_.isEmpty()) messages_->showInfo(std::exchange(autoSearchNote_, {}));
    });
    connect(this, &MainWindow::openFailed, this, [this] { autoSearchNote_.clear(); });
}

}  // namespace studio
