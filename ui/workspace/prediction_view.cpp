#include "workspace/prediction_view.h"

#include "widgets/live_plot.h"
#include "widgets/plot_crosshair.h"
#include "widgets/plot_style.h"
#include "widgets/retranslate.h"
#include "widgets/row_axis.h"
#include "workspace/forecast_metrics_table.h"
#include "workspace/forecast_step_table.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

const QColor kTruthColour(60, 60, 60);
const QColor kPredColour(214, 39, 40);
const QString kBandLayer = QStringLiteral("bands");

// About five significant digits, never in exponent form (prices run into the thousands).
QString number(double v) {
    if (!std::isfinite(v)) return QStringLiteral("—");
    const double a = std::abs(v);
    const int decimals = a >= 1e4 ? 0 : a >= 1e2 ? 2 : a >= 1 ? 3 : 4;
    return QString::number(v, 'f', decimals);
}

RowAxis axisFor(const PredictionData& d) {
    RowAxis axis;
    axis.isTime = d.timeAxis;
    axis.columnName = d.timeColumn;
    return axis;
}

QVector<double> toVector(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

QLabel* wrappingLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    return label;
}

}  // namespace

PredictionView::PredictionView(QWidget* parent) : QWidget(parent) {
    forecast_ = new LivePlot(QString(), this);
    forecast_->addLayer(kBandLayer, forecast_->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    truthGraph_ = forecast_->addGraph();
    truthGraph_->setPen(PlotStyle::linePen(kTruthColour, 1.2));
    predGraph_ = forecast_->addGraph();
    predGraph_->setPen(PlotStyle::linePen(kPredColour, 1.2));
    crosshair_ = std::make_unique<PlotCrosshair>(forecast_);

    // Untitled, its y axis says what it shows: a strip under the chart, on its time axis.
    residuals_ = new LivePlot(QString(), this);
    residuals_->setObjectName(QStringLiteral("residuals"));
    residualGraph_ = residuals_->addGraph();
    residualGraph_->setLineStyle(QCPGraph::lsImpulse);
    residualGraph_->setPen(PlotStyle::linePen(kPredColour, 1));
    // Tall enough for its axes and some data even on 1024x640, with few y ticks.
    residuals_->setMinimumHeight(110);
    residuals_->yAxis->ticker()->setTickCount(3);

    step_ = new QSpinBox(this);
    step_->setObjectName(QStringLiteral("predictionStep"));
    stepRow_ = new QWidget(this);
    auto* stepLayout = new QHBoxLayout(stepRow_);
    stepLayout->setContentsMargins(0, 0, 0, 0);
    auto* stepLabel = new QLabel(stepRow_);
    stepLabel->setBuddy(step_);
    stepLayout->addWidget(stepLabel);
    stepLayout->addWidget(step_);
    stepLayout->addStretch(1);
    connect(step_, &QSpinBox::valueChanged, this, &PredictionView::setStep);

    // The metrics panel: the table, the sentence when a baseline wins, the scaler. Beside
    // the charts until a workspace gives it a place of its own (metricsPanel()).
    metricsPanel_ = new QWidget(this);
    metricsPanel_->setObjectName(QStringLiteral("metricsPanel"));
    metricsStep_ = new QComboBox(metricsPanel_);
    metricsStep_->setObjectName(QStringLiteral("metricsStep"));
    metricsStepRow_ = new QWidget(metricsPanel_);
    auto* metricsStepLayout = new QHBoxLayout(metricsStepRow_);
    metricsStepLayout->setContentsMargins(0, 0, 0, 0);
    auto* metricsStepLabel = new QLabel(metricsStepRow_);
    metricsStepLabel->setBuddy(metricsStep_);
    metricsStepLayout->addWidget(metricsStepLabel);
    metricsStepLayout->addWidget(metricsStep_);
    metricsStepLayout->addStretch(1);
    metrics_ = new ForecastMetricsTable(metricsPanel_);
    stepTableTitle_ = new QLabel(metricsPanel_);
    stepTable_ = new ForecastStepTable(metricsPanel_);
    stepTableTitle_->setBuddy(stepTable_);
    connect(metricsStep_, &QComboBox::currentIndexChanged, this, &PredictionView::setMetricsStep);
    connect(stepTable_, &ForecastStepTable::stepClicked, this, &PredictionView::setMetricsStep);
    verdict_ = wrappingLabel(metricsPanel_, "baselineVerdict");
    verdict_->setStyleSheet(QStringLiteral("QLabel{background:#fff6dc; border:1px solid #e6c25a; padding:4px;}"));
    verdict_->hide();
    scalerNote_ = wrappingLabel(metricsPanel_, "scalerNote");
    scalerNote_->hide();
    auto* metricsLayout = new QVBoxLayout(metricsPanel_);
    metricsLayout->setContentsMargins(0, 0, 0, 0);
    metricsLayout->addWidget(metricsStepRow_);
    metricsLayout->addWidget(metrics_, 1);
    metricsLayout->addWidget(stepTableTitle_);
    metricsLayout->addWidget(stepTable_);
    metricsLayout->addWidget(verdict_);
    metricsLayout->addWidget(scalerNote_);

    summary_ = wrappingLabel(this, "predictionSummary");
    lagWarning_ = wrappingLabel(this, "lagWarning");
    lagWarning_->setStyleSheet(QStringLiteral("QLabel{background:#fff6dc; border:1px solid #e6c25a; padding:4px;}"));
    lagWarning_->hide();
    readout_ = wrappingLabel(this, "readout");

    // The notes scroll rather than set the view's height.
    auto* side = new QWidget;
    auto* sideScroll = new QScrollArea(this);
    sideScroll->setWidget(side);
    sideScroll->setWidgetResizable(true);
    sideScroll->setFrameShape(QFrame::NoFrame);
    sideScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    sideScroll->setMinimumWidth(220);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(metricsPanel_);
    sideLayout->addWidget(summary_);
    sideLayout->addWidget(lagWarning_);
    sideLayout->addWidget(readout_);
    sideLayout->addStretch(1);
    auto* forecastBox = new QWidget(this);
    auto* forecastLayout = new QVBoxLayout(forecastBox);
    forecastLayout->setContentsMargins(0, 0, 0, 0);
    forecastLayout->setSpacing(2);
    forecastLayout->addWidget(stepRow_);
    forecastLayout->addWidget(forecast_, 1);
    // The charts get the larger share of the view's minimum width (on a 1280-pixel screen
    // the docks leave the view little more than that).
    forecastBox->setMinimumWidth(300);
    auto* plots = new QSplitter(Qt::Vertical, this);
    plots->addWidget(forecastBox);
    plots->addWidget(residuals_);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(plots);
    split->addWidget(sideScroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({600, 220});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    retranslate(this, [this, stepLabel, metricsStepLabel] {
        forecast_->setTitle(tr("Test split: predictions against the truth"));
        truthGraph_->setName(tr("truth"));
        // Before the plot's own tooltip (how to zoom), which the plot has just written again.
        residuals_->setToolTip(tr("Residuals: the truth minus the prediction at each time.") + QLatin1Char('\n') +
                               residuals_->toolTip());
        residuals_->yAxis->setLabel(tr("residual"));
        step_->setToolTip(
            tr("Which step of the horizon the chart, the residuals and the bands show: step k is the "
               "forecast made k rows before the row it forecasts."));
        stepLabel->setText(tr("Show step:"));
        metricsStep_->setToolTip(
            tr("The metrics over every step of the horizon, or those of one step alone: step k is the forecast "
               "made k rows before the row it forecasts. The chart follows the step chosen here, and this choice "
               "follows the chart's step."));
        metricsStepLabel->setText(tr("Metrics of:"));
        stepTableTitle_->setText(tr("MAE by step"));
        // The readout where the mouse last was (the data since drawn: the hint again).
        if (readoutAt_)
            showReadoutAt(*readoutAt_);
        else
            readout_->setText(
                tr("Move the mouse over the chart to read values; click a point to look inside the "
                   "model at the window that forecast it."));
        // The texts of the data on show.
        nameGraphs();
        describeData();
    });
    // Below the title, which the texts above put in the chart's first row.
    PlotStyle::placeLegendBelow(forecast_);

    connect(forecast_, &QCustomPlot::mouseMove, this, &PredictionView::onMouseMove);
    connect(forecast_, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) { pressAt_ = event->pos(); });
    connect(forecast_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* event) {
        const std::size_t windows = data_.evaluation.rows.size();
        if (data_.isEmpty() || event->button() != Qt::LeftButton || (event->pos() - pressAt_).manhattanLength() > 3)
            return;
        const std::size_t i = nearestIndex(forecast_->xAxis->pixelToCoord(event->position().x()));
        if (i < windows) Q_EMIT windowPicked(static_cast<int>(data_.evaluation.rows[i]));
    });
    clear();
}

