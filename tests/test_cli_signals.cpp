// Ctrl+C at random moments of `train`, with each LSTM engine: every run ends by itself
// (exit 1, "training was cancelled", never a signal or a crash), and what it leaves is a
// project that opens and evaluates, or nothing at all.

#include "cli_runner.h"
#include "jobs/jobs.h"
#include "tasks/task_files.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <random>

namespace {

QString dataset(const char* name) { return QString(STUDIO_SOURCE_DIR "/datasets/") + name; }

// Runs per engine; STUDIO_SIGNAL_RUNS overrides it for a longer hunt.
int runsPerEngine() {
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("STUDIO_SIGNAL_RUNS", &ok);
    return ok && n > 0 ? n : 50;
}

}  // namespace

class TestCliSignals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sigintAtRandomMoments_data();
    void sigintAtRandomMoments();
    void sigintStopsALongGeneration();
    void sigintStopsALongBatch();
};

void TestCliSignals::sigintAtRandomMoments_data() {
    QTest::addColumn<QString>("engine");
    QTest::newRow("libtorch") << "libtorch";
#ifdef STUDIO_WITH_ONEDNN
    QTest::newRow("onednn") << "onednn";
#endif
}

void TestCliSignals::sigintAtRandomMoments() {
    QFETCH(QString, engine);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    std::mt19937 rng(engine == "onednn" ? 7 : 11);
    // Counted from the moment the run holds its folder (its signal handler is in place;
    // before that a SIGINT ends the process as it would any program), from before the
    // data is read to well into training (an epoch here takes 0.6-1 s, and the run asks
    // for 20, so that every SIGINT finds it still training).
    std::uniform_int_distribution<int> delayMs(0, 3000);
    const int runs = runsPerEngine();
    int signalled = 0, cancelled = 0, projects = 0, evaluated = 0;
    for (int run = 0; run < runs; ++run) {
        const QString dir = tmp.filePath(QStringLiteral("run%1").arg(run));
        QProcess p;
        p.start(STUDIO_CLI, {"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--hidden", "128",
                             "--epochs", "20", "--engine", engine, "--out", dir});
        QVERIFY(p.waitForStarted());
        QElapsedTimer started;
        started.start();
        while (!QFileInfo::exists(dir + "/.lstm-studio.lock") && started.elapsed() < 60000) QTest::qWait(5);
        const int delay = delayMs(rng);
        QTest::qWait(delay);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(120000), qPrintable(QStringLiteral("run %1 hangs after SIGINT").arg(run)));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        const QString what = QStringLiteral("run %1 (SIGINT after %2 ms): ").arg(run).arg(delay);
        if (p.exitStatus() != QProcess::NormalExit) {
            ++signalled;
            QFAIL(qPrintable(what + "died of a signal\n" + err.right(2000)));
        }
        QVERIFY2(p.exitCode() == 1, qPrintable(what + QStringLiteral("exit %1\n").arg(p.exitCode()) + err.right(2000)));
        QVERIFY2(err.contains("training was cancelled"), qPrintable(what + err.right(2000)));
        ++cancelled;
        if (!QFileInfo::exists(dir + "/project.json")) {
            // Cancelled before the first epoch: nothing that claims to be a project.
            QVERIFY2(!QFileInfo::exists(dir + "/model.pt"), qPrintable(what + "model.pt without project.json"));
            continue;
        }
        ++projects;
        const std::string d = dir.toStdString();
        const studio::ProjectRecord record = studio::loadProjectRecord(d);
        QVERIFY(record.epochsDone >= 1);
        QCOMPARE(static_cast<int>(studio::loadHistory(d).size()), record.epochsDone);
        QCOMPARE(QString::fromStdString(record.stopReason), QString("cancelled"));
        if (projects % 10 == 1) {
            const studio::TaskResult r = studio::evaluateProject(d);
            QVERIFY(std::isfinite(std::get<studio::ForecastJobResult>(r).test.model.mae));
            ++evaluated;
        }
    }
    qInfo("%s: %d SIGINTs, %d runs cancelled cleanly, %d died of a signal, %d left a project (%d evaluated)",
          qPrintable(engine), runs, cancelled, signalled, projects, evaluated);
    QCOMPARE(signalled, 0);
}

