#include "widgets/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
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

}  // namespace

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
