#include "workspace/forecast_metrics_table.h"

#include "training/conformal.h"
#include "widgets/retranslate.h"

#include <QHeaderView>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace studio {
namespace {

constexpr int kMetricRows = 6;

double metricRow(const ForecastMetrics& m, int row) {
    switch (row) {
        case 0:
            return m.mae;
        case 1:
            return m.rmse;
        case 2:
            return m.mape;
        case 3:
            return m.smape;
        case 4:
            return m.mase;
        default:
            return m.directionalAccuracy;
    }
}

struct Column {
    std::string name;
    ForecastMetrics metrics;
    std::vector<ForecastMetrics> byStep;  // [horizon], or empty
};

// The model first, then the baselines in the evaluation's order; without a list of
// baselines (projects before them), the naive forecast.
std::vector<Column> columnsOf(const ForecastEvaluation& e) {
    std::vector<Column> columns{{"model", e.model, e.modelByStep}};
    if (e.baselines.empty())
        columns.push_back({"naive", e.baseline, {}});
    else
        for (const BaselineResult& b : e.baselines) columns.push_back({b.name, b.metrics, b.byStep});
    return columns;
}

// The coverage (percent) and mean width of `band` at 0-based step h alone, from its bounds;
// NaN for both when the bounds are not known or a bound of the step is unbounded (too few
// validation forecasts calibrated it: its coverage would say nothing).
std::pair<double, double> stepCoverage(const ForecastEvaluation& e, const IntervalBand& band, std::size_t h) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = e.horizon > 0 ? e.truth.size() / e.horizon : 0;
    if (n == 0 || band.lower.size() != n * e.horizon || band.upper.size() != n * e.horizon) return {nan, nan};
    std::vector<double> lower, upper, truth;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = i * e.horizon + h;
        if (std::isinf(band.lower[k]) || std::isinf(band.upper[k])) return {nan, nan};
        lower.push_back(band.lower[k]), upper.push_back(band.upper[k]), truth.push_back(e.truth[k]);
    }
    const IntervalCoverage c = intervalCoverage(lower, upper, truth);
    if (c.n == 0) return {nan, nan};
    return {c.coverage, c.meanWidth};
}

QString columnTip(const std::string& name, std::size_t season) {
    if (name == "model") return ForecastMetricsTable::tr("The model's forecasts.");
    if (name == "naive") return ForecastMetricsTable::tr("Naive: every step repeats the last input value.");
    if (name == "seasonal_naive")
        return ForecastMetricsTable::tr("Seasonal naive: each step repeats the value one season (%n row(s)) earlier.",
                                        nullptr, static_cast<int>(season));
    if (name == "drift")
        return ForecastMetricsTable::tr(
            "Drift: the straight line from the series' first value to the last input value, continued.");
    if (name == "linear")
        return ForecastMetricsTable::tr(
            "Linear AR: a ridge linear autoregression on the model's inputs, fitted on the training split.");
    return {};
}

}  // namespace