// `generate --length 100000` stops within a step of a Ctrl+C, prints what it has and says
// it was cancelled.
void TestCliSignals::sigintStopsALongGeneration() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QDir fixture(QStringLiteral(STUDIO_FIXTURE_DIR "/v1/charlm"));
    for (const QString& f : fixture.entryList(QDir::Files)) QVERIFY(QFile::copy(fixture.filePath(f), tmp.filePath(f)));
    const QStringList args{"generate", "--project", tmp.path(), "--length", "100000", "--seed", "5"};
    // The whole generation, for how long it takes here.
    QElapsedTimer clock;
    clock.start();
    QProcess whole;
    whole.start(STUDIO_CLI, args);
    QVERIFY(whole.waitForFinished(600000));
    QCOMPARE(whole.exitCode(), 0);
    const qint64 wholeMs = clock.elapsed();
    const int wholeLength = whole.readAllStandardOutput().size();

    QProcess p;
    clock.restart();
    p.start(STUDIO_CLI, args);
    QVERIFY(p.waitForStarted());
    QTest::qWait(static_cast<int>(wholeMs / 2));
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QElapsedTimer afterSignal;
    afterSignal.start();
    QVERIFY(p.waitForFinished(60000));
    const qint64 stopMs = afterSignal.elapsed();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 1, qPrintable(err));
    QVERIFY2(err.contains("generation was cancelled"), qPrintable(err));
    const int printed = p.readAllStandardOutput().size();
    qInfo("generate --length 100000: %lld ms whole; SIGINT at %lld ms stopped it in %lld ms with %d of %d bytes",
          wholeMs, wholeMs / 2, stopMs, printed, wholeLength);
    QVERIFY(printed > 0 && printed < wholeLength);
    QVERIFY2(stopMs < wholeMs / 4 + 1000, "the generation went on after the signal");
}

// One 100,000-token text among 100 short ones, kept whole (--max-length 0) in a batch of
// all of them: the batch takes minutes, and a Ctrl+C inside it stops the run within
// seconds (the LSTM checks between slices of 512 steps, forwards and backwards). Before
// the slices such a run ignored SIGINT and SIGTERM for more than 10 minutes.
void TestCliSignals::sigintStopsALongBatch() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString csv = tmp.filePath("long.csv");
    QVERIFY(studio::test::writeLongTextCsv(csv));
    for (int delayMs : {1000, 6000}) {
        QProcess p;
        p.start(STUDIO_CLI, {"train", "--task", "classify", "--data", csv, "--text-column", "text",
                             "--label-column", "label", "--max-length", "0", "--batch-size", "128", "--epochs", "1",
                             "--hidden", "16", "--embedding-dim", "8", "--out", tmp.filePath("out")});
        QVERIFY(p.waitForStarted());
        QElapsedTimer started;
        started.start();
        while (!QFileInfo::exists(tmp.filePath("out/.lstm-studio.lock")) && started.elapsed() < 60000) QTest::qWait(5);
        QTest::qWait(delayMs);
        QCOMPARE(p.state(), QProcess::Running);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QElapsedTimer afterSignal;
        afterSignal.start();
        QVERIFY2(p.waitForFinished(60000), "the run went on for a minute after the signal");
        const QString err = QString::fromUtf8(p.readAllStandardError());
        qInfo("SIGINT %d ms into a run with a 100,000-token text: stopped %lld ms later", delayMs,
              afterSignal.elapsed());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains("training was cancelled before the first epoch ended"), qPrintable(err));
        QVERIFY(!QFileInfo::exists(tmp.filePath("out")));
    }
}

QTEST_GUILESS_MAIN(TestCliSignals)
#include "test_cli_signals.moc"
