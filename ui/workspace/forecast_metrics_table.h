#pragma once

#include <QTableWidget>

#include <string>

namespace studio {

struct ForecastEvaluation;

// The metrics of a forecaster on the test split, a column each for the model and every
// baseline it has to beat (naive, seasonal naive, drift, linear autoregression; a project
// from before the baselines has the naive forecast only), and below the error rows the
// coverage and mean width of each interval level of the model. Columns fit their contents
// and scroll sideways when the table is narrower than they are. GUI thread only.
class ForecastMetricsTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ForecastMetricsTable(QWidget* parent = nullptr);

    // Rows 0..5: MAE, RMSE, MAPE, sMAPE, MASE, directional accuracy; then per interval
    // level its coverage and mean width. haveMetrics false: the columns of an evaluation
    // without metrics, every cell "—".
    void setEvaluation(const ForecastEvaluation& evaluation, bool haveMetrics);
    // The cell's text, empty outside the table.
    QString cellText(int row, int column) const;
    // The column of a baseline ("naive", "seasonal_naive", "drift", "linear") or of the
    // model ("model"); -1 when not shown.
    int columnOf(const std::string& name) const;

    // The sentence that says which baseline beats the model on MAE, and by how much; empty
    // when the model has the lowest MAE (or there are no metrics).
    static QString baselineVerdict(const ForecastEvaluation& evaluation);
    // A baseline's name for a user ("seasonal naive"), and a column header.
    static QString displayName(const std::string& baseline);

private:
    std::vector<std::string> columns_;
};

}  // namespace studio
