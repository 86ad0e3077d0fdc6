#include "shell/quantize_dialog.h"

#include <QChart>
#include <QChartView>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace studio {

QuantizeDialog::QuantizeDialog(const QString& projectDir, QWidget* parent)
    : JobDialog(projectDir, tr("Quantize to int8"), {tr("Quantity"), tr("fp32"), tr("int8"), tr("Difference")},
                parent) {
    bytes_ = new QLabel(this);
    bytes_->setObjectName(QStringLiteral("bytes"));
    bytes_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table()->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    chartView_ = addChartView(tr("Test predictions (first horizon step)"), 260);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QuantizeDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(stage());
    layout->addWidget(progress());
    layout->addWidget(bytes_);
    layout->addWidget(table(), 1);
    layout->addWidget(chartView_, 2);
    layout->addWidget(buttons);
    resize(760, 680);
}

QChart* QuantizeDialog::chart() const { return chartView_->chart(); }

bool QuantizeDialog::start() {
    report_.reset();
    return startJob([dir = dir_.toStdString()](const JobRunner::Progress& progress, const std::atomic<bool>* cancel) {
        return quantizeProject(dir, QuantizeConfig{}, progress, cancel);
    });
}

void QuantizeDialog::onFinished(bool ok) {
    if (!ok) {
        showFailure(tr("Quantization failed: %1"));
        Q_EMIT finished(false);
        return;
    }
    report_ = *runner_.result<QuantizeReport>();
    progress()->setValue(progress()->maximum());
    showReport(*report_);
    Q_EMIT finished(true);
}

void QuantizeDialog::showReport(const QuantizeReport& r) {
    const bool text = r.task != TaskKind::Forecast;
    QString done = r.task == TaskKind::Classify ? tr("Done: %n test text(s).", nullptr, static_cast<int>(r.classifyFp32.n))
                   : r.task == TaskKind::CharLm
                       ? tr("Done: %n test character(s).", nullptr, static_cast<int>(r.characters))
                       : tr("Done: %n test window(s), horizon %1.", nullptr, static_cast<int>(r.fp32.n)).arg(r.horizon);
    // The join is translated too: Chinese puts no space between sentences.
    if (r.wideWindows > 0)
        done = tr("%1 %2", "two sentences of one line")
                   .arg(done, tr("%n window(s) ran layer 0 in fp32 (input beyond the calibrated range).", nullptr,
                                 static_cast<int>(r.wideWindows)));
    for (const auto& w : r.warnings) done += QLatin1Char('\n') + tr("Warning: %1").arg(QString::fromStdString(w));
    stage()->setText(done);
    const double ratio = r.fp32Bytes > 0 ? double(r.int8Bytes) / double(r.fp32Bytes) : 0.0;
    bytes_->setText(tr("Weights: fp32 %1 bytes, int8 %2 bytes (%3 of fp32, %4× smaller)")
                        .arg(r.fp32Bytes)
                        .arg(r.int8Bytes)
                        .arg(QString::number(100.0 * ratio, 'f', 1) + QLatin1Char('%'))
                        .arg(ratio > 0 ? 1.0 / ratio : 0.0, 0, 'f', 2));
    // A text model has no series to draw: the table says it all.
    chartView_->setVisible(!text);
    if (text) {
        fillTextTable(r);
        return;
    }
    fillTable(r);
    fillChart(r);
}

