#include "shell/inspect_dialog.h"

#include "jobs/inspect.h"
#include "shell/job_runner.h"
#include "widgets/plot_style.h"
#include "widgets/retranslate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace studio {
namespace {

// The values of `gate` (0..5: i f g o c h) of one step.
const std::vector<float>& gateValues(const GateStep& s, int gate) {
    switch (gate) {
        case 0: return s.i;
        case 1: return s.f;
        case 2: return s.g;
        case 3: return s.o;
        case 4: return s.c;
        default: return s.h;
    }
}

}  // namespace

const QStringList& InspectDialog::gateNames() {
    static const QStringList names{QStringLiteral("i"), QStringLiteral("f"), QStringLiteral("g"),
                                   QStringLiteral("o"), QStringLiteral("c"), QStringLiteral("h")};
    return names;
}

InspectDialog::InspectDialog(const QString& projectDir, bool text, int firstRow, int lastRow, QWidget* parent)
    : QDialog(parent), dir_(projectDir), text_(text), runner_(new JobRunner(this)) {
    setObjectName(QStringLiteral("inspectDialog"));
    auto* input = new QHBoxLayout;
    auto* inputLabel = new QLabel(this);  // what the input is: a text, or the row a window ends at
    if (text) {
        textEdit_ = new QLineEdit(this);
        input->addWidget(inputLabel);
        input->addWidget(textEdit_, 1);
    } else {
        row_ = new QSpinBox(this);
        row_->setRange(firstRow, std::max(firstRow, lastRow));
        row_->setValue(std::max(firstRow, lastRow));
        input->addWidget(inputLabel);
        input->addWidget(row_);
        input->addStretch(1);
    }
    startButton_ = new QPushButton(this);
    input->addWidget(startButton_);

    layer_ = new QComboBox(this);
    layer_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    sort_ = new QCheckBox(this);
    auto* layerLabel = new QLabel(this);
    auto* view = new QHBoxLayout;
    view->addWidget(layerLabel);
    view->addWidget(layer_);
    view->addWidget(sort_);
    view->addStretch(1);

    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setMinimumHeight(2 * status_->fontMetrics().lineSpacing() + 4);
    readout_ = new QLabel(this);
    readout_->setWordWrap(true);

    auto* grid = new QGridLayout;
    QVector<QCPTextElement*> titles;
    for (int k = 0; k < 6; ++k) {
        auto* plot = new QCustomPlot(this);
        plot->setMinimumSize(220, 150);
        PlotStyle::apply(plot);
        plot->plotLayout()->insertRow(0);
        titles << new QCPTextElement(plot, QString(), QFont(font().family(), -1, QFont::Bold));
        plot->plotLayout()->addElement(0, 0, titles.back());
        auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
        map->setInterpolate(false);  // one cell per step and unit
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
            auto whole = QSharedPointer<QCPAxisTickerFixed>::create();
            whole->setTickStep(1);
            whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            axis->setTicker(whole);
        }
        auto* scale = new QCPColorScale(plot);
        plot->plotLayout()->addElement(1, 1, scale);
        scale->setBarWidth(8);
        map->setColorScale(scale);
        // Gates lie in 0..1; the candidate and the states around zero, blue below and red
        // above. (The scale's gradient is the map's once they are linked.)
        scale->setGradient(k == 0 || k == 1 || k == 3 ? QCPColorGradient(QCPColorGradient::gpThermal)
                                                       : QCPColorGradient(QCPColorGradient::gpPolar));
        connect(plot, &QCustomPlot::mouseMove, this, [this, plot](QMouseEvent* event) {
            if (!result_ || result_->layers.empty()) return;
            const int t = static_cast<int>(std::lround(plot->xAxis->pixelToCoord(event->position().x())));
            const int row = static_cast<int>(std::lround(plot->yAxis->pixelToCoord(event->position().y())));
            const int steps = static_cast<int>(result_->steps.size());
            if (t < 0 || t >= steps || row < 0 || row >= order_.size()) return;
            showReadout(t, row);
        });
        grid->addWidget(plot, k / 3, k % 3);
        plots_ << plot;
        maps_ << map;
    }
    retranslate(this, [this, inputLabel, layerLabel, titles] {
        setWindowTitle(tr("Inspect the LSTM"));
        if (text_) {
            textEdit_->setPlaceholderText(tr("A text to read"));
            inputLabel->setText(tr("Text:"));
        } else {
            row_->setToolTip(tr("The 0-based data row the window ends at, as in predictions.csv"));
            inputLabel->setText(tr("Window ending at data row:"));
        }
        startButton_->setText(tr("&Inspect"));
        layer_->setToolTip(tr("The layer and direction whose gates the heatmaps show"));
        sort_->setText(tr("&Sort units by mean activation"));
        sort_->setToolTip(tr("Rows from the unit with the highest mean hidden state down, instead of unit order"));
        layerLabel->setText(tr("Layer:"));
        const QStringList names{tr("Input gate i"),  tr("Forget gate f"), tr("Candidate g"),
                                tr("Output gate o"), tr("Cell state c"),  tr("Hidden state h")};
        for (int k = 0; k < 6; ++k) {
            titles[k]->setText(names[k]);
            plots_[k]->xAxis->setLabel(text_ ? tr("token") : tr("step"));
            plots_[k]->yAxis->setLabel(tr("unit"));
            plots_[k]->replot(QCustomPlot::rpQueuedReplot);
        }
        // What follows the result: the layers' names, the summary, the values under the mouse.
        if (result_)
            for (int i = 0; i < layer_->count() && i < static_cast<int>(result_->layers.size()); ++i)
                layer_->setItemText(i, layerName(result_->layers[static_cast<std::size_t>(i)]));
        if (summaryShown_) draw();
        showReadout(readStep_, readRow_);
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(input);
    layout->addLayout(view);
    layout->addWidget(status_);
    layout->addLayout(grid, 1);
    layout->addWidget(readout_);
    layout->addWidget(buttons);
    resize(960, 640);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(startButton_, &QPushButton::clicked, this, &InspectDialog::start);
    connect(runner_, &JobRunner::finished, this, &InspectDialog::onFinished);
    connect(layer_, &QComboBox::currentIndexChanged, this, &InspectDialog::draw);
    connect(sort_, &QCheckBox::toggled, this, &InspectDialog::draw);
}

InspectDialog::~InspectDialog() = default;

void InspectDialog::setRow(int row) {
    if (row_) row_->setValue(row);
}

int InspectDialog::row() const { return row_ ? row_->value() : -1; }

void InspectDialog::setText(const QString& text) {
    if (textEdit_) textEdit_->setText(text);
}

bool InspectDialog::isRunning() const { return runner_->isRunning(); }

QCustomPlot* InspectDialog::heatmap(int gate) const { return plots_.value(gate); }

bool InspectDialog::start() {
    if (runner_->isRunning()) return false;
    InspectRequest request;
    request.dir = dir_.toStdString();
    if (text_)
        request.text = textEdit_->text().toStdString();
    else
        request.row = static_cast<std::size_t>(row_->value());
    startButton_->setEnabled(false);
    summaryShown_ = false;
    status_->setText(tr("Reading the input through the model…"));
    return runner_->start(
        [request](const JobRunner::Progress&, const std::atomic<bool>*) { return inspectModel(request); });
}

void InspectDialog::onFinished(bool ok) {
    startButton_->setEnabled(true);
    std::unique_ptr<InspectResult> result = ok ? runner_->takeResult<InspectResult>() : nullptr;
    if (!result) {
        status_->setText(tr("Inspect failed: %1").arg(runner_->error()));
        Q_EMIT inspected(false);
        return;
    }
    result_ = std::move(result);
    {
        const QSignalBlocker block(layer_);
        const int previous = layer_->currentIndex();
        layer_->clear();
        for (const GateLayerTrace& trace : result_->layers) layer_->addItem(layerName(trace));
        layer_->setCurrentIndex(std::clamp(previous, 0, layer_->count() - 1));
    }
    draw();
    Q_EMIT inspected(true);
}

QString InspectDialog::summary() const { return status_->text(); }

double InspectDialog::shownValue(int gate, int t, int row) const {
    if (!result_ || layer_->currentIndex() < 0 || row < 0 || row >= order_.size()) return std::nan("");
    const GateLayerTrace& trace = result_->layers[layer_->currentIndex()];
    return gateValues(trace.steps[t], gate)[order_[row]];
}

void InspectDialog::draw() {
    if (!result_ || layer_->currentIndex() < 0) return;
    const GateLayerTrace& trace = result_->layers[layer_->currentIndex()];
    const int steps = static_cast<int>(trace.steps.size()), units = result_->hidden;
    // Row r of the maps shows unit order_[r]: unit order, or by mean h, highest on top.
    order_.resize(units);
    std::iota(order_.begin(), order_.end(), 0);
    if (sort_->isChecked()) {
        QVector<double> mean(units, 0.0);
        for (const GateStep& s : trace.steps)
            for (int u = 0; u < units; ++u) mean[u] += s.h[u] / steps;
        std::stable_sort(order_.begin(), order_.end(), [&mean](int a, int b) { return mean[a] < mean[b]; });
    }
    for (int g = 0; g < 6; ++g) {
        QCPColorMap* map = maps_[g];
        map->data()->setSize(steps, units);
        map->data()->setRange(QCPRange(0, steps - 1), QCPRange(0, units - 1));
        double extreme = 0;
        for (int t = 0; t < steps; ++t)
            for (int r = 0; r < units; ++r) {
                const double v = gateValues(trace.steps[t], g)[order_[r]];
                map->data()->setCell(t, r, v);
                extreme = std::max(extreme, std::abs(v));
            }
        // Gates on 0..1; the others on a range symmetric about zero.
        map->setDataRange(g == 0 || g == 1 || g == 3 ? QCPRange(0, 1) : QCPRange(-std::max(extreme, 1e-6), std::max(extreme, 1e-6)));
        plots_[g]->xAxis->setRange(-0.5, steps - 0.5);
        plots_[g]->yAxis->setRange(-0.5, units - 0.5);
        plots_[g]->replot();
    }
    const std::vector<double> forget = trace.meanForget();
    const double mean = std::accumulate(forget.begin(), forget.end(), 0.0) / std::max<std::size_t>(1, forget.size());
    // After k steps a forget gate f keeps f^k of the cell: half after log 0.5 / log f.
    const QString halfLife =
        mean > 0 && mean < 1
            ? tr(", so it keeps half of its cell for %1 step(s)").arg(std::log(0.5) / std::log(mean), 0, 'f', 1)
            : QString();
    // Each sentence ends itself and the join is translated too: Chinese ends them with 。 and puts no space between.
    QString text = tr("Layer %1 %2: mean forget gate %3 (first step %4, last %5)%6.",
                      "%6: “, so it keeps half of its cell for n step(s)”, or nothing")
                       .arg(trace.layer)
                       .arg(trace.backward ? tr("backward") : tr("forward"))
                       .arg(mean, 0, 'f', 3)
                       .arg(forget.front(), 0, 'f', 3)
                       .arg(forget.back(), 0, 'f', 3)
                       .arg(halfLife);
    if (!result_->output.empty()) {
        QStringList outputs;
        for (std::size_t k = 0; k < result_->output.size(); ++k)
            outputs << QStringLiteral("%1 = %2").arg(QString::fromStdString(result_->outputNames[k])).arg(result_->output[k], 0, 'g', 6);
        text = tr("%1 %2", "two sentences of one line")
                   .arg(text, tr("Model output: %1.").arg(outputs.join(QStringLiteral(", "))));
    }
    status_->setText(text);
    summaryShown_ = true;
}

QString InspectDialog::layerName(const GateLayerTrace& trace) {
    return tr("layer %1, %2").arg(trace.layer).arg(trace.backward ? tr("backward") : tr("forward"));
}

void InspectDialog::showReadout(int t, int row) {
    readStep_ = t;
    readRow_ = row;
    // The hint until the mouse is over a cell of the result shown (and after a new result too short for it).
    if (!result_ || result_->layers.empty() || t < 0 || t >= static_cast<int>(result_->steps.size()) || row < 0 ||
        row >= order_.size()) {
        readout_->setText(tr("Move the mouse over a heatmap to read its values."));
        return;
    }
    QString text = tr("step %1 (%2), unit %3:").arg(t).arg(QString::fromStdString(result_->steps[t])).arg(order_[row]);
    for (int g = 0; g < 6; ++g)
        text += QStringLiteral(" %1 = %2").arg(gateNames()[g]).arg(shownValue(g, t, row), 0, 'f', 3);
    readout_->setText(text);
}

}  // namespace studio
