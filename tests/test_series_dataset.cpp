// Windowing, the chronological split, scalers fitted on training rows only, and the
// missing-value policies.

#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "base/error.h"

#include <QtTest>

#include <cmath>
#include <cstdio>
#include <sstream>

using namespace studio;

namespace {

// Rows 0..n-1: a = i, b = 100 + 2i, c = i*i.
CsvTable rampTable(int n) {
    std::ostringstream csv;
    csv << "date;a;b;c\n";
    for (int i = 0; i < n; ++i) {
        char month[16];
        std::snprintf(month, sizeof month, "%d-%02d", 1900 + i / 12, i % 12 + 1);
        csv << month << ';' << i << ';' << 100 + 2 * i << ';' << i * i << '\n';
    }
    return parseCsv(csv.str(), "ramp.csv");
}

} // namespace

class TestSeriesDataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitSizesAndNoStraddling_data();
    void splitSizesAndNoStraddling();
    void scalerFittedOnTrainingRowsOnly();
    void minMaxScaler();
    void relativeScaler();
    void featuresInListedOrder();
    void windowContents();
    void naiveScaleIsTrainingOnly();
    void dropAndForwardFill();
    void repeatedTimes();
    void badSettings_data();
    void badSettings();
    void inferenceWindowsCoverTheFile();
};

void TestSeriesDataset::splitSizesAndNoStraddling_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("window");
    QTest::addColumn<int>("horizon");
    QTest::addColumn<int>("stride");
    QTest::newRow("defaults") << 300 << 30 << 1 << 1;
    QTest::newRow("multi-step") << 200 << 10 << 5 << 1;
    QTest::newRow("stride 3") << 300 << 8 << 2 << 3;
}

void TestSeriesDataset::splitSizesAndNoStraddling() {
    QFETCH(int, rows);
    QFETCH(int, window);
    QFETCH(int, horizon);
    QFETCH(int, stride);
    SeriesSpec spec;
    spec.target = "a";
    spec.window = window, spec.horizon = horizon, spec.stride = stride;
    const SeriesDataset ds = buildSeriesDataset(rampTable(rows), spec);
    QCOMPARE(ds.trainRows, std::size_t(rows * 0.7));
    QCOMPARE(ds.valRows, std::size_t(rows * 0.15));
    QCOMPARE(ds.trainRows + ds.valRows + ds.testRows, std::size_t(rows));
    const std::size_t bounds[][2] = {{0, ds.trainRows}, {ds.trainRows, ds.trainRows + ds.valRows},
                                     {ds.trainRows + ds.valRows, std::size_t(rows)}};
    const SeriesWindows* splits[] = {&ds.train, &ds.val, &ds.test};
    for (int s = 0; s < 3; ++s) {
        const SeriesWindows& w = *splits[s];
        const std::size_t length = bounds[s][1] - bounds[s][0];
        QCOMPARE(w.count, (length - window - horizon) / stride + 1);
        for (std::size_t i = 0; i < w.count; ++i) {
            // First input row and last target row both inside the split.
            QVERIFY(w.lastRow[i] + 1 >= bounds[s][0] + window);
            QVERIFY(w.lastRow[i] + horizon < bounds[s][1]);
        }
    }
}

void TestSeriesDataset::scalerFittedOnTrainingRowsOnly() {
    SeriesSpec spec;
    spec.target = "a";
    spec.window = 5;
    const SeriesDataset ds = buildSeriesDataset(rampTable(100), spec);
    // Training rows 0..69: mean 34.5, population sd sqrt((70^2-1)/12).
    QCOMPARE(ds.targetScaler.offset[0], 34.5);
    QVERIFY(std::abs(ds.targetScaler.scale[0] - std::sqrt((70.0 * 70.0 - 1) / 12)) < 1e-12);
    // Test windows hold values past the training range: scaled above the training max.
    QVERIFY(ds.test.y.front() > (69 - 34.5) / ds.targetScaler.scale[0]);
}

void TestSeriesDataset::minMaxScaler() {
    SeriesSpec spec;
    spec.target = "b";
    spec.window = 5;
    spec.scaler = ScalerKind::MinMax;
    const SeriesDataset ds = buildSeriesDataset(rampTable(100), spec);
    QCOMPARE(ds.targetScaler.offset[0], 100.0);
    QCOMPARE(ds.targetScaler.scale[0], 138.0);  // 100 + 2*69 - 100
    QCOMPARE(ds.train.x.front(), 0.0f);
}

