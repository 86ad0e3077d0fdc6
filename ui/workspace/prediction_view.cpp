#include "workspace/prediction_view.h"

#include "widgets/live_plot.h"
#include "widgets/plot_crosshair.h"
#include "widgets/plot_style.h"
#include "widgets/row_axis.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace studio {
namespace {

const QColor kTruthColour(60, 60, 60);
const QColor kPredColour(214, 39, 40);

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

}  // namespace

PredictionView::PredictionView(QWidget* parent) : QWidget(parent) {
    forecast_ = new LivePlot(tr("Test split: predictions against the truth"), this);
    truthGraph_ = forecast_->addGraph();
    truthGraph_->setName(tr("truth"));
    truthGraph_->setPen(PlotStyle::linePen(kTruthColour, 1.2));
    predGraph_ = forecast_->addGraph();
    predGraph_->setName(tr("prediction (1 step ahead)"));
    predGraph_->setPen(PlotStyle::linePen(kPredColour, 1.2));
    PlotStyle::placeLegendBelow(forecast_);
    crosshair_ = std::make_unique<PlotCrosshair>(forecast_);

    residuals_ = new LivePlot(tr("Residuals (truth − prediction)"), this);
    residualGraph_ = residuals_->addGraph();
    residualGraph_->setLineStyle(QCPGraph::lsImpulse);
    residualGraph_->setPen(PlotStyle::linePen(kPredColour, 1));

    metrics_ = new QTableWidget(6, 2, this);
    metrics_->setTabKeyNavigation(false);
    metrics_->setHorizontalHeaderLabels({tr("Model"), tr("Naive")});
    metrics_->setVerticalHeaderLabels(
        {tr("MAE"), tr("RMSE"), tr("MAPE %"), tr("sMAPE %"), tr("MASE"), tr("Directional accuracy %")});
    metrics_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    metrics_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    metrics_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metrics_->setWordWrap(false);
    metrics_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    metrics_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    metrics_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    metrics_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    metrics_->setToolTip(
        tr("Errors on the test split in the target's units. The naive forecast repeats the last "
           "input value; a useful model beats it. MASE below 1 means better than the naive "
           "one-step forecast on the training data."));
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    lagWarning_ = new QLabel(this);
    lagWarning_->setWordWrap(true);
    lagWarning_->setStyleSheet(QStringLiteral("QLabel{background:#fff6dc; border:1px solid #e6c25a; padding:4px;}"));
    lagWarning_->hide();
    readout_ = new QLabel(tr("Move the mouse over the chart to read values."), this);
    readout_->setWordWrap(true);

    auto* side = new QWidget(this);
    side->setMinimumWidth(300);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(metrics_);
    sideLayout->addWidget(summary_);
    sideLayout->addWidget(lagWarning_);
    sideLayout->addWidget(readout_);
    sideLayout->addStretch(1);
    auto* plots = new QSplitter(Qt::Vertical, this);
    plots->addWidget(forecast_);
    plots->addWidget(residuals_);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(plots);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(forecast_, &QCustomPlot::mouseMove, this, &PredictionView::onMouseMove);
    clear();
}

PredictionView::~PredictionView() = default;

void PredictionView::clear() { setData(PredictionData{}); }

void PredictionView::setData(const PredictionData& data) {
    data_ = data;
    // The x axis: the time column (or data rows); the y axes: the target column's name.
    const RowAxis axis = axisFor(data_);
    for (LivePlot* plot : {forecast_, residuals_}) axis.configure(plot->xAxis);
    const QString target = data_.target.isEmpty() ? tr("target") : data_.target;
    forecast_->yAxis->setLabel(target);
    residuals_->yAxis->setLabel(target);
    truthGraph_->setData(QVector<double>(data_.truthX.begin(), data_.truthX.end()),
                         QVector<double>(data_.truthY.begin(), data_.truthY.end()), true);
    predGraph_->setData(QVector<double>(data_.x.begin(), data_.x.end()),
                        QVector<double>(data_.pred.begin(), data_.pred.end()), true);
    QVector<double> residual;
    for (std::size_t i = 0; i < data_.count(); ++i) residual.push_back(data_.truth[i] - data_.pred[i]);
    residualGraph_->setData(QVector<double>(data_.x.begin(), data_.x.end()), residual, true);
    crosshair_->setGraph(data_.isEmpty() ? nullptr : predGraph_);
    fillMetrics();

    const LagCheck& lag = data_.lag;
    lagWarning_->setVisible(lag.copiesLastValue);
    lagWarning_->setText(
        tr("The model mostly copies the last value: its predictions match the truth one step earlier "
           "(MAE %1) better than the truth they forecast (MAE %2). Try more epochs, other features, or "
           "predicting changes instead of levels.")
            .arg(number(lag.maeLagged), number(lag.maeAligned)));
    for (LivePlot* plot : {forecast_, residuals_}) plot->setFollowing(true);
}

