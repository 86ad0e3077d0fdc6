#include "widgets/plot_style.h"

#include <qcustomplot.h>

#include <QDateTime>
#include <QFontMetrics>

#include <algorithm>
#include <cmath>
#include <vector>

namespace studio {
namespace {

const QColor kAxisColour(110, 110, 110);
const QColor kGridColour(225, 225, 225);
const QColor kTextColour(40, 40, 40);

QFont smaller(const QFont& font) {
    QFont out = font;
    out.setPointSizeF(std::max(6.0, font.pointSizeF() - 1.0));
    return out;
}

// As many legend columns as the plot's width holds (at most maxColumns), so that no entry
// is squeezed: the legend wraps to more rows instead. Entries fill rows first, so entry i
// sits in column i % columns.
int legendColumns(const QCustomPlot* plot, int maxColumns) {
    const QCPLegend* legend = plot->legend;
    const int available = plot->viewport().width() - legend->margins().left() - legend->margins().right();
    // The grid's cells in order; a wrapped grid has empty ones at its end.
    std::vector<int> items;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (const QCPAbstractLegendItem* item = legend->item(i)) items.push_back(item->minimumOuterSizeHint().width());
    for (int columns = std::max(1, maxColumns); columns > 1; --columns) {
        std::vector<int> widths(static_cast<std::size_t>(columns), 0);
        for (std::size_t i = 0; i < items.size(); ++i) {
            int& w = widths[i % static_cast<std::size_t>(columns)];
            w = std::max(w, items[i]);
        }
        int total = legend->columnSpacing() * (columns - 1);
        for (int w : widths) total += w;
        if (total <= available) return columns;
    }
    return 1;
}

void fitLegend(QCustomPlot* plot, int maxColumns) {
    const int columns = legendColumns(plot, maxColumns);
    QCPLegend* legend = plot->legend;
    if (legend->wrap() == columns) return;
    legend->setWrap(columns);
    legend->setFillOrder(QCPLegend::foColumnsFirst, /*rearrange=*/true);
}

// The coarsest date format that still tells neighbouring ticks `step` seconds apart.
QString dateFormatFor(double step) {
    constexpr double day = 86400.0;
    if (step >= 364 * day) return QStringLiteral("yyyy");
    if (step >= 28 * day) return QStringLiteral("yyyy-MM");
    if (step >= 0.99 * day) return QStringLiteral("yyyy-MM-dd");
    if (step >= 60) return QStringLiteral("MM-dd hh:mm");
    return QStringLiteral("hh:mm:ss");
}

// A date ticker that picks its step from the axis's width in pixels and its labels' width
// in its font, so that labels never collide; QCustomPlot's own takes a fixed tick count,
// which overlaps on a narrow plot and wastes a wide one.
class FittingDateTicker : public QCPAxisTickerDateTime {
public:
    explicit FittingDateTicker(QCPAxis* axis) : axis_(axis) { setDateTimeSpec(Qt::UTC); }

protected:
    double getTickStep(const QCPRange& range) override {
        const bool horizontal = axis_->orientation() == Qt::Horizontal;
        const QRect rect = axis_->axisRect()->rect();
        const int length = horizontal ? rect.width() : rect.height();
        const double pixels = length > 0 ? length : 600.0;  // before the first layout
        const QFontMetrics metrics(axis_->tickLabelFont());
        const QDateTime widest(QDate(2000, 12, 28), QTime(23, 58, 58), Qt::UTC);
        QString format = dateFormatFor(range.size() / 4);
        double step = range.size();
        for (int pass = 0; pass < 3; ++pass) {
            // One label's room: its width (or height) and a gap of two digits.
            const double room = (horizontal ? metrics.horizontalAdvance(widest.toString(format)) : metrics.height()) +
                                metrics.horizontalAdvance(QStringLiteral("00"));
            setTickCount(std::max(1, static_cast<int>(pixels / room) - 1));
            step = QCPAxisTickerDateTime::getTickStep(range);
            // QCustomPlot rounds the step to a clean one, sometimes down: widen it until it fits.
            for (int i = 0; i < 40 && step > 0 && step / range.size() * pixels < room; ++i) step *= 2;
            const QString next = dateFormatFor(step);
            if (next == format) break;
            format = next;
        }
        setDateTimeFormat(format);
        return step;
    }

private:
    QCPAxis* axis_;
};

}  // namespace

QCPRange PlotStyle::sensibleRange(const QCPRange& values, bool logarithmic) {
    double lower = std::min(values.lower, values.upper), upper = std::max(values.lower, values.upper);
    if (logarithmic && lower > 0) {
        // Geometric: at least a factor 1.25 either side of the middle, then 10% of padding.
        if (upper / lower < 1.5625) {
            const double mid = std::sqrt(lower * upper);
            lower = mid / 1.25, upper = mid * 1.25;
        }
        const double pad = std::pow(upper / lower, 0.05);
        return QCPRange(lower / pad, upper * pad);
    }
    const double magnitude = std::max(std::abs(lower), std::abs(upper));
    const double minSpan = magnitude > 0 ? 0.05 * magnitude : 1.0;
    if (upper - lower < minSpan) {
        const double mid = 0.5 * (lower + upper);
        lower = mid - 0.5 * minSpan, upper = mid + 0.5 * minSpan;
    }
    const double pad = 0.05 * (upper - lower);
    return QCPRange(lower - pad, upper + pad);
}

void PlotStyle::fitAxis(QCPAxis* axis) {
    const bool log = axis->scaleType() == QCPAxis::stLogarithmic;
    const QCP::SignDomain domain = log ? QCP::sdPositive : QCP::sdBoth;
    QCPRange all;
    bool found = false;
    for (QCPAbstractPlottable* p : axis->plottables()) {
        if (!p->visible()) continue;
        bool has = false;
        const QCPRange r = p->valueAxis() == axis ? p->getValueRange(has, domain) : p->getKeyRange(has, domain);
        if (!has || !std::isfinite(r.lower) || !std::isfinite(r.upper)) continue;
        if (found)
            all.expand(r);
        else
            all = r, found = true;
    }
    if (found) axis->setRange(sensibleRange(all, log));
}

void PlotStyle::setDateAxis(QCPAxis* axis, const QString& label) {
    if (!dynamic_cast<FittingDateTicker*>(axis->ticker().data()))
        axis->setTicker(QSharedPointer<FittingDateTicker>::create(axis));
    axis->setLabel(label);
}

void PlotStyle::apply(QCustomPlot* plot) {
    const QFont font = plot->font();
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        axis->setLabelFont(font);
        axis->setLabelColor(kTextColour);
        axis->setTickLabelFont(smaller(font));
        axis->setTickLabelColor(kTextColour);
        axis->setBasePen(QPen(kAxisColour, 1));
        axis->setTickPen(QPen(kAxisColour, 1));
        axis->setSubTickPen(QPen(kAxisColour, 1));
        axis->setTickLengthIn(0);
        axis->setTickLengthOut(4);
        axis->setSubTickLengthIn(0);
        axis->setSubTickLengthOut(2);
        axis->grid()->setPen(QPen(kGridColour, 1, Qt::SolidLine));
        axis->grid()->setZeroLinePen(QPen(kGridColour.darker(115), 1));
        axis->grid()->setSubGridVisible(false);
    }
    plot->legend->setFont(smaller(font));
    plot->legend->setTextColor(kTextColour);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setIconSize(18, 10);
}

void PlotStyle::setAxisLabels(QCustomPlot* plot, const QString& x, const QString& y, const QString& y2) {
    plot->xAxis->setLabel(x);
    plot->yAxis->setLabel(y);
    if (!y2.isEmpty()) plot->yAxis2->setLabel(y2);
}

void PlotStyle::placeLegendBelow(QCustomPlot* plot, int columns) {
    QCPLegend* legend = plot->legend;
    QCPLayoutGrid* layout = plot->plotLayout();
    if (legend->layout() != layout) {
        // From the axis rect's inset (over the data) to a row of its own under the axes.
        if (legend->layout()) legend->layout()->take(legend);
        layout->addElement(layout->rowCount(), 0, legend);
        layout->setRowStretchFactor(layout->rowCount() - 1, 0.001);
    }
    legend->setWrap(columns);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setMargins(QMargins(4, 0, 4, 2));
    legend->setRowSpacing(0);
    legend->setColumnSpacing(12);
    legend->setVisible(true);
    // The width is known only when the plot is laid out: fit the columns before each replot.
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot, columns] { fitLegend(plot, columns); });
}

QPen PlotStyle::linePen(const QColor& colour, double width) { return QPen(colour, width); }

}  // namespace studio
