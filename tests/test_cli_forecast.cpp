// Forecasting through the CLI: the scaler 'auto' chooses, the baselines in metrics.json
// against values worked out here from the data file, forecasts past the last row (their
// time column against Qt's own calendar, step 1 against predict), conformal coverage on a
// seeded synthetic series, and a walk-forward backtest that never sees its folds' future.

#include "cli_runner.h"

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>
#include <random>

using namespace studio::test;

namespace {

// The numbers of one column of a simple CSV (no quoted commas); quotes around cells dropped.
std::vector<double> column(const QString& path, int index) {
    std::vector<double> out;
    const QStringList lines = readLines(path);
    for (int i = 1; i < lines.size(); ++i) {
        QString cell = lines[i].split(',').value(index).trimmed();
        cell.remove('"');
        out.push_back(cell.toDouble());
    }
    return out;
}

QStringList cells(const QString& line) { return line.split(','); }

bool writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// A positive wavy series with a time column made by `timeOf(i)`.
QByteArray wavySeries(int rows, const std::function<QString(int)>& timeOf) {
    QByteArray text = "time,value\n";
    for (int i = 0; i < rows; ++i)
        text += (timeOf(i) + "," + QString::number(100.0 + 10.0 * std::sin(i / 5.0) + 0.1 * i, 'f', 4) + "\n")
                    .toUtf8();
    return text;
}

// x_t = 0.7 x_{t-1} + N(0, 1), seeded; no time column.
QByteArray arSeries(int rows, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    QByteArray text = "value\n";
    double x = 0.0;
    for (int i = 0; i < rows; ++i) {
        x = 0.7 * x + noise(rng);
        text += QByteArray::number(x, 'f', 6) + "\n";
    }
    return text;
}

double relativeDifference(double a, double b) { return std::abs(a - b) / std::max(1e-12, std::abs(b)); }

}  // namespace

class TestCliForecast : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void autoScalerChoosesAndRecords();
    void baselinesByHand();
    void stepOneEqualsPredict();
    void forecastTimeColumn_data();
    void forecastTimeColumn();
    void pastTheHorizonNeedsTheTargetAlone();
    void conformalCoverageOnSyntheticSeries();
    void backtestNeverSeesItsFuture();
    void shortSeriesAdapt();
    void autoSearchKeepsTheBest();
    void badRequests();

private:
    QTemporaryDir tmp_;
    QString sunspots_;  // a project trained on the bundled sunspots
};

