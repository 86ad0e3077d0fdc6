#include "widgets/training_charts.h"

#include "widgets/live_plot.h"
#include "widgets/plot_style.h"
#include "widgets/retranslate.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace studio {
namespace {

const QColor kTrainColour(31, 119, 180);
const QColor kValColour(255, 127, 14);
const QColor kClipColour(214, 39, 40);
const QColor kLrColour(44, 160, 44);

// A graph named later, with the other texts.
QCPGraph* addLine(LivePlot* plot, const QColor& colour, QCPScatterStyle scatter = {}) {
    QCPGraph* graph = plot->addGraph();
    graph->setPen(PlotStyle::linePen(colour));
    graph->setScatterStyle(scatter);
    return graph;
}

}  // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    // Titled with the other texts below (a title row goes above the axes whenever it comes).
    epochLoss_ = new LivePlot(QString(), this);
    batchLoss_ = new LivePlot(QString(), this);
    gradNorm_ = new LivePlot(QString(), this);
    learningRate_ = new LivePlot(QString(), this);

    trainLoss_ = addLine(epochLoss_, kTrainColour, QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    valLoss_ = addLine(epochLoss_, kValColour, QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    valMetric_ = epochLoss_->addGraph(epochLoss_->xAxis, epochLoss_->yAxis2);
    QPen metricPen = PlotStyle::linePen(kLrColour);
    metricPen.setStyle(Qt::DashLine);
    valMetric_->setPen(metricPen);
    valMetric_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
    valMetric_->setVisible(false);
    valMetric_->removeFromLegend();
    PlotStyle::placeLegendBelow(epochLoss_);
    batchLossGraph_ = addLine(batchLoss_, kTrainColour);
    gradNormGraph_ = addLine(gradNorm_, QColor(90, 90, 90));
    clippedGraph_ = addLine(gradNorm_, kClipColour, QCPScatterStyle(QCPScatterStyle::ssCross, kClipColour, 6));
    clippedGraph_->setLineStyle(QCPGraph::lsNone);
    clipLine_ = new QCPItemStraightLine(gradNorm_);
    clipLine_->setPen(QPen(kClipColour, 1, Qt::DashLine));
    clipLine_->setVisible(false);
    PlotStyle::placeLegendBelow(gradNorm_);
    lrGraph_ = addLine(learningRate_, kLrColour);
    // Per-batch curves grow to thousands of points; antialiasing them costs more GUI-thread
    // time per redraw than it adds to the picture.
    for (LivePlot* plot : {batchLoss_, gradNorm_, learningRate_}) plot->setNotAntialiasedElements(QCP::aePlottables);
    // Epochs are whole numbers with a point each; batches fill at least the first epoch.
    epochLoss_->setXFit(0.5, 1);
    auto epochTicks = QSharedPointer<QCPAxisTickerFixed>::create();
    epochTicks->setTickStep(1);
    epochTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    epochLoss_->xAxis->setTicker(epochTicks);
    for (LivePlot* plot : {batchLoss_, gradNorm_, learningRate_}) plot->setXFit(0, 1);

    logScale_ = new QCheckBox(this);
    auto* fit = new QPushButton(this);
    auto* hint = new QLabel(this);
    hint->setEnabled(false);
    // The metric's legend name and axis are the task's (setMetricName), given again by it; the plots redraw
    // themselves on a change of language (LivePlot).
    retranslate(this, [this, fit, hint] {
        epochLoss_->setTitle(tr("Loss per epoch"));
        batchLoss_->setTitle(tr("Training loss per batch"));
        gradNorm_->setTitle(tr("Gradient norm per batch (before clipping)"));
        learningRate_->setTitle(tr("Learning rate"));
        trainLoss_->setName(tr("train"));
        valLoss_->setName(tr("validation"));
        batchLossGraph_->setName(tr("batch loss"));
        gradNormGraph_->setName(tr("gradient norm"));
        clippedGraph_->setName(tr("clipped batch"));
        lrGraph_->setName(tr("learning rate"));
        for (LivePlot* plot : {epochLoss_, batchLoss_, gradNorm_, learningRate_}) plot->xAxis->setLabel(tr("epoch"));
        // The loss axes are labelled by the task on show (setLossLabel); until then, plainly.
        if (!lossLabelSet_)
            for (LivePlot* plot : {epochLoss_, batchLoss_}) plot->yAxis->setLabel(tr("loss"));
        gradNorm_->yAxis->setLabel(tr("L2 norm"));
        learningRate_->yAxis->setLabel(tr("learning rate"));
        logScale_->setText(tr("&Logarithmic loss axis"));
        logScale_->setToolTip(tr("Losses often fall by decades; a log axis keeps late epochs readable."));
        fit->setText(tr("&Fit all"));
        fit->setToolTip(tr("Fit every chart to its data again and follow new points"));
        hint->setText(tr("Wheel zooms, drag pans, double click fits."));
    });

    auto* bar = new QHBoxLayout;
    bar->addWidget(logScale_);
    bar->addWidget(fit);
    bar->addStretch(1);
    bar->addWidget(hint);
    auto* grid = new QGridLayout;
    grid->setSpacing(4);
    grid->addWidget(epochLoss_, 0, 0);
    grid->addWidget(batchLoss_, 0, 1);
    grid->addWidget(gradNorm_, 1, 0);
    grid->addWidget(learningRate_, 1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addLayout(grid, 1);

    replotTimer_.setSingleShot(true);
    replotTimer_.setInterval(kReplotMs);
    connect(&replotTimer_, &QTimer::timeout, this, &TrainingCharts::replot);
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        applyLogScale(on);
        Q_EMIT logScaleToggled(on);
    });
    connect(fit, &QPushButton::clicked, this, [this] {
        for (LivePlot* plot : {epochLoss_, batchLoss_, gradNorm_, learningRate_}) plot->setFollowing(true);
    });
}

