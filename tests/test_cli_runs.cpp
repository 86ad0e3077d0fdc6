// Runs of a project through the CLI: train adds runs and never touches earlier ones, the
// ledger agrees with `runs --json` (read with the sqlite3 program), rerun reproduces a run
// bit for bit, sweeps (grid, halving, cancelled) leave every trial as a run, and a project
// of an earlier version is one run.

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"
#include "fixture_copy.h"

#include <csignal>
#include <cmath>

namespace {

using studio::test::readJson;
using Result = studio::test::CliResult;

Result cli(const QStringList& args) { return studio::test::runCli(args); }

using studio::test::dataset;
using studio::test::readAll;

// Every file under `dir` (its subfolders too) with its bytes; the lock file, which names
// its last holder, left out.
QMap<QString, QByteArray> tree(const QString& dir) {
    QMap<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (QFileInfo(path).fileName() != ".lstm-studio.lock") files.insert(QDir(dir).relativeFilePath(path), readAll(path));
    }
    return files;
}

QStringList quickTrain(const QString& out, const QString& hidden = "8") {
    return {"train", "--data",  dataset("sunspots_monthly.csv"), "--target", "sunspots", "--window", "12",
            "--hidden", hidden, "--epochs", "2", "--out", out};
}

QJsonArray runsJson(const QString& project) {
    const Result r = cli({"runs", "--project", project, "--json"});
    if (r.code != 0) qWarning("%s", qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8()).array();
}

QJsonObject runById(const QJsonArray& runs, const QString& id) {
    for (const auto& v : runs)
        if (v.toObject()["id"].toString() == id) return v.toObject();
    return {};
}

QString currentId(const QJsonArray& runs) {
    QString id;
    for (const auto& v : runs)
        if (v.toObject()["current"].toBool()) id += v.toObject()["id"].toString();
    return id;  // two ids glued together if two claimed to be current
}

// The runs of sweep `sweep`.
QList<QJsonObject> sweepRuns(const QJsonArray& runs, const QString& sweep) {
    QList<QJsonObject> out;
    for (const auto& v : runs)
        if (v.toObject()["sweep"].toString() == sweep) out.push_back(v.toObject());
    return out;
}

// The run of `runs` with the lowest validation loss.
QString lowestValLoss(const QList<QJsonObject>& runs) {
    QString best;
    double loss = INFINITY;
    for (const auto& r : runs) {
        const double v = r["metrics"]["val_loss"].toDouble();
        if (v < loss) loss = v, best = r["id"].toString();
    }
    return best;
}

// Rows of a query against the ledger, through the sqlite3 program's JSON output.
QJsonArray query(const QString& project, const QString& sql) {
    QProcess p;
    p.start("sqlite3", {"-json", project + "/runs.sqlite", sql});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning("sqlite3: %s", p.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).array();
}

}  // namespace

class TestCliRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trainAddsARunAndKeepsTheFirst();
    void runsJsonAgreesWithTheLedger();
    void rerunMatchesExactly();
    void selectAndDelete();
    void gridSweepMakesTheBestCurrent();
    void halvingSpendsLessForTheSameWinner();
    void cancelledSweepKeepsFinishedTrials();
    void earlierProjectIsOneRun();
    void artifactsStayWithTheirRun();

private:
    QTemporaryDir tmp_;
    QString project_;
};

void TestCliRuns::initTestCase() {
    QVERIFY(tmp_.isValid());
    project_ = tmp_.filePath("project");
    const Result r = cli(quickTrain(project_));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("(run r1, now current)"), qPrintable(r.out));
}

void TestCliRuns::trainAddsARunAndKeepsTheFirst() {
    const QMap<QString, QByteArray> first = tree(project_ + "/runs/r1");
    QVERIFY(first.contains("model.pt") && first.contains("checkpoint.pt") && first.contains("run.json"));
    const Result r = cli(quickTrain(project_, "12"));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("(run r2, now current)"), qPrintable(r.out));
    QCOMPARE(tree(project_ + "/runs/r1"), first);
    // The top-level files are the new current run's.
    for (const char* name : {"model.pt", "project.json", "history.jsonl", "metrics.json", "checkpoint.pt", "run.json"})
        QVERIFY2(readAll(project_ + "/" + name) == readAll(project_ + "/runs/r2/" + name), name);
    const QJsonObject run = readJson(project_ + "/runs/r2/run.json");
    QCOMPARE(run["params"]["hidden"].toString(), QString("12"));
    QCOMPARE(run["origin"].toString(), QString("train"));
    QCOMPARE(run["status"].toString(), QString("finished"));
    QVERIFY(!run["cpu"].toString().isEmpty() && run["versions"].isObject());
    // The data's SHA-256, computed here by Qt.
    QFile data(dataset("sunspots_monthly.csv"));
    QVERIFY(data.open(QIODevice::ReadOnly));
    QCOMPARE(run["data"]["sha256"].toString(),
             QString(QCryptographicHash::hash(data.readAll(), QCryptographicHash::Sha256).toHex()));
}

