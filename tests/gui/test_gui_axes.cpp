// The charts' axes: a sensible range for one point, and date tickers whose labels do not
// collide where the x axis is time.

#include "test_support.h"
#include "widgets/live_plot.h"
#include "widgets/plot_style.h"
#include "widgets/training_charts.h"
#include "workspace/data_panel.h"
#include "workspace/prediction_view.h"

#include <QFontMetrics>
#include <QScopeGuard>

#include <algorithm>

using namespace studio;

namespace {

// Oracle: the tick labels' rectangles, laid out as QCustomPlot draws them on a bottom axis
// (centred on the tick's pixel, in the tick label font); the first pair that overlaps, or
// an empty string.
QString overlappingLabels(const QCPAxis* axis) {
    const QFontMetrics metrics(axis->tickLabelFont());
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    double previousRight = -1e9;
    QString previous;
    for (int i = 0; i < ticks.size(); ++i) {
        if (!axis->range().contains(ticks[i]) || labels[i].isEmpty()) continue;
        const double centre = axis->coordToPixel(ticks[i]);
        const double width = metrics.horizontalAdvance(labels[i]);
        const double left = centre - width / 2;
        if (left < previousRight) return previous + QStringLiteral(" / ") + labels[i];
        previousRight = centre + width / 2;
        previous = labels[i];
    }
    return {};
}

int visibleTicks(const QCPAxis* axis) {
    int n = 0;
    for (double t : axis->tickVector()) n += axis->range().contains(t) ? 1 : 0;
    return n;
}

}  // namespace

class TestGuiAxes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void oneEpochGetsANarrowRange();
    void timeAxesUseDatesThatDoNotCollide();
};

void TestGuiAxes::oneEpochGetsANarrowRange() {
    TrainingCharts charts;
    charts.resize(900, 600);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setMetricName(QStringLiteral("bits per character"));
    EpochStats s;
    s.epoch = 1;
    s.trainLoss = 2.3;
    s.valLoss = 2.3;
    s.valMetric = 3.1;
    charts.addEpoch(s);
    charts.replotNow();
    LivePlot* plot = charts.epochLossPlot();
    const QCPRange loss = plot->yAxis->range();
    const QCPRange metric = plot->yAxis2->range();
    // Around the value, non-zero, and narrow: a quarter of the value at most (the old fit
    // gave a span as large as the value, QCustomPlot's own ±huge).
    QVERIFY2(loss.contains(2.3), qPrintable(QStringLiteral("%1..%2").arg(loss.lower).arg(loss.upper)));
    QVERIFY(loss.size() > 1e-3);
    QVERIFY2(loss.size() < 0.25 * 2.3, qPrintable(QStringLiteral("%1..%2").arg(loss.lower).arg(loss.upper)));
    QVERIFY(metric.contains(3.1));
    QVERIFY(metric.size() > 1e-3);
    QVERIFY2(metric.size() < 0.25 * 3.1, qPrintable(QStringLiteral("%1..%2").arg(metric.lower).arg(metric.upper)));
    // The epoch axis: half an epoch either side of the one point, ticks on whole epochs.
    QCOMPARE(plot->xAxis->range().lower, 0.5);
    QCOMPARE(plot->xAxis->range().upper, 1.5);
    const auto ticks = plot->xAxis->tickVector();
    QCOMPARE(ticks.size(), 1);
    QCOMPARE(ticks.front(), 1.0);
    s.epoch = 2;
    charts.addEpoch(s);
    charts.replotNow();
    QCOMPARE(plot->xAxis->range().lower, 0.5);
    QCOMPARE(plot->xAxis->range().upper, 2.5);

    // The helper itself: a constant zero gets a unit span, a real spread keeps its shape.
    QCOMPARE(PlotStyle::sensibleRange(QCPRange(0, 0)).size(), 1.1);
    const QCPRange spread = PlotStyle::sensibleRange(QCPRange(1, 3));
    QCOMPARE(spread.lower, 0.9);
    QCOMPARE(spread.upper, 3.1);
}

void TestGuiAxes::timeAxesUseDatesThatDoNotCollide() {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test::trainQuickly(window, test::dataset("sp500_2000_2020.csv"), 1));
    PredictionView* predictions = window.predictionView();
    auto* split = window.dataPanel()->findChild<LivePlot*>(QStringLiteral("splitPlot"));
    QVERIFY(split);
    LivePlot* forecast = predictions->forecastPlot();
    QVERIFY(forecast);
    QCOMPARE(forecast->xAxis->label(), QStringLiteral("date"));
    QCOMPARE(split->xAxis->label(), QStringLiteral("date"));
    // Free of the window's layout, to be sized at will; back to their parents before the
    // window is destroyed.
    QWidget* forecastParent = forecast->parentWidget();
    QWidget* splitParent = split->parentWidget();
    const auto restore = qScopeGuard([&] {
        forecast->setParent(forecastParent);
        split->setParent(splitParent);
    });
    // Wide and narrow: the labels must fit both (a fixed tick count overlaps when narrow).
    for (int width : {1200, 240}) {
        for (LivePlot* plot : {forecast, split}) {
            plot->setParent(nullptr);
            plot->resize(width, 300);
            plot->show();
            QVERIFY(QTest::qWaitForWindowExposed(plot));
            plot->setFollowing(true);
            plot->replot(QCustomPlot::rpImmediateRefresh);
            QVERIFY(dynamic_cast<QCPAxisTickerDateTime*>(plot->xAxis->ticker().data()));
            QVERIFY2(visibleTicks(plot->xAxis) >= 2, qPrintable(QString::number(width)));
            const QString clash = overlappingLabels(plot->xAxis);
            QVERIFY2(clash.isEmpty(), qPrintable(QStringLiteral("%1 px: %2").arg(width).arg(clash)));
            // The labels are dates (a year at least), not seconds since 1970.
            for (const QString& label : plot->xAxis->tickVectorLabels())
                QVERIFY2(label.isEmpty() || label.startsWith(QStringLiteral("20")) || label.contains(QLatin1Char('-')),
                         qPrintable(label));
        }
    }
    // A new run clears the chart: its axis keeps the dates rather than print the last
    // run's range as seconds since 1970 under "data row".
    predictions->clear();
    QVERIFY(dynamic_cast<QCPAxisTickerDateTime*>(forecast->xAxis->ticker().data()));
    QCOMPARE(forecast->xAxis->label(), QStringLiteral("date"));
}

QTEST_MAIN(TestGuiAxes)
#include "test_gui_axes.moc"
