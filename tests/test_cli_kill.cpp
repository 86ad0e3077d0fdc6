// kill -9 at random moments of train, resume, quantize and export-onnx: whatever moment the
// process dies, the project it worked on still opens and evaluates, resume continues it,
// and an export is either absent or whole. (A killed process cannot tidy up: a staged
// file or a temporary one may stay behind, and the next writer of the folder clears it.)

#include "cli_runner.h"
#include "jobs/jobs.h"
#include "project/project_folder.h"
#include "tasks/task_files.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <random>

using namespace studio;
using studio::test::CliResult;
using studio::test::runCli;

namespace {

const QString kFixtures = QStringLiteral(STUDIO_FIXTURE_DIR);
const QString kData = kFixtures + QStringLiteral("/data/sunspots_600.csv");

// Runs per command; STUDIO_KILL_RUNS overrides it for a longer hunt or a quick look.
int runsPerCommand() {
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("STUDIO_KILL_RUNS", &ok);
    return ok && n > 0 ? n : 50;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A copy of the v1 forecast fixture (LSTM, 8 units, quantized) whose project.json names
// the fixture data where it is now.
bool copyFixture(const QString& to) {
    const QDir from(kFixtures + QStringLiteral("/v1/forecast_lstm"));
    if (!QDir().mkpath(to)) return false;
    for (const QString& file : from.entryList(QDir::Files)) {
        QByteArray bytes = readAll(from.filePath(file));
        if (file == QLatin1String("project.json")) bytes.replace("@DATA_DIR@", (kFixtures + "/data").toUtf8());
        QFile out(to + QLatin1Char('/') + file);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) return false;
    }
    return true;
}

QStringList trainArgs(const QString& out, int epochs = 4) {
    return {"train", "--data", kData, "--target", "sunspots", "--window", "12", "--hidden", "16", "--epochs",
            QString::number(epochs), "--seed", "3", "--out", out};
}

// How a killed run is started: the command line for the folder `dir` (prepared by `prepare`).
struct Command {
    const char* name;
    std::function<bool(const QString& dir)> prepare;
    std::function<QStringList(const QString& dir)> args;
};

// Milliseconds a whole run of `args` takes here, so that kills fall across all of it.
qint64 timeOf(const QStringList& args) {
    QElapsedTimer t;
    t.start();
    const CliResult r = runCli(args);
    return r.code == 0 ? t.elapsed() : -1;
}

// Starts `args`, kills it with SIGKILL after `delayMs`; false when it had ended before.
bool killAfter(const QStringList& args, int delayMs) {
    QProcess p;
    p.start(STUDIO_CLI, args);
    if (!p.waitForStarted()) return false;
    if (p.waitForFinished(delayMs)) return false;
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    p.waitForFinished(60000);
    return p.exitStatus() == QProcess::CrashExit;
}

}  // namespace

class TestCliKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedAtRandomMoments_data();
    void killedAtRandomMoments();
};

void TestCliKill::killedAtRandomMoments_data() {
    QTest::addColumn<QString>("command");
    QTest::newRow("train") << "train";
    QTest::newRow("resume") << "resume";
#ifdef STUDIO_WITH_ONEDNN
    QTest::newRow("quantize") << "quantize";
#endif
#ifdef STUDIO_WITH_ONNX
    QTest::newRow("export-onnx") << "export-onnx";
#endif
}