void TestCliRuns::runsJsonAgreesWithTheLedger() {
    const QJsonArray runs = runsJson(project_);
    QCOMPARE(runs.size(), 2);
    const QJsonArray rows = query(project_, "SELECT id, status, val_loss, current, seconds FROM runs ORDER BY seq");
    QCOMPARE(rows.size(), runs.size());
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows[i].toObject(), run = runs[i].toObject();
        QCOMPARE(row["id"].toString(), run["id"].toString());
        QCOMPARE(row["status"].toString(), run["status"].toString());
        QCOMPARE(row["current"].toInt() == 1, run["current"].toBool());
        QVERIFY(std::abs(row["val_loss"].toDouble() - run["metrics"]["val_loss"].toDouble()) <=
                1e-12 * std::abs(run["metrics"]["val_loss"].toDouble()));
        const QJsonArray mae = query(project_, "SELECT value FROM metrics WHERE name = 'mae' AND run_id = '" +
                                                   row["id"].toString() + "'");
        QCOMPARE(mae.size(), 1);
        QVERIFY(std::abs(mae[0].toObject()["value"].toDouble() - run["metrics"]["test"]["mae"].toDouble()) <= 1e-9);
        const QJsonArray hidden = query(project_, "SELECT value FROM params WHERE name = 'hidden' AND run_id = '" +
                                                      row["id"].toString() + "'");
        QCOMPARE(hidden[0].toObject()["value"].toString(), run["params"]["hidden"].toString());
        // One history row per epoch, as in the run's history.jsonl.
        const QJsonArray epochs = query(project_, "SELECT COUNT(*) AS n FROM history WHERE run_id = '" +
                                                      row["id"].toString() + "'");
        QCOMPARE(epochs[0].toObject()["n"].toInt(),
                 studio::test::readLines(project_ + "/runs/" + row["id"].toString() + "/history.jsonl").size());
    }
    QCOMPARE(currentId(runs), QString("r2"));
    QCOMPARE(query(project_, "PRAGMA user_version")[0].toObject()["user_version"].toInt(), 1);
    QCOMPARE(query(project_, "PRAGMA journal_mode")[0].toObject()["journal_mode"].toString(), QString("wal"));
}

