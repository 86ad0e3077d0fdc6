#pragma once

#include <qcustomplot.h>

namespace studio {

// A QCustomPlot that can be zoomed (wheel) and panned (drag), and otherwise follows its
// data: refresh() rescales the axes to the data until the user zooms or pans; a double
// click returns to following. Also gives the plot PlotStyle's look and a title row (none for
// an empty title, until setTitle gives one). Its tooltip (how to zoom) follows the language (a
// caller's retranslate block that adds to it runs after the plot's); the title is the caller's, to
// set again when the language changes, and the plot redraws itself then. GUI thread only.
class LivePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit LivePlot(const QString& title, QWidget* parent = nullptr);

    // Rescales (when following) and queues a repaint. Cheap to call; the caller decides
    // how often (see TrainingCharts' replot timer).
    void refresh();
    bool isFollowing() const { return following_; }
    void setFollowing(bool on);
    void setTitle(const QString& title);
    // While following, the x axis spans the data plus `padding` on each side, and at least
    // `minimumSpan` (from its lower end): epochs 1..n on [0.5, n + 0.5], never one point
    // on QCustomPlot's own span. Off (0, 0) by default.
    void setXFit(double padding, double minimumSpan);

protected:
    void changeEvent(QEvent* event) override;

private:
    void stopFollowing();
    void fitXAxis();

    QCPTextElement* title_ = nullptr;
    bool following_ = true;
    double xPadding_ = 0;
    double xMinimumSpan_ = 0;
};

}  // namespace studio
