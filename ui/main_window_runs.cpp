// The ends of training and evaluation runs, the same for every task.
#include "main_window.h"

#include "event_loop_monitor.h"
#include "message_bar.h"
#include "training_charts.h"
#include "training_status.h"

namespace studio {

bool MainWindow::endTrainingRun(const TrainResult& train, const std::string& device) {
    monitor_->stop();
    status_->finish(train.epochsDone, QString::fromStdString(device));
    if (train.epochsDone == 0) {
        messages_->showWarning(tr("Training stopped before the first epoch ended; nothing was saved."));
        updateActions();
        Q_EMIT trainingFinished(false);
        return false;
    }
    charts_->setHistory(train.history);
    return true;
}

// The end of a training run of either kind: the summary with the run's warnings as an
// error (diverged), a warning (cancelled or warned) or information, then the window's state.
void MainWindow::announceTrainingEnd(QString text, StopReason reason, const std::vector<std::string>& warnings) {
    for (const auto& w : warnings) text += QLatin1Char('\n') + QString::fromStdString(w);
    const bool ok = reason != StopReason::Diverged;
    if (!ok)
        messages_->showError(text);
    else if (reason == StopReason::Cancelled || !warnings.empty())
        messages_->showWarning(text);
    else
        messages_->showInfo(text);
    updateTitle();
    updateActions();
    Q_EMIT trainingFinished(ok);
}

// The end of an evaluation of either kind: the summary, as a warning when the data warned.
void MainWindow::announceEvaluation(const QString& text, const QStringList& warnings) {
    if (warnings.isEmpty())
        messages_->showInfo(text);
    else
        messages_->showWarning(text + QLatin1Char('\n') + warnings.join(QLatin1Char('\n')));
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
