// Data-parallel training: two lstm-studio-cli processes on loopback, started the way
// torchrun starts them (the test sets RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and
// MASTER_PORT itself: Debian's torchrun does not start). The oracle is the same CLI run as
// one process with the same global batch: data parallelism must not change the training.

#include "cli_runner.h"
#include "distributed/launch_env.h"
#include "base/error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <map>

using namespace studio;
using namespace studio::test;

namespace {

// A TCP port nobody listens on now (the OS's pick for port 0).
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

// readLaunchEnv over `vars` (NAME=VALUE) instead of the process's environment.
std::optional<LaunchEnv> readEnv(const QStringList& vars) {
    std::map<std::string, std::string> env;
    for (const QString& v : vars) env[v.section('=', 0, 0).toStdString()] = v.section('=', 1).toStdString();
    return readLaunchEnv([&](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    });
}

struct Epoch {
    double train = 0, val = 0, metric = 0, gradNorm = 0;
};

std::vector<Epoch> history(const QString& dir) {
    std::vector<Epoch> h;
    for (const QString& line : readLines(dir + "/history.jsonl")) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        h.push_back({e["train_loss"].toDouble(), e["val_loss"].toDouble(), e["val_metric"].toDouble(),
                     e["grad_norm_mean"].toDouble()});
    }
    return h;
}

bool close(double a, double b, double rel) {
    if (std::isnan(a) && std::isnan(b)) return true;
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}

// Both runs' histories, epoch by epoch, within `rel`: losses, the validation metric and
// the mean gradient norm (clipping must see the whole batch's gradient).
void compareHistories(const QString& alone, const QString& together, int epochs, double rel) {
    const std::vector<Epoch> a = history(alone), b = history(together);
    QCOMPARE(int(a.size()), epochs);
    QCOMPARE(int(b.size()), epochs);
    for (int i = 0; i < epochs; ++i) {
        const QString at = QStringLiteral("epoch %1: alone %2 %3 %4, two processes %5 %6 %7")
                               .arg(i + 1)
                               .arg(a[i].train, 0, 'g', 10)
                               .arg(a[i].val, 0, 'g', 10)
                               .arg(a[i].metric, 0, 'g', 10)
                               .arg(b[i].train, 0, 'g', 10)
                               .arg(b[i].val, 0, 'g', 10)
                               .arg(b[i].metric, 0, 'g', 10);
        QVERIFY2(close(a[i].train, b[i].train, rel), qPrintable(at));
        QVERIFY2(close(a[i].val, b[i].val, rel), qPrintable(at));
        QVERIFY2(close(a[i].metric, b[i].metric, rel), qPrintable(at));
        QVERIFY2(close(a[i].gradNorm, b[i].gradNorm, rel),
                 qPrintable(at + QStringLiteral(", gradient norms %1 %2").arg(a[i].gradNorm).arg(b[i].gradNorm)));
    }
}

// One rank of a run of `world` processes on loopback. Ranks above 0 keep their private
// folders under `tmp`, so the test can see that they removed them.
class Rank {
public:
    Rank(int rank, int world, int port, const QStringList& args, const QString& tmp) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("RANK", QString::number(rank));
        env.insert("LOCAL_RANK", QString::number(rank));
        env.insert("WORLD_SIZE", QString::number(world));
        env.insert("MASTER_ADDR", "127.0.0.1");
        env.insert("MASTER_PORT", QString::number(port));
        env.insert("TMPDIR", tmp);
        p_.setProcessEnvironment(env);
        p_.start(STUDIO_CLI, args);
    }
    bool started() { return p_.waitForStarted(10000); }
    qint64 pid() const { return p_.processId(); }
    // -1: still running after `ms`; -2: killed by a signal; else the exit code.
    int finish(int ms = 600000) {
        if (!p_.waitForFinished(ms)) return -1;
        err_ += QString::fromUtf8(p_.readAllStandardError());
        out_ += QString::fromUtf8(p_.readAllStandardOutput());
        return p_.exitStatus() == QProcess::NormalExit ? p_.exitCode() : -2;
    }
    QString err() {
        err_ += QString::fromUtf8(p_.readAllStandardError());
        return err_;
    }
    const QString& out() const { return out_; }

private:
    QProcess p_;
    QString err_, out_;
};

