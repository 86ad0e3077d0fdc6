#include "widgets/live_plot.h"

#include "widgets/plot_style.h"
#include "widgets/retranslate.h"

#include <algorithm>

namespace studio {

LivePlot::LivePlot(const QString& title, QWidget* parent) : QCustomPlot(parent) {
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMinimumSize(220, 150);
    if (!title.isEmpty()) setTitle(title);
    PlotStyle::apply(this);
    // Any zoom or pan means the user wants to look at something: stop moving the view.
    connect(this, &QCustomPlot::mousePress, this, &LivePlot::stopFollowing);
    connect(this, &QCustomPlot::mouseWheel, this, &LivePlot::stopFollowing);
    connect(this, &QCustomPlot::mouseDoubleClick, this, [this] { setFollowing(true); });
    retranslate(this, [this] { setToolTip(tr("Wheel: zoom. Drag: pan. Double click: fit to the data again.")); });
}

void LivePlot::refresh() {
    if (following_) {
        rescaleAxes();
        if (xPadding_ > 0 || xMinimumSpan_ > 0) fitXAxis();
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

void LivePlot::setTitle(const QString& title) {
    if (!title_) {
        plotLayout()->insertRow(0);
        title_ = new QCPTextElement(this, title, QFont(font().family(), font().pointSize(), QFont::Bold));
        plotLayout()->addElement(0, 0, title_);
    }
    title_->setText(title);
}

void LivePlot::changeEvent(QEvent* event) {
    // The texts that retranslate blocks set before this event (titles, axis labels, legend names) are drawn
    // only by a replot; QCustomPlot paints from its buffer.
    if (event->type() == QEvent::LanguageChange) replot(QCustomPlot::rpQueuedReplot);
    QCustomPlot::changeEvent(event);
}

void LivePlot::fitXAxis() {
    // The data's own keys: rescaleAxes keeps the axis's old span around a single point.
    QCPRange x;
    bool any = false;
    for (int i = 0; i < plottableCount(); ++i) {
        QCPAbstractPlottable* p = plottable(i);
        bool found = false;
        const QCPRange keys = p->getKeyRange(found);
        if (!p->visible() || !found) continue;
        x = any ? QCPRange(std::min(x.lower, keys.lower), std::max(x.upper, keys.upper)) : keys;
        any = true;
    }
    if (!any) return;
    x.lower -= xPadding_;
    x.upper = std::max(x.upper + xPadding_, x.lower + xMinimumSpan_);
    xAxis->setRange(x);
}

void LivePlot::setXFit(double padding, double minimumSpan) {
    xPadding_ = padding;
    xMinimumSpan_ = minimumSpan;
}

void LivePlot::stopFollowing() { following_ = false; }

}  // namespace studio
