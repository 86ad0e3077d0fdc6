#pragma once

#include <qcustomplot.h>

namespace studio {

// A QCustomPlot that can be zoomed (wheel) and panned (drag), and otherwise follows its
// data: refresh() rescales the axes to the data until the user zooms or pans; a double
// click returns to following. Also gives the plot a title row and PlotStyle's look.
// GUI thread only.
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

private:
    void stopFollowing();

    QCPTextElement* title_ = nullptr;
    bool following_ = true;
};

}  // namespace studio
