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
        // Give lines at the edges (a flat loss, a constant learning rate) some room.
        for (QCPAxis* axis : {yAxis, yAxis2}) {
            if (!axis->visible()) continue;
            QCPRange range = axis->range();
            if (axis->scaleType() == QCPAxis::stLogarithmic) {
                axis->setRange(range.lower / 1.25, range.upper * 1.25);
            } else {
                const double pad =
                    range.size() > 0 ? range.size() * 0.05 : std::max(1e-9, std::abs(range.lower) * 0.05 + 1e-3);
                axis->setRange(range.lower - pad, range.upper + pad);
            }
        }
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
