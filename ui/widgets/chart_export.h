#pragma once

#include <QCoreApplication>
#include <QSize>
#include <QString>

class QWidget;

namespace studio {

// Writes a chart as it is drawn on screen to a file: PNG (pixels), SVG or PDF (vectors).
// A chart is any QCustomPlot (LivePlot, ParallelCoordinates, the Runs and Backtest plots)
// or a Qt Charts QChartView (the Quantize and Benchmark dialogs). The file is as large as
// the chart's drawing area (size()): pixels for PNG, SVG user units, and points for PDF.
// GUI thread only.
class ChartExport {
    Q_DECLARE_TR_FUNCTIONS(ChartExport)

public:
    enum class Format { Png, Svg, Pdf };

    // Whether `widget` is a chart this class can write.
    static bool isChart(const QWidget* widget);
    // The format a file name's suffix names (.png, .svg, .pdf, any case); false when none.
    static bool formatOf(const QString& path, Format* format);
    // The chart's drawing area: a QCustomPlot's whole widget, a QChartView's viewport.
    static QSize size(const QWidget* chart);
    // The chart's title (a QCustomPlot's first text element, a QChart's title), for a
    // file name; empty when it has none.
    static QString title(const QWidget* chart);
    // The "PNG image (*.png);;SVG …" filter of a save dialog, PNG first.
    static QString fileFilters();

    // Writes `chart` to `path` in the format of its suffix. Returns an empty string, or
    // what went wrong (an unknown suffix, a file that cannot be written).
    static QString save(QWidget* chart, const QString& path);
};

}  // namespace studio
