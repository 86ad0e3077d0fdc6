#pragma once

#include "training/train_config.h"

#include <QTimer>
#include <QWidget>

#include <vector>

class QCheckBox;
class QCPGraph;
class QCPItemStraightLine;

namespace studio {

class LivePlot;

// Live charts of a training run: loss per epoch (train and validation), loss per batch,
// gradient norm per batch before clipping (with the clip threshold and the clipped
// batches marked) and the learning rate. Batches are placed at fractional epochs
// (epoch - 1 + batch / batchesPerEpoch), so every chart shares the epoch axis.
// However fast batches arrive, the plots are redrawn at most every kReplotMs by one
// single-shot timer. GUI thread only.
class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    static constexpr int kReplotMs = 40;

    explicit TrainingCharts(QWidget* parent = nullptr);

    void clear();
    void clearBatches();
    void setClipThreshold(double clip);  // 0 = no clipping: no line
    void addBatch(const BatchStats& stats);
    void addEpoch(const EpochStats& stats);
    // Replaces the per-epoch curves (a finished run's or an opened project's history).
    void setHistory(const std::vector<EpochStats>& history);
    // Names the validation metric drawn on the epoch chart's right axis (accuracy % for a
    // classifier, bits per character for a language model) in the legend, and labels the
    // axis with axisLabel (a shorter name; empty: the name); an empty name hides it.
    void setMetricName(const QString& name, const QString& axisLabel = {});
    // New texts for the metric setMetricName shows, its points kept: for the caller's retranslate block, since
    // setMetricName starts the curve afresh.
    void renameMetric(const QString& name, const QString& axisLabel = {});
    // The loss axes' label: what the task's training minimizes (Workspace::chartLabels). Given once, it is the
    // caller's to give again when the language changes; until then the axes say "loss" in the language shown.
    void setLossLabel(const QString& label);
    QString lossLabel() const;
    int metricPointCount() const;
    double lastMetric() const;
    void setLogScale(bool on);
    bool logScale() const;
    // Redraws now instead of at the next timer tick (before a screenshot).
    void replotNow();
    // The loss-per-epoch chart: what File > Export Chart or Table… writes by default.
    LivePlot* epochLossPlot() const { return epochLoss_; }

    // Read-only views for tests and status.
    int epochPointCount() const;
    int validationPointCount() const;
    int batchPointCount() const;
    int gradNormPointCount() const;
    int clippedPointCount() const;
    int learningRatePointCount() const;
    double clipThreshold() const { return clip_; }
    int replotCount() const { return replots_; }
    double lastTrainLoss() const;
    double lastValidationLoss() const;

Q_SIGNALS:
    void logScaleToggled(bool on);

private:
    void scheduleReplot();
    void replot();
    void applyLogScale(bool on);

    LivePlot* epochLoss_ = nullptr;
    LivePlot* batchLoss_ = nullptr;
    LivePlot* gradNorm_ = nullptr;
    LivePlot* learningRate_ = nullptr;
    QCPGraph* trainLoss_ = nullptr;
    QCPGraph* valLoss_ = nullptr;
    QCPGraph* valMetric_ = nullptr;  // on epochLoss_'s yAxis2
    QCPGraph* batchLossGraph_ = nullptr;
    QCPGraph* gradNormGraph_ = nullptr;
    QCPGraph* clippedGraph_ = nullptr;
    QCPGraph* lrGraph_ = nullptr;
    QCPItemStraightLine* clipLine_ = nullptr;
    QCheckBox* logScale_ = nullptr;
    QTimer replotTimer_;
    double clip_ = 0.0;
    int replots_ = 0;
    bool lossLabelSet_ = false;  // setLossLabel() has labelled the loss axes
};

}  // namespace studio
