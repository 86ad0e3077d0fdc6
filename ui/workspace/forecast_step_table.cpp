#include "workspace/forecast_step_table.h"

#include "tasks/forecast/forecast_evaluation.h"
#include "widgets/retranslate.h"
#include "workspace/forecast_metrics_table.h"

#include <QHeaderView>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace studio {

ForecastStepTable::ForecastStepTable(QWidget* parent) : QTableWidget(parent) {
    setObjectName(QStringLiteral("maeByStep"));
    setTabKeyNavigation(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    setMinimumHeight(60);
    retranslate(this, [this] {
        setToolTip(
            tr("The mean absolute error of each step of the horizon on the test split, in the target's units: "
               "step k is the forecast made k rows before the row it forecasts. The lowest of each step is in bold; "
               "click a step to show its metrics and its chart."));
        nameRowsAndColumns();
    });
    connect(this, &QTableWidget::cellClicked, this, [this](int row, int) { Q_EMIT stepClicked(row + 1); });
}

void ForecastStepTable::setEvaluation(const ForecastEvaluation& e, bool haveMetrics) {
    // The model, then the baselines that were scored step by step, in the evaluation's order.
    std::vector<std::pair<std::string, const std::vector<ForecastMetrics>*>> columns;
    const std::size_t horizon = e.horizon;
    if (horizon > 1 && e.modelByStep.size() == horizon) {
        columns.emplace_back("model", &e.modelByStep);
        for (const BaselineResult& b : e.baselines)
            if (b.byStep.size() == horizon) columns.emplace_back(b.name, &b.byStep);
    }
    clear();
    columns_.clear();
    for (const auto& column : columns) columns_.push_back(column.first);
    season_ = e.season;
    setColumnCount(static_cast<int>(columns.size()));
    setRowCount(columns.empty() ? 0 : static_cast<int>(horizon));
    nameRowsAndColumns();
    QFont bold = font();
    bold.setBold(true);
    for (int row = 0; row < rowCount(); ++row) {
        double lowest = std::numeric_limits<double>::infinity();
        for (const auto& column : columns) {
            const double mae = (*column.second)[static_cast<std::size_t>(row)].mae;
            if (std::isfinite(mae)) lowest = std::min(lowest, mae);
        }
        for (int c = 0; c < columnCount(); ++c) {
            const double mae = (*columns[static_cast<std::size_t>(c)].second)[static_cast<std::size_t>(row)].mae;
            auto* item = new QTableWidgetItem(haveMetrics ? ForecastMetricsTable::number(mae) : QStringLiteral("—"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (haveMetrics && mae == lowest) item->setFont(bold);
            setItem(row, c, item);
        }
    }
}

void ForecastStepTable::nameRowsAndColumns() {
    QStringList headers, rows;
    for (const std::string& name : columns_) headers << ForecastMetricsTable::header(name, season_);
    for (int h = 1; h <= rowCount(); ++h) rows << tr("Step %1").arg(h);
    setHorizontalHeaderLabels(headers);
    setVerticalHeaderLabels(rows);
}

void ForecastStepTable::markStep(int step) {
    if (step >= 1 && step <= rowCount())
        selectRow(step - 1);
    else
        clearSelection();
}

QString ForecastStepTable::cellText(int row, int column) const {
    const QTableWidgetItem* cell = item(row, column);
    return cell ? cell->text() : QString();
}

int ForecastStepTable::columnOf(const std::string& name) const {
    for (std::size_t c = 0; c < columns_.size(); ++c)
        if (columns_[c] == name) return static_cast<int>(c);
    return -1;
}

}  // namespace studio