void TestCliRuns::rerunMatchesExactly() {
    const Result r = cli({"rerun", "--project", project_, "--run", "r1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("rerun of r1: run r3") && r.out.contains("metrics match r1 exactly"), qPrintable(r.out));
    const QJsonObject rerun = readJson(project_ + "/runs/r3/run.json");
    QCOMPARE(rerun["parent"].toString(), QString("r1"));
    QCOMPARE(rerun["origin"].toString(), QString("rerun"));
    // Compared here too, file against file.
    QCOMPARE(readJson(project_ + "/runs/r3/metrics.json"), readJson(project_ + "/runs/r1/metrics.json"));
    QCOMPARE(readAll(project_ + "/runs/r3/predictions.csv"), readAll(project_ + "/runs/r1/predictions.csv"));
    QCOMPARE(rerun["params"], readJson(project_ + "/runs/r1/run.json")["params"]);
}

void TestCliRuns::selectAndDelete() {
    Result r = cli({"runs", "--project", project_, "--select", "r1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(readAll(project_ + "/model.pt"), readAll(project_ + "/runs/r1/model.pt"));
    QCOMPARE(currentId(runsJson(project_)), QString("r1"));
    // Deleting asks for --yes, and the current run stays while others exist.
    r = cli({"runs", "--project", project_, "--delete", "r3"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--yes"), qPrintable(r.err));
    QVERIFY(QFileInfo::exists(project_ + "/runs/r3/model.pt"));
    r = cli({"runs", "--project", project_, "--delete", "r1", "--yes"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("current run"), qPrintable(r.err));
    r = cli({"runs", "--project", project_, "--delete", "r3", "--yes"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(project_ + "/runs/r3"));
    QVERIFY(runById(runsJson(project_), "r3").isEmpty());
    QCOMPARE(query(project_, "SELECT COUNT(*) AS n FROM history WHERE run_id = 'r3'")[0].toObject()["n"].toInt(), 0);
    // The next run takes a new id, never a deleted one's.
    r = cli({"rerun", "--project", project_, "--run", "r1"});
    QVERIFY2(r.code == 0 && r.out.contains("run r4"), qPrintable(r.out + r.err));
    QCOMPARE(cli({"runs", "--project", project_, "--select", "r2"}).code, 0);
    QCOMPARE(cli({"runs", "--project", project_, "--delete", "r4", "--yes"}).code, 0);
    r = cli({"rerun", "--project", project_, "--run", "r1"});
    QVERIFY2(r.code == 0 && r.out.contains("run r5"), qPrintable(r.out + r.err));
    QCOMPARE(cli({"runs", "--project", project_, "--select", "r2"}).code, 0);
}

void TestCliRuns::gridSweepMakesTheBestCurrent() {
    const Result r = cli({"sweep", "--project", project_, "--grid", "hidden=4,16", "--grid", "lr=0.001,0.01",
                          "--epochs", "2", "--jobs", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonArray runs = runsJson(project_);
    const QList<QJsonObject> trials = sweepRuns(runs, "s1");
    QCOMPARE(trials.size(), 4);
    QSet<QString> points;
    for (const auto& t : trials) {
        QCOMPARE(t["status"].toString(), QString("finished"));
        QCOMPARE(t["epochs"].toInt(), 2);
        points.insert(t["params"]["hidden"].toString() + "/" + t["params"]["lr"].toString());
        // Two trials at once on this machine's cores: never more threads than cores in all.
        QVERIFY(t["params"]["threads"].toString().toInt() * 2 <= std::max(2, QThread::idealThreadCount()));
    }
    QCOMPARE(points, (QSet<QString>{"4/0.001", "4/0.01", "16/0.001", "16/0.01"}));
    const QString best = lowestValLoss(trials);
    QCOMPARE(currentId(runs), best);
    QCOMPARE(readAll(project_ + "/model.pt"), readAll(project_ + "/runs/" + best + "/model.pt"));
    QVERIFY2(r.out.contains("best: " + best), qPrintable(r.out));
}

void TestCliRuns::halvingSpendsLessForTheSameWinner() {
    const QStringList grid = {"--grid", "hidden=4,16", "--grid", "lr=0.0003,0.01", "--epochs", "4", "--jobs", "2"};
    Result r = cli(QStringList{"sweep", "--project", project_} + grid);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = cli(QStringList{"sweep", "--project", project_, "--halving"} + grid);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonArray runs = runsJson(project_);
    const QList<QJsonObject> full = sweepRuns(runs, "s2"), halving = sweepRuns(runs, "s3");
    QCOMPARE(full.size(), 4);
    QCOMPARE(halving.size(), 4);
    int fullEpochs = 0, halvingEpochs = 0;
    for (const auto& t : full) fullEpochs += t["epochs"].toInt();
    for (const auto& t : halving) halvingEpochs += t["epochs"].toInt();
    QCOMPARE(fullEpochs, 16);
    QVERIFY2(halvingEpochs < fullEpochs, qPrintable(QString::number(halvingEpochs)));
    const QJsonObject a = runById(runs, lowestValLoss(full));
    const QJsonObject b = runById(runs, currentId(runs));
    QCOMPARE(b["sweep"].toString(), QString("s3"));
    QCOMPARE(b["params"]["hidden"].toString(), a["params"]["hidden"].toString());
    QCOMPARE(b["params"]["lr"].toString(), a["params"]["lr"].toString());
    QCOMPARE(b["epochs"].toInt(), 4);
}

void TestCliRuns::cancelledSweepKeepsFinishedTrials() {
    const QString before = currentId(runsJson(project_));
    const QByteArray topModel = readAll(project_ + "/model.pt");
    QProcess p;
    // A short trial, a long one and one that never starts: cancelled during the second.
    p.start(STUDIO_CLI, {"sweep", "--project", project_, "--grid", "epochs=2,1000,3", "--grid", "patience=0", "--grid",
                         "batch-size=16", "--jobs", "1"});
    QVERIFY(p.waitForStarted());
    QByteArray err;
    QElapsedTimer timer;
    timer.start();
    while (!err.contains("[1/3]") && timer.elapsed() < 120000) {
        p.waitForReadyRead(200);
        err += p.readAllStandardError();
    }
    QVERIFY2(err.contains("[1/3]"), err.constData());
    // Time for the second trial's process to start and finish an epoch or more of its 1000,
    // also under the sanitizers on a loaded machine (3 s was too short there).
    QTest::qWait(8000);
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(120000));
    err += p.readAllStandardError();
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("sweep was cancelled"), err.constData());
    const QJsonArray runs = runsJson(project_);
    const QList<QJsonObject> trials = sweepRuns(runs, "s4");
    QCOMPARE(trials.size(), 2);
    QCOMPARE(trials[0]["status"].toString(), QString("finished"));
    QCOMPARE(trials[0]["epochs"].toInt(), 2);
    QCOMPARE(trials[1]["status"].toString(), QString("cancelled"));
    QCOMPARE(trials[1]["params"]["epochs"].toString(), QString("1000"));
    QVERIFY(trials[1]["epochs"].toInt() >= 1 && trials[1]["epochs"].toInt() < 1000);
    for (const auto& t : trials) QVERIFY(QFileInfo::exists(project_ + "/runs/" + t["id"].toString() + "/model.pt"));
    // The trial that never started left nothing; the current run is the one before.
    QCOMPARE(currentId(runs), before);
    QCOMPARE(readAll(project_ + "/model.pt"), topModel);
}

void TestCliRuns::earlierProjectIsOneRun() {
    const QString dir = tmp_.filePath("v1");
    QVERIFY(studio::test::copyFixtureProject("v1", "forecast_lstm", dir));
    const QMap<QString, QByteArray> files = tree(dir);
    QJsonArray runs = runsJson(dir);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs[0].toObject()["id"].toString(), QString("r1"));
    QCOMPARE(runs[0].toObject()["origin"].toString(), QString("imported"));
    QVERIFY(runs[0].toObject()["current"].toBool());
    QCOMPARE(runs[0].toObject()["epochs"].toInt(), readJson(dir + "/project.json")["status"].toObject()["epochs_done"].toInt());
    QCOMPARE(tree(dir), files);  // listing wrote nothing
    // Training into it keeps it as run r1, byte for byte, and adds r2.
    const QString data = QStringLiteral(STUDIO_FIXTURE_DIR "/data/sunspots_600.csv");
    const Result r = cli({"train", "--data", data, "--target", "sunspots", "--window", "12", "--hidden", "4",
                          "--epochs", "1", "--out", dir});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    runs = runsJson(dir);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(currentId(runs), QString("r2"));
    for (auto it = files.begin(); it != files.end(); ++it)
        QVERIFY2(readAll(dir + "/runs/r1/" + it.key()) == it.value(), qPrintable(it.key()));
    QCOMPARE(runById(runs, "r1")["origin"].toString(), QString("imported"));
}

// The int8 model, an exported ONNX file and a benchmark report made from the current run
// are kept in its folder, and stay there when another run becomes current.
void TestCliRuns::artifactsStayWithTheirRun() {
    const QString dir = tmp_.filePath("artifacts");
    QCOMPARE(cli(quickTrain(dir)).code, 0);
    Result r = cli({"quantize", "--project", dir});
    if (r.code == 2 && r.err.contains("oneDNN")) QSKIP("this build has no oneDNN");
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(readAll(dir + "/runs/r1/model.int8.bin"), readAll(dir + "/model.int8.bin"));
    QVERIFY(!readAll(dir + "/runs/r1/quantize.json").isEmpty());
    const QString onnx = tmp_.filePath("artifacts.onnx");
    r = cli({"export-onnx", "--project", dir, "--out", onnx});
    const bool haveOnnx = !r.err.contains("export-onnx");  // a build without ONNX has no such command
    if (haveOnnx) {
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(readAll(dir + "/runs/r1/model.onnx"), readAll(onnx));
    }
    r = cli({"bench", "--project", dir, "--iterations", "2", "--warmup", "0", "--train-batches", "0", "--batches",
             "1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QJsonDocument::fromJson(readAll(dir + "/runs/r1/bench.json")).object()["backends"].isArray());

    QCOMPARE(cli(quickTrain(dir, "6")).code, 0);
    QVERIFY(!QFileInfo::exists(dir + "/model.int8.bin"));  // the new current run has none
    for (const char* name : {"model.int8.bin", "quantize.json", "bench.json"})
        QVERIFY2(QFileInfo::exists(dir + "/runs/r1/" + name), name);
    if (haveOnnx) QCOMPARE(readAll(dir + "/runs/r1/model.onnx"), readAll(onnx));
    // Selecting r1 again brings its int8 model back to the top.
    QCOMPARE(cli({"runs", "--project", dir, "--select", "r1"}).code, 0);
    QCOMPARE(readAll(dir + "/model.int8.bin"), readAll(dir + "/runs/r1/model.int8.bin"));
}

QTEST_GUILESS_MAIN(TestCliRuns)
#include "test_cli_runs.moc"
