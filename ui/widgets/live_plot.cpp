#include "widgets/live_plot.h"

#include "widgets/plot_style.h"

namespace studio {
namespace {

// The values the visible plottables on `axis` take; found is false when none has data.
QCPRange valuesOn(QCustomPlot& plot, const QCPAxis* axis, bool& found) {
    QCPRange all;
    found = false;
    for (int i = 0; i < plot.plottableCount(); ++i) {
        QCPAbstractPlottable* p = plot.plottable(i);
        if (p->valueAxis() != axis || !p->visible()) continue;
        bool has = false;
        const QCPRange r = p->getValueRange(has);
        if (!has) continue;
        if (found)
            all.expand(r);
        else
            all = r, found = true;
    }
    return all;
}

}  // namespace

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
        // Give lines at the edges some room. A flat line (a constant learning rate, one
        // epoch's metric) sits in the middle of a span its own size: QCustomPlot would keep
        // the axis's old span around it, ±15 around a rate of 0.001.
        for (QCPAxis* axis : {yAxis, yAxis2}) {
            if (!axis->visible()) continue;
            bool found = false;
            const QCPRange values = valuesOn(*this, axis, found);
            const bool flat = found && values.size() == 0;
            const QCPRange range = flat ? values : axis->range();
            if (axis->scaleType() == QCPAxis::stLogarithmic) {
                const double factor = flat ? 2.0 : 1.25;
                axis->setRange(range.lower / factor, range.upper * factor);
            } else {
                const double v = std::abs(range.lower);
                const double pad = flat ? (v > 0 ? 0.5 * v : 1.0) : range.size() * 0.05;
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