PredictionView::~PredictionView() = default;

void PredictionView::clear() { setData(PredictionData{}); }

void PredictionView::setData(const PredictionData& data) {
    data_ = data;
    truthGraph_->setData(toVector(data_.truthX), toVector(data_.truthY), true);
    {
        const QSignalBlocker block(step_);
        step_->setRange(1, static_cast<int>(data_.horizon));
        step_->setValue(data_.step);
    }
    stepRow_->setVisible(data_.horizon > 1);
    drawStep();
    fillMetrics();
    lagWarning_->setVisible(data_.lag.copiesLastValue);
    describeData();
    for (LivePlot* plot : {forecast_, residuals_}) plot->setFollowing(true);
}

void PredictionView::setStep(int step) {
    if (data_.isEmpty() || step == data_.step) return;
    data_.selectStep(step);
    {
        const QSignalBlocker block(step_);
        step_->setValue(data_.step);
    }
    drawStep();
    for (LivePlot* plot : {forecast_, residuals_}) plot->refresh();
    // The metrics follow the chart to the step it draws.
    if (metricsStepShown()) setMetricsStep(data_.step);
}

void PredictionView::setMetricsStep(int step) {
    if (!metricsStepShown() || step < 0 || step > metrics_->stepCount()) return;
    {
        const QSignalBlocker block(metricsStep_);
        metricsStep_->setCurrentIndex(step);
    }
    metrics_->setStep(step);
    stepTable_->markStep(step);
    // And the chart follows the metrics to a step; "all steps" leaves it where it is.
    if (step > 0 && step != data_.step) setStep(step);
}

