// The ends of training and evaluation runs, the same for every task.
#include "shell/main_window.h"

#include "shell/event_loop_monitor.h"
#include "shell/message_bar.h"
#include "widgets/training_charts.h"
#include "widgets/training_status.h"
#include "workspace/workspace.h"

namespace studio {
namespace {

TaskKind kindOf(const TaskResult& result) {
    const auto* text = std::get_if<TextJobResult>(&result);
    return text ? text->task : TaskKind::Forecast;
}

}  // namespace

void MainWindow::onTrainingFinished(const TaskResult& result) {
    const TrainResult& train = trainResultOf(result);
    monitor_->stop();
    status_->finish(train.epochsDone,
                    QString::fromStdString(std::visit([](const auto& r) { return r.device; }, result)));
    QString text = workspaceFor(kindOf(result))->showTraining(result, session_.dir());
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
    if (!train.message.empty()) text += QLatin1Char('\n') + QString::fromStdString(train.message);
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
    messages_->showError(message);
    updateActions();
    if (wasTraining) {
        status_->finish(0, QString());
        Q_EMIT trainingFinished(false);
    } else {
        Q_EMIT evaluationFinished(false);
    }
}

}  // namespace studio
