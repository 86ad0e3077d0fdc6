// lstm-studio-cli against a careless or hostile user: nothing the user has is overwritten
// (an existing project, a folder of their files, the project's own files and data), outputs
// reach special files and links the way a shell redirection would, and one project folder
// has one writer at a time.

#include "base/sha256.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace {

using Result = studio::test::CliResult;

Result cli(const QStringList& args) { return studio::test::runCli(args); }

using studio::test::dataset;
using studio::test::readAll;

// Every file of a folder with its bytes, to show that nothing changed.
QMap<QString, QByteArray> snapshot(const QString& dir) {
    QMap<QString, QByteArray> files;
    for (const QFileInfo& f : QDir(dir).entryInfoList(QDir::Files | QDir::Hidden))
        files.insert(f.fileName(), readAll(f.filePath()));
    return files;
}

QStringList quickTrain(const QString& data, const QString& target, const QString& out, const QString& hidden = "16") {
    return {"train", "--data", data, "--target", target, "--epochs", "1", "--window", "12", "--hidden", hidden, "--out",
            out};
}

}  // namespace

class TestCliReliability : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainRefusesAnExistingProjectOfOtherData();
    void trainRefusesAFolderOfOtherFiles();
    void trainRefusesAnEmptyOut();
    void outputsNeverReplaceProjectFilesOrData_data();
    void outputsNeverReplaceProjectFilesOrData();
    void outputFollowsASymlink();
    void outputToStandardOutput();
    void outputToAFifo();
    void outputToAFullDevice();
    void fileSizeLimitMidSave_data();
    void fileSizeLimitMidSave();
    void oneWriterPerProject();
    void explodingLossIsDivergence();
    void settingsOutOfRange_data();
    void settingsOutOfRange();
    void constantSeriesHasNoMase();
    void weightsOfAnotherModelAreRefused_data();
    void weightsOfAnotherModelAreRefused();

private:
    QTemporaryDir tmp_;
    QString project_;
    QString data_;
};

void TestCliReliability::initTestCase() {
    QVERIFY(tmp_.isValid());
    // A copy of the data: some cases try to overwrite it.
    data_ = tmp_.filePath("sunspots.csv");
    QVERIFY(QFile::copy(dataset("sunspots_monthly.csv"), data_));
    project_ = tmp_.filePath("project");
    const Result r = cli(quickTrain(data_, "sunspots", project_));
    QVERIFY2(r.code == 0, qPrintable(r.err));
}

// Training into an existing project adds a run (test_cli_runs); one on other data or of
// another task is refused with the difference named, and the project is left as it was.
void TestCliReliability::trainRefusesAnExistingProjectOfOtherData() {
    const auto before = snapshot(project_);
    const QString other = tmp_.filePath("sunspots-copy.csv");
    QVERIFY(QFile::copy(data_, other));
    Result r = cli(quickTrain(other, "sunspots", project_));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith("error: ") && r.err.contains("holds runs on") && r.err.contains("sunspots-copy.csv") &&
                 r.err.contains("train into another folder"),
             qPrintable(r.err));
    r = cli({"train", "--task", "charlm", "--data", dataset("pride_and_prejudice.txt"), "--out", project_});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("holds a forecast project, and this run is a charlm run"), qPrintable(r.err));
    QCOMPARE(snapshot(project_), before);
}

void TestCliReliability::trainRefusesAFolderOfOtherFiles() {
    const QString dir = tmp_.filePath("mine");
    QVERIFY(QDir().mkpath(dir));
    QFile notes(dir + "/notes.txt");
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("my own notes\n");
    notes.close();
    const Result r = cli(quickTrain(data_, "sunspots", dir));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("is not empty and holds no project") && r.err.contains("notes.txt"), qPrintable(r.err));
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{"notes.txt"});

    // An empty folder is fine, and a failure before the first epoch leaves no folder behind
    // where there was none.
    const QString fresh = tmp_.filePath("fresh");
    const Result bad = cli({"train", "--data", data_, "--target", "nope", "--out", fresh});
    QCOMPARE(bad.code, 2);
    QVERIFY2(!QFileInfo::exists(fresh), "a failed train left its folder");
}