void PredictionView::fillMetrics() {
    const ForecastEvaluation& e = data_.evaluation;
    const double model[] = {e.model.mae,   e.model.rmse, e.model.mape,
                            e.model.smape, e.model.mase, e.model.directionalAccuracy};
    const double naive[] = {e.baseline.mae,   e.baseline.rmse, e.baseline.mape,
                            e.baseline.smape, e.baseline.mase, e.baseline.directionalAccuracy};
    for (int row = 0; row < 6; ++row) {
        const bool show = data_.haveMetrics;
        metrics_->setItem(row, 0, new QTableWidgetItem(show ? number(model[row]) : QStringLiteral("—")));
        // The naive forecast predicts no change: it has no direction to get right.
        const double naiveValue = row == 5 ? std::nan("") : naive[row];
        metrics_->setItem(row, 1, new QTableWidgetItem(show ? number(naiveValue) : QStringLiteral("—")));
        for (int column = 0; column < 2; ++column)
            metrics_->item(row, column)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (data_.isEmpty()) {
        summary_->setText(tr("No predictions yet: train a model or open a project."));
    } else if (!data_.haveMetrics || e.baseline.mae <= 0) {
        summary_->setText(
            tr("%n test window(s), horizon %1.", nullptr, static_cast<int>(data_.count())).arg(data_.horizon));
    } else {
        const double ratio = e.model.mae / e.baseline.mae;
        const QString verdict =
            ratio < 1
                ? tr("Model MAE is %1% below the naive forecast's.").arg(QString::number(100 * (1 - ratio), 'f', 1))
                : tr("Model MAE is %1× the naive forecast's: the naive forecast is better.")
                      .arg(QString::number(ratio, 'f', 2));
        summary_->setText(
            tr("%n test window(s), horizon %1. ", nullptr, static_cast<int>(data_.count())).arg(data_.horizon) +
            verdict);
    }
}

void PredictionView::onMouseMove(QMouseEvent* event) {
    if (data_.isEmpty()) return;
    showReadoutAt(forecast_->xAxis->pixelToCoord(event->position().x()));
}

QString PredictionView::showReadoutAt(double x) {
    if (data_.isEmpty()) return {};
    const auto it = std::lower_bound(data_.x.begin(), data_.x.end(), x);
    std::size_t i = static_cast<std::size_t>(it - data_.x.begin());
    if (i == data_.count() || (i > 0 && x - data_.x[i - 1] < data_.x[i] - x)) i = i == 0 ? 0 : i - 1;
    const QString text = tr("%1: truth %2, predicted %3, error %4")
                             .arg(axisFor(data_).label(data_.x[i]), number(data_.truth[i]), number(data_.pred[i]),
                                  number(data_.truth[i] - data_.pred[i]));
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

int PredictionView::predictionCount() const { return predGraph_->dataCount(); }
int PredictionView::truthPointCount() const { return truthGraph_->dataCount(); }
int PredictionView::residualCount() const { return residualGraph_->dataCount(); }
bool PredictionView::lagWarningShown() const { return !lagWarning_->isHidden(); }
QString PredictionView::lagWarningText() const { return lagWarning_->text(); }
QString PredictionView::readoutText() const { return readout_->text(); }
QString PredictionView::metricText(int row, int column) const {
    const QTableWidgetItem* item = metrics_->item(row, column);
    return item ? item->text() : QString();
}

}  // namespace studio
