// Export of charts and tables: every chart as PNG, SVG and PDF and every table as CSV, read
// back (the image's size, the SVG as XML, the PDF's header, the CSV through core's own
// reader), from a chart's or a table's context menu and from File > Export Chart or Table….

#include "data/csv_reader.h"
#include "shell/message_bar.h"
#include "test_support.h"
#include "widgets/chart_export.h"
#include "widgets/export_menu.h"
#include "widgets/live_plot.h"
#include "widgets/parallel_coordinates.h"
#include "widgets/table_export.h"
#include "widgets/training_charts.h"
#include "workspace/data_panel.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QImage>
#include <QLineSeries>
#include <QMenu>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QXmlStreamReader>

#include <cmath>

using namespace studio;

namespace {

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The root element's name, or the parser's error.
QString svgRoot(const QString& path) {
    QXmlStreamReader xml(fileBytes(path));
    QString root;
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && root.isEmpty()) root = xml.name().toString();
    return xml.hasError() ? xml.errorString() : root;
}

// Whether the image has a dark pixel: something was drawn on the white background.
bool hasInk(const QImage& image) {
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 100) return true;
    return false;
}

// Checks the file `ChartExport::save` wrote to `path` for a chart of `size`.
void checkChartFile(const QString& path, QSize size) {
    const QString suffix = QFileInfo(path).suffix();
    if (suffix == QLatin1String("png")) {
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QCOMPARE(image.size(), size);
        QVERIFY(hasInk(image));
    } else if (suffix == QLatin1String("svg")) {
        QCOMPARE(svgRoot(path), QStringLiteral("svg"));
        QVERIFY(fileBytes(path).contains(QByteArrayLiteral("<path")) ||
                fileBytes(path).contains(QByteArrayLiteral("<polyline")));
    } else {
        const QByteArray pdf = fileBytes(path);
        QVERIFY2(pdf.startsWith("%PDF-"), pdf.left(16).constData());
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    }
}

// A record of RFC 4180 text, as a reader of that standard splits it (the oracle for
// tables whose first header cell is empty, which core's reader refuses).
QList<QStringList> parseRfc4180(const QString& text) {
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"'))
                field += c, ++i;
            else if (c == QLatin1Char('"'))
                quoted = false;
            else
                field += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field, field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
            row << field, field.clear();
            rows << row, row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

// Right-clicks `widget` and returns the export menu that opens, or nullptr.
QMenu* rightClick(QWidget* widget) {
    const QPoint at(widget->width() / 2, widget->height() / 2);
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, widget->mapToGlobal(at));
    QApplication::sendEvent(widget, &event);
    auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    return menu && menu->objectName() == QLatin1String("exportMenu") ? menu : nullptr;
}

QStringList actionTexts(const QMenu* menu) {
    QStringList texts;
    for (const QAction* a : menu->actions()) texts << a->text().remove(QLatin1Char('&'));
    return texts;
}

}  // namespace

class TestGuiExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void chartFormats_data();
    void chartFormats();
    void tableAsCsv();
    void contextMenus();
    void fileExportTakesTheLastClicked();

private:
    QTemporaryDir dir_;
};

void TestGuiExport::chartFormats_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("suffix");
    for (const char* kind : {"liveplot", "parallel", "qtcharts"})
        for (const char* suffix : {"png", "svg", "pdf"})
            QTest::addRow("%s-%s", kind, suffix) << QString::fromLatin1(kind) << QString::fromLatin1(suffix);
}

void TestGuiExport::chartFormats() {
    QFETCH(QString, kind);
    QFETCH(QString, suffix);
    QWidget host;
    auto* layout = new QVBoxLayout(&host);
    QWidget* chart = nullptr;
    if (kind == QLatin1String("liveplot")) {
        auto* plot = new LivePlot(QStringLiteral("Loss per epoch"), &host);
        QCPGraph* graph = plot->addGraph();
        for (int i = 0; i < 50; ++i) graph->addData(i, std::exp(-i / 10.0));
        plot->refresh();
        chart = plot;
    } else if (kind == QLatin1String("parallel")) {
        auto* plot = new ParallelCoordinates(&host);
        plot->setAxes({QStringLiteral("hidden"), QStringLiteral("lr")}, QStringLiteral("val loss"));
        plot->setRows({{QStringLiteral("16"), QStringLiteral("0.001")}, {QStringLiteral("64"), QStringLiteral("0.01")}},
                      {0.5, 0.2});
        chart = plot;
    } else {
        auto* series = new QLineSeries;
        for (int i = 0; i < 20; ++i) series->append(i, i * i);
        auto* qchart = new QChart;
        qchart->addSeries(series);
        qchart->createDefaultAxes();
        qchart->setTitle(QStringLiteral("Latency"));
        chart = new QChartView(qchart, &host);
    }
    layout->addWidget(chart);
    host.resize(420, 300);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    QVERIFY(ChartExport::isChart(chart));

    const QString path = dir_.filePath(kind + QLatin1Char('.') + suffix);
    const QString error = ChartExport::save(chart, path);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QSize size = ChartExport::size(chart);
    QVERIFY(size.width() > 300 && size.height() > 200);
    checkChartFile(path, size);
    // A suffix that names no format is refused, and nothing is written.
    const QString jpeg = dir_.filePath(kind + QStringLiteral(".jpeg"));
    QVERIFY(!ChartExport::save(chart, jpeg).isEmpty());
    QVERIFY(!QFileInfo::exists(jpeg));
}

