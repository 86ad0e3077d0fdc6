#pragma once

#include "shell/job_dialog.h"
#include "tasks/forecast/forecast_future.h"

#include <QStringList>

#include <optional>

class QCPBarsGroup;
class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace studio {

// Model > Backtest…: the walk-forward backtest of a forecast project (backtestForecast in
// tasks/forecast/forecast_future.h, the CLI's `backtest`) on a pool thread (JobRunner),
// with the number of folds (1..20) and the refit mode (none: the trained model; every: a
// model trained per fold on the rows before it) set in the dialog, a progress bar (fold k
// of K) and Stop. At the end: a grouped bar chart of each fold's error (the model next to
// the naive, seasonal naive, drift and linear baselines; x: the folds, labelled with their
// first and last times), a table of the same numbers with an Overall row (the lowest of
// each row in bold), the result's notes, and Save JSON… (the CLI's backtest.json). The
// "Compare by" box switches chart and table between MAE and RMSE, in target units.
// A finished backtest is also kept in the current run's folder as backtest.json, as the
// CLI keeps it. A core error (a bad fold count, a project that is not a forecast) is shown
// in the dialog's status line. Closing the dialog stops a running backtest; destroying it
// also waits for it (the backtest checks the flag between folds and training batches).
// GUI thread only.
class BacktestDialog : public JobDialog {
    Q_OBJECT
public:
    static constexpr int kMaxFolds = 20;
    enum class Metric { Mae, Rmse };

    explicit BacktestDialog(const QString& projectDir, QWidget* parent = nullptr);

    // Starts a backtest with the form's folds and refit (start()) or with these (a fold
    // count outside the form's range reaches core, which says what is wrong); false when
    // one runs already. `finished` reports the end: true after a whole backtest, false
    // after an error or Stop.
    bool start();
    bool start(int folds, BacktestRefit refit);
    // Asks a running backtest to stop at its next check; finished(false) follows.
    void stop();

    // The last finished backtest; empty before one, after an error or a stop.
    const std::optional<BacktestResult>& result() const { return result_; }
    // Writes backtestJson(result()); false (the reason shown) without a result or on a
    // write error.
    bool saveJson(const QString& path);

    void setMetric(Metric metric);
    Metric metric() const { return metric_; }
    // The chart: one QCPBars per forecaster (model first, then the baselines in the
    // result's order), one data point per fold at x = 1..K.
    QCustomPlot* chart() const { return chart_; }
    // The status line's text: the progress, the outcome or the error.
    QString message() const;
    QString notesText() const;

    // Table cells keep the exact value in this role; header items their forecaster's key
    // ("model" or a baseline's name).
    static constexpr int kValueRole = Qt::UserRole + 1;

private:
    void onFinished(bool ok) override;
    void setRunning(bool running);
    void say(const QString& text, bool error = false);
    // The result (or, without one, empty chart and table) in the chosen metric.
    void showResult();
    void fillTable();
    void fillChart();
    void fitFoldLabels();
    void chooseAndSave();
    // The forecasters in column order: "model" and the result's baseline names.
    QStringList forecasters() const;
    QString displayName(const QString& key) const;
    double valueOf(const ForecastMetrics& m) const;

    std::optional<BacktestResult> result_;
    QString notKept_;  // why the last backtest is not in the run's folder
    int runningFolds_ = 0;
    Metric metric_ = Metric::Mae;
    QWidget* form_ = nullptr;
    QSpinBox* folds_ = nullptr;
    QComboBox* refit_ = nullptr;
    QComboBox* metricBox_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* save_ = nullptr;
    QCustomPlot* chart_ = nullptr;
    QCPBarsGroup* group_ = nullptr;
    QSplitter* split_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* notes_ = nullptr;
    // The fold labels under the chart: "Fold k" over its period where they fit, else
    // k, first and last time stacked, on every labelStep_-th fold (0: the wide ones).
    QStringList wideLabels_, stackedLabels_;
    int labelStep_ = -1;  // -1: not set yet
};

}  // namespace studio
