#pragma once

#include "jobs/jobs.h"
#include "shell/job_dialog.h"
#include "widgets/spec_form.h"

#include <optional>

class QBarSeries;
class QChartView;
class QLabel;
class QPushButton;

namespace studio {

// Model > Benchmark…: measures a trained forecast project (tasks/bench_report.h) on a pool thread
// with iteration counts set in the dialog, with a progress bar and Cancel, then shows a
// table (one row per backend × batch size: latency percentiles in µs, samples/s, bytes,
// metric delta) and two bar charts at batch 1 (or the first batch size measured): mean
// latency per backend and p50/p95/p99 per backend. Reports are saved as JSON or Markdown.
// Destroying the dialog cancels a running benchmark and waits for it (the benchmark checks
// the flag between timed calls). GUI thread only.
class BenchmarkDialog : public JobDialog {
    Q_OBJECT
public:
    explicit BenchmarkDialog(const QString& projectDir, QWidget* parent = nullptr);

    // The settings in the dialog's fields, and setting them.
    BenchConfig config() const;
    void setConfig(const BenchConfig& config);

    // Starts a benchmark with config(); false (with the reason shown) when one runs
    // already or the fields are invalid. `finished` reports the end.
    bool start();
    void cancel();
    // The last report; a cancelled run's holds what was measured (cancelled set).
    const std::optional<BenchReport>& report() const { return report_; }
    bool saveJson(const QString& path);
    bool saveMarkdown(const QString& path);

    QBarSeries* meanSeries() const;        // one set: mean µs
    QBarSeries* percentileSeries() const;  // sets p50, p95, p99
    int chartBatch() const { return chartBatch_; }  // batch size the charts show

private:
    void onFinished(bool succeeded) override;
    void setRunning(bool running);
    void fillTable(const BenchReport& report);
    void fillCharts(const BenchReport& report);
    void chooseAndSave(bool json);
    bool writeFile(const QString& path, const std::string& text);

    std::optional<BenchReport> report_;
    int chartBatch_ = 0;
    // Timed and warm-up calls, training batches, and the batch sizes (a list of its own).
    SpecForm<BenchConfig> settings_;
    QPushButton* startButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QWidget* saveButtons_ = nullptr;  // Save JSON…, Save Markdown…: once a report exists
    QLabel* summary_ = nullptr;
    QChartView* meanView_ = nullptr;
    QChartView* percentileView_ = nullptr;
};

}  // namespace studio