int PredictionView::metricsStep() const { return metrics_->step(); }

bool PredictionView::metricsStepShown() const { return !metricsStepRow_->isHidden(); }

void PredictionView::drawStep() {
    predGraph_->setData(toVector(data_.x), toVector(data_.pred), true);
    QVector<double> residual;
    for (std::size_t i = 0; i < data_.count(); ++i) residual.push_back(data_.truth[i] - data_.pred[i]);
    residualGraph_->setData(toVector(data_.x), residual, true);
    crosshair_->setGraph(data_.isEmpty() ? nullptr : predGraph_);
    readoutAt_.reset();  // the crosshair is hidden

    for (const BandGraphs& band : bandGraphs_) {
        forecast_->removeGraph(band.lower);
        forecast_->removeGraph(band.upper);
    }
    bandGraphs_.clear();
    // The widest band first, so the narrower one is drawn over it and looks darker.
    std::vector<const PredictionData::Band*> bands;
    for (const auto& band : data_.bands) bands.push_back(&band);
    std::sort(bands.begin(), bands.end(), [](const auto* a, const auto* b) { return a->level > b->level; });
    for (const PredictionData::Band* band : bands) {
        QCPGraph* lower = forecast_->addGraph();
        QCPGraph* upper = forecast_->addGraph();
        for (QCPGraph* edge : {lower, upper}) {
            edge->setLayer(kBandLayer);
            edge->setPen(QPen(QColor(kPredColour.red(), kPredColour.green(), kPredColour.blue(), 70), 0.8));
        }
        lower->removeFromLegend();
        QColor fill = kPredColour;
        fill.setAlpha(band->level >= 90 ? 38 : 70);
        upper->setBrush(fill);
        upper->setChannelFillGraph(lower);
        lower->setData(toVector(data_.x), toVector(band->lower), true);
        upper->setData(toVector(data_.x), toVector(band->upper), true);
        bandGraphs_.push_back({lower, upper, band->level});
    }
    nameGraphs();
}