// Quoted as RFC 4180 wants, and read back by core's CSV reader cell for cell; hidden
// columns stay out, and a cell showing a combo box gives the box's text.
void TestGuiExport::tableAsCsv() {
    QCOMPARE(TableExport::csvField(QStringLiteral("plain")), QStringLiteral("plain"));
    QCOMPARE(TableExport::csvField(QStringLiteral("a, b")), QStringLiteral("\"a, b\""));
    QCOMPARE(TableExport::csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
    QCOMPARE(TableExport::csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));

    const QList<QStringList> cells = {
        {QStringLiteral("MAE"), QStringLiteral("1.5"), QStringLiteral("x")},
        {QStringLiteral("a, b"), QStringLiteral("say \"hi\", \"bye\""), QStringLiteral("y")},
        {QStringLiteral("two\nlines"), QString(), QStringLiteral("z")}};
    QTableWidget table(3, 3);
    table.setHorizontalHeaderLabels(
        {QStringLiteral("name"), QStringLiteral("value, with comma"), QStringLiteral("hidden")});
    table.verticalHeader()->hide();
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) table.setItem(r, c, new QTableWidgetItem(cells[r][c]));
    table.setColumnHidden(2, true);
    auto* combo = new QComboBox;
    combo->addItems({QStringLiteral("feature"), QStringLiteral("target")});
    combo->setCurrentIndex(1);
    table.setCellWidget(2, 1, combo);

    const QString path = dir_.filePath(QStringLiteral("table.csv"));
    QCOMPARE(TableExport::save(table, path), QString());
    const QByteArray bytes = fileBytes(path);
    QVERIFY(bytes.startsWith("name,\"value, with comma\"\r\n"));
    QVERIFY(bytes.contains("\"say \"\"hi\"\", \"\"bye\"\"\""));
    CsvOptions options;
    options.keepCellText = true;
    const CsvTable read = parseCsv(bytes.toStdString(), "table.csv", options);
    QCOMPARE(read.columns.size(), std::size_t(2));
    QCOMPARE(read.rowCount(), std::size_t(3));
    QCOMPARE(QString::fromStdString(read.columns[0].name), QStringLiteral("name"));
    QCOMPARE(QString::fromStdString(read.columns[1].name), QStringLiteral("value, with comma"));
    const QStringList expected[] = {{cells[0][0], cells[1][0], cells[2][0]},
                                    {cells[0][1], cells[1][1], QStringLiteral("target")}};
    for (int c = 0; c < 2; ++c)
        for (int r = 0; r < 3; ++r) QCOMPARE(QString::fromStdString(read.columns[c].text.at(r)), expected[c][r]);
}