void QuantizeDialog::fillTextTable(const QuantizeReport& r) {
    auto put = [&](int row, const QString& name, double fp32, double int8, int decimals) {
        setCell(row, 0, name);
        setCell(row, 1, QString::number(fp32, 'f', decimals));
        setCell(row, 2, QString::number(int8, 'f', decimals));
        setCell(row, 3, QString::number(int8 - fp32, 'f', decimals));
    };
    if (r.task == TaskKind::CharLm) {
        table()->setRowCount(3);
        put(0, tr("Bytes"), double(r.fp32Bytes), double(r.int8Bytes), 0);
        put(1, tr("Bits per character"), r.bitsFp32, r.bitsInt8, 4);
        setCell(2, 0, tr("Largest |int8 − fp32| logit"));
        setCell(2, 3, QString::number(r.maxAbsDifference, 'g', 6));
        return;
    }
    table()->setRowCount(5);
    put(0, tr("Bytes"), double(r.fp32Bytes), double(r.int8Bytes), 0);
    put(1, tr("Accuracy (%)"), r.classifyFp32.accuracy, r.classifyInt8.accuracy, 2);
    put(2, tr("Macro F1 (%)"), r.classifyFp32.macroF1, r.classifyInt8.macroF1, 4);
    setCell(3, 0, tr("Same class (%)"));
    setCell(3, 3, QString::number(100.0 * r.agreement, 'f', 2));
    setCell(4, 0, tr("Largest |int8 − fp32| probability"));
    setCell(4, 3, QString::number(r.maxAbsDifference, 'g', 6));
}

void QuantizeDialog::fillTable(const QuantizeReport& r) {
    struct Row {
        QString name;
        double fp32, int8;
        int decimals;
    };
    const Row rows[] = {
        {tr("Bytes"), double(r.fp32Bytes), double(r.int8Bytes), 0},
        {tr("MAE"), r.fp32.mae, r.int8.mae, 4},
        {tr("RMSE"), r.fp32.rmse, r.int8.rmse, 4},
        {tr("MAPE (%)"), r.fp32.mape, r.int8.mape, 3},
        {tr("sMAPE (%)"), r.fp32.smape, r.int8.smape, 3},
        {tr("MASE"), r.fp32.mase, r.int8.mase, 4},
        {tr("Directional accuracy (%)"), r.fp32.directionalAccuracy, r.int8.directionalAccuracy, 2},
    };
    const int extra = 2;  // RMSE change and largest difference
    table()->setRowCount(static_cast<int>(std::size(rows)) + extra);
    int i = 0;
    for (const Row& row : rows) {
        setCell(i, 0, row.name);
        // Undefined (MASE of a constant series): n/a, not "nan".
        const auto text = [&row](double v) {
            return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', row.decimals);
        };
        setCell(i, 1, text(row.fp32));
        setCell(i, 2, text(row.int8));
        setCell(i, 3, text(row.int8 - row.fp32));
        ++i;
    }
    setCell(i, 0, tr("RMSE change (%)"));
    setCell(i, 3, QString::number(r.rmseChangePercent, 'f', 3));
    ++i;
    setCell(i, 0, tr("Largest |int8 − fp32|"));
    setCell(i, 3, QString::number(r.maxAbsDifference, 'g', 6));
}

void QuantizeDialog::fillChart(const QuantizeReport& r) {
    QChart* chart = chartView_->chart();
    clearChart(chart);
    const std::size_t h = std::max<std::size_t>(r.horizon, 1);
    const std::size_t n = r.fp32Pred.size() / h;
    auto makeSeries = [&](const std::vector<double>& values, const QString& name) {
        auto* series = new QLineSeries;
        series->setName(name);
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(n));
        for (std::size_t i = 0; i < n && i * h < values.size(); ++i) {
            const double x = i < r.rows.size() ? double(r.rows[i]) : double(i);
            points.append(QPointF(x, values[i * h]));
        }
        series->replace(points);
        chart->addSeries(series);
        return series;
    };
    makeSeries(r.truth, tr("Truth"));
    makeSeries(r.fp32Pred, tr("fp32"));
    makeSeries(r.int8Pred, tr("int8"));
    chart->createDefaultAxes();
    const auto horizontal = chart->axes(Qt::Horizontal);
    if (auto* x = horizontal.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(horizontal.first())) {
        x->setTitleText(tr("Data row"));
        x->setLabelFormat(QStringLiteral("%.0f"));
    }
}

}  // namespace studio