void TestSeriesDataset::relativeScaler() {
    SeriesSpec spec;
    spec.target = "b";
    spec.window = 2;
    spec.scaler = ScalerKind::Relative;
    const SeriesDataset ds = buildSeriesDataset(rampTable(100), spec);
    // b = 100 + 2i. Training windows (start s = 0..67): input b_s / b_{s+1} - 1 = -2 / (102 + 2s),
    // target b_{s+2} / b_{s+1} - 1 = 2 / (102 + 2s). Their means and deviations by hand:
    double in = 0, inSq = 0, out = 0, outSq = 0;
    for (int s = 0; s <= 67; ++s) {
        const double r = 2.0 / (102 + 2 * s);
        in += -r, inSq += r * r, out += r, outSq += r * r;
    }
    const double n = 68, inMean = in / n, outMean = out / n;
    QVERIFY(std::abs(ds.featureScaler.offset[0] - inMean) < 1e-12);
    QVERIFY(std::abs(ds.featureScaler.scale[0] - std::sqrt(inSq / n - inMean * inMean)) < 1e-9);
    QVERIFY(std::abs(ds.targetScaler.offset[0] - outMean) < 1e-12);
    // First window: b_0 = 100, b_1 = 102, target b_2 = 104.
    const double scaledIn = (100.0 / 102 - 1 - inMean) / ds.featureScaler.scale[0];
    QVERIFY(std::abs(ds.train.x[0] - scaledIn) < 1e-5);
    // Inverting a window's scaled target with its last value gives the price back.
    QVERIFY(std::abs(ds.targetScaler.invert(0, ds.train.y[0], 102.0) - 104.0) < 1e-4);
    // Values must be positive: column a starts at 0.
    spec.target = "a";
    try {
        buildSeriesDataset(rampTable(100), spec);
        QFAIL("no error for a zero value");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("ramp.csv:2:"), e.what());
    }
}

void TestSeriesDataset::featuresInListedOrder() {
    SeriesSpec spec;
    spec.target = "a";
    spec.features = {"c", "b"};  // target not listed: not an input
    spec.window = 3;
    spec.scaler = ScalerKind::None;
    const SeriesDataset ds = buildSeriesDataset(rampTable(100), spec);
    QCOMPARE(ds.featureNames, (std::vector<std::string>{"c", "b"}));
    // First window: rows 0,1,2 -> (c,b) = (0,100) (1,102) (4,104); target row 3: a = 3.
    QCOMPARE(std::vector<float>(ds.train.x.begin(), ds.train.x.begin() + 6), (std::vector<float>{0, 100, 1, 102, 4, 104}));
    QCOMPARE(ds.train.y.front(), 3.0f);
}

void TestSeriesDataset::windowContents() {
    SeriesSpec spec;
    spec.target = "a";
    spec.window = 4;
    spec.horizon = 2;
    spec.stride = 2;
    spec.scaler = ScalerKind::None;
    const SeriesDataset ds = buildSeriesDataset(rampTable(100), spec);
    // Window 1 starts at row 2: inputs 2..5, targets 6,7, last row 5, last value 5.
    QCOMPARE(std::vector<float>(ds.train.x.begin() + 4, ds.train.x.begin() + 8), (std::vector<float>{2, 3, 4, 5}));
    QCOMPARE(std::vector<float>(ds.train.y.begin() + 2, ds.train.y.begin() + 4), (std::vector<float>{6, 7}));
    QCOMPARE(ds.train.lastRow[1], std::size_t(5));
    QCOMPARE(ds.train.lastValue[1], 5.0);
    // The first validation window starts at row 70.
    QCOMPARE(ds.val.x.front(), 70.0f);
}

void TestSeriesDataset::naiveScaleIsTrainingOnly() {
    SeriesSpec spec;
    spec.target = "c";
    spec.window = 5;
    const SeriesDataset ds = buildSeriesDataset(rampTable(100), spec);
    // mean |i^2 - (i-1)^2| = mean (2i - 1) for i = 1..69 = 69.
    QCOMPARE(ds.naiveScale, 69.0);
}

