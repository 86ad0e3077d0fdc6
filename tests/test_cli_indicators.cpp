// Technical indicators through the CLI (train --indicators): on the first 700 rows of the
// bundled S&P 500 series, the project records the resolved list and the indicator features,
// the rows without history are dropped and reported, the z-score of the sma:10 feature is
// fitted on the training rows (checked against the 10-row means worked out here), predict
// starts after the history, evaluate runs, a forecast past the horizon computes the indicators
// of its own forecast rows (checked against predict on the file extended by them), and bad lists
// are refused with the reason.

#include "cli_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace studio::test;

namespace {

constexpr int kRows = 700;
constexpr int kLookBack = 183;  // macd: 134 rows for the 26-row ema, 49 more for its signal

bool writeSlice(const QString& path) {
    const QStringList lines = readLines(dataset("sp500_2000_2020.csv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    for (int i = 0; i <= kRows; ++i) f.write((lines.at(i) + "\n").toUtf8());
    return true;
}

std::vector<double> closes(const QString& path) {
    std::vector<double> out;
    const QStringList lines = readLines(path);
    for (int i = 1; i < lines.size(); ++i) out.push_back(lines[i].split(',').at(4).toDouble());
    return out;
}

}  // namespace

class TestCliIndicators : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainRecordsAndDrops();
    void predictEvaluateForecast();
    void bench();
    void refusals();
    void rerunKeepsThem();

private:
    QTemporaryDir tmp_;
    QString csv_, project_;
};

void TestCliIndicators::initTestCase() {
    QVERIFY(tmp_.isValid());
    csv_ = tmp_.filePath("sp500_slice.csv");
    project_ = tmp_.filePath("indicators");
    QVERIFY(writeSlice(csv_));
}

void TestCliIndicators::trainRecordsAndDrops() {
    const CliResult r = runCli({"train", "--data", csv_, "--target", "close", "--indicators",
                                "sma:10,ema:20,rsi:14,macd,logret", "--window", "10", "--hidden", "8", "--epochs", "2",
                                "--scaler", "zscore", "--seed", "3", "--out", project_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(
                 QString("data: %1 rows read, %2 used, %3 dropped").arg(kRows).arg(kRows - kLookBack).arg(kLookBack)),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("lines 2-184: the first 183 row(s) dropped"), qPrintable(r.err));

    const QJsonObject project = readJson(project_ + "/project.json");
    const QJsonObject series = project["series"].toObject();
    QCOMPARE(series["indicators"].toArray(),
             (QJsonArray{"sma:10@close", "ema:20@close", "rsi:14@close", "macd@close", "logret@close"}));
    QCOMPARE(series["features"].toArray(),
             (QJsonArray{"close", "indicator:close:sma10", "indicator:close:ema20", "indicator:close:rsi14",
                         "indicator:close:macd", "indicator:close:macd_hist", "indicator:close:logret"}));
    const QJsonObject split = series["rows"].toObject();
    const int trainRows = split["train"].toInt();
    QCOMPARE(trainRows + split["val"].toInt() + split["test"].toInt(), kRows - kLookBack);
    const QJsonObject scaler = project["scaler"].toObject()["features"].toObject();
    QCOMPARE(scaler["plain"].toInt(), 6);
    // The sma:10 column's offset: the mean over the training rows (those after the history) of
    // the mean of the 10 closes up to each row.
    const std::vector<double> close = closes(csv_);
    double sum = 0.0;
    for (int t = kLookBack; t < kLookBack + trainRows; ++t) {
        double window = 0.0;
        for (int j = t - 9; j <= t; ++j) window += close[std::size_t(j)];
        sum += window / 10.0;
    }
    const double offset = scaler["offset"].toArray().at(1).toDouble();
    QVERIFY2(std::abs(offset - sum / trainRows) < 1e-9 * offset, qPrintable(QString::number(offset, 'g', 17)));
}

void TestCliIndicators::predictEvaluateForecast() {
    QVERIFY2(QFile::exists(project_ + "/model.pt"), "trainRecordsAndDrops trains the project first");
    const QString predictions = tmp_.filePath("predictions.csv");
    CliResult r = runCli({"predict", "--project", project_, "--out", predictions});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("the first 183 row(s) dropped"), qPrintable(r.err));
    const QStringList lines = readLines(predictions);
    // One window ending at every row from 183 + 10 - 1 on; the truth is the next close.
    QCOMPARE(lines.size() - 1, kRows - (kLookBack + 9));
    const QStringList first = lines.at(1).split(',');
    QCOMPARE(first.at(0), QString::number(kLookBack + 9));
    const std::vector<double> close = closes(csv_);
    QVERIFY(std::abs(first.at(2).toDouble() - close[kLookBack + 10]) < 1e-4);
    QVERIFY(std::isfinite(first.at(1).toDouble()));

    r = runCli({"evaluate", "--project", project_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("MAE"), qPrintable(r.out));

    // Past the horizon the indicators of each new row come from the forecasts before it: step 2
    // equals predict's forecast from a file that ends with step 1 as its last close.
    const QString forecast = tmp_.filePath("forecast.csv");
    r = runCli({"forecast", "--project", project_, "--steps", "3", "--out", forecast});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList steps = readLines(forecast);
    QCOMPARE(steps.size(), 4);
    const QStringList step1 = steps.at(1).split(','), step2 = steps.at(2).split(',');
    const QString extended = tmp_.filePath("extended.csv"), extendedPredictions = tmp_.filePath("extended_pred.csv");
    {
        QFile f(extended);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(readAll(csv_));
        f.write((step1.at(0) + ",0," + "0,0," + step1.at(2) + ",0,0\n").toUtf8());
    }
    r = runCli({"predict", "--project", project_, "--data", extended, "--out", extendedPredictions});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList last = readLines(extendedPredictions).last().split(',');
    QCOMPARE(last.at(0), QString::number(kRows));
    qInfo("step 2: forecast %s, predict on the extended file %s", qPrintable(step2.at(2)), qPrintable(last.at(1)));
    QVERIFY(std::abs(last.at(1).toDouble() - step2.at(2).toDouble()) <= 1e-4 * std::abs(step2.at(2).toDouble()));

    // A model that reads another column besides its target stops at its horizon.
    const QString withVolume = tmp_.filePath("with_volume");
    r = runCli({"train", "--data", csv_, "--target", "close", "--features", "close,volume", "--indicators",
                "volume_z:5", "--window", "10", "--hidden", "4", "--epochs", "1", "--out", withVolume});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = runCli({"forecast", "--project", withVolume, "--steps", "3", "--out", tmp_.filePath("forecast3.csv")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("its target alone"), qPrintable(r.err));
}

// bench times calls that start from raw rows, the indicators computed in each call (from the
// rows before each window, which the dataset's windows no longer hold): it runs every backend.
void TestCliIndicators::bench() {
    QVERIFY2(QFile::exists(project_ + "/model.pt"), "trainRecordsAndDrops trains the project first");
    const QString json = tmp_.filePath("bench.json");
    const CliResult r = runCli({"bench", "--project", project_, "--iterations", "5", "--warmup", "1", "--batches",
                                "1,4", "--train-batches", "0", "--json", json});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(readAll(json).contains("libtorch-fp32"), qPrintable(r.out));
}

void TestCliIndicators::refusals() {
    const struct {
        const char* list;
        const char* says;
    } cases[] = {
        {"wma:5", "unknown indicator 'wma:5'"},
        {"volume_z:20", "no input column named 'volume'"},
        {"sma:5@volume", "column 'volume' is not one of the model's input columns"},
        {"sma:1", "at least 2"},
        {"sma:5,sma:5", "named twice"},
    };
    for (const auto& c : cases) {
        const CliResult r = runCli({"train", "--data", csv_, "--target", "close", "--indicators", c.list, "--epochs",
                                    "1", "--out", tmp_.filePath("refused")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(c.says), qPrintable(r.err));
        QVERIFY(!QFile::exists(tmp_.filePath("refused/project.json")));
    }
    // Too few rows for the history: bad data, named.
    const QString shortCsv = tmp_.filePath("short.csv");
    {
        const QStringList lines = readLines(csv_);
        QFile f(shortCsv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i <= 150; ++i) f.write((lines.at(i) + "\n").toUtf8());
    }
    const CliResult r = runCli({"train", "--data", shortCsv, "--target", "close", "--indicators", "macd", "--epochs",
                                "1", "--out", tmp_.filePath("short")});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("need 183 earlier rows"), qPrintable(r.err));
}

// A rerun trains from the run's recorded settings: the indicators are among them.
void TestCliIndicators::rerunKeepsThem() {
    QVERIFY2(QFile::exists(project_ + "/model.pt"), "trainRecordsAndDrops trains the project first");
    const CliResult r = runCli({"rerun", "--project", project_, "--run", "r1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject first = readJson(project_ + "/runs/r1/project.json")["series"].toObject();
    const QJsonObject again = readJson(project_ + "/runs/r2/project.json")["series"].toObject();
    QCOMPARE(again["indicators"].toArray(), first["indicators"].toArray());
    QCOMPARE(again["features"].toArray(), first["features"].toArray());
}

QTEST_GUILESS_MAIN(TestCliIndicators)
#include "test_cli_indicators.moc"