void TestCliKill::killedAtRandomMoments() {
    QFETCH(QString, command);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString exportOut = tmp.filePath("model.onnx");
    const std::map<QString, Command> commands{
        {"train", {"train", [](const QString&) { return true; }, [](const QString& d) { return trainArgs(d); }}},
        {"resume",
         {"resume", copyFixture, [](const QString& d) { return QStringList{"resume", "--project", d, "--epochs", "5"}; }}},
        {"quantize", {"quantize", copyFixture, [](const QString& d) { return QStringList{"quantize", "--project", d}; }}},
        {"export-onnx",
         {"export-onnx", copyFixture,
          [&](const QString& d) { return QStringList{"export-onnx", "--project", d, "--out", exportOut}; }}},
    };
    const Command& c = commands.at(command);

    // Runs to the end: how long the command takes, and (export) the file it writes. The
    // faster of two: the first may read the libraries from a cold disk cache (on a fresh
    // machine, the first command after the build), and a kill delay drawn from that time
    // came after most runs had ended.
    qint64 whole = -1;
    for (int i = 0; i < 2; ++i) {
        QFile::remove(exportOut);
        const QString reference = tmp.filePath(QStringLiteral("reference%1").arg(i));
        QVERIFY(c.prepare(reference));
        const qint64 t = timeOf(c.args(reference));
        QVERIFY2(t > 0, "the command fails without a kill");
        whole = whole < 0 ? t : std::min(whole, t);
    }
    const QByteArray exported = readAll(exportOut);
    QFile::remove(exportOut);

    std::mt19937 rng(static_cast<unsigned>(qHash(command)));
    std::uniform_int_distribution<int> delayMs(0, static_cast<int>(whole));
    const int runs = runsPerCommand();
    int killed = 0, projects = 0, continued = 0;
    for (int run = 0; run < runs; ++run) {
        const QString dir = tmp.filePath(QStringLiteral("run%1").arg(run));
        QVERIFY(c.prepare(dir));
        const int delay = delayMs(rng);
        const QString what = QStringLiteral("%1 killed after %2 ms (run %3): ").arg(command).arg(delay).arg(run);
        if (killAfter(c.args(dir), delay)) ++killed;
        if (command == "export-onnx" && QFileInfo::exists(exportOut)) {
            // Never half a model: the file is the one a whole export writes.
            QVERIFY2(readAll(exportOut) == exported, qPrintable(what + "the ONNX file differs from a whole export"));
            QFile::remove(exportOut);
        }
        // A folder is a project once a save committed, even if the kill came before its
        // renames; the first reader (loadProjectRecord below) finishes that save.
        if (!ProjectFolder::isProject(dir.toStdString())) {
            // Only a train killed before its first save has no project; the folder takes
            // a new train without complaint.
            QVERIFY2(command == "train", qPrintable(what + "project.json is gone"));
            QVERIFY2(!QFileInfo::exists(dir + "/model.pt"), qPrintable(what + "model.pt without project.json"));
            if (run % 5 == 0) {
                const CliResult again = runCli(trainArgs(dir, 1));
                QVERIFY2(again.code == 0, qPrintable(what + "a new train into the folder: " + again.err.right(1500)));
            }
            continue;
        }
        ++projects;
        // The project opens: its record, its history, its model.
        const std::string d = dir.toStdString();
        const ProjectRecord record = loadProjectRecord(d);
        QVERIFY2(record.epochsDone >= 1, qPrintable(what + "no epoch recorded"));
        QVERIFY2(static_cast<int>(loadHistory(d).size()) == record.epochsDone,
                 qPrintable(what + "history and project.json disagree"));
        const CliResult evaluated = runCli({"evaluate", "--project", dir});
        QVERIFY2(evaluated.code == 0, qPrintable(what + "evaluate: " + evaluated.err.right(1500)));
        if (run % 5 == 0) {
            // And it goes on: resume trains to one more epoch (--epochs: the total). A resume
            // killed after an epoch's checkpoint but before its save leaves checkpoint.pt
            // ahead of project.json; the next resume goes on from the checkpoint, so the
            // project may end past the total asked (with all of its history), never short.
            const CliResult resumed =
                runCli({"resume", "--project", dir, "--epochs", QString::number(record.epochsDone + 1)});
            QVERIFY2(resumed.code == 0, qPrintable(what + "resume: " + resumed.err.right(1500)));
            const int after = loadProjectRecord(d).epochsDone;
            const int asked = record.epochsDone + 1;
            QVERIFY2(after == asked || (command == "resume" && after > asked),
                     qPrintable(what + QStringLiteral("resume to %1 epochs left %2").arg(asked).arg(after)));
            QVERIFY2(static_cast<int>(loadHistory(d).size()) == after,
                     qPrintable(what + "history and project.json disagree after the resume"));
            ++continued;
        }
        QDir(dir).removeRecursively();
    }
    qInfo("%s: %d runs, %d killed by SIGKILL, %d left a project, all opened and evaluated, %d resumed after",
          qPrintable(command), runs, killed, projects, continued);
    QVERIFY2(killed >= runs / 2, "most runs ended before their kill: the test did not test anything");
}

QTEST_GUILESS_MAIN(TestCliKill)
#include "test_cli_kill.moc"