// Runs `args` as `world` ranks; true when every rank exits 0. `errors` gets rank 0's stderr
// and the others'.
bool runRanks(int world, const QStringList& args, const QString& tmp, QString* errors = nullptr) {
    const int port = freePort();
    std::vector<std::unique_ptr<Rank>> ranks;
    for (int r = 0; r < world; ++r) ranks.push_back(std::make_unique<Rank>(r, world, port, args, tmp));
    bool ok = true;
    for (int r = 0; r < world; ++r) {
        const int code = ranks[r]->finish();
        if (errors) *errors += QStringLiteral("rank %1 (exit %2): %3\n").arg(r).arg(code).arg(ranks[r]->err());
        ok = ok && code == 0;
    }
    return ok;
}

QStringList trainArgs(const QString& task, const QString& data, const QString& out, int batch,
                      const QStringList& extra = {}) {
    QStringList args = {"train", "--task", task, "--data", data, "--out", out, "--epochs", "5",
                        "--batch-size", QString::number(batch), "--patience", "0", "--dropout", "0", "--seed", "7"};
    return args + extra;
}

} // namespace

class TestDistributed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void launchEnv_data();
    void launchEnv();
    void launchEnvRefusals_data();
    void launchEnvRefusals();
    void matchesOneProcess_data();
    void matchesOneProcess();
    void resumesWithSameProcesses();
    void ranksMustAgree();
    void refusedWithoutLauncher();
    void killedRankStopsTheOther_data();
    void killedRankStopsTheOther();
    void interruptStopsEveryRank();

private:
    QTemporaryDir tmp_;
    QString charText_, spamCsv_;
};

void TestDistributed::initTestCase() {
    QVERIFY(tmp_.isValid());
    // Small inputs: 30,000 characters of the novel; 800 labelled subjects.
    charText_ = tmp_.filePath("novel.txt");
    QFile novel(charText_);
    QVERIFY(novel.open(QIODevice::WriteOnly));
    novel.write(readAll(dataset("pride_and_prejudice.txt")).left(30000));
    novel.close();
    spamCsv_ = tmp_.filePath("spam.csv");
    QFile spam(spamCsv_);
    QVERIFY(spam.open(QIODevice::WriteOnly));
    const QList<QByteArray> lines = readAll(dataset("spam_subjects.csv")).split('\n');
    // Every 7th line, so that both classes are in it.
    spam.write(lines[0] + '\n');
    for (int i = 1, kept = 0; i < lines.size() && kept < 800; i += 7, ++kept) spam.write(lines[i] + '\n');
}

void TestDistributed::launchEnv_data() {
    QTest::addColumn<QStringList>("vars");  // NAME=VALUE
    QTest::addColumn<QString>("launcher");
    QTest::addColumn<int>("rank");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("localRank");
    QTest::newRow("torchrun") << QStringList{"RANK=3", "WORLD_SIZE=4", "LOCAL_RANK=1", "MASTER_ADDR=node0",
                                             "MASTER_PORT=29500"}
                              << "torchrun" << 3 << 4 << 1;
    QTest::newRow("slurm") << QStringList{"SLURM_PROCID=5", "SLURM_NTASKS=8", "SLURM_LOCALID=1",
                                          "MASTER_ADDR=10.0.0.1", "MASTER_PORT=1234"}
                           << "slurm" << 5 << 8 << 1;
    QTest::newRow("mpirun") << QStringList{"OMPI_COMM_WORLD_RANK=0", "OMPI_COMM_WORLD_SIZE=2",
                                           "OMPI_COMM_WORLD_LOCAL_RANK=0", "MASTER_ADDR=h", "MASTER_PORT=80"}
                            << "mpirun" << 0 << 2 << 0;
    // torchrun's variables win over Slurm's, which a torchrun inside an allocation also sees.
    QTest::newRow("torchrun in slurm")
        << QStringList{"SLURM_PROCID=0", "SLURM_NTASKS=1", "RANK=1", "WORLD_SIZE=2", "MASTER_ADDR=a", "MASTER_PORT=9"}
        << "torchrun" << 1 << 2 << 0;
    // One process needs no store.
    QTest::newRow("alone") << QStringList{"RANK=0", "WORLD_SIZE=1"} << "torchrun" << 0 << 1 << 0;
    QTest::newRow("none") << QStringList{"LOCAL_RANK=2", "MASTER_PORT=1"} << "" << 0 << 1 << 0;
}

void TestDistributed::launchEnv() {
    QFETCH(QStringList, vars);
    QFETCH(QString, launcher);
    const std::optional<LaunchEnv> e = readEnv(vars);
    QCOMPARE(e.has_value(), !launcher.isEmpty());
    if (!e) return;
    QCOMPARE(QString::fromStdString(e->launcher), launcher);
    QTEST(e->rank, "rank");
    QTEST(e->size, "size");
    QTEST(e->localRank, "localRank");
}

