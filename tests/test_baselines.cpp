// Forecast baselines (seasonal naive, drift, ridge autoregression) and split-conformal
// intervals against values worked out by hand, and a seeded AR(1) series whose noise
// quantiles are known.

#include "base/error.h"
#include "tasks/forecast/baselines.h"
#include "training/conformal.h"
#include "training/metrics.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace studio;

namespace {
bool near(double a, double b, double tol) { return std::abs(a - b) <= tol; }
}  // namespace

class TestBaselines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void seasonalNaiveHandComputed();
    void seasonalNaiveFallsBackToNaive();
    void seasonOneIsNaive();
    void seasonalNaiveRejectsBadInput();
    void driftHandComputed();
    void linearRecoversExactCoefficients();
    void ridgeOneInputHandComputed();
    void ridgeSelectsPenaltyOnValidation();
    void ridgeMeetsOptimalityConditions();
    void constantInputsFitOnlyTheIntercept();
    void linearRejectsBadInput();
    void conformalQuantileHandComputed();
    void conformalQuantileRoundingOfRank();
    void intervalCoverageHandComputed();
    void ar1IntervalsCoverTheirLevel();
};

// history index: 0   1   2   3   4   5   6
//         value: 10  12  14  11  13  15  12
static const std::vector<double> kHistory{10, 12, 14, 11, 13, 15, 12};

void TestBaselines::seasonalNaiveHandComputed() {
    // season 3, index o + h - 3*ceil(h/3):
    // o = 5: h 1..3 -> 3, 4, 5 (11, 13, 15); h 4 -> 5 + 4 - 6 = 3 (11)
    // o = 6: h 1..3 -> 4, 5, 6 (13, 15, 12); h 4 -> 6 + 4 - 6 = 4 (13)
    QCOMPARE(seasonalNaiveForecast(kHistory, {5, 6}, 4, 3), (std::vector<double>{11, 13, 15, 11, 13, 15, 12, 13}));
}

void TestBaselines::seasonalNaiveFallsBackToNaive() {
    // o = 1, season 3: h 1 -> -1 (naive: history[1] = 12); h 2 -> 0 (10); h 3 -> 1 (12);
    // h 4 -> 1 + 4 - 6 = -1 (naive, 12)
    QCOMPARE(seasonalNaiveForecast(kHistory, {1}, 4, 3), (std::vector<double>{12, 10, 12, 12}));
    // o = 0, season 7 is longer than anything before the origin: naive throughout.
    QCOMPARE(seasonalNaiveForecast(kHistory, {0}, 2, 7), (std::vector<double>{10, 10}));
}

void TestBaselines::seasonOneIsNaive() {
    QCOMPARE(seasonalNaiveForecast(kHistory, {2, 6}, 3, 1), naiveForecast({14, 12}, 3));
}

void TestBaselines::seasonalNaiveRejectsBadInput() {
    QVERIFY_THROWS_EXCEPTION(UsageError, seasonalNaiveForecast(kHistory, {5}, 2, 0));
    QVERIFY_THROWS_EXCEPTION(UsageError, seasonalNaiveForecast(kHistory, {7}, 2, 3));
    QVERIFY_THROWS_EXCEPTION(UsageError, driftForecast(kHistory, {7}, 2));
}

void TestBaselines::driftHandComputed() {
    // o = 5: slope (15 - 10) / 5 = 1       -> 16, 17, 18
    // o = 6: slope (12 - 10) / 6 = 1/3     -> 12 1/3, 12 2/3, 13
    // o = 0: no line through one point     -> naive 10, 10, 10
    const std::vector<double> f = driftForecast(kHistory, {5, 6, 0}, 3);
    const std::vector<double> expected{16, 17, 18, 12 + 1.0 / 3, 12 + 2.0 / 3, 13, 10, 10, 10};
    QCOMPARE(f.size(), expected.size());
    for (std::size_t i = 0; i < f.size(); ++i) QVERIFY2(near(f[i], expected[i], 1e-12), qPrintable(QString::number(i)));
}

