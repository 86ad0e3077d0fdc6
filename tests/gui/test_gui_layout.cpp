// The window at small screen sizes: at 1024x640 and 1280x720 it takes the size asked for
// (its minimum is not larger), every chart in view shows its whole title and its axes
// inside the widget, the test split's chart keeps a usable plot area, and every column of
// the metrics table is in view without scrolling.

#include "test_support.h"
#include "workspace/forecast_metrics_table.h"
#include "workspace/prediction_view.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QScrollArea>
#include <QTabWidget>
#include <QTemporaryDir>

#include <qcustomplot.h>

using namespace studio;

namespace {

QString describe(const QRect& r) {
    return QStringLiteral("%1x%2+%3+%4").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y());
}

// The plot's title: the text element in its layout's first row, if it has one.
QCPTextElement* titleOf(QCustomPlot* plot) {
    return plot->plotLayout()->rowCount() > 0 ? qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0))
                                              : nullptr;
}

// True when all of `rect` (in `widget`'s coordinates) can be seen: no ancestor clips it and
// no sibling covers it (visibleRegion() also leaves out the widget's own opaque children).
bool inView(QWidget* widget, const QRect& rect) { return QRegion(rect).subtracted(widget->visibleRegion()).isEmpty(); }

// Lets the layouts that showing and resizing asked for run, then lays every plot out.
void settle(MainWindow& window) {
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    for (QCustomPlot* plot : window.findChildren<QCustomPlot*>())
        if (plot->isVisible()) plot->replot(QCustomPlot::rpImmediateRefresh);
}

// Every visible chart: its title whole and inside the widget, its axes (labels included)
// inside it; charts of the centre also wholly in view.
void checkCharts(MainWindow& window, const QString& where) {
    QWidget* centre = window.centralWidget();
    for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
        if (!plot->isVisible()) continue;
        const QString name = where + QStringLiteral(": ") + (titleOf(plot) ? titleOf(plot)->text() : QString());
        const QRect area = plot->rect();
        if (QCPTextElement* title = titleOf(plot); title && !title->text().isEmpty()) {
            const QRect rect = title->outerRect();
            const QSize text = QFontMetrics(title->font()).size(0, title->text());
            QVERIFY2(area.contains(rect), qPrintable(name + QStringLiteral(" title at ") + describe(rect)));
            QVERIFY2(rect.width() >= text.width() && rect.height() >= text.height(),
                     qPrintable(name + QStringLiteral(" title cut: %1x%2 in ").arg(text.width()).arg(text.height()) +
                                describe(rect)));
            if (centre->isAncestorOf(plot))
                QVERIFY2(inView(plot, rect), qPrintable(name + QStringLiteral(" title hidden")));
        }
        QCPAxisRect* axes = plot->axisRect();
        QVERIFY2(area.contains(axes->outerRect()),
                 qPrintable(name + QStringLiteral(" axes at ") + describe(axes->outerRect())));
        // Room for data, not only for the tick labels.
        QVERIFY2(axes->rect().width() >= 80 && axes->rect().height() >= 40,
                 qPrintable(name + QStringLiteral(" plot area ") + describe(axes->rect())));
        if (plot->legend->visible() && plot->legend->layout() == plot->plotLayout())
            QVERIFY2(area.contains(plot->legend->outerRect()),
                     qPrintable(name + QStringLiteral(" legend at ") + describe(plot->legend->outerRect())));
        if (centre->isAncestorOf(plot))
            QVERIFY2(inView(plot, axes->outerRect()), qPrintable(name + QStringLiteral(" axes hidden")));
    }
}

}  // namespace

class TestGuiLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void smallScreens_data();
    void smallScreens();

private:
    QTemporaryDir dir_;
    QString project_;  // sunspots, trained by the CLI: every baseline in the metrics
};

void TestGuiLayout::initTestCase() {
    test::isolateSettings();
    // Its own settings: no window geometry or dock layout saved by another test.
    QCoreApplication::setApplicationName(QStringLiteral("lstm-studio-tests-layout"));
    project_ = dir_.filePath(QStringLiteral("sunspots"));
    const test::CliRun train = test::trainSunspots(project_, {"--epochs", "2", "--window", "24", "--hidden", "16"});
    QVERIFY2(train.ok(), qPrintable(train.error));
}

