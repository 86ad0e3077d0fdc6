// What export-onnx writes beside the model for whoever receives it: the model card states the
// inputs in their order, window, horizon, scaler, units, the data's SHA-256 (sha256sum's) and
// metrics.json's test metrics; example.py, run by /usr/bin/python3 on the raw CSV file, prints
// predict's forecasts for the same rows. Python's onnxruntime is used where installed, else
// tests/oracle/ort_shim, which runs the model in onnxruntime-node (tests/oracle/onnx_run.js).

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

using studio::test::CliResult;
using studio::test::dataset;
using studio::test::readAll;
using studio::test::readJson;
using studio::test::readLines;
using studio::test::runCli;

namespace {

constexpr double kTolerance = 1e-4;  // relative, example.py (float32 in ONNX Runtime) vs predict

QString sha256sum(const QString& path) {
    QProcess p;
    p.start("sha256sum", {path});
    p.waitForFinished();
    return QString::fromLatin1(p.readAllStandardOutput().left(64));
}

// The environment example.py runs in: the shim only where `import onnxruntime` fails.
QProcessEnvironment pythonEnv() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains("NODE_PATH")) env.insert("NODE_PATH", STUDIO_NODE_MODULES);
    env.insert("STUDIO_NODE", STUDIO_NODE);
    env.insert("PYTHONDONTWRITEBYTECODE", "1");  // no __pycache__ in the source tree
    QProcess probe;
    probe.start(STUDIO_PYTHON, {"-c", "import numpy, onnxruntime"});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0) {
        env.insert("PYTHONPATH", STUDIO_ORACLE_DIR "/ort_shim");
        qInfo("Python has no onnxruntime: example.py runs with tests/oracle/ort_shim (onnxruntime-node)");
    }
    return env;
}

// "| model | 700 | 1.5 | ..." -> the numbers after the name.
QList<double> tableRow(const QString& card, const QString& name) {
    QList<double> values;
    for (const QString& line : card.split('\n')) {
        if (!line.startsWith("| " + name + " |")) continue;
        const QStringList cells = line.split('|', Qt::SkipEmptyParts);
        for (int i = 1; i < cells.size(); ++i) values.append(cells[i].trimmed() == "n/a" ? NAN : cells[i].toDouble());
        break;
    }
    return values;
}

// The S&P 500 file with a few cells emptied (close, volume, open), so that the missing-value
// policy changes which rows the windows see.
bool writeHoledCopy(const QString& from, const QString& to) {
    QStringList lines = QString::fromUtf8(readAll(from)).split('\n');
    const QStringList header = lines.value(0).split(',');
    const int close = header.indexOf("close"), volume = header.indexOf("volume"), open = header.indexOf("open");
    const std::pair<int, int> holes[] = {{3, close}, {700, volume}, {701, close}, {4000, open}, {5080, close}};
    for (const auto& [line, col] : holes) {
        QStringList cells = lines.value(line).split(',');
        if (cells.size() != header.size()) return false;
        cells[col].clear();
        lines[line] = cells.join(',');
    }
    QFile f(to);
    return f.open(QIODevice::WriteOnly) && f.write(lines.join('\n').toUtf8()) > 0;
}

bool near(double a, double b, double rel) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= rel * std::max(1.0, std::abs(b));
}

}  // namespace

class TestModelCard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }
    void exampleMatchesPredict_data();
    void exampleMatchesPredict();
    void classifierExampleMatchesPredict_data();
    void classifierExampleMatchesPredict();

private:
    QTemporaryDir tmp_;
};

void TestModelCard::exampleMatchesPredict_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<bool>("lastValue");
    QTest::addColumn<bool>("holes");
    QTest::newRow("close") << QStringList{} << false << false;
    QTest::newRow("calendar") << QStringList{"--calendar"} << false << false;
    // The target is no input: the relative scaler's reference comes in as last_value.
    QTest::newRow("relative-open") << QStringList{"--features", "open", "--scaler", "relative"} << true << false;
    // Empty cells: rows dropped (the rows printed skip them), or filled from the row above.
    QTest::newRow("holes-drop") << QStringList{"--features", "close,volume"} << false << true;
    QTest::newRow("holes-ffill") << QStringList{"--features", "close,volume", "--missing", "ffill"} << false << true;
}

