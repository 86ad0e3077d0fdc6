// Technical indicators: values worked out by hand on tiny series, every kind against an
// independent Python oracle (tests/oracle/indicators_reference.py: explicit weighted sums and
// the statistics module, no recursion) on a seeded 260-row walk, the causality of every kind
// (rows after t changed, values up to t bitwise the same), the finite look-back the ONNX export
// relies on (the value at t from the rows t - lookBack .. t alone), and the refusals.

#include "data/technical_indicators.h"

#include "base/error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <cmath>
#include <random>

using namespace studio;

namespace {

// Every kind once, with small periods so that a short series reaches them.
const char* const kItems[] = {"sma:4", "ema:3", "rsi:3", "macd", "bollinger:5", "logret", "volatility:4", "volume_z:5"};

// A positive random walk, seeded.
std::vector<double> walk(std::size_t rows, unsigned seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<double> step(0.0, 0.02);
    std::vector<double> x(rows);
    double v = 100.0;
    for (double& value : x) value = v *= std::exp(step(gen));
    return x;
}

Indicator one(const std::string& item) { return parseIndicators({item}, {"close", "Volume"}, "close").front(); }

bool sameOrBothNaN(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

class TestTechnicalIndicators : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void byHand();
    void againstOracle();
    void noLookAhead();
    void finiteLookBack();
    void namesAndLookBacks();
    void refusals();
};

void TestTechnicalIndicators::byHand() {
    const std::vector<double> x = {1, 2, 4, 3, 5};
    const auto sma = indicatorValues(one("sma:2"), x)[0];
    QVERIFY(std::isnan(sma[0]));
    QCOMPARE(sma[1], 1.5);
    QCOMPARE(sma[4], 4.0);
    // bollinger:2 at row 1: m = 1.5, s = 0.5, %B = (2 - 0.5) / 2 = 0.75; at row 3: m = 3.5,
    // s = 0.5, (3 - 2.5) / 2 = 0.25.
    const auto b = indicatorValues(one("bollinger:2"), x)[0];
    QCOMPARE(b[1], 0.75);
    QCOMPARE(b[3], 0.25);
    // volume_z:3 at row 4 over {4, 3, 5}: mean 4, so 5 - 4 over sd sqrt(2/3) = 1.2247...; at
    // row 3 over {2, 4, 3} the value is the mean: 0.
    const auto z = indicatorValues(one("volume_z:3@close"), x)[0];
    QVERIFY(std::abs(z[4] - 1.0 / std::sqrt(2.0 / 3.0)) < 1e-12);
    QCOMPARE(z[3], 0.0);
    // logret: ln 2 at rows 1 and 2; volatility:2 at row 2 over {ln 2, ln 2} is 0.
    const auto r = indicatorValues(one("logret"), x)[0];
    QVERIFY(std::abs(r[1] - std::log(2.0)) < 1e-15);
    QCOMPARE(indicatorValues(one("volatility:2"), x)[0][2], 0.0);
    // volatility:2 over the returns {1, 2} of {1, e, e^3}: population sd 0.5.
    QVERIFY(std::abs(indicatorValues(one("volatility:2"), {1.0, std::exp(1.0), std::exp(3.0)})[0][2] - 0.5) < 1e-12);
    // A constant series: every ema is the constant, rsi 50, %B 0.5, z 0, macd and its hist 0.
    const std::vector<double> flat(200, 7.0);
    QVERIFY(std::abs(indicatorValues(one("ema:3"), flat)[0][19] - 7.0) < 1e-12);
    QCOMPARE(indicatorValues(one("rsi:3"), flat)[0][15], 50.0);
    QCOMPARE(indicatorValues(one("bollinger:5"), flat)[0][10], 0.5);
    QCOMPARE(indicatorValues(one("volume_z:5"), flat)[0][10], 0.0);
    const auto macd = indicatorValues(one("macd"), flat);
    QVERIFY(std::abs(macd[0][190]) < 1e-12 && std::abs(macd[1][190]) < 1e-12);
    // Rising steadily: no losses, rsi 100; falling: 0.
    std::vector<double> up(40), down(40);
    for (std::size_t i = 0; i < 40; ++i) up[i] = 1.0 + i, down[i] = 100.0 - i;
    QCOMPARE(indicatorValues(one("rsi:3"), up)[0][20], 100.0);
    QCOMPARE(indicatorValues(one("rsi:3"), down)[0][20], 0.0);
    // ema:2 seeded at its oldest row: alpha 2/3 over K = 15 rows of a step from 0 to 1 at the
    // last row gives 2/3; at the last two rows 2/3 + 1/3 · 2/3 = 8/9.
    std::vector<double> step(15, 0.0);
    step.back() = 1.0;
    QVERIFY(std::abs(indicatorValues(one("ema:2"), step)[0][14] - 2.0 / 3.0) < 1e-15);
    step[13] = 1.0;
    QVERIFY(std::abs(indicatorValues(one("ema:2"), step)[0][14] - 8.0 / 9.0) < 1e-15);
    // The weights of that recursion add up to 1, oldest first.
    const std::vector<double> w = emaWeights(2.0 / 3.0, 15);
    double sum = 0.0;
    for (double v : w) sum += v;
    QVERIFY(std::abs(sum - 1.0) < 1e-15);
    QVERIFY(std::abs(w.back() - 2.0 / 3.0) < 1e-15);
}

void TestTechnicalIndicators::againstOracle() {
    const std::vector<double> x = walk(260, 7);
    QJsonArray values;
    for (double v : x) values.append(v);
    QStringList args{STUDIO_ORACLE_DIR "/indicators_reference.py"};
    for (const char* item : kItems) args << item;
    QProcess py;
    py.start(STUDIO_PYTHON, args);
    QVERIFY(py.waitForStarted());
    py.write(QJsonDocument(QJsonObject{{"x", values}}).toJson(QJsonDocument::Compact));
    py.closeWriteChannel();
    QVERIFY(py.waitForFinished(60000));
    QCOMPARE(py.exitCode(), 0);
    const QJsonObject reference = QJsonDocument::fromJson(py.readAllStandardOutput()).object();
    for (const char* item : kItems) {
        const std::vector<std::vector<double>> got = indicatorValues(one(item), x);
        const QJsonArray want = reference.value(item).toArray();
        QCOMPARE(static_cast<int>(got.size()), want.size());
        std::size_t checked = 0;
        for (std::size_t f = 0; f < got.size(); ++f)
            for (std::size_t t = 0; t < x.size(); ++t) {
                const QJsonValue w = want[static_cast<int>(f)].toArray()[static_cast<int>(t)];
                if (w.isNull()) {
                    QVERIFY2(std::isnan(got[f][t]), qPrintable(QStringLiteral("%1 row %2").arg(item).arg(t)));
                    continue;
                }
                const double tolerance = 1e-9 * std::max(1.0, std::abs(w.toDouble()));
                QVERIFY2(std::abs(got[f][t] - w.toDouble()) <= tolerance,
                         qPrintable(QStringLiteral("%1 row %2: %3, oracle %4")
                                        .arg(item)
                                        .arg(t)
                                        .arg(got[f][t], 0, 'g', 17)
                                        .arg(w.toDouble(), 0, 'g', 17)));
                ++checked;
            }
        // Each kind has values past its look-back, and NaN before it.
        QVERIFY2(checked >= got.size() * (x.size() - one(item).lookBack()), item);
    }
}

void TestTechnicalIndicators::noLookAhead() {
    const std::vector<double> x = walk(260, 11);
    std::mt19937 gen(5);
    std::uniform_real_distribution<double> factor(0.5, 2.0);
    for (const char* item : kItems) {
        const Indicator ind = one(item);
        const auto before = indicatorValues(ind, x);
        for (std::size_t t0 : {std::size_t{0}, std::size_t{5}, std::size_t{190}, std::size_t{230}}) {
            std::vector<double> changed = x;
            for (std::size_t t = t0 + 1; t < x.size(); ++t) changed[t] *= factor(gen);
            const auto after = indicatorValues(ind, changed);
            bool laterMoved = false;
            for (std::size_t f = 0; f < before.size(); ++f) {
                for (std::size_t t = 0; t <= t0; ++t)
                    QVERIFY2(
                        sameOrBothNaN(before[f][t], after[f][t]),
                        qPrintable(QStringLiteral("%1 changed at row %2 by rows after %3").arg(item).arg(t).arg(t0)));
                for (std::size_t t = std::max(t0 + 1, ind.lookBack()); t < x.size(); ++t)
                    laterMoved = laterMoved || before[f][t] != after[f][t];
            }
            // The perturbation is seen where the indicator has values: the test can fail.
            QVERIFY2(laterMoved, item);
        }
    }
}

void TestTechnicalIndicators::finiteLookBack() {
    const std::vector<double> x = walk(260, 3);
    for (const char* item : kItems) {
        const Indicator ind = one(item);
        const auto full = indicatorValues(ind, x);
        const std::size_t lb = ind.lookBack();
        for (std::size_t t : {lb, lb + 17, x.size() - 1}) {
            const std::vector<double> tail(x.begin() + static_cast<std::ptrdiff_t>(t - lb), x.begin() + t + 1);
            const auto part = indicatorValues(ind, tail);
            for (std::size_t f = 0; f < full.size(); ++f) {
                QVERIFY2(!std::isnan(full[f][t]), item);
                QVERIFY2(full[f][t] == part[f][lb], qPrintable(QStringLiteral("%1 row %2").arg(item).arg(t)));
                if (lb)
                    QVERIFY2(
                        std::isnan(indicatorValues(ind, std::vector<double>(tail.begin() + 1, tail.end()))[f][lb - 1]),
                        item);
            }
        }
    }
}

void TestTechnicalIndicators::namesAndLookBacks() {
    const std::vector<Indicator> list = parseIndicators(
        {"sma:10", "ema:20", "rsi:14", "macd", "logret", "volume_z:20", "bollinger:20@Volume", "volatility:5"},
        {"close", "Volume"}, "close");
    QCOMPARE(indicatorFeatureNames(list),
             (std::vector<std::string>{"indicator:close:sma10", "indicator:close:ema20", "indicator:close:rsi14",
                                       "indicator:close:macd", "indicator:close:macd_hist", "indicator:close:logret",
                                       "indicator:Volume:volume_z20", "indicator:Volume:bollinger20",
                                       "indicator:close:volatility5"}));
    const std::size_t want[] = {9, 104, 70, 183, 1, 19, 19, 5};
    for (std::size_t i = 0; i < list.size(); ++i) QCOMPARE(list[i].lookBack(), want[i]);
    QCOMPARE(indicatorLookBack(list), std::size_t{183});
    QCOMPARE(indicatorLookBack({}), std::size_t{0});
    // The saved text reads back as the same indicator.
    for (const Indicator& ind : list)
        QVERIFY(parseIndicators({ind.text()}, {"close", "Volume"}, "close").front() == ind);
    QCOMPARE(list[0].text(), std::string("sma:10@close"));
    QCOMPARE(list[3].text(), std::string("macd@close"));
    QVERIFY(isIndicatorFeature("indicator:close:macd"));
    QVERIFY(!isIndicatorFeature("close"));
    // The defaults of a bare kind.
    QCOMPARE(one("rsi").period, 14);
}

void TestTechnicalIndicators::refusals() {
    const std::vector<std::string> inputs{"close", "open"};
    for (const char* bad : {"sma:", "sma:1", "sma:x", "sma:-3", "ema:2.5", "macd:12", "logret:3", "wma:5", "SMA:5",
                            "sma:5@", "sma:5@high", "volume_z:5", ""}) {
        QVERIFY_THROWS_EXCEPTION(UsageError, parseIndicators({bad}, inputs, "close"));
    }
    // Repeats, also when the default column is spelled out.
    QVERIFY_THROWS_EXCEPTION(UsageError, parseIndicators({"sma:5", "sma:5"}, inputs, "close"));
    QVERIFY_THROWS_EXCEPTION(UsageError, parseIndicators({"sma:5", "sma:5@close"}, inputs, "close"));
    QCOMPARE(parseIndicators({"sma:5", "sma:5@open"}, inputs, "close").size(), std::size_t{2});
    // The target is no input: name a column.
    QVERIFY_THROWS_EXCEPTION(UsageError, parseIndicators({"sma:5"}, {"open"}, "close"));
    try {
        parseIndicators({"ema:3@high"}, inputs, "close");
        QFAIL("no error");
    } catch (const UsageError& e) {
        QVERIFY(std::string(e.what()).find("'high'") != std::string::npos);
    }
    // Log returns of a value <= 0.
    QVERIFY_THROWS_EXCEPTION(DataError, indicatorValues(one("logret"), {1.0, 0.0, 2.0}));
    try {
        indicatorValues(one("volatility:2"), {1.0, 2.0, -1.0},
                        [](std::size_t r) { return "data.csv:" + std::to_string(r + 2); });
        QFAIL("no error");
    } catch (const DataError& e) {
        QVERIFY2(std::string(e.what()).find("data.csv:4") != std::string::npos, e.what());
    }
}

QTEST_GUILESS_MAIN(TestTechnicalIndicators)
#include "test_technical_indicators.moc"