void TestCliReliability::trainRefusesAnEmptyOut() {
    const Result r = cli({"train", "--data", data_, "--target", "sunspots", "--out", ""});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("no project folder given"), qPrintable(r.err));
}

void TestCliReliability::outputsNeverReplaceProjectFilesOrData_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("message");
    const QString p = QStringLiteral("@P@");
    QTest::newRow("predict over project.json")
        << QStringList{"predict", "--project", p, "--out", p + "/project.json"} << "project.json"
        << "it is the project's project.json";
    QTest::newRow("predict over the training data")
        << QStringList{"predict", "--project", p, "--out", "@DATA@"} << "@DATA@" << "the data file the project was trained on";
    QTest::newRow("predict over its own input")
        << QStringList{"predict", "--project", p, "--data", "@DATA@", "--out", "@DATA@"} << "@DATA@"
        << "the data file the project was trained on";
    QTest::newRow("predict over predictions.csv")
        << QStringList{"predict", "--project", p, "--out", p + "/predictions.csv"} << "predictions.csv"
        << "it is the project's predictions.csv";
#ifdef STUDIO_WITH_ONNX
    QTest::newRow("export over model.pt") << QStringList{"export-onnx", "--project", p, "--out", p + "/model.pt"}
                                          << "model.pt" << "it is the project's model.pt";
#endif
#ifdef STUDIO_WITH_ONEDNN
    QTest::newRow("bench json over project.json")
        << QStringList{"bench", "--project", p, "--json", p + "/project.json"} << "project.json"
        << "it is the project's project.json";
#endif
}

void TestCliReliability::outputsNeverReplaceProjectFilesOrData() {
    QFETCH(QStringList, args);
    QFETCH(QString, target);
    QFETCH(QString, message);
    for (QString& a : args) a.replace("@P@", project_).replace("@DATA@", data_);
    target = target == "@DATA@" ? data_ : project_ + "/" + target;
    const QByteArray before = readAll(target);
    QVERIFY(!before.isEmpty());
    const auto projectBefore = snapshot(project_);
    const Result r = cli(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith("error: refusing to write") && r.err.contains(message), qPrintable(r.err));
    QCOMPARE(readAll(target), before);
    QCOMPARE(snapshot(project_), projectBefore);
}

void TestCliReliability::outputFollowsASymlink() {
    const QString real = tmp_.filePath("real.csv"), link = tmp_.filePath("link.csv");
    QVERIFY(QFile::link(real, link));  // dangling until written
    const Result r = cli({"predict", "--project", project_, "--out", link});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(readAll(real).startsWith("row,pred_1,true_1,lower_80_1,"));
}

void TestCliReliability::outputToStandardOutput() {
    const Result r = cli({"predict", "--project", project_, "--out", "-"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.startsWith("row,pred_1,true_1,lower_80_1,"));
    // Only the CSV on stdout: the count went to stderr.
    const int rows = r.out.count('\n') - 1;
    QVERIFY(rows > 3000);
    QVERIFY2(r.err.contains(QString("%1 predictions written to standard output").arg(rows)), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists("-"));
}

void TestCliReliability::outputToAFifo() {
    const QString fifo = tmp_.filePath("fifo.csv");
    QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0600) == 0);
    QByteArray received;
    std::thread reader([&] {
        const int fd = ::open(fifo.toLocal8Bit().constData(), O_RDONLY);
        char buf[65536];
        for (ssize_t n; fd >= 0 && (n = ::read(fd, buf, sizeof buf)) > 0;) received.append(buf, static_cast<int>(n));
        if (fd >= 0) ::close(fd);
    });
    const Result r = cli({"predict", "--project", project_, "--out", fifo});
    reader.join();
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(received.startsWith("row,pred_1,true_1,lower_80_1,"));
    struct stat st {};
    QVERIFY(::stat(fifo.toLocal8Bit().constData(), &st) == 0 && S_ISFIFO(st.st_mode));
}