void TestCliForecast::initTestCase() {
    QVERIFY(tmp_.isValid());
    sunspots_ = tmp_.filePath("sun");
    const CliResult r = runCli({"train", "--data", dataset("sunspots_monthly.csv"), "--target", "sunspots", "--window",
                                "24", "--hidden", "8", "--epochs", "2", "--out", sunspots_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
}

void TestCliForecast::autoScalerChoosesAndRecords() {
    // S&P 500 closes rise out of their training range: relative. Sunspots reach 0: zscore.
    const QString sp = tmp_.filePath("sp");
    const CliResult r = runCli({"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--window",
                                "10", "--hidden", "8", "--epochs", "1", "--out", sp});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("scaler auto: relative, as later rows leave the training range"), qPrintable(r.err));
    const QJsonObject series = readJson(sp + "/project.json")["series"].toObject();
    QCOMPARE(series["scaler"].toString(), QString("relative"));
    QVERIFY(series["scaler_reason"].toString().contains("training range"));
    const QJsonObject sun = readJson(sunspots_ + "/project.json")["series"].toObject();
    QCOMPARE(sun["scaler"].toString(), QString("zscore"));
    QVERIFY(sun["scaler_reason"].toString().contains("0 or below"));
    // A scaler given is kept, with no reason.
    const QString given = tmp_.filePath("given");
    QCOMPARE(runCli({"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--window", "10",
                     "--hidden", "8", "--epochs", "1", "--scaler", "zscore", "--out", given})
                 .code,
             0);
    QCOMPARE(readJson(given + "/project.json")["series"].toObject()["scaler"].toString(), QString("zscore"));
    QVERIFY(!readJson(given + "/project.json")["series"].toObject().contains("scaler_reason"));
}

void TestCliForecast::baselinesByHand() {
    // The test split's windows: 3177 rows, split 0.7/0.15/0.15 -> training 2223 rows,
    // validation 476, test rows 2699..3176; window 24, horizon 1: origins 2722..3175.
    const std::vector<double> y = column(dataset("sunspots_monthly.csv"), 1);
    QCOMPARE(y.size(), std::size_t(3177));
    double naive = 0, seasonal = 0, drift = 0;
    std::size_t n = 0;
    for (std::size_t t = 2699 + 23; t + 1 < y.size(); ++t, ++n) {
        naive += std::abs(y[t + 1] - y[t]);
        seasonal += std::abs(y[t + 1] - y[t + 1 - 12]);  // monthly: last year's month
        drift += std::abs(y[t + 1] - (y[t] + (y[t] - y[0]) / t));
    }
    const QJsonObject m = readJson(sunspots_ + "/metrics.json");
    QCOMPARE(m["n"].toInt(), int(n));
    const QJsonObject b = m["baselines"].toObject();
    QVERIFY(relativeDifference(b["naive"].toObject()["mae"].toDouble(), naive / n) < 1e-9);
    QVERIFY(relativeDifference(m["naive"].toObject()["mae"].toDouble(), naive / n) < 1e-9);
    QVERIFY(relativeDifference(b["seasonal_naive"].toObject()["mae"].toDouble(), seasonal / n) < 1e-9);
    QCOMPARE(b["seasonal_naive"].toObject()["season"].toInt(), 12);
    QVERIFY(relativeDifference(b["drift"].toObject()["mae"].toDouble(), drift / n) < 1e-9);
    QVERIFY(b["linear"].toObject()["mae"].toDouble() > 0);
    // Intervals: coverage on the test split, and predictions.csv's bounds around the forecast.
    const QJsonObject intervals = m["intervals"].toObject();
    QVERIFY(intervals.contains("80") && intervals.contains("95"));
    QVERIFY(intervals["95"].toObject()["mean_width"].toDouble() > intervals["80"].toObject()["mean_width"].toDouble());
    const QStringList lines = readLines(sunspots_ + "/predictions.csv");
    QCOMPARE(lines.front(), QString("row,pred_1,true_1,lower_80_1,upper_80_1,lower_95_1,upper_95_1"));
    int inside95 = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList c = cells(lines[i]);
        const double pred = c[1].toDouble(), truth = c[2].toDouble();
        QVERIFY(c[5].toDouble() < c[3].toDouble() && c[3].toDouble() < pred && pred < c[4].toDouble() &&
                c[4].toDouble() < c[6].toDouble());
        inside95 += truth >= c[5].toDouble() && truth <= c[6].toDouble();
    }
    QVERIFY(std::abs(100.0 * inside95 / (lines.size() - 1) - intervals["95"].toObject()["coverage"].toDouble()) < 1e-9);
}

void TestCliForecast::stepOneEqualsPredict() {
    const QString forecast = tmp_.filePath("sun_forecast.csv"), predict = tmp_.filePath("sun_predict.csv");
    CliResult r = runCli({"forecast", "--project", sunspots_, "--steps", "30", "--out", forecast});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = runCli({"predict", "--project", sunspots_, "--out", predict});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList f = readLines(forecast), p = readLines(predict);
    QCOMPARE(f.front(), QString("time,step,mean,lower_80,upper_80,lower_95,upper_95"));
    QCOMPARE(f.size(), 31);
    // predict's last window ends at the last row; its pred_1 is the forecast's step 1.
    const QStringList last = cells(p.back()), first = cells(f[1]);
    QCOMPARE(last[0], QString("3176"));
    QVERIFY(last[2].isEmpty());  // no truth after the last row
    QVERIFY(relativeDifference(first[2].toDouble(), last[1].toDouble()) < 1e-6);
    QCOMPARE(first[0], QString("2013-10-01"));  // the data ends with 2013-09
    QCOMPARE(cells(f[30])[0], QString("2016-03-01"));
    // Later steps are wider or as wide at 95% than at 80%.
    for (int i = 1; i < f.size(); ++i) {
        const QStringList c = cells(f[i]);
        QVERIFY(c[5].toDouble() <= c[3].toDouble() && c[4].toDouble() <= c[6].toDouble());
    }
}