void TrainingCharts::clear() {
    trainLoss_->data()->clear();
    valLoss_->data()->clear();
    valMetric_->data()->clear();
    clearBatches();
}

void TrainingCharts::clearBatches() {
    batchLossGraph_->data()->clear();
    gradNormGraph_->data()->clear();
    clippedGraph_->data()->clear();
    lrGraph_->data()->clear();
    for (LivePlot* plot : {epochLoss_, batchLoss_, gradNorm_, learningRate_}) plot->setFollowing(true);
    scheduleReplot();
}

void TrainingCharts::setClipThreshold(double clip) {
    clip_ = clip;
    clipLine_->setVisible(clip > 0);
    clipLine_->point1->setCoords(0, clip);
    clipLine_->point2->setCoords(1, clip);
    scheduleReplot();
}

void TrainingCharts::addBatch(const BatchStats& s) {
    const double x = (s.epoch - 1) + static_cast<double>(s.batch) / std::max(1, s.batchesPerEpoch);
    batchLossGraph_->addData(x, s.loss);
    gradNormGraph_->addData(x, s.gradNorm);
    if (s.clipped) clippedGraph_->addData(x, s.gradNorm);
    lrGraph_->addData(x, s.lr);
    scheduleReplot();
}

void TrainingCharts::addEpoch(const EpochStats& s) {
    trainLoss_->addData(s.epoch, s.trainLoss);
    valLoss_->addData(s.epoch, s.valLoss);
    if (valMetric_->visible()) valMetric_->addData(s.epoch, s.valMetric);
    scheduleReplot();
}

void TrainingCharts::setMetricName(const QString& name, const QString& axisLabel) {
    const bool on = !name.isEmpty();
    valMetric_->setVisible(on);
    valMetric_->data()->clear();
    if (on)
        valMetric_->addToLegend();
    else
        valMetric_->removeFromLegend();
    epochLoss_->yAxis2->setVisible(on);
    renameMetric(name, axisLabel);
}

void TrainingCharts::renameMetric(const QString& name, const QString& axisLabel) {
    valMetric_->setName(name);
    epochLoss_->yAxis2->setLabel(axisLabel.isEmpty() ? name : axisLabel);
    scheduleReplot();
}

void TrainingCharts::setLossLabel(const QString& label) {
    lossLabelSet_ = true;
    epochLoss_->yAxis->setLabel(label);
    batchLoss_->yAxis->setLabel(label);
    scheduleReplot();
}

QString TrainingCharts::lossLabel() const { return epochLoss_->yAxis->label(); }

int TrainingCharts::metricPointCount() const { return valMetric_->dataCount(); }

double TrainingCharts::lastMetric() const {
    return valMetric_->dataCount() ? (valMetric_->data()->constEnd() - 1)->value : std::nan("");
}

void TrainingCharts::setHistory(const std::vector<EpochStats>& history) {
    trainLoss_->data()->clear();
    valLoss_->data()->clear();
    valMetric_->data()->clear();
    for (const EpochStats& s : history) {
        trainLoss_->addData(s.epoch, s.trainLoss);
        valLoss_->addData(s.epoch, s.valLoss);
        if (valMetric_->visible()) valMetric_->addData(s.epoch, s.valMetric);
    }
    scheduleReplot();
}

void TrainingCharts::setLogScale(bool on) {
    logScale_->setChecked(on);
    applyLogScale(on);
}

bool TrainingCharts::logScale() const { return logScale_->isChecked(); }

void TrainingCharts::applyLogScale(bool on) {
    for (LivePlot* plot : {epochLoss_, batchLoss_}) {
        plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (on)
            plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        else
            plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        plot->setFollowing(true);
    }
    scheduleReplot();
}

void TrainingCharts::scheduleReplot() {
    if (!replotTimer_.isActive()) replotTimer_.start();
}

void TrainingCharts::replot() {
    ++replots_;
    for (LivePlot* plot : {epochLoss_, batchLoss_, gradNorm_, learningRate_}) plot->refresh();
    // Keep the clip threshold in view even while every norm stays below it.
    if (clip_ > 0 && gradNorm_->isFollowing() && gradNormGraph_->dataCount() > 0) {
        QCPRange range = gradNorm_->yAxis->range();
        range.expand(0.0);
        range.expand(clip_ * 1.1);
        gradNorm_->yAxis->setRange(range);
    }
}

void TrainingCharts::replotNow() {
    replotTimer_.stop();
    replot();
    for (LivePlot* plot : {epochLoss_, batchLoss_, gradNorm_, learningRate_})
        plot->replot(QCustomPlot::rpImmediateRefresh);
}

int TrainingCharts::epochPointCount() const { return trainLoss_->dataCount(); }
int TrainingCharts::validationPointCount() const { return valLoss_->dataCount(); }
int TrainingCharts::batchPointCount() const { return batchLossGraph_->dataCount(); }
int TrainingCharts::gradNormPointCount() const { return gradNormGraph_->dataCount(); }
int TrainingCharts::clippedPointCount() const { return clippedGraph_->dataCount(); }
int TrainingCharts::learningRatePointCount() const { return lrGraph_->dataCount(); }

double TrainingCharts::lastTrainLoss() const {
    return trainLoss_->dataCount() ? (trainLoss_->data()->constEnd() - 1)->value : std::nan("");
}

double TrainingCharts::lastValidationLoss() const {
    return valLoss_->dataCount() ? (valLoss_->data()->constEnd() - 1)->value : std::nan("");
}

}  // namespace studio
