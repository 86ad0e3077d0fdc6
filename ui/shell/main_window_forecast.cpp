// MainWindow's Model > Forecast Ahead, Forecast From File…, Backtest… and Feature
// Importance…: the forecast workspace's Forecast tab runs the project's model past the last
// row (the outcome goes to the message bar); the Backtest dialog rolls the origin over the
// validation and test rows; the Importance dialog shuffles each input column; Inspect… shows
// the gates and states for a window (a click on the test split's chart) or a text (the
// classifier's "Try a text" box).

#include "shell/main_window.h"

#include "shell/backtest_dialog.h"
#include "shell/importance_dialog.h"
#include "shell/inspect_dialog.h"
#include "shell/main_actions.h"
#include "shell/message_bar.h"
#include "tasks/registry.h"
#include "tasks/task_kind.h"
#include "workspace/classify_results_view.h"
#include "workspace/forecast_workspace.h"
#include "workspace/prediction_view.h"
#include "workspace/text_workspace.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

namespace studio {

void MainWindow::connectForecast() {
    connect(actions_->forecastAhead, &QAction::triggered, this, [this] { forecastAhead(); });
    connect(actions_->forecastFromFile, &QAction::triggered, this, &MainWindow::chooseForecastFile);
    connect(actions_->backtest, &QAction::triggered, this, &MainWindow::showBacktestDialog);
    connect(actions_->importance, &QAction::triggered, this, &MainWindow::showImportanceDialog);
    connect(actions_->inspect, &QAction::triggered, this, &MainWindow::showInspectDialog);
    // A click on the test split's chart inspects the window behind that forecast.
    connect(predictionView(), &PredictionView::windowPicked, this, [this](int row) {
        if (!actions_->inspect->isEnabled()) return;
        showInspectDialog();
        if (!inspectDialog_ || inspectDialog_->row() < 0) return;
        inspectDialog_->setRow(row);
        inspectDialog_->start();
    });
    // "Inspect…" beside a classifier's "Try a text" box inspects that text.
    connect(text_->classifyView(), &ClassifyResultsView::inspectRequested, this, [this](const QString& text) {
        if (!actions_->inspect->isEnabled()) return;
        showInspectDialog();
        if (!inspectDialog_) return;
        inspectDialog_->setText(text);
        inspectDialog_->start();
    });
    connect(forecast_, &ForecastWorkspace::forecastRequested, this, [this] { forecastAhead(); });
    connect(forecast_, &ForecastWorkspace::forecastFinished, this, &MainWindow::onForecastFinished);
    connect(forecast_, &ForecastWorkspace::forecastExported, this, [this](bool ok, const QString& text) {
        if (ok)
            messages_->showInfo(text);
        else
            messages_->showError(text);
    });
}

bool MainWindow::forecastAhead(int steps, const QString& dataPath) {
    if (isBusy()) return false;
    if (!session_.hasProject() || current_ != forecast_) {
        messages_->showError(tr("There is no forecasting model: train one or open a forecast project first."));
        return false;
    }
    if (!forecast_->startForecast(session_.dir(), dataPath, steps)) return false;
    updateActions();
    return true;
}

void MainWindow::chooseForecastFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Forecast From File"), settings_.lastFolder(),
                                                      tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (path.isEmpty()) return;
    settings_.setLastFolder(QFileInfo(path).absolutePath());
    forecastAhead(0, path);
}

void MainWindow::onForecastFinished(bool ok, const QString& summary, const QStringList& warnings) {
    // No summary of a failure: its project was closed while it ran, nothing to show.
    if (!ok && !summary.isEmpty())
        messages_->showError(tr("The forecast failed: %1").arg(summary));
    else if (ok && warnings.isEmpty())
        messages_->showInfo(summary);
    else if (ok)
        messages_->showWarning(summary + QLatin1Char('\n') + warnings.join(QLatin1Char('\n')));
    updateActions();
    Q_EMIT forecastFinished(ok);
}

BacktestDialog* MainWindow::backtestDialog() const { return backtestDialog_; }

void MainWindow::showBacktestDialog() {
    if (isBusy() || !session_.hasProject() || backtestDialog_) return;
    auto* dialog = new BacktestDialog(projectDir(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    backtestDialog_ = dialog;
    dialog->open();  // window-modal: it reads the project and may train one model per fold
}

ImportanceDialog* MainWindow::importanceDialog() const { return importanceDialog_; }

// Window-modal like Backtest: the permutations read the saved model and rewrite metrics.json.
void MainWindow::showImportanceDialog() {
    if (isBusy() || !session_.hasProject() || importanceDialog_) return;
    auto* dialog = new ImportanceDialog(projectDir(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    importanceDialog_ = dialog;
    dialog->open();
}

InspectDialog* MainWindow::inspectDialog() const { return inspectDialog_; }

// Not modal: it reads the saved model once per Inspect and can stay open beside the charts.
void MainWindow::showInspectDialog() {
    if (isBusy() || !session_.hasProject()) return;
    if (inspectDialog_) {
        inspectDialog_->raise();
        return;
    }
    bool text = false;
    try {
        text = isTextTask(taskOf(projectDir().toStdString()));
    } catch (const std::exception&) {
        // Inspect reports what is wrong with the project.
    }
    // Forecasts: any row a window ends at; the last test window's first.
    const std::vector<std::size_t>& rows = predictionView()->data().evaluation.rows;
    const int last = rows.empty() ? 0 : static_cast<int>(rows.back());
    auto* dialog = new InspectDialog(projectDir(), text, 0, rows.empty() ? 1 << 30 : last, this);
    if (!rows.empty()) dialog->setRow(last);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    inspectDialog_ = dialog;
    dialog->show();
}

}  // namespace studio