void TestBaselines::linearRecoversExactCoefficients() {
    // Two inputs, two horizon steps, no noise:
    //   y0 = 2 x0 - x1 + 3,   y1 = -x0 + 0.5 x1 - 1
    // Inputs are small multiples of 1/2, so every x and y is exact in float.
    auto make = [](std::size_t n, std::size_t offset, std::vector<float>& x, std::vector<float>& y) {
        for (std::size_t i = 0; i < n; ++i) {
            const float x0 = float((i + offset) % 5) - 2.0f, x1 = 0.5f * float(((i + offset) * 3) % 7);
            x.insert(x.end(), {x0, x1});
            y.insert(y.end(), {2 * x0 - x1 + 3, -x0 + 0.5f * x1 - 1});
        }
    };
    std::vector<float> xTrain, yTrain, xVal, yVal;
    make(20, 0, xTrain, yTrain);
    make(6, 3, xVal, yVal);
    const LinearModel m = fitLinear(xTrain, yTrain, 20, xVal, yVal, 6, 2, 2);
    QCOMPARE(m.inputs, std::size_t(2));
    QCOMPARE(m.horizon, std::size_t(2));
    QCOMPARE(m.lambda, 0.0);  // the exact fit has (almost) zero validation error; any penalty adds some
    // weights [inputs + 1, horizon]: rows x0, x1, intercept
    const std::vector<double> expected{2, -1, -1, 0.5, 3, -1};
    QCOMPARE(m.weights.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(near(m.weights[i], expected[i], 1e-9), qPrintable(QString::number(m.weights[i], 'g', 17)));
    // x = (1, 4): y0 = 2 - 4 + 3 = 1, y1 = -1 + 2 - 1 = 0
    const std::vector<double> p = predictLinear(m, {1.0f, 4.0f}, 1);
    QVERIFY(near(p[0], 1.0, 1e-9));
    QVERIFY(near(p[1], 0.0, 1e-9));
}

// x = 1..5, y = 3, 5, 4, 8, 10. Centred: mean x 3, mean y 6,
// xc = -2, -1, 0, 1, 2 (sum xc^2 = 10); yc = -3, -1, -2, 2, 4; sum xc yc = 6 + 1 + 0 + 2 + 8 = 17.
// w = 17 / (10 + lambda), b = 6 - 3 w.
static const std::vector<float> kX1{1, 2, 3, 4, 5}, kY1{3, 5, 4, 8, 10};

void TestBaselines::ridgeOneInputHandComputed() {
    const LinearModel m0 = fitLinearWithLambda(kX1, kY1, 5, 1, 1, 0.0);  // w 1.7, b 0.9
    QVERIFY(near(m0.weights[0], 1.7, 1e-12));
    QVERIFY(near(m0.weights[1], 0.9, 1e-12));
    const LinearModel m10 = fitLinearWithLambda(kX1, kY1, 5, 1, 1, 10.0);  // w 17/20 = 0.85, b 6 - 2.55 = 3.45
    QCOMPARE(m10.lambda, 10.0);
    QVERIFY(near(m10.weights[0], 0.85, 1e-12));
    QVERIFY(near(m10.weights[1], 3.45, 1e-12));
    // Prediction at x = 2: 3.45 + 1.7 = 5.15
    QVERIFY(near(predictLinear(m10, {2.0f}, 1)[0], 5.15, 1e-12));
}

void TestBaselines::ridgeSelectsPenaltyOnValidation() {
    // The grid is c * (mean diagonal of Xc'Xc) = c * 10, c in {0, 1e-6, ..., 100}.
    // Validation on the least-squares line y = 0.9 + 1.7 x (x = -7 -> -11, x = 13 -> 23, exact
    // in float): plain least squares wins.
    LinearModel m = fitLinear(kX1, kY1, 5, {-7.0f, 13.0f}, {-11.0f, 23.0f}, 2, 1, 1);
    QCOMPARE(m.lambda, 0.0);
    QVERIFY(near(m.weights[0], 1.7, 1e-12));
    // Validation flat at the training mean, x = 1 -> 6, x = 5 -> 6: the prediction is
    // 6 + w (x - 3), so the validation MSE is 4 w^2, least at the largest penalty, 100 * 10:
    // w = 17 / 1010.
    m = fitLinear(kX1, kY1, 5, {1.0f, 5.0f}, {6.0f, 6.0f}, 2, 1, 1);
    QCOMPARE(m.lambda, 1000.0);
    QVERIFY(near(m.weights[0], 17.0 / 1010, 1e-12));
    QVERIFY(near(m.weights[1], 6.0 - 3 * 17.0 / 1010, 1e-12));
}

void TestBaselines::ridgeMeetsOptimalityConditions() {
    // Nine inputs (two blocks of four plus one, as the solver tiles rows) and 150 windows
    // (more than one 64-row block). Exact data first: y = sum_i (i - 4) x_i + 0.5 with small
    // integer inputs is recovered by least squares.
    constexpr std::size_t kInputs = 9, kN = 150;
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> small(-4, 4);
    std::normal_distribution<double> noise(0.0, 0.5);
    std::vector<float> x(kN * kInputs), yExact(kN), yNoisy(kN);
    for (std::size_t r = 0; r < kN; ++r) {
        double y = 0.5;
        for (std::size_t i = 0; i < kInputs; ++i) {
            x[r * kInputs + i] = float(small(rng));
            y += (double(i) - 4) * x[r * kInputs + i];
        }
        yExact[r] = float(y);
        yNoisy[r] = float(y + noise(rng));
    }
    const LinearModel exact = fitLinearWithLambda(x, yExact, kN, kInputs, 1, 0.0);
    for (std::size_t i = 0; i < kInputs; ++i) QVERIFY(near(exact.weights[i], double(i) - 4, 1e-9));
    QVERIFY(near(exact.weights[kInputs], 0.5, 1e-9));

    // Noisy data at penalty 3: the gradient of sum (y - w.x - b)^2 + 3 |w|^2 vanishes,
    // sum_r e_r x_ri = 3 w_i and sum_r e_r = 0 (e the residual), summed here directly.
    const double lambda = 3.0;
    const LinearModel m = fitLinearWithLambda(x, yNoisy, kN, kInputs, 1, lambda);
    std::vector<double> grad(kInputs, 0.0);
    double residualSum = 0.0;
    for (std::size_t r = 0; r < kN; ++r) {
        double e = yNoisy[r] - m.weights[kInputs];
        for (std::size_t i = 0; i < kInputs; ++i) e -= m.weights[i] * x[r * kInputs + i];
        residualSum += e;
        for (std::size_t i = 0; i < kInputs; ++i) grad[i] += e * x[r * kInputs + i];
    }
    QVERIFY2(near(residualSum, 0.0, 1e-9), qPrintable(QString::number(residualSum)));
    for (std::size_t i = 0; i < kInputs; ++i)
        QVERIFY2(near(grad[i], lambda * m.weights[i], 1e-9), qPrintable(QString::number(i)));
    // The penalty shrinks: |w| below the least-squares fit on the same data.
    const LinearModel ls = fitLinearWithLambda(x, yNoisy, kN, kInputs, 1, 0.0);
    double norm = 0.0, lsNorm = 0.0;
    for (std::size_t i = 0; i < kInputs; ++i) {
        norm += m.weights[i] * m.weights[i];
        lsNorm += ls.weights[i] * ls.weights[i];
    }
    QVERIFY(norm < lsNorm);
}

void TestBaselines::constantInputsFitOnlyTheIntercept() {
    // x constant: Xc'Xc = 0, so least squares is singular and the grid scale falls back to 1.
    // Without validation the least penalty that solves, 1e-6, is kept: w = 0 / 1e-6 = 0,
    // intercept = mean y = (1 + 2 + 6) / 3 = 3.
    const LinearModel m = fitLinear({4, 4, 4}, {1, 2, 6}, 3, {}, {}, 0, 1, 1);
    QCOMPARE(m.lambda, 1e-6);
    QCOMPARE(m.weights, (std::vector<double>{0.0, 3.0}));
    QVERIFY_THROWS_EXCEPTION(DataError, fitLinearWithLambda({4, 4, 4}, {1, 2, 6}, 3, 1, 1, 0.0));
    // Collinear inputs (x1 = 2 x0) are singular without a penalty too.
    QVERIFY_THROWS_EXCEPTION(DataError, fitLinearWithLambda({1, 2, 2, 4, 3, 6, 5, 10}, {1, 2, 3, 4}, 4, 2, 1, 0.0));
    // ... and fine with one; more windows than inputs is not required then (1 window, 2 inputs).
    const LinearModel one = fitLinear({1, 2}, {5}, 1, {}, {}, 0, 2, 1);
    QVERIFY(one.lambda > 0.0);
    QVERIFY(near(predictLinear(one, {7.0f, -3.0f}, 1)[0], 5.0, 1e-12));
}

void TestBaselines::linearRejectsBadInput() {
    QVERIFY_THROWS_EXCEPTION(UsageError, fitLinear({}, {}, 0, {}, {}, 0, 1, 1));
    QVERIFY_THROWS_EXCEPTION(UsageError, fitLinear({1, 2, 3}, {1, 2}, 2, {}, {}, 0, 1, 1));    // x not [2, 1]
    QVERIFY_THROWS_EXCEPTION(UsageError, fitLinear({1, 2}, {1, 2, 3}, 2, {}, {}, 0, 1, 1));    // y not [2, 1]
    QVERIFY_THROWS_EXCEPTION(UsageError, fitLinear({1, 2}, {1, 2}, 2, {1}, {1, 2}, 1, 1, 1));  // y val not [1, 1]
    QVERIFY_THROWS_EXCEPTION(UsageError, fitLinearWithLambda(kX1, kY1, 5, 1, 1, -1.0));
    QVERIFY_THROWS_EXCEPTION(DataError, fitLinear({1, std::nanf("")}, {1, 2}, 2, {}, {}, 0, 1, 1));
    const LinearModel m = fitLinearWithLambda(kX1, kY1, 5, 1, 1, 0.0);
    QVERIFY_THROWS_EXCEPTION(UsageError, predictLinear(m, {1, 2, 3}, 2));
}

void TestBaselines::conformalQuantileHandComputed() {
    const std::vector<double> scores{5, 3, 9, 1, 7, 2, 8, 4, 6};  // 1..9 shuffled, n = 9
    QCOMPARE(conformalQuantile(scores, 0.8), 8.0);                // ceil(10 * 0.8) = 8th smallest
    QCOMPARE(conformalQuantile(scores, 0.5), 5.0);                // ceil(10 * 0.5) = 5th
    QCOMPARE(conformalQuantile(scores, 0.85), 9.0);               // ceil(8.5) = 9th
    QCOMPARE(conformalQuantile(scores, 0.95), std::numeric_limits<double>::infinity());  // ceil(9.5) = 10 > 9
    // NaN scores are not counted: still n = 9.
    std::vector<double> withNan = scores;
    withNan.insert(withNan.begin() + 4, std::nan(""));
    withNan.push_back(std::nan(""));
    QCOMPARE(conformalQuantile(withNan, 0.8), 8.0);
    QCOMPARE(conformalQuantile({}, 0.5), std::numeric_limits<double>::infinity());
    QCOMPARE(conformalQuantile({2.5}, 0.5), 2.5);  // ceil(2 * 0.5) = 1st of 1
    QVERIFY_THROWS_EXCEPTION(UsageError, conformalQuantile(scores, 0.0));
    QVERIFY_THROWS_EXCEPTION(UsageError, conformalQuantile(scores, 1.0));
}

void TestBaselines::conformalQuantileRoundingOfRank() {
    // 25 * 0.28 is exactly 7, but in double it rounds to 7.000000000000001: the rank is
    // still 7, not 8. Scores 1..24.
    QVERIFY(25 * 0.28 > 7.0);
    std::vector<double> scores;
    for (int i = 24; i >= 1; --i) scores.push_back(i);
    QCOMPARE(conformalQuantile(scores, 0.28), 7.0);
}

void TestBaselines::intervalCoverageHandComputed() {
    // entry: 0 in [0, 2] width 2; 1: 3 above [1, 2] width 1; 2: 3 on the bound of [2, 3]
    // (inside) width 1; 3: lower NaN, left out; 4: truth NaN, left out.
    // n 3, coverage 2/3 = 66.67 %, mean width 4/3.
    const IntervalCoverage c =
        intervalCoverage({0, 1, 2, std::nan(""), 0}, {2, 2, 3, 1, 1}, {1, 3, 3, 0, std::nan("")});
    QCOMPARE(c.n, std::size_t(3));
    QVERIFY(near(c.coverage, 200.0 / 3, 1e-12));
    QVERIFY(near(c.meanWidth, 4.0 / 3, 1e-12));
    const IntervalCoverage none = intervalCoverage({}, {}, {});
    QCOMPARE(none.n, std::size_t(0));
    QCOMPARE(none.coverage, 0.0);
    QVERIFY_THROWS_EXCEPTION(UsageError, intervalCoverage({0}, {1, 2}, {0}));
}

void TestBaselines::ar1IntervalsCoverTheirLevel() {
    // x_t = 0.8 x_{t-1} + e_t, e_t ~ N(0, 1). The best one-step forecast from the last 5
    // values is 0.8 x_{t-1}; its error is e_t, so |error| has 80 % and 95 % quantiles
    // 1.2816 and 1.9600 (two-sided normal). Targets t = 5..5999, inputs x_{t-5..t-1}:
    // fit t < 2500, validation 2500..2999, calibration 3000..4499, test 4500..5999.
    std::mt19937 rng(20240611);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<double> series(6000);
    series[0] = noise(rng);
    for (std::size_t t = 1; t < series.size(); ++t) series[t] = 0.8 * series[t - 1] + noise(rng);

    constexpr std::size_t kWindow = 5;
    auto windows = [&](std::size_t from, std::size_t to, std::vector<float>& x, std::vector<float>& y) {
        for (std::size_t t = from; t < to; ++t) {
            for (std::size_t k = t - kWindow; k < t; ++k) x.push_back(float(series[k]));
            y.push_back(float(series[t]));
        }
        return to - from;
    };
    std::vector<float> xTrain, yTrain, xVal, yVal, xCal, yCal, xTest, yTest;
    const std::size_t nTrain = windows(kWindow, 2500, xTrain, yTrain);
    const std::size_t nVal = windows(2500, 3000, xVal, yVal);
    const std::size_t nCal = windows(3000, 4500, xCal, yCal);
    const std::size_t nTest = windows(4500, 6000, xTest, yTest);
    QCOMPARE(nCal, std::size_t(1500));
    QCOMPARE(nTest, std::size_t(1500));

    const LinearModel m = fitLinear(xTrain, yTrain, nTrain, xVal, yVal, nVal, kWindow, 1);
    // Rows oldest first: the last input row is x_{t-1}.
    QVERIFY2(near(m.weights[4], 0.8, 0.05), qPrintable(QString::number(m.weights[4])));
    for (std::size_t i = 0; i < 4; ++i) QVERIFY2(near(m.weights[i], 0.0, 0.06), qPrintable(QString::number(i)));

    const std::vector<double> cal = predictLinear(m, xCal, nCal), test = predictLinear(m, xTest, nTest);
    std::vector<double> scores(nCal);
    for (std::size_t i = 0; i < nCal; ++i) scores[i] = std::abs(double(yCal[i]) - cal[i]);
    const std::vector<double> truth(yTest.begin(), yTest.end());
    for (const auto& [level, normalQuantile] : {std::pair{0.8, 1.2816}, std::pair{0.95, 1.9600}}) {
        const double q = conformalQuantile(scores, level);
        QVERIFY2(near(q, normalQuantile, 0.15), qPrintable(QString::number(q)));
        std::vector<double> lower(nTest), upper(nTest);
        for (std::size_t i = 0; i < nTest; ++i) {
            lower[i] = test[i] - q;
            upper[i] = test[i] + q;
        }
        const IntervalCoverage c = intervalCoverage(lower, upper, truth);
        QCOMPARE(c.n, nTest);
        QVERIFY2(near(c.coverage, 100.0 * level, 2.5), qPrintable(QString::number(c.coverage)));
        QVERIFY(near(c.meanWidth, 2 * q, 1e-9));
        qInfo("level %.2f: q %.4f, test coverage %.2f %%", level, q, c.coverage);
    }
}

QTEST_APPLESS_MAIN(TestBaselines)
#include "test_baselines.moc"
