#pragma once

#include <QString>

class QCPGraph;
class QCPItemText;
class QCPItemTracer;
class QCustomPlot;

namespace studio {

// A crosshair on a point of one graph of a plot, with a text box beside it (the values
// there). Items of the plot, which owns them. GUI thread only.
class PlotCrosshair {
public:
    explicit PlotCrosshair(QCustomPlot* plot);

    // The graph it follows (null: none; a tracer without data complains on every replot).
    // Hides it.
    void setGraph(QCPGraph* graph);
    // Shows it at the graph's point nearest `key`, with `text`.
    void show(double key, const QString& text);
    void hide();

private:
    QCPItemTracer* tracer_ = nullptr;
    QCPItemText* text_ = nullptr;
};

}  // namespace studio
