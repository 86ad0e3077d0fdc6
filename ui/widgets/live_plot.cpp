#include "widgets/live_plot.h"

#include "widgets/plot_style.h"

namespace studio {

LivePlot::LivePlot(const QString& title, QWidget* parent) : QCustomPlot(parent) {
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMinimumSize(220, 150);
    plotLayout()->insertRow(0);
    title_ = new QCPTextElement(this, title, QFont(font().family(), font().pointSize(), QFont::Bold));
    plotLayout()->addElement(0, 0, title_);
    PlotStyle::apply(this);
    // Any zoom or pan means the user wants to look at something: stop moving the view.
    connect(this, &QCustomPlot::mousePress, this, &LivePlot::stopFollowing);
    connect(this, &QCustomPlot::mouseWheel, this, &LivePlot::stopFollowing);
    connect(this, &QCustomPlot::mouseDoubleClick, this, [this] { setFollowing(true); });
    setToolTip(tr("Wheel: zoom. Drag: pan. Double click: fit to the data again."));
}

void LivePlot::refresh() {
    if (following_) {
        rescaleAxes();
        // Give lines at the edges some room, and a flat line (a constant learning rate, one
        // epoch's metric) a narrow band around its value: QCustomPlot would keep the axis's
        // old span around it, ±15 around a rate of 0.001.
        for (QCPAxis* axis : {yAxis, yAxis2})
            if (axis->visible()) PlotStyle::fitAxis(axis);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

void LivePlot::setFollowing(bool on) {
    following_ = on;
    if (on) refresh();
}

void LivePlot::setTitle(const QString& title) { title_->setText(title); }

void LivePlot::stopFollowing() { following_ = false; }

}  // namespace studio
