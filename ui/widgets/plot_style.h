#pragma once

#include <QColor>
#include <QPen>
#include <QString>

class QCPAxis;
class QCPRange;
class QCustomPlot;

namespace studio {

// The one look of LSTM Studio's QCustomPlot charts (LivePlot applies it to every chart):
// fonts, axis pens, a light grid, axis labels supplied by the caller (the task's loss,
// the target column, the time column), a legend in a row of its own below the axes (or in
// the axis rect's emptiest corner), never over the data; axis ranges that never collapse
// or explode around a flat line; date ticks that never collide. The Qt Charts of the quantize and benchmark dialogs keep Qt
// Charts' own style. GUI thread only.
class PlotStyle {
public:
    // Fonts, pens and grid of the plot's four axes; the legend's font and frame.
    static void apply(QCustomPlot* plot);
    // The bottom and left axes' labels; an empty y2 leaves the right axis as it is.
    static void setAxisLabels(QCustomPlot* plot, const QString& x, const QString& y, const QString& y2 = {});
    // Shows the legend in a row below the axis rect, its entries side by side (at most
    // `columns` to a row, fewer when the plot is too narrow for them, then wrapped).
    static void placeLegendBelow(QCustomPlot* plot, int columns = 4);
    // The range an axis shows for data spanning `values`: 5% padding either side, and at
    // least a span of 5% of the values' magnitude (1 around zero), so that one point or a
    // constant series sits in a narrow band around its value, never ±huge. Logarithmic:
    // at least a factor of 1.25 either side.
    static QCPRange sensibleRange(const QCPRange& values, bool logarithmic = false);
    // Sets `axis` to sensibleRange of the visible plottables' values (or keys) on it;
    // leaves it as it is without data. The one fit every live chart uses (LivePlot).
    static void fitAxis(QCPAxis* axis);
    // A date ticker on `axis` (x values in seconds since 1970 UTC): its format follows the
    // tick step (years, months, days, hours) and its step is chosen at each replot so that
    // the labels of neighbouring ticks never overlap at the axis's current width.
    static void setDateAxis(QCPAxis* axis, const QString& label);
    // A data line of the given colour.
    static QPen linePen(const QColor& colour, double width = 1.5);
};

}  // namespace studio
