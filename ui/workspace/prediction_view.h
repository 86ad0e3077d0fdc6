#pragma once

#include "workspace/prediction_data.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTableWidget;
class QCPGraph;
class QMouseEvent;

namespace studio {

class LivePlot;
class PlotCrosshair;

// The test split's results: step-1 predictions against the ground truth in the target's
// units (zoom, pan, a crosshair readout under the mouse), the residuals, the metrics of
// the model next to the naive last-value forecast, and a warning when the predictions
// match the truth best one window late (the model mostly copies its last input).
// GUI thread only.
class PredictionView : public QWidget {
    Q_OBJECT
public:
    explicit PredictionView(QWidget* parent = nullptr);
    ~PredictionView() override;

    void setData(const PredictionData& data);
    void clear();
    void replotNow();

    // Moves the crosshair to the forecast nearest to x (plot coordinates) and returns the
    // readout text; the mouse does the same through mouseMove.
    QString showReadoutAt(double x);

    int predictionCount() const;
    int truthPointCount() const;
    int residualCount() const;
    bool lagWarningShown() const;
    QString lagWarningText() const;
    QString readoutText() const;
    // The metrics table's cell: row (MAE, RMSE, MAPE, sMAPE, MASE, directional accuracy)
    // by column (0 model, 1 naive).
    QString metricText(int row, int column) const;
    const PredictionData& data() const { return data_; }

private:
    void onMouseMove(QMouseEvent* event);
    void fillMetrics();

    LivePlot* forecast_ = nullptr;
    LivePlot* residuals_ = nullptr;
    QCPGraph* truthGraph_ = nullptr;
    QCPGraph* predGraph_ = nullptr;
    QCPGraph* residualGraph_ = nullptr;
    std::unique_ptr<PlotCrosshair> crosshair_;  // on the predictions, where the mouse is
    QTableWidget* metrics_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* lagWarning_ = nullptr;
    QLabel* readout_ = nullptr;
    PredictionData data_;
};

}  // namespace studio