void TestDistributed::launchEnvRefusals_data() {
    QTest::addColumn<QStringList>("vars");
    QTest::addColumn<QString>("names");  // what the message must name
    QTest::newRow("no store") << QStringList{"RANK=0", "WORLD_SIZE=2"} << "MASTER_ADDR";
    QTest::newRow("rank past size") << QStringList{"RANK=2", "WORLD_SIZE=2", "MASTER_ADDR=a", "MASTER_PORT=1"}
                                    << "RANK=2";
    QTest::newRow("negative rank") << QStringList{"RANK=-1", "WORLD_SIZE=2", "MASTER_ADDR=a", "MASTER_PORT=1"}
                                   << "RANK=-1";
    QTest::newRow("size zero") << QStringList{"RANK=0", "WORLD_SIZE=0"} << "WORLD_SIZE=0";
    QTest::newRow("port") << QStringList{"RANK=0", "WORLD_SIZE=2", "MASTER_ADDR=a", "MASTER_PORT=70000"}
                          << "MASTER_PORT=70000";
    QTest::newRow("text") << QStringList{"SLURM_PROCID=x", "SLURM_NTASKS=2"} << "SLURM_PROCID=x";
}

void TestDistributed::launchEnvRefusals() {
    QFETCH(QStringList, vars);
    QFETCH(QString, names);
    try {
        readEnv(vars);
        QFAIL("accepted");
    } catch (const UsageError& e) {
        QVERIFY2(QString(e.what()).contains(names), e.what());
    }
}

void TestDistributed::matchesOneProcess_data() {
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("data");
    QTest::addColumn<QStringList>("extra");
    const QString sunspots = dataset("sunspots_monthly.csv");
    const QStringList forecast = {"--target", "sunspots", "--window", "12", "--hidden", "16"};
    QTest::newRow("forecast libtorch") << "forecast" << sunspots << forecast + QStringList{"--engine", "libtorch"};
#ifdef STUDIO_WITH_ONEDNN
    QTest::newRow("forecast onednn") << "forecast" << sunspots << forecast + QStringList{"--engine", "onednn"};
#endif
    QTest::newRow("classify") << "classify" << QString() /* spam */
                              << QStringList{"--text-column", "subject", "--label-column", "label", "--hidden",
                                             "16", "--embedding-dim", "16"};
    QTest::newRow("charlm") << "charlm" << QString() /* novel */
                            << QStringList{"--hidden", "32", "--chunk", "40", "--embedding-dim", "16"};
}

