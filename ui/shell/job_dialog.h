#pragma once

#include "shell/job_runner.h"

#include <QDialog>
#include <QStringList>

class QChart;
class QChartView;
class QLabel;
class QProgressBar;
class QTableWidget;
class QVBoxLayout;

namespace studio {

// What the dialogs that run one job on a project (Quantize…, Benchmark…) share: the job
// on a pool thread (JobRunner), a stage line and a progress bar, a read-only report table,
// `finished` at the end and the failure's message. Closing the dialog cancels a running
// job; destroying it also waits for the job. Subclasses lay out stage(), progress() and
// table() with their own widgets. GUI thread only.
class JobDialog : public QDialog {
    Q_OBJECT
public:
    ~JobDialog() override;

    bool isRunning() const { return runner_.isRunning(); }
    QString errorText() const { return error_; }
    QTableWidget* table() const { return table_; }

Q_SIGNALS:
    // ok: the job ran to the end (not failed, not cancelled).
    void finished(bool ok);

protected:
    JobDialog(const QString& projectDir, const QString& title, const QStringList& columns, QWidget* parent);

    void reject() override;
    // Starts `job` after clearing the last error; false when one is running already.
    template <typename Job>
    bool startJob(Job job) {
        if (runner_.isRunning()) return false;
        error_.clear();
        setProgress(tr("Starting"), 0.0);
        return runner_.start(std::move(job));
    }
    // The job's end: runner_ holds its result or its error.
    virtual void onFinished(bool ok) = 0;
    // After a failed job: keeps its message and shows `what` (with %1 for the message).
    void showFailure(const QString& what);
    void setProgress(const QString& stage, double fraction);
    // A report cell, numbers (every column after the first) aligned right.
    void setCell(int row, int column, const QString& text);

    // An empty chart with its legend at the bottom; subclasses give it series and axes.
    QChartView* addChartView(const QString& title, int minimumHeight);
    static void clearChart(QChart* chart);

    QLabel* stage() const { return stage_; }
    QProgressBar* progress() const { return progress_; }

    const QString dir_;
    JobRunner runner_;

private:
    QString error_;
    QLabel* stage_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace studio
