#include "shell/benchmark_dialog.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace studio {
namespace {

// Small settings: a run finishes in seconds on a laptop; the CLI's `bench` is for long runs.
BenchConfig dialogDefaults() {
    BenchConfig c;
    c.iterations = 200;
    c.warmup = 20;
    c.trainBatches = 20;
    return c;
}

const BenchTiming* timingAt(const BenchBackend& backend, int batch) {
    for (const BenchTiming& t : backend.timings)
        if (t.batch == batch) return &t;
    return nullptr;
}

}  // namespace

BenchmarkDialog::BenchmarkDialog(const QString& projectDir, QWidget* parent)
    : JobDialog(projectDir, tr("Benchmark inference"),
                {tr("Backend"), tr("Batch"), tr("Mean µs"), tr("p50 µs"), tr("p95 µs"), tr("p99 µs"), tr("Samples/s"),
                 tr("Bytes"), tr("RMSE delta")},
                parent),
      settings_(
          new QFormLayout(new QWidget(this)), [] {}, staticMetaObject.className()) {
    settings_.layout()->setContentsMargins(0, 0, 0, 0);
    settings_.addInt("iterations", QT_TR_NOOP("Timed predictions per backend and batch:"), &BenchConfig::iterations, 1,
                     1000000);
    settings_.addInt("warmup", QT_TR_NOOP("Warm-up predictions:"), &BenchConfig::warmup, 0, 100000);
    settings_.addInt("trainBatches", QT_TR_NOOP("Timed training batches (0: none):"), &BenchConfig::trainBatches, 0,
                     100000);
    settings_.addRow("batches", QT_TR_NOOP("Batch sizes:"), new QLineEdit(settings_.widget()),
                     QT_TR_NOOP("Batch sizes to time, separated by commas"));
    setConfig(dialogDefaults());

    startButton_ = new QPushButton(tr("&Start"), this);
    cancelButton_ = new QPushButton(tr("&Cancel"), this);
    saveButtons_ = new QWidget(this);
    auto* saveJson = new QPushButton(tr("Save &JSON…"), saveButtons_);
    auto* saveMarkdown = new QPushButton(tr("Save &Markdown…"), saveButtons_);
    auto* saveRow = new QHBoxLayout(saveButtons_);
    saveRow->setContentsMargins(0, 0, 0, 0);
    saveRow->addWidget(saveJson);
    saveRow->addWidget(saveMarkdown);
    auto* close = new QPushButton(tr("Close"), this);
    startButton_->setDefault(true);
    connect(startButton_, &QPushButton::clicked, this, &BenchmarkDialog::start);
    connect(cancelButton_, &QPushButton::clicked, this, &BenchmarkDialog::cancel);
    connect(saveJson, &QPushButton::clicked, this, [this] { chooseAndSave(true); });
    connect(saveMarkdown, &QPushButton::clicked, this, [this] { chooseAndSave(false); });
    connect(close, &QPushButton::clicked, this, &BenchmarkDialog::reject);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(startButton_);
    buttons->addWidget(cancelButton_);
    buttons->addWidget(saveButtons_);
    buttons->addStretch();
    buttons->addWidget(close);

    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table()->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    meanView_ = addChartView(tr("Mean latency per call"), 220);
    percentileView_ = addChartView(tr("Latency percentiles"), 220);
    auto* charts = new QHBoxLayout;
    charts->addWidget(meanView_);
    charts->addWidget(percentileView_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(settings_.widget());
    layout->addLayout(buttons);
    layout->addWidget(stage());
    layout->addWidget(progress());
    layout->addWidget(summary_);
    layout->addWidget(table(), 1);
    layout->addLayout(charts, 1);
    resize(900, 760);
    setRunning(false);
}

BenchConfig BenchmarkDialog::config() const {
    BenchConfig c = settings_.read();
    c.batches.clear();
    const QString batches = settings_.field<QLineEdit>("batches")->text();
    for (const QString& part : batches.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int b = part.trimmed().toInt(&ok);
        if (!ok || b < 1) {
            c.batches.clear();  // start() refuses it
            return c;
        }
        c.batches.push_back(b);
    }
    return c;
}

void BenchmarkDialog::setConfig(const BenchConfig& c) {
    settings_.write(c);
    QStringList parts;
    for (int b : c.batches) parts << QString::number(b);
    settings_.field<QLineEdit>("batches")->setText(parts.join(QLatin1Char(',')));
}

bool BenchmarkDialog::start() {
    if (runner_.isRunning()) return false;
    const BenchConfig c = config();
    if (c.batches.empty()) {
        stage()->setText(tr("Batch sizes: expected whole numbers of at least 1, separated by commas"));
        return false;
    }
    const bool started = startJob([dir = dir_.toStdString(), c](const JobRunner::Progress& progress,
                                                                const std::atomic<bool>* cancel) {
        return runBenchmark(dir, c, progress, cancel);
    });
    if (started) setRunning(true);
    return started;
}

void BenchmarkDialog::cancel() {
    if (!runner_.isRunning()) return;
    runner_.cancel();
    cancelButton_->setEnabled(false);
    stage()->setText(tr("Cancelling…"));
}

void BenchmarkDialog::setRunning(bool running) {
    settings_.widget()->setEnabled(!running);
    startButton_->setEnabled(!running);
    cancelButton_->setEnabled(running);
    saveButtons_->setEnabled(!running && report_.has_value());
}

void BenchmarkDialog::onFinished(bool succeeded) {
    if (!succeeded) {
        showFailure(tr("Benchmark failed: %1"));
        setRunning(false);
        Q_EMIT finished(false);
        return;
    }
    report_ = *runner_.result<BenchReport>();
    const BenchReport& r = *report_;
    const bool ok = !r.cancelled;
    stage()->setText(ok ? tr("Done") : tr("Cancelled: the table shows what was measured before"));
    if (ok) progress()->setValue(progress()->maximum());
    const QString model =
        r.task == TaskKind::Classify
            ? tr("text classifier, %1 parameters, longest test text %2 tokens").arg(r.parameters).arg(r.window)
        : r.task == TaskKind::CharLm
            ? tr("character language model, %1 parameters, chunks of %2 characters").arg(r.parameters).arg(r.window)
            : tr("%1 parameters, window %2, horizon %3").arg(r.parameters).arg(r.window).arg(r.horizon);
    QString text = tr("CPU: %1; %2 LibTorch thread(s). Model: %3.")
                       .arg(QString::fromStdString(r.cpu))
                       .arg(r.threads.torchThreads)
                       .arg(model);
    // The join is translated too: Chinese puts no space between sentences.
    const auto append = [&text](const QString& sentence) {
        text = tr("%1 %2", "two sentences of one line").arg(text, sentence);
    };
    if (r.trainBatchesTimed > 0)
        append(tr("Training (%1, batch %2): %3 ms per batch (median %4 ms, %5 batches).")
                   .arg(QString::fromStdString(r.trainDevice))
                   .arg(r.trainBatchSize)
                   .arg(r.trainMsPerBatch, 0, 'f', 2)
                   .arg(r.trainMsP50, 0, 'f', 2)
                   .arg(r.trainBatchesTimed));
    append(tr("Peak resident memory: %1 MiB.").arg(double(r.peakRssBytes) / 1048576.0, 0, 'f', 1));
    for (const auto& w : r.warnings) text += QLatin1Char('\n') + tr("Warning: %1").arg(QString::fromStdString(w));
    summary_->setText(text);
    fillTable(r);
    fillCharts(r);
    setRunning(false);
    Q_EMIT finished(ok);
}

void BenchmarkDialog::fillTable(const BenchReport& r) {
    table()->setRowCount(0);
    const QString metric = r.metric == "test_accuracy"        ? tr("Accuracy delta (points)")
                           : r.metric == "test_bits_per_char" ? tr("Bits/char delta")
                                                              : tr("RMSE delta");
    auto* header = new QTableWidgetItem(metric);
    header->setToolTip(tr("The backend's test %1 minus the trained model's over the whole test split at once: "
                          "what the backend costs in accuracy (differences near 1e-7 are rounding).")
                           .arg(r.metric == "test_accuracy"        ? tr("accuracy")
                                : r.metric == "test_bits_per_char" ? tr("bits per character")
                                                                   : tr("RMSE")));
    table()->setHorizontalHeaderItem(8, header);
    for (const BenchBackend& b : r.backends) {
        for (const BenchTiming& t : b.timings) {
            const int row = table()->rowCount();
            table()->insertRow(row);
            setCell(row, 0, QString::fromStdString(b.name));
            setCell(row, 1, QString::number(t.batch));
            setCell(row, 2, QString::number(t.meanUs, 'f', 1));
            setCell(row, 3, QString::number(t.p50Us, 'f', 1));
            setCell(row, 4, QString::number(t.p95Us, 'f', 1));
            setCell(row, 5, QString::number(t.p99Us, 'f', 1));
            setCell(row, 6, QString::number(t.samplesPerSecond, 'f', 0));
            setCell(row, 7, QString::number(b.bytes));
            setCell(row, 8, QString::number(b.metricDelta, 'g', 4));
            if (!b.note.empty()) table()->item(row, 0)->setToolTip(QString::fromStdString(b.note));
        }
    }
}

void BenchmarkDialog::fillCharts(const BenchReport& r) {
    // Batch 1 is a deployed forecaster's usual call; else the first batch size measured.
    chartBatch_ = 0;
    for (const BenchBackend& b : r.backends)
        for (const BenchTiming& t : b.timings)
            if (chartBatch_ == 0 || t.batch == 1) chartBatch_ = t.batch;
    QStringList names;
    auto* mean = new QBarSet(tr("mean"));
    auto* p50 = new QBarSet(tr("p50"));
    auto* p95 = new QBarSet(tr("p95"));
    auto* p99 = new QBarSet(tr("p99"));
    for (const BenchBackend& b : r.backends) {
        const BenchTiming* t = timingAt(b, chartBatch_);
        if (!t) continue;
        // "libtorch" over "fp32": a whole name fits under its bars.
        names << QString::fromStdString(b.name).replace(QLatin1Char('-'), QStringLiteral("<br>"));
        mean->append(t->meanUs);
        p50->append(t->p50Us);
        p95->append(t->p95Us);
        p99->append(t->p99Us);
    }
    auto show = [&names](QChart* chart, QBarSeries* series) {
        clearChart(chart);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(names);
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        auto* y = new QValueAxis;
        y->setTitleText(tr("µs per call"));
        y->setMin(0.0);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
    };
    auto* meanSeries = new QBarSeries;
    meanSeries->append(mean);
    show(meanView_->chart(), meanSeries);
    meanView_->chart()->setTitle(tr("Mean latency per call, batch %1").arg(chartBatch_));
    auto* percentileSeries = new QBarSeries;
    percentileSeries->append({p50, p95, p99});
    show(percentileView_->chart(), percentileSeries);
    percentileView_->chart()->setTitle(tr("Latency percentiles, batch %1").arg(chartBatch_));
}

QBarSeries* BenchmarkDialog::meanSeries() const {
    return qobject_cast<QBarSeries*>(meanView_->chart()->series().value(0));
}

QBarSeries* BenchmarkDialog::percentileSeries() const {
    return qobject_cast<QBarSeries*>(percentileView_->chart()->series().value(0));
}

void BenchmarkDialog::chooseAndSave(bool json) {
    if (!report_) return;
    const QString suggested = QDir(dir_).filePath(json ? QStringLiteral("bench.json") : QStringLiteral("bench.md"));
    const QString path = QFileDialog::getSaveFileName(this, json ? tr("Save JSON report") : tr("Save Markdown report"),
                                                      suggested, json ? tr("JSON (*.json)") : tr("Markdown (*.md)"));
    if (path.isEmpty()) return;
    if (json ? saveJson(path) : saveMarkdown(path)) stage()->setText(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

bool BenchmarkDialog::saveJson(const QString& path) { return report_ && writeFile(path, benchReportJson(*report_)); }

bool BenchmarkDialog::saveMarkdown(const QString& path) {
    return report_ && writeFile(path, benchReportMarkdown(*report_));
}

bool BenchmarkDialog::writeFile(const QString& path, const std::string& text) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        stage()->setText(tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    return true;
}

}  // namespace studio