void TestGuiLayout::smallScreens_data() {
    QTest::addColumn<QSize>("size");
    // The least plot area of the test split's chart, which shares its height with the
    // residuals strip below it (whose own plot area checkCharts checks).
    QTest::addColumn<QSize>("predictionArea");
    QTest::newRow("1024x640") << QSize(1024, 640) << QSize(280, 100);
    QTest::newRow("1280x720") << QSize(1280, 720) << QSize(400, 190);
}

void TestGuiLayout::smallScreens() {
    QFETCH(QSize, size);
    QFETCH(QSize, predictionArea);
    MainWindow window;
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test::openProjectAndWait(window, project_));
    settle(window);
    QVERIFY2(window.minimumSizeHint().width() <= size.width() && window.minimumSizeHint().height() <= size.height(),
             qPrintable(QStringLiteral("minimum size %1x%2")
                            .arg(window.minimumSizeHint().width())
                            .arg(window.minimumSizeHint().height())));
    QCOMPARE(window.size(), size);

    // The docks keep room for their contents' purpose, and the centre the larger share.
    for (QDockWidget* dock : window.findChildren<QDockWidget*>())
        if (dock->isVisible() && window.dockWidgetArea(dock) != Qt::BottomDockWidgetArea)
            QVERIFY2(dock->width() >= 180, qPrintable(dock->objectName()));

    auto* centreTabs = window.findChild<QTabWidget*>(QStringLiteral("centreTabs"));
    auto* results = window.findChild<QTabWidget*>(QStringLiteral("forecastResults"));
    QVERIFY(centreTabs);
    QVERIFY(results);
    QVERIFY(centreTabs->isAncestorOf(results));
    PredictionView* predictions = window.predictionView();
    for (int c = 0; c < centreTabs->count(); ++c) {
        centreTabs->setCurrentIndex(c);
        const int pages = centreTabs->currentWidget()->isAncestorOf(results) ? results->count() : 1;
        for (int r = 0; r < pages; ++r) {
            results->setCurrentIndex(r);
            settle(window);
            const QString where = centreTabs->tabText(c) + QLatin1Char('/') + results->tabText(r);
            checkCharts(window, where);
            if (QTest::currentTestFailed()) return;
        }
    }

    // The test split's chart: a plot area to read, under its legend.
    centreTabs->setCurrentWidget(window.findChild<QWidget*>(QStringLiteral("resultsPage")));
    results->setCurrentIndex(0);  // Test split
    settle(window);
    QCustomPlot* chart = nullptr;
    for (QCustomPlot* plot : predictions->findChildren<QCustomPlot*>())
        if (titleOf(plot) && titleOf(plot)->text().startsWith(QStringLiteral("Test split"))) chart = plot;
    QVERIFY(chart);
    QVERIFY(chart->isVisible());
    const QRect plotArea = chart->axisRect()->rect();
    QVERIFY2(plotArea.width() >= predictionArea.width() && plotArea.height() >= predictionArea.height(),
             qPrintable(describe(plotArea)));

    // Every metrics column, its header included, in view without scrolling.
    results->setCurrentIndex(1);  // Metrics
    QVERIFY(results->currentWidget()->isAncestorOf(predictions->metricsPanel()));
    settle(window);
    ForecastMetricsTable* table = predictions->metricsTable();
    QCOMPARE(table->columnCount(), 5);
    QVERIFY(table->isVisible());
    QHeaderView* header = table->horizontalHeader();
    for (int column = 0; column < table->columnCount(); ++column) {
        const int x = table->columnViewportPosition(column);
        const QString name = table->horizontalHeaderItem(column)->text();
        QVERIFY2(x >= 0 && x + table->columnWidth(column) <= table->viewport()->width(),
                 qPrintable(name + QStringLiteral(": %1+%2 in %3")
                                       .arg(x)
                                       .arg(table->columnWidth(column))
                                       .arg(table->viewport()->width())));
        const QRect cells(x, 0, table->columnWidth(column), std::min(table->viewport()->height(), 20));
        QVERIFY2(inView(table->viewport(), cells), qPrintable(name + QStringLiteral(" hidden")));
        const QRect head(header->sectionViewportPosition(column), 0, header->sectionSize(column), header->height());
        QVERIFY2(inView(header->viewport(), head), qPrintable(name + QStringLiteral(" header hidden")));
    }
}

QTEST_MAIN(TestGuiLayout)
#include "test_gui_layout.moc"