ForecastMetricsTable::ForecastMetricsTable(QWidget* parent) : QTableWidget(parent) {
    setObjectName(QStringLiteral("metricsTable"));
    setTabKeyNavigation(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setWordWrap(false);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    // As tall as its rows where there is room, scrolling where there is not.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setMinimumHeight(90);
    retranslate(this, [this] {
        setToolTip(
            tr("Errors on the test split in the target's units, for the model and for forecasts that need no "
               "network; a useful model beats them all. MASE below 1 means better than the naive one-step forecast "
               "on the training data. The intervals' coverage is the share of test truths inside them."));
        nameRowsAndColumns();
    });
}

QString ForecastMetricsTable::displayName(const std::string& baseline) {
    if (baseline == "model") return tr("model");
    if (baseline == "naive") return tr("naive");
    if (baseline == "seasonal_naive") return tr("seasonal naive");
    if (baseline == "drift") return tr("drift");
    if (baseline == "linear") return tr("linear");
    return QString::fromStdString(baseline);
}

QString ForecastMetricsTable::number(double v) {
    if (!std::isfinite(v)) return QStringLiteral("—");
    const double a = std::abs(v);
    // Prices run into the thousands: fewer decimals as the value grows.
    const int decimals = a >= 1e4 ? 0 : a >= 1e2 ? 2 : a >= 1 ? 3 : 4;
    return QString::number(v, 'f', decimals);
}

QString ForecastMetricsTable::header(const std::string& name, std::size_t season) {
    // Two short lines rather than one wide one: the table sits beside the charts.
    if (name == "model") return tr("Model");
    if (name == "naive") return tr("Naive");
    if (name == "seasonal_naive") return tr("Seasonal naive\n(m=%1)").arg(season);
    if (name == "drift") return tr("Drift");
    if (name == "linear") return tr("Linear AR");
    return QString::fromStdString(name);
}

void ForecastMetricsTable::setEvaluation(const ForecastEvaluation& e, bool haveMetrics) {
    evaluation_ = e;
    haveMetrics_ = haveMetrics;
    step_ = 0;
    fill();
}

int ForecastMetricsTable::stepCount() const {
    return evaluation_.horizon > 1 && evaluation_.modelByStep.size() == evaluation_.horizon
               ? static_cast<int>(evaluation_.horizon)
               : 0;
}

void ForecastMetricsTable::setStep(int step) {
    if (step < 0 || step > stepCount() || step == step_) return;
    step_ = step;
    fill();
}

void ForecastMetricsTable::fill() {
    const ForecastEvaluation& e = evaluation_;
    const std::vector<Column> columns = columnsOf(e);
    const std::size_t h = step_ > 0 ? static_cast<std::size_t>(step_ - 1) : 0;
    columns_.clear();
    for (const Column& c : columns) columns_.push_back(c.name);
    clear();
    setColumnCount(static_cast<int>(columns.size()));
    setRowCount(kMetricRows + 2 * static_cast<int>(e.intervals.size()));
    nameRowsAndColumns();

    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int c = 0; c < columnCount(); ++c) {
        const Column& column = columns[static_cast<std::size_t>(c)];
        // One step's metrics, or "—" for a column without them (a baseline of an older project).
        const ForecastMetrics* metrics = &column.metrics;
        if (step_ > 0) metrics = h < column.byStep.size() ? &column.byStep[h] : nullptr;
        for (int row = 0; row < rowCount(); ++row) {
            double value = nan;
            if (row < kMetricRows) {
                // The naive forecast predicts no change: it has no direction to get right.
                if (metrics && !(row == kMetricRows - 1 && column.name == "naive")) value = metricRow(*metrics, row);
            } else if (column.name == "model") {
                const IntervalBand& band = e.intervals[static_cast<std::size_t>((row - kMetricRows) / 2)];
                const auto [coverage, width] =
                    step_ > 0 ? stepCoverage(e, band, h) : std::make_pair(band.coverage, band.meanWidth);
                value = (row - kMetricRows) % 2 == 0 ? coverage : width;
            }
            auto* item = new QTableWidgetItem(haveMetrics_ ? number(value) : QStringLiteral("—"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(row, c, item);
        }
    }
}

void ForecastMetricsTable::nameRowsAndColumns() {
    const ForecastEvaluation& e = evaluation_;
    QStringList headers;
    for (const std::string& name : columns_) headers << header(name, e.season);
    QStringList rows = {tr("MAE"), tr("RMSE"), tr("MAPE %"), tr("sMAPE %"), tr("MASE"), tr("Directional accuracy %")};
    for (const IntervalBand& band : e.intervals) {
        const QString level = QString::number(band.level, 'g', 4);
        rows << tr("%1% interval coverage %").arg(level) << tr("%1% interval mean width").arg(level);
    }
    // Before the first fill the table has no rows nor columns to name.
    if (rows.size() != rowCount() || headers.size() != columnCount()) return;
    setHorizontalHeaderLabels(headers);
    setVerticalHeaderLabels(rows);
    for (int c = 0; c < columnCount(); ++c)
        horizontalHeaderItem(c)->setToolTip(columnTip(columns_[static_cast<std::size_t>(c)], e.season));
    for (int row = kMetricRows; row < rowCount(); row += 2)
        verticalHeaderItem(row)->setToolTip(
            tr("Share of the test split's truths inside the model's interval, calibrated on the validation "
               "split: close to the level means the interval is honest."));
}

QString ForecastMetricsTable::cellText(int row, int column) const {
    const QTableWidgetItem* cell = item(row, column);
    return cell ? cell->text() : QString();
}

int ForecastMetricsTable::columnOf(const std::string& name) const {
    for (std::size_t c = 0; c < columns_.size(); ++c)
        if (columns_[c] == name) return static_cast<int>(c);
    return -1;
}

QString ForecastMetricsTable::baselineVerdict(const ForecastEvaluation& e) {
    const std::vector<Column> columns = columnsOf(e);
    const double model = e.model.mae;
    if (!std::isfinite(model)) return {};
    const Column* best = nullptr;
    for (std::size_t c = 1; c < columns.size(); ++c) {
        const double mae = columns[c].metrics.mae;
        if (std::isfinite(mae) && mae < model && (!best || mae < best->metrics.mae)) best = &columns[c];
    }
    if (!best) return {};
    return tr("The %1 baseline beats the model on this test split (MAE %2 vs %3).")
        .arg(displayName(best->name), number(best->metrics.mae), number(model));
}

}  // namespace studio
