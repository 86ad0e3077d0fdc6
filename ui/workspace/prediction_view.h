#pragma once

#include "workspace/prediction_data.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QSpinBox;
class QCPGraph;
class QMouseEvent;

namespace studio {

class ForecastMetricsTable;
class ForecastStepTable;
class LivePlot;
class PlotCrosshair;

// The test split's results: one step's predictions against the ground truth in the
// target's units with their interval bands (zoom, pan, a crosshair readout under the
// mouse; a step selector when the horizon is longer than 1), the residuals, the metrics of
// the model next to the baselines and how its intervals held (above horizon one: over all
// steps or one step, chosen beside the table and following the chart's step, and a table
// of the MAE by step), a sentence when a baseline
// beats the model, which scaler the model used (and why, when chosen automatically), and a
// warning when the predictions match the truth best one window late (the model mostly
// copies its last input). GUI thread only.
class PredictionView : public QWidget {
    Q_OBJECT
public:
    explicit PredictionView(QWidget* parent = nullptr);
    ~PredictionView() override;

    void setData(const PredictionData& data);
    void clear();
    void replotNow();
    // Draws step `step` (1..horizon) of the forecasts, as the step selector does; the
    // metrics table follows to that step.
    void setStep(int step);
    int step() const { return data_.step; }
    bool stepSelectorShown() const;
    // The predictions chart (its x axis: the time column's dates, or data rows).
    LivePlot* forecastPlot() const { return forecast_; }
    // A line saying which scaler the model used and why; empty hides it.
    void setScalerNote(const QString& text);
    QString scalerNote() const;

    // Moves the crosshair to the forecast nearest to x (plot coordinates) and returns the
    // readout text; the mouse does the same through mouseMove.
    QString showReadoutAt(double x);

    int predictionCount() const;
    // The drawn prediction i (of the selected step): its x and value.
    double predictionKey(int i) const;
    double predictionValue(int i) const;
    QString predictionLegend() const;
    int truthPointCount() const;
    int residualCount() const;
    // The interval bands drawn (one per level) and their legend texts.
    QStringList bandNames() const;
    bool lagWarningShown() const;
    QString lagWarningText() const;
    bool baselineVerdictShown() const;
    QString baselineVerdictText() const;
    QString readoutText() const;
    // The metrics table's cell: row (MAE, RMSE, MAPE, sMAPE, MASE, directional accuracy,
    // then coverage and mean width per interval level) by column (0 model, 1 naive, then
    // the other baselines when known).
    QString metricText(int row, int column) const;
    ForecastMetricsTable* metricsTable() const { return metrics_; }
    // The metrics table's step, as its selector sets it: 0 all steps, else 1..horizon (the
    // chart follows to that step). Only above horizon one with per-step metrics.
    void setMetricsStep(int step);
    int metricsStep() const;
    bool metricsStepShown() const;
    // "MAE by step": a row per step, a column for the model and each baseline.
    ForecastStepTable* stepTable() const { return stepTable_; }
    // The metrics table with the baseline sentence and the scaler note under it: beside the
    // charts, unless a workspace moves it elsewhere (adding it to a tab reparents it; it
    // stays this view's to fill).
    QWidget* metricsPanel() const { return metricsPanel_; }
    const PredictionData& data() const { return data_; }

Q_SIGNALS:
    // A click (no drag) on the predictions chart: the data row of the nearest window's last
    // input row, for Model > Inspect….
    void windowPicked(int row);

private:
    void onMouseMove(QMouseEvent* event);
    // Index of the drawn forecast nearest to x.
    std::size_t nearestIndex(double x) const;
    void drawStep();
    void fillMetrics();
    // The legend's names of the step drawn and its bands.
    void nameGraphs();
    // The texts that describe the data on show (axes, the step's suffix, the metrics' steps, the sentences
    // beside the charts), from data_: setData() writes them, and a change of language again.
    void describeData();

    LivePlot* forecast_ = nullptr;
    LivePlot* residuals_ = nullptr;
    QCPGraph* truthGraph_ = nullptr;
    QCPGraph* predGraph_ = nullptr;
    QCPGraph* residualGraph_ = nullptr;
    // Per drawn level: the lower edge (no legend entry) and the upper edge, filled down to it.
    struct BandGraphs {
        QCPGraph* lower;
        QCPGraph* upper;
        double level;
    };
    std::vector<BandGraphs> bandGraphs_;
    std::unique_ptr<PlotCrosshair> crosshair_;  // on the predictions, where the mouse is
    QPoint pressAt_;                             // where a click on the predictions began
    QWidget* stepRow_ = nullptr;
    QSpinBox* step_ = nullptr;
    QWidget* metricsPanel_ = nullptr;
    QWidget* metricsStepRow_ = nullptr;
    QComboBox* metricsStep_ = nullptr;
    ForecastMetricsTable* metrics_ = nullptr;
    QLabel* stepTableTitle_ = nullptr;
    ForecastStepTable* stepTable_ = nullptr;
    QLabel* verdict_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* lagWarning_ = nullptr;
    QLabel* scalerNote_ = nullptr;
    QLabel* readout_ = nullptr;
    std::optional<double> readoutAt_;  // x of the readout on show; none: the hint is
    PredictionData data_;
};

}  // namespace studio
