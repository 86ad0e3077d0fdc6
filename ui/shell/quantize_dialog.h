#pragma once

#include "jobs/jobs.h"
#include "shell/job_dialog.h"

#include <optional>

class QChart;
class QChartView;
class QLabel;

namespace studio {

// Model > Quantize…: quantizes a trained project to int8 (quantize_job.h) on a pool
// thread, then shows the bytes of both models, their test metrics side by side and, for a
// forecast, both models' predictions over the truth. The job writes model.int8.bin and friends into
// the project folder (as the CLI's `quantize` does), so the owner opens the dialog
// window-modal. Closing or destroying the dialog cancels a running job and waits for it
// (the job checks the flag between windows). GUI thread only.
class QuantizeDialog : public JobDialog {
    Q_OBJECT
public:
    explicit QuantizeDialog(const QString& projectDir, QWidget* parent = nullptr);

    // Starts the job; false when one is running already. `finished` reports the end.
    bool start();
    void cancel() { runner_.cancel(); }
    const std::optional<QuantizeReport>& report() const { return report_; }
    QChart* chart() const;

private:
    void onFinished(bool ok) override;
    void showReport(const QuantizeReport& report);
    void fillTable(const QuantizeReport& report);
    void fillTextTable(const QuantizeReport& report);
    void fillChart(const QuantizeReport& report);

    std::optional<QuantizeReport> report_;
    QLabel* bytes_ = nullptr;
    QChartView* chartView_ = nullptr;
};

}  // namespace studio
