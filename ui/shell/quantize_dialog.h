#pragma once

#include "jobs/jobs.h"
#include "shell/job_runner.h"

#include <QDialog>

#include <atomic>
#include <optional>

class QChart;
class QChartView;
class QLabel;
class QProgressBar;
class QTableWidget;

namespace studio {

// Model > Quantize…: quantizes a trained project to int8 (quantize_job.h) on a pool
// thread, then shows the bytes of both models, their test metrics side by side and, for a
// forecast, both models' predictions over the truth. The job writes model.int8.bin and friends into
// the project folder (as the CLI's `quantize` does), so the owner opens the dialog
// window-modal. Closing or destroying the dialog cancels a running job and waits for it
// (the job checks the flag between windows). GUI thread only.
class QuantizeDialog : public QDialog {
    Q_OBJECT
public:
    explicit QuantizeDialog(const QString& projectDir, QWidget* parent = nullptr);
    ~QuantizeDialog() override;

    // Starts the job; false when one is running already. `finished` reports the end.
    bool start();
    bool isRunning() const { return runner_.isRunning(); }
    void cancel() { runner_.cancel(); }
    const std::optional<QuantizeReport>& report() const { return report_; }
    QString errorText() const { return error_; }
    QTableWidget* table() const { return table_; }
    QChart* chart() const;

Q_SIGNALS:
    void finished(bool ok);

protected:
    void reject() override;

private:
    void onFinished(bool ok);
    void setProgress(const QString& stage, double fraction);
    void showReport(const QuantizeReport& report);
    void fillTable(const QuantizeReport& report);
    void fillTextTable(const QuantizeReport& report);
    void fillChart(const QuantizeReport& report);

    QString dir_;
    JobRunner runner_;
    std::optional<QuantizeReport> report_;
    QString error_;
    QLabel* stage_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* bytes_ = nullptr;
    QTableWidget* table_ = nullptr;
    QChartView* chartView_ = nullptr;
};

}  // namespace studio
