#pragma once

#include <QTableWidget>

#include <string>
#include <vector>

namespace studio {

struct ForecastEvaluation;

// "MAE by step" of a forecast longer than one step: a row per step of the horizon, a column
// for the model and each baseline that has per-step metrics (ForecastMetricsTable's
// headers), the lowest MAE of each row in bold. Empty (no rows) for horizon one or an
// evaluation without per-step metrics. Clicking a row asks for that step (stepClicked).
// GUI thread only.
class ForecastStepTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ForecastStepTable(QWidget* parent = nullptr);

    void setEvaluation(const ForecastEvaluation& evaluation, bool haveMetrics);
    // Marks step `step` (1..rows) as the one shown elsewhere; 0 marks none.
    void markStep(int step);
    // The cell's text, empty outside the table.
    QString cellText(int row, int column) const;
    // The column of "model" or a baseline's name; -1 when not shown.
    int columnOf(const std::string& name) const;

Q_SIGNALS:
    void stepClicked(int step);

private:
    // The headers of the rows and columns, in the language on show.
    void nameRowsAndColumns();

    std::vector<std::string> columns_;
    std::size_t season_ = 1;  // the seasonal baseline's, for its header
};

}  // namespace studio