// In the window: a right click on a training chart offers PNG, SVG and PDF and writes the
// one chosen; on the data preview, CSV with the row headers (the file's line numbers) and
// the roles chosen in its first row. A file that cannot be written leaves an error in the
// message bar, which the next export that succeeds takes down.
void TestGuiExport::contextMenus() {
    MainWindow window;
    window.resize(1280, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QString next;
    QStringList suggested;
    window.exportMenu()->setChoosePath([&](QWidget*, const QString&, const QString& name, const QString&) {
        suggested << name;
        return next;
    });
    QSignalSpy exported(window.exportMenu(), &ExportMenu::exported);

    LivePlot* plot = window.charts()->epochLossPlot();
    QMenu* menu = rightClick(plot);
    QVERIFY(menu);
    QCOMPARE(actionTexts(menu),
             (QStringList{QStringLiteral("Export Chart as PNG…"), QStringLiteral("Export Chart as SVG…"),
                          QStringLiteral("Export Chart as PDF…")}));
    next = dir_.filePath(QStringLiteral("no-such-folder/chart.svg"));
    menu->actions().at(1)->trigger();
    menu->close();
    QTRY_COMPARE(window.messageBar()->level(), MessageBar::Level::Error);
    QVERIFY(window.messageBar()->isShowingMessage());
    QVERIFY(suggested.last().endsWith(QStringLiteral(".svg")));

    next = dir_.filePath(QStringLiteral("loss.svg"));
    menu = rightClick(plot);
    QVERIFY(menu);
    menu->actions().at(1)->trigger();
    menu->close();
    QTRY_COMPARE(exported.count(), 1);
    QCOMPARE(exported.last().first().toString(), next);
    QCOMPARE(svgRoot(next), QStringLiteral("svg"));
    QCOMPARE(window.messageBar()->level(), MessageBar::Level::Info);  // the error went

    auto* preview = window.dataPanel()->findChild<QTableWidget*>();
    QVERIFY(preview);
    menu = rightClick(preview->viewport());
    QVERIFY(menu);
    QCOMPARE(actionTexts(menu), QStringList{QStringLiteral("Export Table as CSV…")});
    next = dir_.filePath(QStringLiteral("preview.csv"));
    menu->actions().at(0)->trigger();
    menu->close();
    QTRY_COMPARE(exported.count(), 2);
    const QList<QStringList> rows = parseRfc4180(QString::fromUtf8(fileBytes(next)));
    QCOMPARE(rows.size(), preview->rowCount() + 1);
    QCOMPARE(rows[0].size(), preview->columnCount() + 1);
    QCOMPARE(rows[0][0], QString());  // above the row headers
    QVERIFY2(rows[0][1].startsWith(QStringLiteral("month")), qPrintable(rows[0].join(QLatin1Char('|'))));
    QVERIFY(rows[1].contains(QStringLiteral("target")));  // the role row's combo boxes
    for (int r = 1; r < preview->rowCount(); ++r)
        for (int c = 0; c < preview->columnCount(); ++c) QCOMPARE(rows[r + 1][c + 1], preview->item(r, c)->text());
    QCOMPARE(rows[2][0], preview->verticalHeaderItem(1)->text());
}

// File > Export Chart or Table… writes what was clicked last: the preview table as CSV
// (a name typed without a suffix gets .csv), then, after a click on a chart, the chart;
// before any click, the loss per epoch.
void TestGuiExport::fileExportTakesTheLastClicked() {
    MainWindow window;
    window.resize(1280, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QString next, filters;
    window.exportMenu()->setChoosePath([&](QWidget*, const QString&, const QString&, const QString& offered) {
        filters = offered;
        return next;
    });
    QSignalSpy exported(window.exportMenu(), &ExportMenu::exported);
    QVERIFY(window.actions().exportView->isEnabled());

    // Nothing clicked yet: the loss per epoch, as PNG.
    next = dir_.filePath(QStringLiteral("first.png"));
    // The chart's size when it is exported: the "Wrote …" message that follows may take
    // room from the charts.
    const QSize lossSize = window.charts()->epochLossPlot()->size();
    window.actions().exportView->trigger();
    QCOMPARE(exported.count(), 1);  // written at once
    QVERIFY(filters.startsWith(QStringLiteral("PNG")));
    QCOMPARE(QImage(next).size(), lossSize);

    auto* preview = window.dataPanel()->findChild<QTableWidget*>();
    QTest::mouseClick(preview->viewport(), Qt::LeftButton, {}, QPoint(20, 40));
    next = dir_.filePath(QStringLiteral("rows"));
    window.actions().exportView->trigger();
    QCOMPARE(exported.count(), 2);
    QCOMPARE(exported.last().first().toString(), next + QStringLiteral(".csv"));
    QCOMPARE(filters, TableExport::fileFilters());
    QCOMPARE(parseRfc4180(QString::fromUtf8(fileBytes(next + QStringLiteral(".csv")))).size(), preview->rowCount() + 1);

    auto* series = window.dataPanel()->findChild<LivePlot*>();
    QVERIFY(series);
    QTest::mouseClick(series, Qt::LeftButton, {}, QPoint(series->width() / 2, series->height() / 2));
    next = dir_.filePath(QStringLiteral("series.pdf"));
    window.actions().exportView->trigger();
    QCOMPARE(exported.count(), 3);
    QVERIFY(fileBytes(next).startsWith("%PDF-"));
}

QTEST_MAIN(TestGuiExport)
#include "test_gui_export.moc"