// Five epochs of two processes with 32 samples each per step against one process with 64:
// the same loss, validation loss and metric every epoch (the sums' order differs, so not
// to the bit). Only rank 0 writes the project; rank 1 leaves nothing behind.
void TestDistributed::matchesOneProcess() {
    QFETCH(QString, task);
    QFETCH(QString, data);
    QFETCH(QStringList, extra);
    if (data.isEmpty()) data = task == "classify" ? spamCsv_ : charText_;
    const QString tag = QString(QTest::currentDataTag()).replace(' ', '-');
    const QString alone = tmp_.filePath(tag + "-alone"), together = tmp_.filePath(tag + "-two");
    const CliResult one = runCli(trainArgs(task, data, alone, 64, extra));
    QVERIFY2(one.code == 0, qPrintable(one.err));
    QTemporaryDir rankTmp;
    QString errors;
    QVERIFY2(runRanks(2, trainArgs(task, data, together, 32, extra), rankTmp.path(), &errors), qPrintable(errors));
    compareHistories(alone, together, 5, 1e-5);

    // Rank 0 announced the run; rank 1 printed nothing and removed its private folder.
    QVERIFY2(errors.contains("distributed: 2 processes (torchrun, gloo"), qPrintable(errors));
    QVERIFY2(errors.contains("global batch 64 = 2 x 32"), qPrintable(errors));
    QVERIFY2(errors.contains("rank 1 (exit 0): \n"), qPrintable(errors));
    QCOMPARE(QDir(rankTmp.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
    // One run, written once, with what trained it.
    const QStringList runs = QDir(together + "/runs").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(runs, QStringList{"r1"});
    const QJsonObject d = readJson(together + "/runs/r1/distributed.json");
    QCOMPARE(d["processes"].toInt(), 2);
    QCOMPARE(d["launcher"].toString(), QString("torchrun"));
    QCOMPARE(d["batch_per_process"].toInt(), 32);
    QCOMPARE(d["global_batch"].toInt(), 64);
    // The project works like any other.
    const CliResult eval = runCli({"evaluate", "--project", together});
    QVERIFY2(eval.code == 0, qPrintable(eval.err));
}

// A project trained by two processes resumes with two (the same as one process resuming
// its own), and refuses one.
void TestDistributed::resumesWithSameProcesses() {
    const QString sunspots = dataset("sunspots_monthly.csv");
    const QStringList extra = {"--target", "sunspots", "--window", "12", "--hidden", "16", "--engine", "libtorch"};
    const QString alone = tmp_.filePath("resume-alone"), together = tmp_.filePath("resume-two");
    QVERIFY(runCli(trainArgs("forecast", sunspots, alone, 64, extra)).code == 0);
    QTemporaryDir rankTmp;
    QString errors;
    QVERIFY2(runRanks(2, trainArgs("forecast", sunspots, together, 32, extra), rankTmp.path(), &errors),
             qPrintable(errors));

    const CliResult refused = runCli({"resume", "--project", together, "--epochs", "7"});
    QCOMPARE(refused.code, 2);
    QVERIFY2(refused.err.contains("written by a training of 2 processes"), qPrintable(refused.err));

    QVERIFY(runCli({"resume", "--project", alone, "--epochs", "7"}).code == 0);
    errors.clear();
    QVERIFY2(runRanks(2, {"resume", "--project", together, "--epochs", "7"}, rankTmp.path(), &errors),
             qPrintable(errors));
    compareHistories(alone, together, 7, 1e-5);
    // The refused resume took a run number and left no run: r1 and the resumed one.
    const QStringList runs = QDir(together + "/runs").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs[0], QString("r1"));
    QVERIFY(QFile::exists(together + "/runs/" + runs[1] + "/distributed.json"));
    QCOMPARE(QDir(rankTmp.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

// Ranks that would train different networks stop before the first step, all of them.
void TestDistributed::ranksMustAgree() {
    const int port = freePort();
    const QString sunspots = dataset("sunspots_monthly.csv");
    const QString out = tmp_.filePath("disagree");
    QTemporaryDir rankTmp;
    Rank r0(0, 2, port, trainArgs("forecast", sunspots, out, 32, {"--target", "sunspots", "--hidden", "16"}),
            rankTmp.path());
    Rank r1(1, 2, port, trainArgs("forecast", sunspots, out, 32, {"--target", "sunspots", "--hidden", "24"}),
            rankTmp.path());
    QCOMPARE(r0.finish(120000), 2);
    QCOMPARE(r1.finish(120000), 2);
    QVERIFY2(r0.err().contains("the ranks differ in parameters") || r0.err().contains("the ranks differ in"),
             qPrintable(r0.err()));
    QVERIFY2(r1.err().contains("the ranks differ in"), qPrintable(r1.err()));
    QVERIFY(!QFile::exists(out + "/project.json"));
}

// --distributed with no launcher's variables is a usage error that lists them; nothing is
// written.
void TestDistributed::refusedWithoutLauncher() {
    for (const char* v : {"RANK", "WORLD_SIZE", "SLURM_PROCID", "SLURM_NTASKS", "OMPI_COMM_WORLD_RANK",
                          "OMPI_COMM_WORLD_SIZE"})
        if (!qEnvironmentVariableIsEmpty(v)) QSKIP("this test runs under a launcher's variables");
    const QString out = tmp_.filePath("no-launcher");
    const CliResult r = runCli({"train", "--distributed", "--data", dataset("sunspots_monthly.csv"), "--target",
                                "sunspots", "--out", out});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--distributed asks for a data-parallel run") && r.err.contains("SLURM_PROCID") &&
                 r.err.contains("MASTER_PORT"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

void TestDistributed::killedRankStopsTheOther_data() {
    QTest::addColumn<int>("killed");
    QTest::addColumn<int>("signal");
    QTest::addColumn<int>("timeout");  // --dist-timeout, seconds
    QTest::newRow("rank 1 killed") << 1 << int(SIGKILL) << 60;
    QTest::newRow("rank 0 (the store's host) killed") << 0 << int(SIGKILL) << 60;
    // A stopped process answers nothing and closes nothing: only the timeout ends the wait.
    QTest::newRow("rank 1 hung") << 1 << int(SIGSTOP) << 5;
    QTest::newRow("rank 0 hung") << 0 << int(SIGSTOP) << 5;
}

// kill -9 of one rank in the middle of training: the other exits non-zero within the
// 60 s --dist-timeout (in fact at once: its peer's connection closes), naming the rank,
// and leaves no half-written project. A rank that hangs (SIGSTOP) is named once the
// timeout passes.
void TestDistributed::killedRankStopsTheOther() {
    QFETCH(int, killed);
    QFETCH(int, signal);
    QFETCH(int, timeout);
    const int port = freePort();
    const QString out = tmp_.filePath(QStringLiteral("killed%1-%2").arg(killed).arg(signal));
    const QStringList args = {"train", "--data", dataset("sunspots_monthly.csv"), "--target", "sunspots",
                              "--out", out, "--epochs", "100000", "--patience", "0", "--dist-timeout",
                              QString::number(timeout), "--verbose"};
    QTemporaryDir rankTmp;
    Rank r0(0, 2, port, args, rankTmp.path());
    Rank r1(1, 2, port, args, rankTmp.path());
    Rank& victim = killed == 0 ? r0 : r1;
    Rank& survivor = killed == 0 ? r1 : r0;
    // Until both train: the survivor's first epoch line (--verbose prints it on rank 1 too).
    QElapsedTimer waited;
    waited.start();
    while (!survivor.err().contains(QRegularExpression("epoch 1/100000 ")) && waited.elapsed() < 120000)
        QTest::qWait(100);
    QVERIFY2(survivor.err().contains("epoch 1/100000 "), qPrintable(survivor.err()));
    ::kill(static_cast<pid_t>(victim.pid()), signal);
    QElapsedTimer timer;
    timer.start();
    const int code = survivor.finish(90000);
    if (signal == SIGSTOP) ::kill(static_cast<pid_t>(victim.pid()), SIGKILL);
    QVERIFY2(code > 0, qPrintable(QStringLiteral("exit %1: %2").arg(code).arg(survivor.err())));
    // Killed: within the 60 s the issue allows. Hung: the timeout, and a few seconds in which
    // the survivor asks the store who else is still there.
    const qint64 limitMs = signal == SIGSTOP ? 1000 * (timeout + 10) : 60000;
    QVERIFY2(timer.elapsed() < limitMs, qPrintable(QString::number(timer.elapsed())));
    if (signal == SIGSTOP)  // not before the timeout: nothing told it the other was gone
        QVERIFY2(timer.elapsed() > 1000 * (timeout - 2), qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(survivor.err().contains(QStringLiteral("rank %1 stopped answering").arg(killed)),
             qPrintable(survivor.err()));
    victim.finish(10000);
    // No project claims a model it does not have: none, or one that evaluates.
    if (QFile::exists(out + "/project.json")) {
        const CliResult eval = runCli({"evaluate", "--project", out});
        QVERIFY2(eval.code == 0, qPrintable(eval.err));
    }
    QCOMPARE(QDir(rankTmp.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(),
             killed == 1 ? 1 : 0);  // a killed rank 1 cannot remove its folder
}

// Ctrl+C reaches every process of a launcher's group; even one rank's SIGINT alone stops
// all of them at the same step, each with the cancelled run's message and exit code.
void TestDistributed::interruptStopsEveryRank() {
    const int port = freePort();
    const QString out = tmp_.filePath("interrupted");
    const QStringList args = {"train", "--data", dataset("sunspots_monthly.csv"), "--target", "sunspots",
                              "--out", out, "--epochs", "100000", "--patience", "0", "--dist-timeout", "60"};
    QTemporaryDir rankTmp;
    Rank r0(0, 2, port, args, rankTmp.path());
    Rank r1(1, 2, port, args, rankTmp.path());
    QElapsedTimer waited;
    waited.start();
    while (!r0.err().contains("epoch 2/100000 ") && waited.elapsed() < 120000) QTest::qWait(100);
    QVERIFY2(r0.err().contains("epoch 2/100000 "), qPrintable(r0.err()));
    ::kill(static_cast<pid_t>(r1.pid()), SIGINT);
    const int c0 = r0.finish(60000), c1 = r1.finish(60000);
    QCOMPARE(c0, 1);
    QCOMPARE(c1, 1);
    QVERIFY2(r0.err().contains("training was cancelled; the best model so far was saved"), qPrintable(r0.err()));
    QVERIFY2(!r0.err().contains("stopped answering"), qPrintable(r0.err()));
    QVERIFY2(!r1.err().contains("stopped answering"), qPrintable(r1.err()));
    const CliResult eval = runCli({"evaluate", "--project", out});
    QVERIFY2(eval.code == 0, qPrintable(eval.err));
    QCOMPARE(QDir(rankTmp.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