void PredictionView::nameGraphs() {
    predGraph_->setName(data_.horizon > 1 ? tr("prediction, step %1").arg(data_.step)
                                          : tr("prediction (1 step ahead)"));
    residualGraph_->setName(tr("step %1").arg(data_.step));
    for (const BandGraphs& band : bandGraphs_)
        band.upper->setName(tr("%1% interval").arg(QString::number(band.level, 'g', 4)));
}

void PredictionView::fillMetrics() {
    const ForecastEvaluation& e = data_.evaluation;
    metrics_->setEvaluation(e, data_.haveMetrics);
    stepTable_->setEvaluation(e, data_.haveMetrics);
    const int steps = data_.isEmpty() ? 0 : metrics_->stepCount();
    {
        // "All steps", then each step: describeData() names them.
        const QSignalBlocker block(metricsStep_);
        metricsStep_->clear();
        for (int k = 0; k <= steps; ++k) metricsStep_->addItem(QString());
        metricsStep_->setCurrentIndex(0);
    }
    metricsStepRow_->setVisible(steps > 0);
    stepTableTitle_->setVisible(steps > 0);
    stepTable_->setVisible(steps > 0);
}

void PredictionView::describeData() {
    // The x axis: the time column (or data rows); the y axes: the target column's name.
    // Cleared (a run starting), the axes keep their ticker: the range stays the last run's,
    // and a row-number ticker would print its dates as seconds since 1970 ("1.5·10⁹").
    const RowAxis axis = axisFor(data_);
    if (!data_.isEmpty() || !dynamic_cast<QCPAxisTickerDateTime*>(forecast_->xAxis->ticker().data()))
        for (LivePlot* plot : {forecast_, residuals_}) axis.configure(plot->xAxis);
    const QString target = data_.target.isEmpty() ? tr("target") : data_.target;
    forecast_->yAxis->setLabel(target);
    step_->setSuffix(tr(" of %1").arg(data_.horizon));
    for (int k = 0; k < metricsStep_->count(); ++k)
        metricsStep_->setItemText(k, k == 0 ? tr("All steps") : tr("Step %1").arg(k));

    const ForecastEvaluation& e = data_.evaluation;
    const QString verdict =
        data_.haveMetrics && !data_.isEmpty() ? ForecastMetricsTable::baselineVerdict(e) : QString();
    verdict_->setText(verdict);
    verdict_->setVisible(!verdict.isEmpty());
    // The windows' sentence, then one about the baselines, if any. The join is translated too: Chinese puts no space
    // between sentences.
    const QString windows =
        tr("%n test window(s), horizon %1.", nullptr, static_cast<int>(data_.count())).arg(data_.horizon);
    const auto withWindows = [&windows](const QString& sentence) {
        return tr("%1 %2", "two sentences of one line").arg(windows, sentence);
    };
    if (data_.isEmpty()) {
        summary_->setText(tr("No predictions yet: train a model or open a project."));
    } else if (!data_.haveMetrics || e.baseline.mae <= 0 || !verdict.isEmpty()) {
        // The sentence under the metrics, here too: the charts' tab is the one in view.
        summary_->setText(verdict.isEmpty() ? windows : withWindows(verdict));
    } else {
        const double ratio = e.model.mae / e.baseline.mae;
        summary_->setText(withWindows(
            ratio < 1
                ? tr("Model MAE is %1% below the naive forecast's.").arg(QString::number(100 * (1 - ratio), 'f', 1))
                : tr("Model MAE is %1× the naive forecast's: the naive forecast is better.")
                      .arg(QString::number(ratio, 'f', 2))));
    }

    const LagCheck& lag = data_.lag;
    lagWarning_->setText(
        tr("The model mostly copies the last value: its predictions match the truth one step earlier "
           "(MAE %1) better than the truth they forecast (MAE %2). Try more epochs, other features, or "
           "predicting changes instead of levels.")
            .arg(number(lag.maeLagged), number(lag.maeAligned)));
}