void TestCliReliability::outputToAFullDevice() {
    struct stat st {};
    if (::stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode)) QSKIP("no /dev/full here");
    const Result r = cli({"predict", "--project", project_, "--out", "/dev/full"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("cannot write /dev/full: no space left on the device"), qPrintable(r.err));
    // Written in place: still the device, never replaced by a regular file.
    QVERIFY(::stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));
}

// The CLI under a file size limit of `kib` KiB (bash's ulimit -f), as on a disk that
// fills up: a write past it fails (EFBIG) where a full disk fails with ENOSPC.
Result cliWithFileLimit(int kib, const QStringList& args) {
    QProcess p;
    p.start("/bin/bash", QStringList{"-c", "ulimit -f \"$1\" && shift && exec \"$0\" \"$@\"", STUDIO_CLI,
                                     QString::number(kib)} +
                             args);
    Result r;
    if (!p.waitForFinished(600000)) return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestCliReliability::fileSizeLimitMidSave_data() {
    QTest::addColumn<QString>("command");
    QTest::newRow("resume") << "resume";
    QTest::newRow("predict over an older file") << "predict";
    QTest::newRow("train a new project") << "train";
}

void TestCliReliability::fileSizeLimitMidSave() {
    QFETCH(QString, command);
    // A copy of the project: a save that fails must leave every file of it as it was.
    const QString dir = tmp_.filePath("limited-" + command.left(5));
    QVERIFY(QDir().mkpath(dir));
    for (const QString& f : QDir(project_).entryList(QDir::Files))
        QVERIFY(QFile::copy(project_ + "/" + f, dir + "/" + f));
    const auto before = snapshot(dir);
    const QByteArray checkpointSize = QByteArray::number(QFileInfo(dir + "/checkpoint.pt").size());
    // Smaller than the checkpoint and the predictions, larger than nothing at all.
    const int kib = 8;
    QVERIFY2(QFileInfo(dir + "/checkpoint.pt").size() > kib * 1024, checkpointSize.constData());
    Result r;
    if (command == "resume") {
        r = cliWithFileLimit(kib, {"resume", "--project", dir, "--epochs", "2"});
    } else if (command == "predict") {
        const QString out = tmp_.filePath("older-predictions.csv");
        QFile older(out);
        QVERIFY(older.open(QIODevice::WriteOnly) && older.write("my older file\n") > 0);
        older.close();
        r = cliWithFileLimit(kib, {"predict", "--project", dir, "--data", dataset("sunspots_monthly.csv"), "--out", out});
        QCOMPARE(readAll(out), QByteArray("my older file\n"));
    } else {
        const QString fresh = tmp_.filePath("limited-new");
        r = cliWithFileLimit(kib, quickTrain(data_, "sunspots", fresh));
        QVERIFY2(!QFileInfo::exists(fresh + "/project.json"), "a project.json after a failed first save");
    }
    QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1: ").arg(r.code) + r.err));
    QVERIFY2(r.err.contains("File too large"), qPrintable(r.err));
    QVERIFY2(!r.err.contains("Exception raised from"), qPrintable(r.err));  // no LibTorch backtrace
    QCOMPARE(r.err.count("error:"), 1);
    // Every file of the project as it was, and nothing staged left behind (the lock file
    // names its last holder; it is no project data; the ledger's write-ahead log and
    // shared-memory index are SQLite's own, the failed transaction rolled back in them).
    auto after = snapshot(dir);
    after.remove(".lstm-studio.lock");
    after.remove("runs.sqlite-wal");
    after.remove("runs.sqlite-shm");
    auto expected = before;
    expected.remove(".lstm-studio.lock");
    QCOMPARE(after.keys(), expected.keys());
    for (const QString& name : expected.keys()) QVERIFY2(after[name] == expected[name], qPrintable(name + " changed"));
    const Result evaluated = cli({"evaluate", "--project", dir});
    QVERIFY2(evaluated.code == 0, qPrintable(evaluated.err));
}

// Waits until a CLI run prints its first epoch line (it holds its folder from before that).
bool waitForEpoch(QProcess& p) {
    QByteArray err;
    QElapsedTimer waited;
    waited.start();
    while (!err.contains("epoch ") && p.state() == QProcess::Running && waited.elapsed() < 120000) {
        p.waitForReadyRead(100);
        err += p.readAllStandardError();
    }
    return err.contains("epoch ") && p.state() == QProcess::Running;
}

void TestCliReliability::oneWriterPerProject() {
    // Two trains into one new folder: the second meets the first's lock, named.
    const QString fresh = tmp_.filePath("busy-new");
    QProcess first;
    first.start(STUDIO_CLI, {"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--epochs", "500",
                             "--patience", "0", "--out", fresh});
    QVERIFY(first.waitForStarted());
    QVERIFY(waitForEpoch(first));
    const Result second = cli(quickTrain(data_, "sunspots", fresh));
    QCOMPARE(second.code, 2);
    QVERIFY2(second.err.contains(QString("is in use by pid %1: ").arg(first.processId())) &&
                 second.err.contains("lstm-studio-cli train"),
             qPrintable(second.err));
    ::kill(static_cast<pid_t>(first.processId()), SIGINT);
    QVERIFY(first.waitForFinished(120000));
    QCOMPARE(first.exitCode(), 1);
    QVERIFY(QString::fromUtf8(first.readAllStandardError()).contains("training was cancelled"));

    // A resume holds its project: another resume or a quantize of it waits its turn.
    const QString dir = tmp_.filePath("busy");
    // No early stop: the resume trains until it is stopped.
    QCOMPARE(cli(quickTrain(data_, "sunspots", dir) << "--patience" << "0").code, 0);
    QProcess resuming;
    resuming.start(STUDIO_CLI, {"resume", "--project", dir, "--epochs", "100000"});
    QVERIFY(resuming.waitForStarted());
    QVERIFY(waitForEpoch(resuming));
    const Result again = cli({"resume", "--project", dir, "--epochs", "5"});
    QCOMPARE(again.code, 2);
    QVERIFY2(again.err.contains(QString("is in use by pid %1: ").arg(resuming.processId())) &&
                 again.err.contains("lstm-studio-cli resume"),
             qPrintable(again.err));
#ifdef STUDIO_WITH_ONEDNN
    const Result quantized = cli({"quantize", "--project", dir});
    QCOMPARE(quantized.code, 2);
    QVERIFY2(quantized.err.contains("is in use by pid"), qPrintable(quantized.err));
#endif
    ::kill(static_cast<pid_t>(resuming.processId()), SIGINT);
    QVERIFY(resuming.waitForFinished(120000));
    QCOMPARE(resuming.exitCode(), 1);
    // The lock went with the process: the project opens and takes its next writer.
    QCOMPARE(cli({"evaluate", "--project", dir}).code, 0);
#ifdef STUDIO_WITH_ONEDNN
    const Result after = cli({"quantize", "--project", dir});
    QVERIFY2(after.code == 0, qPrintable(after.err));
#endif
}

// --lr 1e10 keeps every number finite while the loss climbs to 1e20: that is divergence,
// not a trained model with exit 0, and a run that never finished an epoch leaves nothing.
void TestCliReliability::explodingLossIsDivergence() {
    const QString dir = tmp_.filePath("exploding");
    const Result r = cli({"train", "--data", data_, "--target", "sunspots", "--window", "12", "--hidden", "16",
                          "--epochs", "3", "--lr", "1e10", "--clip", "0", "--out", dir});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("training diverged in epoch 1") && r.err.contains("times the first batch's") &&
                 r.err.contains("no epoch finished, so no model was kept") &&
                 r.err.contains("error: training diverged in its first epoch; nothing was saved"),
             qPrintable(r.err));
    QVERIFY2(!r.err.contains("best weights so far were kept"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(dir));
}

void TestCliReliability::settingsOutOfRange_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("resume --epochs -4") << QStringList{"resume", "--project", "@P@", "--epochs", "-4"}
                                        << "--epochs: must be a whole number, 0 or more; got '-4'";
    QTest::newRow("generate --seed -1") << QStringList{"generate", "--project", "@P@", "--seed", "-1"}
                                        << "--seed: must be a whole number, 0 or more; got '-1'";
#ifdef STUDIO_WITH_ONEDNN
    QTest::newRow("bench --threads -3") << QStringList{"bench", "--project", "@P@", "--threads", "-3"}
                                        << "threads must be 0 (automatic) or more, got -3";
    QTest::newRow("bench --batches 1.5") << QStringList{"bench", "--project", "@P@", "--batches", "1.5"} << "--batches";
    QTest::newRow("bench --batches 0") << QStringList{"bench", "--project", "@P@", "--batches", "0"}
                                       << "batch sizes must be at least 1, got 0";
    QTest::newRow("quantize percentile 200")
        << QStringList{"quantize", "--project", "@P@", "--input-percentile", "200"}
        << "the input percentile must lie above 0 and at most 100, got 200";
    QTest::newRow("quantize percentile nan")
        << QStringList{"quantize", "--project", "@P@", "--input-percentile", "nan"}
        << "the input percentile must lie above 0 and at most 100, got nan";
#endif
}

