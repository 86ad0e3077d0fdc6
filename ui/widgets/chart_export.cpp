#include "widgets/chart_export.h"

#include <QChartView>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace studio {
namespace {

// Draws the chart's vectors onto `device` (an SVG generator, a PDF page) of `size` units.
bool paintVectors(QWidget* chart, QPaintDevice* device, QSize size) {
    if (auto* plot = qobject_cast<QCustomPlot*>(chart)) {
        QCPPainter painter;
        if (!painter.begin(device)) return false;
        // As QCustomPlot's own savePdf: lines and text as vectors, no cached pixmaps.
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot->toPainter(&painter, size.width(), size.height());
        return painter.end();
    }
    auto* view = qobject_cast<QChartView*>(chart);
    QPainter painter;
    if (!view || !painter.begin(device)) return false;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    view->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), view->viewport()->rect());
    return painter.end();
}

QImage pixels(QWidget* chart, QSize size) {
    if (auto* plot = qobject_cast<QCustomPlot*>(chart))
        return plot->toPixmap(size.width(), size.height(), /*scale=*/1.0).toImage();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    auto* view = qobject_cast<QChartView*>(chart);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    view->render(&painter, QRectF(image.rect()), view->viewport()->rect());
    painter.end();
    return image;
}

}  // namespace

bool ChartExport::isChart(const QWidget* widget) {
    return qobject_cast<const QCustomPlot*>(widget) || qobject_cast<const QChartView*>(widget);
}

bool ChartExport::formatOf(const QString& path, Format* format) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        *format = Format::Png;
    else if (suffix == QLatin1String("svg"))
        *format = Format::Svg;
    else if (suffix == QLatin1String("pdf"))
        *format = Format::Pdf;
    else
        return false;
    return true;
}

QSize ChartExport::size(const QWidget* chart) {
    if (auto* view = qobject_cast<const QChartView*>(chart)) return view->viewport()->size();
    return chart->size();
}

QString ChartExport::title(const QWidget* chart) {
    if (auto* view = qobject_cast<const QChartView*>(chart)) return view->chart() ? view->chart()->title() : QString();
    auto* plot = qobject_cast<const QCustomPlot*>(chart);
    if (!plot) return {};
    for (QCPLayoutElement* element : plot->plotLayout()->elements(/*recursive=*/true))
        if (auto* text = qobject_cast<QCPTextElement*>(element); text && !text->text().isEmpty()) return text->text();
    return {};
}

QString ChartExport::fileFilters() { return tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"); }

QString ChartExport::save(QWidget* chart, const QString& path) {
    Format format = Format::Png;
    if (!isChart(chart)) return tr("There is no chart to export.");
    if (!formatOf(path, &format))
        return tr("Cannot tell the format of %1: name the file .png, .svg or .pdf.")
            .arg(QDir::toNativeSeparators(path));
    const QSize size = ChartExport::size(chart);
    if (size.isEmpty()) return tr("The chart is not laid out yet: show it, then export it.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    bool drawn = false;
    if (format == Format::Png) {
        drawn = pixels(chart, size).save(&file, "PNG");
    } else if (format == Format::Svg) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title(chart));
        svg.setDescription(tr("Drawn by LSTM Studio"));
        drawn = paintVectors(chart, &svg, size);
    } else {
        QPdfWriter pdf(&file);
        // One point per pixel of the chart on screen: a page exactly the chart's size.
        pdf.setResolution(72);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(title(chart));
        pdf.setCreator(QStringLiteral("LSTM Studio"));
        drawn = paintVectors(chart, &pdf, size);
    }
    if (!drawn) {
        file.cancelWriting();
        return tr("Cannot draw the chart into %1.").arg(QDir::toNativeSeparators(path));
    }
    if (!file.commit()) return tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

}  // namespace studio