void PredictionView::setScalerNote(const QString& text) {
    scalerNote_->setText(text);
    scalerNote_->setVisible(!text.isEmpty());
}

QString PredictionView::scalerNote() const { return scalerNote_->text(); }

void PredictionView::onMouseMove(QMouseEvent* event) {
    if (data_.isEmpty()) return;
    showReadoutAt(forecast_->xAxis->pixelToCoord(event->position().x()));
}

std::size_t PredictionView::nearestIndex(double x) const {
    const auto it = std::lower_bound(data_.x.begin(), data_.x.end(), x);
    std::size_t i = static_cast<std::size_t>(it - data_.x.begin());
    if (i == data_.count() || (i > 0 && x - data_.x[i - 1] < data_.x[i] - x)) i = i == 0 ? 0 : i - 1;
    return i;
}

QString PredictionView::showReadoutAt(double x) {
    if (data_.isEmpty()) return {};
    readoutAt_ = x;
    const std::size_t i = nearestIndex(x);
    QString text = tr("%1: truth %2, predicted %3, error %4")
                       .arg(axisFor(data_).label(data_.x[i]), number(data_.truth[i]), number(data_.pred[i]),
                            number(data_.truth[i] - data_.pred[i]));
    for (const PredictionData::Band& band : data_.bands)
        text += tr("; %1%: %2 to %3")
                    .arg(QString::number(band.level, 'g', 4), number(band.lower[i]), number(band.upper[i]));
    crosshair_->show(data_.x[i], text);
    readout_->setText(text);
    forecast_->replot(QCustomPlot::rpQueuedReplot);
    return text;
}

void PredictionView::replotNow() {
    for (LivePlot* plot : {forecast_, residuals_}) {
        plot->refresh();
        plot->replot(QCustomPlot::rpImmediateRefresh);
    }
}

bool PredictionView::stepSelectorShown() const { return !stepRow_->isHidden(); }
int PredictionView::predictionCount() const { return predGraph_->dataCount(); }
double PredictionView::predictionKey(int i) const { return predGraph_->data()->at(i)->key; }
double PredictionView::predictionValue(int i) const { return predGraph_->data()->at(i)->value; }
QString PredictionView::predictionLegend() const { return predGraph_->name(); }
int PredictionView::truthPointCount() const { return truthGraph_->dataCount(); }
int PredictionView::residualCount() const { return residualGraph_->dataCount(); }
QStringList PredictionView::bandNames() const {
    QStringList names;
    for (const BandGraphs& band : bandGraphs_) names << band.upper->name();
    return names;
}
bool PredictionView::lagWarningShown() const { return !lagWarning_->isHidden(); }
QString PredictionView::lagWarningText() const { return lagWarning_->text(); }
bool PredictionView::baselineVerdictShown() const { return !verdict_->isHidden(); }
QString PredictionView::baselineVerdictText() const { return verdict_->text(); }
QString PredictionView::readoutText() const { return readout_->text(); }
QString PredictionView::metricText(int row, int column) const { return metrics_->cellText(row, column); }

}  // namespace studio
