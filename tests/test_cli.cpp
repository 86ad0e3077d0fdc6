// lstm-studio-cli end to end: the contract of train / resume / evaluate / predict, the
// project folder it writes, exit codes, and CSV files of other shapes.

#include "data/csv_reader.h"
#include "base/sha256.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

namespace {

using studio::test::readJson;
using studio::test::readLines;
using Result = studio::test::CliResult;

Result cli(const QStringList& args) { return studio::test::runCli(args); }

QString dataset(const char* name) { return QString(STUDIO_SOURCE_DIR "/datasets/") + name; }

void writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void projectFolder();
    void predictionsLineUpWithTheData();
    void evaluateReproducesMetrics();
    void predictWholeFile();
    void resumeTrainsOn();
    void exitCodes_data();
    void exitCodes();
    void semicolonsManyColumnsDecimalYears();
    void multiStepOnPrices();
    void predictWithoutTheTarget();

private:
    QTemporaryDir tmp_;
    QString project_;
    Result trained_;
};

void TestCli::initTestCase() {
    project_ = tmp_.filePath("sunspots");
    trained_ = cli({"train", "--data", dataset("sunspots_monthly.csv"), "--target", "sunspots", "--epochs", "3",
                    "--out", project_});
    QVERIFY2(trained_.code == 0, qPrintable(trained_.err));
}

void TestCli::projectFolder() {
    for (const char* f : {"project.json", "model.pt", "checkpoint.pt", "history.jsonl", "metrics.json", "predictions.csv"})
        QVERIFY2(QFile::exists(project_ + "/" + f), f);
    // Not a terminal: one progress line per epoch.
    QCOMPARE(trained_.err.count(QRegularExpression("^epoch \\d/3 ", QRegularExpression::MultilineOption)), 3);
    QVERIFY(trained_.out.contains("naive"));

    const QJsonObject project = readJson(project_ + "/project.json");
    QCOMPARE(project["data"]["sha256"].toString().toStdString(),
             studio::sha256File(dataset("sunspots_monthly.csv").toStdString()));
    QCOMPARE(project["series"]["window"].toInt(), 30);
    QCOMPARE(project["model"]["hidden"].toInt(), 64);  // the small preset
    QCOMPARE(project["seed"].toInt(), 42);
    QVERIFY(project["versions"].toObject().contains("libtorch"));
    QVERIFY(project["scaler"]["target"]["offset"].toArray().size() == 1);

    const QStringList history = readLines(project_ + "/history.jsonl");
    QCOMPARE(history.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject e = QJsonDocument::fromJson(history[i].toUtf8()).object();
        QCOMPARE(e["epoch"].toInt(), i + 1);
        for (const char* key : {"train_loss", "val_loss", "grad_norm_mean", "grad_norm_max", "clipped_fraction", "lr", "seconds"})
            QVERIFY2(e[key].isDouble(), key);
    }

    const QJsonObject metrics = readJson(project_ + "/metrics.json");
    QCOMPARE(metrics["task"].toString(), QString("forecast"));
    QCOMPARE(metrics["split"].toString(), QString("test"));
    // 3177 rows: test split 3177 - 2223 - 476 = 478 rows, 478 - 30 - 1 + 1 = 448 windows.
    QCOMPARE(metrics["n"].toInt(), 448);
    for (const char* key : {"mae", "rmse", "mape", "smape", "mase", "directional_accuracy"})
        QVERIFY2(metrics["model"][key].isDouble(), key);
    for (const char* key : {"mae", "rmse", "mape", "smape"}) QVERIFY2(metrics["naive"][key].isDouble(), key);
}

void TestCli::predictionsLineUpWithTheData() {
    const studio::CsvTable data = studio::readCsv(dataset("sunspots_monthly.csv").toStdString());
    const auto& values = data.columns[data.find("sunspots")].numbers;
    const studio::CsvTable pred = studio::readCsv((project_ + "/predictions.csv").toStdString());
    QCOMPARE(pred.columns.size(), std::size_t(7));  // row, pred_1, true_1, two bounds per level
    QCOMPARE(pred.columns[0].name, std::string("row"));
    QCOMPARE(pred.columns[3].name, std::string("lower_80_1"));
    QCOMPARE(pred.rowCount(), std::size_t(448));
    QCOMPARE(pred.columns[0].numbers.front(), 2223.0 + 476 + 29);  // last input row of the first test window
    double naiveAbs = 0;
    for (std::size_t i = 0; i < pred.rowCount(); ++i) {
        const auto row = static_cast<std::size_t>(pred.columns[0].numbers[i]);
        QVERIFY(std::abs(pred.columns[2].numbers[i] - values[row + 1]) < 1e-6 * (1 + values[row + 1]));
        naiveAbs += std::abs(values[row] - values[row + 1]);
    }
    // The naive MAE in metrics.json is the hand computation over the same rows.
    const QJsonObject metrics = readJson(project_ + "/metrics.json");
    QVERIFY(std::abs(metrics["naive"]["mae"].toDouble() - naiveAbs / 448) < 1e-6);
}