void TestModelCard::exampleMatchesPredict() {
    QFETCH(QStringList, extra);
    QFETCH(bool, lastValue);
    QFETCH(bool, holes);
    const QString tag = QTest::currentDataTag();
    const QString project = tmp_.filePath(tag);
    QString data = dataset("sp500_2000_2020.csv");
    if (holes) {
        data = tmp_.filePath(tag + ".csv");
        QVERIFY(writeHoledCopy(dataset("sp500_2000_2020.csv"), data));
    }
    CliResult r = runCli(QStringList{"train", "--data", data, "--target", "close", "--epochs", "1", "--window", "10",
                                     "--hidden", "8", "--out", project} +
                         extra);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString out = tmp_.filePath(tag + "-export");
    QVERIFY(QDir().mkpath(out));
    r = runCli({"export-onnx", "--project", project, "--out", out + "/sp500.onnx"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(out + "/sp500.md") && r.out.contains(out + "/example.py"), qPrintable(r.out));
    QCOMPARE(QDir(out).entryList(QDir::Files), (QStringList{"example.py", "sp500.md", "sp500.onnx"}));

    // The card: inputs in the model's order, window, horizon, scaler, units, data, metrics.
    const QString card = QString::fromUtf8(readAll(out + "/sp500.md"));
    const QJsonObject series = readJson(project + "/project.json")["series"].toObject();
    const QJsonArray features = series["features"].toArray();
    QVERIFY(!features.isEmpty());
    qsizetype at = 0;
    for (int f = 0; f < features.size(); ++f) {
        const QString item = QString("%1. `%2`").arg(f + 1).arg(features[f].toString());
        const qsizetype next = card.indexOf(item);
        QVERIFY2(next > at, qPrintable("input " + item + " missing or out of order"));
        at = next;
    }
    if (tag == "calendar") QVERIFY(card.contains("1. `close`") && card.contains("`calendar:weekday_sin`"));
    QCOMPARE(card.contains("`last_value`"), lastValue);
    QVERIFY(card.contains("- Window: 10 rows"));
    QVERIFY(card.contains("- Horizon: 1 row"));
    QVERIFY2(card.contains("Kind `" + series["scaler"].toString() + "`"), qPrintable(series["scaler"].toString()));
    QVERIFY(card.contains("in the units of the column 'close'"));
    QVERIFY(card.contains("SHA-256: `" + sha256sum(data) + "`"));
    const QJsonObject metrics = readJson(project + "/metrics.json");
    const QList<double> model = tableRow(card, "model");
    QCOMPARE(model.size(), 7);
    QCOMPARE(model[0], metrics["n"].toDouble());
    const char* keys[] = {"mae", "rmse", "mape", "smape", "mase", "directional_accuracy"};
    for (const char* baseline : {"model", "naive", "drift"}) {
        const QJsonObject m = baseline == QString("model") ? metrics["model"].toObject()
                                                           : metrics["baselines"].toObject()[baseline].toObject();
        const QList<double> row = tableRow(card, baseline);
        QCOMPARE(row.size(), 7);
        for (int k = 0; k < 6; ++k) {
            const double want = m.contains(keys[k]) && !m[keys[k]].isNull() ? m[keys[k]].toDouble() : NAN;
            // The naive forecast's direction is no forecast of a direction: metrics.json leaves it out.
            if (m.contains(keys[k]) || k < 5)
                QVERIFY2(
                    near(row[k + 1], want, 1e-5),
                    qPrintable(
                        QString("%1 %2: card %3, metrics.json %4").arg(baseline, keys[k]).arg(row[k + 1]).arg(want)));
        }
    }

    // example.py on the raw file gives predict's forecasts, row for row.
    const QString predictions = tmp_.filePath(tag + "-predictions.csv");
    r = runCli({"predict", "--project", project, "--out", predictions});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QMap<int, double> app;
    const QStringList lines = readLines(predictions);
    QVERIFY(lines.size() > 1000 && lines[0].startsWith("row,pred_1,"));
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split(',');
        app.insert(cells[0].toInt(), cells[1].toDouble());
    }
    QProcess python;
    python.setProcessEnvironment(pythonEnv());
    python.start(STUDIO_PYTHON, {out + "/example.py", data});
    QVERIFY(python.waitForFinished(300000));
    QVERIFY2(python.exitCode() == 0, qPrintable(QString::fromUtf8(python.readAllStandardError())));
    const QStringList printed = QString::fromUtf8(python.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(printed.value(0), QString("row,pred_1"));
    QCOMPARE(printed.size() - 1, app.size());
    double worst = 0;
    for (int i = 1; i < printed.size(); ++i) {
        const QStringList cells = printed[i].split(',');
        QVERIFY2(app.contains(cells[0].toInt()), qPrintable("row " + cells[0] + " is not in predictions.csv"));
        const double want = app.value(cells[0].toInt()), got = cells[1].toDouble();
        worst = std::max(worst, std::abs(got - want) / std::max(1.0, std::abs(want)));
    }
    qInfo("%s: %lld windows, max |example.py - predict| / |predict| = %.3g", qPrintable(tag),
          static_cast<long long>(printed.size() - 1), worst);
    QVERIFY2(worst <= kTolerance, qPrintable(QString::number(worst)));
}

void TestModelCard::classifierExampleMatchesPredict_data() {
    QTest::addColumn<QString>("tokenizer");
    QTest::newRow("word") << "word";
    QTest::newRow("char") << "char";
}

// A classifier's example.py tokenizes as the app does: the SpamAssassin subjects, then texts
// that reach the tokenizer's corners (apostrophes, punctuation and symbols outside ASCII, the
// lowercased scripts, whitespace outside ASCII, a quoted comma, an empty text, U+FFFD, a text
// past the length limit) give predict's labels and probabilities; a file that is not UTF-8 is
// refused by both.
void TestModelCard::classifierExampleMatchesPredict() {
    QFETCH(QString, tokenizer);
    const QString project = tmp_.filePath("spam-" + tokenizer);
    CliResult r = runCli({"train", "--task", "classify", "--data", dataset("spam_subjects.csv"), "--text-column",
                          "subject", "--label-column", "label", "--tokenizer", tokenizer, "--max-length", "40",
                          "--epochs", "1", "--hidden", "16", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString out = tmp_.filePath("spam-" + tokenizer + "-export");
    QVERIFY(QDir().mkpath(out));
    r = runCli({"export-onnx", "--project", project, "--out", out + "/spam.onnx"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(QDir(out).entryList(QDir::Files), (QStringList{"example.py", "spam.md", "spam.onnx"}));
    QVERIFY(QString::fromUtf8(readAll(out + "/spam.md")).contains("`example.py DATA.csv` prints"));

    QByteArray data = readAll(dataset("spam_subjects.csv"));
    data += "ham,extra,Don't  won\u2019t 'quoted' l'\u00e9t\u00e9\n";
    data += "spam,extra,\u00bfQu\u00e9? \u00a1S\u00cd! \u00c9T\u00c9 \u0394\u0395\u039b\u03a4\u0391 \u041f\u0420\u0418\u0412\u0415\u0422 "
            "\u0130stanbul \u0141\u00f3d\u017a \u00aa\u00b5\u00ba\n";
    data += "spam,extra,\"FREE, $$$ \u20ac100 \u2014now\u2026 \u2192 \U0001F600 \uff01\u3001\u3000tab\there\"\n";
    data += "ham,extra,\"\"\n";
    data += "spam,extra,replaced \ufffd\ufffd char\n";
    data += "ham,extra," + QByteArray("lorem ipsum ").repeated(30) + "\n";
    const QString texts = tmp_.filePath("texts-" + tokenizer + ".csv");
    QFile file(texts);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(data) == data.size());
    file.close();

    const QString predictions = tmp_.filePath("spam-" + tokenizer + "-predictions.csv");
    r = runCli({"predict", "--project", project, "--data", texts, "--out", predictions});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList app = readLines(predictions);
    QVERIFY(app.size() > 6000);
    QCOMPARE(app[0], QString("row,label,p_ham,p_spam,true_label"));

    QProcess python;
    python.setProcessEnvironment(pythonEnv());
    python.start(STUDIO_PYTHON, {out + "/example.py", texts});
    QVERIFY(python.waitForFinished(300000));
    QVERIFY2(python.exitCode() == 0, qPrintable(QString::fromUtf8(python.readAllStandardError())));
    const QStringList printed = QString::fromUtf8(python.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(printed.value(0), QString("row,label,p_ham,p_spam"));
    QCOMPARE(printed.size(), app.size());
    double worst = 0;
    for (int i = 1; i < printed.size(); ++i) {
        const QStringList got = printed[i].split(','), want = app[i].split(',');
        QCOMPARE(got.value(0), want.value(0));
        QVERIFY2(got.value(1) == want.value(1), qPrintable("row " + want.value(0) + ": " + got.value(1) + " vs " +
                                                            want.value(1)));
        for (int k = 2; k <= 3; ++k) worst = std::max(worst, std::abs(got.value(k).toDouble() - want.value(k).toDouble()));
    }
    qInfo("%s: %lld texts, max |example.py - predict| probability = %.3g", qPrintable(tokenizer),
          static_cast<long long>(printed.size() - 1), worst);
    QVERIFY2(worst <= kTolerance, qPrintable(QString::number(worst)));

    const QString latin1 = tmp_.filePath("latin1-" + tokenizer + ".csv");
    QFile bad(latin1);
    QVERIFY(bad.open(QIODevice::WriteOnly) && bad.write("label,subject\nham,caf\xe9\n") > 0);
    bad.close();
    QVERIFY(runCli({"predict", "--project", project, "--data", latin1, "--out", predictions + ".bad"}).code != 0);
    python.start(STUDIO_PYTHON, {out + "/example.py", latin1});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY(python.exitCode() != 0);
    QVERIFY2(python.readAllStandardError().contains("not valid UTF-8"), "example.py's refusal names the cause");
}

QTEST_APPLESS_MAIN(TestModelCard)
#include "test_model_card.moc"
