// Forecast metrics against values worked out by hand.

#include "training/metrics.h"

#include <QtTest>

#include <cmath>

using namespace studio;

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handComputedOneStep();
    void handComputedTwoSteps();
    void zeroTruthLeftOutOfMape();
    void naiveRepeatsLastValue();
};

void TestMetrics::handComputedOneStep() {
    // truth 10, 12, 9, 11; pred 11, 11, 9, 13; last input value 10, 10, 12, 9.
    // errors 1, -1, 0, 2       -> MAE 4/4 = 1, RMSE sqrt(6/4)
    // |e|/t 0.1, 1/12, 0, 2/11 -> MAPE 100/4 * (0.1 + 0.083333 + 0 + 0.181818) = 9.1288 %
    // 2|e|/(|p|+|t|) 2/21, 2/23, 0, 4/24 -> sMAPE 100/4 * 0.3484 = 8.7106 %
    // direction vs last: truth 0,+,-,+  pred +,+,-,+ -> 3 of 4 = 75 %
    // naive scale 0.5 -> MASE 2
    const std::vector<double> truth{10, 12, 9, 11}, pred{11, 11, 9, 13}, last{10, 10, 12, 9};
    const ForecastMetrics m = forecastMetrics(pred, truth, last, 1, 0.5);
    QCOMPARE(m.n, std::size_t(4));
    QCOMPARE(m.mae, 1.0);
    QCOMPARE(m.rmse, std::sqrt(1.5));
    QVERIFY(std::abs(m.mape - 25.0 * (0.1 + 1.0 / 12 + 2.0 / 11)) < 1e-12);
    QVERIFY(std::abs(m.smape - 25.0 * (2.0 / 21 + 2.0 / 23 + 4.0 / 24)) < 1e-12);
    QCOMPARE(m.mase, 2.0);
    QCOMPARE(m.directionalAccuracy, 75.0);
}

void TestMetrics::handComputedTwoSteps() {
    // Two windows of horizon 2: all four forecasts count, each against its window's last value.
    const std::vector<double> truth{5, 7, 4, 2}, pred{6, 6, 3, 3}, last{6, 3};
    const ForecastMetrics m = forecastMetrics(pred, truth, last, 2, 1.0);
    QCOMPARE(m.mae, 1.0);   // |1|,|1|,|1|,|1|
    QCOMPARE(m.rmse, 1.0);
    // window 1 (last 6): truth 5 (-), 7 (+); pred 6 (0), 6 (0) -> 0 right
    // window 2 (last 3): truth 4 (+), 2 (-); pred 3 (0), 3 (0) -> 0 right
    QCOMPARE(m.directionalAccuracy, 0.0);
}

void TestMetrics::zeroTruthLeftOutOfMape() {
    const ForecastMetrics m = forecastMetrics({1, 3}, {0, 2}, {0, 0}, 1, 1.0);
    QCOMPARE(m.mape, 50.0);                    // only |3-2|/2
    QCOMPARE(m.smape, 100.0 * (2.0 + 0.4) / 2);  // 2·1/1 and 2·1/5
}

void TestMetrics::naiveRepeatsLastValue() {
    QCOMPARE(naiveForecast({1.5, -2}, 3), (std::vector<double>{1.5, 1.5, 1.5, -2, -2, -2}));
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