void TestCli::evaluateReproducesMetrics() {
    const Result r = cli({"evaluate", "--project", project_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject metrics = readJson(project_ + "/metrics.json");
    const QRegularExpressionMatch m = QRegularExpression("MAE\\s+([0-9.]+)\\s+([0-9.]+)").match(r.out);
    QVERIFY2(m.hasMatch(), qPrintable(r.out));
    QVERIFY(std::abs(m.captured(1).toDouble() - metrics["model"]["mae"].toDouble()) < 1e-3);
    QVERIFY(std::abs(m.captured(2).toDouble() - metrics["naive"]["mae"].toDouble()) < 1e-3);
}

void TestCli::predictWholeFile() {
    const QString out = tmp_.filePath("all.csv");
    const Result r = cli({"predict", "--project", project_, "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = readLines(out);
    QCOMPARE(lines.size(), 1 + 3177 - 30 + 1);
    QCOMPARE(lines[0], QString("row,pred_1,true_1,lower_80_1,upper_80_1,lower_95_1,upper_95_1"));
    QVERIFY(lines[1].startsWith("29,"));
    QVERIFY2(lines.last().startsWith("3176,") && lines.last().section(',', 2, 2).isEmpty(),
             qPrintable(lines.last()));  // no truth yet
    // The same windows give the same predictions as the training run's test split (up to
    // float rounding: the batches differ in size).
    const QStringList test = readLines(project_ + "/predictions.csv");
    const QString row = test[1].section(',', 0, 0);
    const QStringList match = lines.filter(QRegularExpression("^" + row + ","));
    QCOMPARE(match.size(), 1);
    const double a = test[1].section(',', 1, 1).toDouble(), b = match[0].section(',', 1, 1).toDouble();
    QVERIFY2(std::abs(a - b) < 1e-4 * (1 + std::abs(a)), qPrintable(QString("%1 vs %2").arg(a).arg(b)));
}

void TestCli::resumeTrainsOn() {
    const QString copy = tmp_.filePath("resumed");
    QDir().mkpath(copy);
    for (const QString& f : QDir(project_).entryList(QDir::Files)) QFile::copy(project_ + "/" + f, copy + "/" + f);
    const Result r = cli({"resume", "--project", copy, "--epochs", "5"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(readLines(copy + "/history.jsonl").size(), 5);
    const QJsonObject project = readJson(copy + "/project.json");
    QCOMPARE(project["status"]["epochs_done"].toInt(), 5);
    QCOMPARE(r.err.count(QRegularExpression("^epoch [45]/5 ", QRegularExpression::MultilineOption)), 2);
}

void TestCli::exitCodes_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString sun = dataset("sunspots_monthly.csv");
    QTest::newRow("no subcommand") << QStringList{} << QByteArray() << 2 << "";
    QTest::newRow("missing target") << QStringList{"train", "--data", sun, "--out", "x"} << QByteArray() << 2 << "--target";
    QTest::newRow("unknown column") << QStringList{"train", "--data", sun, "--target", "close", "--out", "x"}
                                    << QByteArray() << 2 << "no column named 'close'";
    QTest::newRow("bad preset") << QStringList{"train", "--data", sun, "--target", "sunspots", "--preset", "huge", "--out", "x"}
                                << QByteArray() << 2 << "unknown preset";
    QTest::newRow("bad split") << QStringList{"train", "--data", sun, "--target", "sunspots", "--split", "0.5,0.5", "--out", "x"}
                               << QByteArray() << 2 << "three fractions";
    QTest::newRow("no such project") << QStringList{"evaluate", "--project", "/nonexistent/p"} << QByteArray() << 2 << "";
    QTest::newRow("ragged csv") << QStringList{"train", "--data", "@FILE@", "--target", "b", "--out", "x"}
                                << QByteArray("a,b\n1,2\n3,4,5\n") << 3 << ":3:";
    QTest::newRow("text target") << QStringList{"train", "--data", "@FILE@", "--target", "b", "--out", "x"}
                                 << QByteArray("a,b\n1,x\n2,y\n3,z\n") << 3 << "column 'b'";
    QTest::newRow("not a project") << QStringList{"evaluate", "--project", "@DIR@"} << QByteArray() << 3 << "project.json";
}

void TestCli::exitCodes() {
    QFETCH(QStringList, args);
    QFETCH(QByteArray, file);
    QFETCH(int, code);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath("input.csv");
    if (!file.isEmpty()) writeFile(path, file);
    for (QString& a : args) {
        a.replace("@FILE@", path);
        a.replace("@DIR@", dir.path());
        if (a == "x") a = dir.filePath("out");
    }
    const Result r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message) || r.out.contains(message), qPrintable(r.err + r.out));
    QVERIFY2(!r.err.contains("frame #"), qPrintable(r.err));  // never a stack trace
}

void TestCli::semicolonsManyColumnsDecimalYears() {
    // 14 columns, ';' separated, decimal-year time, comma-free numbers.
    QByteArray csv = "year;f1;f2;f3;f4;f5;f6;f7;f8;f9;f10;f11;f12;level\n";
    for (int i = 0; i < 400; ++i) {
        csv += QByteArray::number(1900.0 + i / 12.0, 'f', 4);
        for (int f = 1; f <= 12; ++f) csv += ";" + QByteArray::number(std::sin(i * 0.1 * f), 'g', 8);
        csv += ";" + QByteArray::number(10 + std::sin(i * 0.1) * 3 + i * 0.01, 'g', 8) + "\n";
    }
    const QString path = tmp_.filePath("wide.csv");
    writeFile(path, csv);
    const QString out = tmp_.filePath("wide");
    const Result r = cli({"train", "--data", path, "--target", "level", "--features", "f3,level,f1", "--date-column",
                          "year", "--window", "12", "--epochs", "2", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject project = readJson(out + "/project.json");
    const QJsonArray features = project["series"]["features"].toArray();
    QCOMPARE(features, (QJsonArray{"f3", "level", "f1"}));
}

void TestCli::multiStepOnPrices() {
    const QString out = tmp_.filePath("sp500");
    const Result r = cli({"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--features",
                          "open,high,low,close,volume", "--horizon", "5", "--head", "mlp", "--preset", "small",
                          "--hidden", "32", "--epochs", "1", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = readLines(out + "/predictions.csv");
    QVERIFY(lines[0].startsWith("row,pred_1,pred_2,pred_3,pred_4,pred_5,true_1,true_2,true_3,true_4,true_5,"
                                "lower_80_1,upper_80_1,lower_80_2,"));
    QVERIFY(lines[0].endsWith(",lower_95_5,upper_95_5"));
    const QJsonObject project = readJson(out + "/project.json");
    QCOMPARE(project["model"]["hidden"].toInt(), 32);  // explicit option over the preset
    QCOMPARE(project["model"]["head"].toString(), QString("mlp"));
    QCOMPARE(project["series"]["horizon"].toInt(), 5);
}

// A target that is no input is not needed to predict: a file of the inputs alone gives
// the same predictions as the whole file, with empty truth. With the relative scaler the
// target is the reference of every window, so the file must hold it.
void TestCli::predictWithoutTheTarget() {
    const QString dir = tmp_.filePath("inputs-only");
    const QStringList common{"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--features",
                             "open,high,low", "--window", "10", "--hidden", "8", "--epochs", "1"};
    Result r = cli(common + QStringList{"--scaler", "zscore", "--out", dir});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    // The data without its close column.
    QFile in(dataset("sp500_2000_2020.csv"));
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray without;
    int rows = -1;  // the header is no row
    for (const QByteArray& line : in.readAll().split('\n')) {
        if (line.isEmpty()) continue;
        QList<QByteArray> cells = line.split(',');
        QVERIFY(cells.size() == 7);  // date,open,high,low,close,adjclose,volume
        cells.removeAt(4);
        without += cells.join(',') + '\n';
        ++rows;
    }
    const QString inputs = tmp_.filePath("inputs.csv");
    writeFile(inputs, without);

    const QString full = tmp_.filePath("full-pred.csv"), partial = tmp_.filePath("inputs-pred.csv");
    r = cli({"predict", "--project", dir, "--out", full});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = cli({"predict", "--project", dir, "--data", inputs, "--out", partial});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("no column 'close': predictions without truth"), qPrintable(r.err));
    const QStringList a = readLines(full), b = readLines(partial);
    QCOMPARE(a.size() - 1, rows - 9);  // a window ends at every row from the 10th
    QCOMPARE(b.size(), a.size());
    QCOMPARE(b[0], QString("row,pred_1,true_1,lower_80_1,upper_80_1,lower_95_1,upper_95_1"));
    for (int i = 1; i < a.size(); ++i) {
        const QStringList x = a[i].split(','), y = b[i].split(',');
        QCOMPARE(y[0], x[0]);       // the same row
        QCOMPARE(y[1], x[1]);       // the same prediction
        QCOMPARE(y[2], QString());  // no truth
    }

    // Relative scaling: refused as bad data, saying why the target is needed.
    const QString relative = tmp_.filePath("inputs-relative");
    r = cli(common + QStringList{"--scaler", "relative", "--out", relative});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = cli({"predict", "--project", relative, "--data", inputs, "--out", tmp_.filePath("never.csv")});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("no column named 'close' for the target") && r.err.contains("relative scaler"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(tmp_.filePath("never.csv")));
}

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