void TestCliForecast::forecastTimeColumn_data() {
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("expected");
    const QDate day0(2020, 1, 1);
    QTest::newRow("days") << wavySeries(200, [&](int i) { return day0.addDays(i).toString(Qt::ISODate); })
                          << QStringList{day0.addDays(200).toString(Qt::ISODate), day0.addDays(201).toString(Qt::ISODate),
                                         day0.addDays(202).toString(Qt::ISODate)};
    // Business days from Monday 2020-01-06: 200 weekdays, Qt's calendar says which follow.
    std::vector<QDate> weekdays;
    for (QDate d(2020, 1, 6); weekdays.size() < 203; d = d.addDays(1))
        if (d.dayOfWeek() <= 5) weekdays.push_back(d);
    QTest::newRow("business days") << wavySeries(200, [&](int i) { return weekdays[i].toString(Qt::ISODate); })
                                   << QStringList{weekdays[200].toString(Qt::ISODate),
                                                  weekdays[201].toString(Qt::ISODate),
                                                  weekdays[202].toString(Qt::ISODate)};
    const QDate month0(2000, 1, 1);
    QTest::newRow("months") << wavySeries(200, [&](int i) { return month0.addMonths(i).toString("yyyy-MM"); })
                            << QStringList{month0.addMonths(200).toString(Qt::ISODate),
                                           month0.addMonths(201).toString(Qt::ISODate),
                                           month0.addMonths(202).toString(Qt::ISODate)};
    const QDate quarter0(1960, 3, 31);
    const auto quarterEnd = [&](int i) {
        const QDate first = QDate(1960, 1, 1).addMonths(3 * i + 2);
        return QDate(first.year(), first.month(), first.daysInMonth());
    };
    QVERIFY(quarterEnd(0) == quarter0);
    QTest::newRow("quarter ends") << wavySeries(200, [&](int i) { return quarterEnd(i).toString(Qt::ISODate); })
                                  << QStringList{quarterEnd(200).toString(Qt::ISODate),
                                                 quarterEnd(201).toString(Qt::ISODate),
                                                 quarterEnd(202).toString(Qt::ISODate)};
    QTest::newRow("numeric years") << wavySeries(200, [](int i) { return QString::number(1801 + i); })
                                   << QStringList{"2001", "2002", "2003"};
}

