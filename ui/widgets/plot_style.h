#pragma once

#include <QColor>
#include <QPen>
#include <QString>

class QCustomPlot;

namespace studio {

// The one look of LSTM Studio's QCustomPlot charts (LivePlot applies it to every chart):
// fonts, axis pens, a light grid, axis labels supplied by the caller (the task's loss,
// the target column, the time column), and a legend in a row of its own below the axes,
// never over the data. The Qt Charts of the quantize and benchmark dialogs keep Qt
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
    // A data line of the given colour.
    static QPen linePen(const QColor& colour, double width = 1.5);
};

}  // namespace studio