void TestCliReliability::settingsOutOfRange() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    for (QString& a : args) a.replace("@P@", project_);
    const auto before = snapshot(project_);
    const Result r = cli(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith("error: ") && r.err.contains(message) && r.err.count('\n') == 1, qPrintable(r.err));
    QCOMPARE(snapshot(project_), before);
}

// A series that never changes has no naive error to scale by: MASE is undefined (null in
// metrics.json, n/a on screen), and there is no "0.0% above the naive forecast".
void TestCliReliability::constantSeriesHasNoMase() {
    const QString csv = tmp_.filePath("constant.csv");
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("t,v\n");
    for (int i = 0; i < 300; ++i) f.write(QByteArray::number(i) + ",5\n");
    f.close();
    const QString dir = tmp_.filePath("constant");
    const Result r = cli(quickTrain(csv, "v", dir));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(QRegularExpression("MASE\\s+n/a\\s+n/a").match(r.out).hasMatch(), qPrintable(r.out));
    QVERIFY2(!r.out.contains("% above") && r.out.contains("the naive forecast is exact"), qPrintable(r.out));
    QVERIFY(studio::test::readJson(dir + "/metrics.json").value("model").toObject().value("mase").isNull());
}

void TestCliReliability::weightsOfAnotherModelAreRefused_data() {
    QTest::addColumn<QStringList>("other");
    QTest::addColumn<QString>("hidden");
    QTest::addColumn<QString>("message");
    // Same width, one layer more: LibTorch alone would load the first layer and say nothing.
    QTest::newRow("other layer count") << QStringList{"--layers", "2"} << "16" << "holds 'lstm.weight_ih_l1'";
    QTest::newRow("other width") << QStringList{} << "32" << "'lstm.weight_ih_l0' has shape [128, 1]";
    QTest::newRow("other head") << QStringList{"--head", "mlp"} << "16" << "holds 'head.0'";
}

void TestCliReliability::weightsOfAnotherModelAreRefused() {
    QFETCH(QStringList, other);
    QFETCH(QString, hidden);
    QFETCH(QString, message);
    const QString dir = tmp_.filePath(QStringLiteral("other-%1").arg(QTest::currentDataTag()).replace(' ', '-'));
    const QString copy = dir + "-target";
    QCOMPARE(cli(quickTrain(data_, "sunspots", dir, hidden) << other).code, 0);
    QCOMPARE(cli(quickTrain(data_, "sunspots", copy)).code, 0);
    QVERIFY(QFile::remove(copy + "/model.pt"));
    QVERIFY(QFile::copy(dir + "/model.pt", copy + "/model.pt"));
    for (const QStringList& args : {QStringList{"evaluate", "--project", copy},
                                    QStringList{"predict", "--project", copy, "--out", tmp_.filePath("p.csv")}}) {
        const Result r = cli(args);
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(message) && r.err.contains("come from another model"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("mat1"), qPrintable(r.err));
    }
}

QTEST_GUILESS_MAIN(TestCliReliability)
#include "test_cli_reliability.moc"