void TestCliForecast::forecastTimeColumn() {
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, expected);
    const QString tag = QString(QTest::currentDataTag()).replace(' ', '_');
    const QString data = tmp_.filePath(tag + ".csv"), project = tmp_.filePath(tag), out = tmp_.filePath(tag + "_f.csv");
    QVERIFY(writeText(data, csv));
    CliResult r = runCli({"train", "--data", data, "--target", "value", "--date-column", "time", "--window", "5",
                          "--hidden", "4", "--epochs", "1", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = runCli({"forecast", "--project", project, "--steps", "3", "--levels", "90", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = readLines(out);
    QCOMPARE(lines.front(), QString("time,step,mean,lower_90,upper_90"));
    QCOMPARE(lines.size(), 4);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(cells(lines[i + 1])[0], expected[i]);
        QCOMPARE(cells(lines[i + 1])[1], QString::number(i + 1));
    }
}

void TestCliForecast::pastTheHorizonNeedsTheTargetAlone() {
    const QString project = tmp_.filePath("two_inputs"), out = tmp_.filePath("two_inputs.csv");
    CliResult r = runCli({"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--features",
                          "close,volume", "--horizon", "2", "--window", "10", "--hidden", "8", "--epochs", "1", "--out",
                          project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = runCli({"forecast", "--project", project, "--steps", "3", "--out", out});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("horizon of 2") && r.err.contains("ask for at most 2 steps"), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    r = runCli({"forecast", "--project", project, "--steps", "2", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(readLines(out).size(), 3);
    QCOMPARE(cells(readLines(out)[1])[0], QString("2020-04-20"));  // the file ends on Friday 2020-04-17
}

void TestCliForecast::conformalCoverageOnSyntheticSeries() {
    // 5000 rows of a stationary AR(1): ~740 test windows, so the coverage of a calibrated
    // interval lies within a few points of its level.
    const QString data = tmp_.filePath("ar.csv"), project = tmp_.filePath("ar");
    QVERIFY(writeText(data, arSeries(5000, 20261206)));
    const CliResult r = runCli({"train", "--data", data, "--target", "value", "--window", "10", "--hidden", "16",
                                "--epochs", "3", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject intervals = readJson(project + "/metrics.json")["intervals"].toObject();
    const double c80 = intervals["80"].toObject()["coverage"].toDouble();
    const double c95 = intervals["95"].toObject()["coverage"].toDouble();
    QVERIFY2(std::abs(c80 - 80.0) <= 5.0, qPrintable(QString::number(c80)));
    QVERIFY2(std::abs(c95 - 95.0) <= 5.0, qPrintable(QString::number(c95)));
    QVERIFY(intervals["80"].toObject()["n"].toInt() > 700);
}

void TestCliForecast::backtestNeverSeesItsFuture() {
    // 1200 rows: training 840, then 3 folds of 120 rows over validation and test. Changing
    // every row after fold 1 must leave fold 1's forecasts exactly as they were.
    const QString data = tmp_.filePath("bt.csv"), project = tmp_.filePath("bt");
    const QByteArray original = arSeries(1200, 7);
    QVERIFY(writeText(data, original));
    CliResult r = runCli({"train", "--data", data, "--target", "value", "--window", "10", "--hidden", "8", "--epochs",
                          "2", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString before = tmp_.filePath("bt_before"), after = tmp_.filePath("bt_after");
    r = runCli({"backtest", "--project", project, "--folds", "3", "--refit", "every", "--out", before});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonArray folds = readJson(before + "/backtest.json")["folds"].toArray();
    QCOMPARE(folds.size(), 3);
    QCOMPARE(folds[0].toObject()["rows"].toArray()[0].toInt(), 840);
    const int end0 = folds[0].toObject()["rows"].toArray()[1].toInt();
    QCOMPARE(end0, 960);
    QVERIFY(folds[0].toObject()["epochs"].toInt() > 0);

    // Rows from 960 on (file line 962 on) become something else entirely.
    QList<QByteArray> lines = original.split('\n');
    for (int i = 1 + end0; i < lines.size(); ++i)
        if (!lines[i].isEmpty()) lines[i] = QByteArray::number(lines[i].toDouble() * 3.0 + 5.0, 'f', 6);
    QVERIFY(writeText(data, lines.join('\n')));
    r = runCli({"backtest", "--project", project, "--folds", "3", "--refit", "every", "--out", after});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonArray changed = readJson(after + "/backtest.json")["folds"].toArray();
    QCOMPARE(changed[0].toObject(), folds[0].toObject());  // every metric of fold 1, bit for bit
    QVERIFY(changed[2].toObject()["model"].toObject()["mae"].toDouble() !=
            folds[2].toObject()["model"].toObject()["mae"].toDouble());
    QVERIFY(r.err.contains("changed since the project was trained"));
    QVERIFY(writeText(data, original));
}

void TestCliForecast::shortSeriesAdapt() {
    // 100 yearly rows, split 70/15/15: the default window of 30 does not fit a 15-row split,
    // so it becomes (15 - 1) / 2 = 7; 63 training windows at the default batch of 64 would be
    // one step per epoch, so the batch becomes 63 / 10 = 6.
    const QString data = tmp_.filePath("short.csv"), project = tmp_.filePath("short");
    QVERIFY(writeText(data, wavySeries(100, [](int i) { return QString::number(1871 + i); })));
    CliResult r = runCli({"train", "--data", data, "--target", "value", "--date-column", "time", "--hidden", "8",
                          "--epochs", "2", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("window 7 instead of 30: the smallest split has 15 rows"), qPrintable(r.err));
    QVERIFY2(r.err.contains("batch size 6 instead of 64: 63 training examples make an epoch of 1 optimizer step"),
             qPrintable(r.err));
    const QJsonObject p = readJson(project + "/project.json");
    QCOMPARE(p["series"].toObject()["window"].toInt(), 7);
    QCOMPARE(p["train"].toObject()["batch_size"].toInt(), 6);
    // 8 validation forecasts calibrate 80% (4 needed) but not 95% (19 needed).
    QVERIFY2(r.out.contains("95% interval: too few validation forecasts to calibrate it (at least 19 needed)"),
             qPrintable(r.out));
    QVERIFY(readJson(project + "/metrics.json")["intervals"].toObject()["95"].toObject()["coverage"].isNull());
    // Values given are kept: the window of 30 does not fit, and the batch of 64 only warns.
    r = runCli({"train", "--data", data, "--target", "value", "--window", "30", "--out", tmp_.filePath("short2")});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("the validation split has 15 rows but one window needs 31"), qPrintable(r.err));
    r = runCli({"train", "--data", data, "--target", "value", "--batch-size", "64", "--epochs", "1", "--out",
                tmp_.filePath("short3")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("warning: 63 training examples make an epoch of 1 optimizer step(s) at batch size 64; a "
                            "smaller --batch-size (about 6)"),
             qPrintable(r.err));
}

void TestCliForecast::autoSearchKeepsTheBest() {
    const QString data = tmp_.filePath("auto.csv"), project = tmp_.filePath("auto");
    QVERIFY(writeText(data, arSeries(600, 11)));
    CliResult r = runCli({"train", "--data", data, "--target", "value", "--epochs", "4", "--auto", "--budget-seconds",
                          "40", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QRegularExpression("auto: \\d+ of \\d+ settings")), qPrintable(r.out));
    QVERIFY2(r.out.contains("auto's choice (run r"), qPrintable(r.out));
    // Every trial is a run; the current one has the lowest validation loss of the first run
    // and the trials that trained all the way.
    r = runCli({"runs", "--project", project, "--json"});
    QCOMPARE(r.code, 0);
    const QJsonArray runs = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QVERIFY(runs.size() >= 3);
    double first = 0, current = 0;
    for (const QJsonValue& v : runs) {
        const QJsonObject run = v.toObject();
        const double loss = run["metrics"].toObject()["val_loss"].toDouble();
        if (run["id"].toString() == "r1") first = loss;
        if (run["current"].toBool()) current = loss;
        if (run["id"].toString() != "r1") QCOMPARE(run["origin"].toString(), QString("sweep"));
    }
    QVERIFY(first > 0 && current > 0 && current <= first);
    // --budget-seconds belongs to --auto, which is a forecast's.
    QCOMPARE(runCli({"train", "--data", data, "--target", "value", "--budget-seconds", "5", "--out",
                     tmp_.filePath("auto2")})
                 .code,
             2);
    r = runCli({"train", "--task", "charlm", "--data", dataset("pride_and_prejudice.txt"), "--auto", "--out",
                tmp_.filePath("auto3")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--auto is a forecast option"), qPrintable(r.err));
}

void TestCliForecast::badRequests() {
    const QString out = tmp_.filePath("bad.csv");
    CliResult r = runCli({"forecast", "--project", sunspots_, "--steps", "0", "--out", out});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("--steps must be at least 1"));
    r = runCli({"forecast", "--project", sunspots_, "--steps", "3", "--levels", "120", "--out", out});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("between 0 and 100"));
    r = runCli({"backtest", "--project", sunspots_, "--folds", "5000"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("use fewer folds"), qPrintable(r.err));
    r = runCli({"backtest", "--project", sunspots_, "--refit", "sometimes"});
    QCOMPARE(r.code, 2);
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestCliForecast)
#include "test_cli_forecast.moc"