void TestSeriesDataset::dropAndForwardFill() {
    std::ostringstream csv;
    csv << "x,y\n";
    for (int i = 0; i < 60; ++i) {
        if (i == 10) csv << "10,\n";
        else if (i == 20) csv << "20,n/a\n";
        else csv << i << ',' << i * 10 << '\n';
    }
    const CsvTable table = parseCsv(csv.str(), "gaps.csv");
    SeriesSpec spec;
    spec.target = "y";
    spec.window = 3;
    spec.scaler = ScalerKind::None;
    const SeriesDataset dropped = buildSeriesDataset(table, spec);
    QCOMPARE(dropped.report.rowsRead, std::size_t(60));
    QCOMPARE(dropped.report.rowsDropped, std::size_t(2));
    QCOMPARE(dropped.report.rowsUsed, std::size_t(58));
    QCOMPARE(dropped.report.notes.size(), std::size_t(2));
    QVERIFY2(QString::fromStdString(dropped.report.notes[0]).contains("line 12"), dropped.report.notes[0].c_str());
    QVERIFY(QString::fromStdString(dropped.report.notes[1]).contains("'n/a'"));

    spec.missing = MissingPolicy::ForwardFill;
    const SeriesDataset filled = buildSeriesDataset(table, spec);
    QCOMPARE(filled.report.rowsDropped, std::size_t(0));
    QCOMPARE(filled.report.cellsFilled, std::size_t(2));
    // Row 10's y is row 9's: the window ending at row 9 predicts 90.
    QCOMPARE(filled.train.y[7], 90.0f);
}

// A day listed twice (the NYSE composite has 1969-12-08 twice): an error naming both lines
// by default; with keep-last or keep-first one row per time, the other counted as dropped.
void TestSeriesDataset::repeatedTimes() {
    std::ostringstream csv;
    csv << "date,y\n";
    for (int i = 0; i < 60; ++i) {
        char day[16];
        std::snprintf(day, sizeof day, "2020-%02d-%02d", 1 + i / 28, 1 + i % 28);
        csv << day << ',' << i * 10 << '\n';
        if (i == 10) csv << day << ",-1\n";  // the repeat: 2020-01-11 again
    }
    const CsvTable table = parseCsv(csv.str(), "repeat.csv");
    SeriesSpec spec;
    spec.target = "y";
    spec.window = 3;
    spec.scaler = ScalerKind::None;
    try {
        buildSeriesDataset(table, spec);
        QFAIL("no error");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("repeat.csv:13: time column 'date' repeats 2020-01-11 (also line 12)") &&
                     QString(e.what()).contains("--duplicate-times keep-last|keep-first"),
                 e.what());
    }
    for (DuplicateTimes policy : {DuplicateTimes::KeepLast, DuplicateTimes::KeepFirst}) {
        spec.duplicates = policy;
        const SeriesDataset ds = buildSeriesDataset(table, spec);
        QCOMPARE(ds.report.rowsRead, std::size_t(61));
        QCOMPARE(ds.report.rowsDropped, std::size_t(1));
        QCOMPARE(ds.report.rowsUsed, std::size_t(60));
        // The window of rows 8, 9, 10 predicts row 11's value: 2020-01-12's 110 either way;
        // the window ending at 2020-01-11 holds 100 (first) or -1 (last).
        QCOMPARE(ds.train.y[8], 110.0f);
        QCOMPARE(ds.train.x[3 * 8 + 2], policy == DuplicateTimes::KeepLast ? -1.0f : 100.0f);
    }
    QVERIFY(parseEnum<DuplicateTimes>("keep-last") == DuplicateTimes::KeepLast);
}

void TestSeriesDataset::badSettings_data() {
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("window");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown column") << "volume" << 5 << "no column named 'volume'";
    QTest::newRow("dates as target") << "date" << 5 << "holds dates";
    QTest::newRow("window too long") << "a" << 40 << "validation split has 15 rows but one window needs 41";
}

void TestSeriesDataset::badSettings() {
    QFETCH(QString, target);
    QFETCH(int, window);
    QFETCH(QString, expected);
    SeriesSpec spec;
    spec.target = target.toStdString();
    spec.window = window;
    try {
        buildSeriesDataset(rampTable(100), spec);
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
}

void TestSeriesDataset::inferenceWindowsCoverTheFile() {
    SeriesSpec spec;
    spec.target = "a";
    spec.window = 10;
    spec.horizon = 3;
    spec.stride = 5;  // ignored: one window per row
    const SeriesDataset ds = buildSeriesDataset(rampTable(100), spec);
    const SeriesWindows w = buildInferenceWindows(rampTable(100), spec, ds.featureScaler, ds.targetScaler);
    QCOMPARE(w.count, std::size_t(91));
    QCOMPARE(w.lastRow.front(), std::size_t(9));
    QCOMPARE(w.lastRow.back(), std::size_t(99));
    // Truth exists while three more rows follow.
    QVERIFY(!std::isnan(w.y[87 * 3 + 2]));
    QVERIFY(std::isnan(w.y[88 * 3 + 2]));
    QVERIFY(!std::isnan(w.y[88 * 3 + 1]));
}

QTEST_APPLESS_MAIN(TestSeriesDataset)
#include "test_series_dataset.moc"
