#pragma once

#include "tasks/forecast/forecast_evaluation.h"

#include <QTableWidget>

#include <string>

namespace studio {

// The metrics of a forecaster on the test split, a column each for the model and every
// baseline it has to beat (naive, seasonal naive, drift, linear autoregression; a project
// from before the baselines has the naive forecast only), and below the error rows the
// coverage and mean width of each interval level of the model. Above horizon one it shows
// either the metrics over all steps (the default) or those of one step of the horizon
// (setStep). Columns fit their contents and scroll sideways when the table is narrower
// than they are. GUI thread only.
class ForecastMetricsTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ForecastMetricsTable(QWidget* parent = nullptr);

    // Rows 0..5: MAE, RMSE, MAPE, sMAPE, MASE, directional accuracy; then per interval
    // level its coverage and mean width. haveMetrics false: the columns of an evaluation
    // without metrics, every cell "—".
    // Shows all steps again.
    void setEvaluation(const ForecastEvaluation& evaluation, bool haveMetrics);
    // 0: the metrics over every step; k in 1..horizon: step k's alone (the error rows from
    // the evaluation's per-step metrics, the interval rows from its bounds at step k, "—"
    // where unknown). Ignored (0 kept) without per-step metrics or outside 0..horizon.
    void setStep(int step);
    int step() const { return step_; }
    // The steps setStep accepts above 0: the horizon when the evaluation has per-step
    // metrics, else 0.
    int stepCount() const;
    // The cell's text, empty outside the table.
    QString cellText(int row, int column) const;
    // The column of a baseline ("naive", "seasonal_naive", "drift", "linear") or of the
    // model ("model"); -1 when not shown.
    int columnOf(const std::string& name) const;

    // The sentence that says which baseline beats the model on MAE, and by how much; empty
    // when the model has the lowest MAE (or there are no metrics).
    static QString baselineVerdict(const ForecastEvaluation& evaluation);
    // A baseline's name for a user ("seasonal naive").
    static QString displayName(const std::string& baseline);
    // The column header of the model or a baseline ("Seasonal naive\n(m=12)").
    static QString header(const std::string& name, std::size_t season);
    // About five significant digits, never in exponent form; "—" for NaN and infinities.
    static QString number(double value);

private:
    void fill();
    // The headers of the rows and columns fill() made, and their tooltips, in the language on show.
    void nameRowsAndColumns();

    ForecastEvaluation evaluation_;
    bool haveMetrics_ = false;
    int step_ = 0;
    std::vector<std::string> columns_;
};

}  // namespace studio
