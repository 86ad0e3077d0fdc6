// Project folders survive faults: a save killed at random moments leaves the old or the new
// project, an interrupted commit is finished (or dropped) by the next reader, and broken,
// truncated, older or newer project files give a DataError that says why, never a crash.

#include "cli_runner.h"
#include "base/error.h"
#include "project/project_folder.h"
#include "tasks/registry.h"
#include "tasks/text/text_project.h"
#include "project_generation.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest/QtTest>

#include <csignal>
#include <sys/types.h>

using namespace studio;

namespace {

const std::string kData = STUDIO_SOURCE_DIR "/datasets/sunspots_monthly.csv";

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// What is on disk in `dir`, checked file by file against project_generation.h: the
// generation, or -1 and `problem` set when the files disagree or do not load.
int generationOnDisk(const QString& dir, QString& problem) {
    const std::string d = dir.toStdString();
    try {
        const ProjectFile p = loadProjectFile(d);
        const int g = std::stoi(p.message.substr(p.message.find(' ') + 1));
        auto fail = [&](const QString& what) {
            problem = QStringLiteral("generation %1: %2").arg(g).arg(what);
            return -1;
        };
        if (p.model.hidden != test::generationModel(g).hidden) return fail(QStringLiteral("hidden size"));
        Model model(p.model, 1, 1);
        const std::vector<NamedTensor> fresh = model.parameters();
        model.load(d + "/model.pt");
        const std::vector<NamedTensor> loaded = model.parameters();
        if (loaded.size() != fresh.size()) return fail(QStringLiteral("model.pt has other parameters"));
        for (std::size_t i = 0; i < loaded.size(); ++i) {
            if (loaded[i].shape != fresh[i].shape) return fail(QStringLiteral("model.pt shapes"));
            for (float v : loaded[i].values)
                if (v != static_cast<float>(g) + 0.5f) return fail(QStringLiteral("model.pt weight %1").arg(v));
        }
        const std::vector<EpochStats> history = loadHistory(d);
        if (static_cast<int>(history.size()) != p.epochsDone) return fail(QStringLiteral("history length"));
        for (std::size_t i = 0; i < history.size(); ++i)
            if (history[i].epoch != 100 * g + static_cast<int>(i)) return fail(QStringLiteral("history epochs"));
        if (loadMetrics(d).model.n != static_cast<std::size_t>(g)) return fail(QStringLiteral("metrics.json"));
        const QStringList predictions = test::readLines(dir + QStringLiteral("/predictions.csv"));
        if (predictions.size() != 2 || !predictions[1].startsWith(QString::number(g) + QLatin1Char(',')))
            return fail(QStringLiteral("predictions.csv"));
        return g;
    } catch (const std::exception& e) {
        problem = QString::fromUtf8(e.what());
        return -1;
    }
}

// Files a save leaves while it runs: staged files and the journal.
int filesOfAnOpenSave(const QString& dir) {
    return QDir(dir).entryList({QStringLiteral("*.saving*"), QStringLiteral("save.journal*")}, QDir::Files).size();
}

QString lastSaved(const QByteArray& output, int& generation) {
    const QList<QByteArray> lines = output.split('\n');
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (it->startsWith("saved ")) {
            generation = it->mid(6).toInt();
            return {};
        }
    return QStringLiteral("no save reported");
}

// `load` must load or throw DataError; anything else fails the test.
template <typename Load>
void expectLoadsOrDataError(Load&& load, const QString& what, int& errors) {
    try {
        load();
    } catch (const DataError&) {
        ++errors;
    } catch (const std::exception& e) {
        QFAIL(qPrintable(what + QStringLiteral(": not a DataError: ") + QString::fromUtf8(e.what())));
    }
}

}  // namespace

class TestProjectFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedSavesLeaveOldOrNew();
    void committedSaveIsFinishedByTheReader();
    void firstSaveKilledAfterItsCommit();
    void uncommittedSaveIsDropped();
    void truncatedProjectJson();
    void flippedBytesInProjectJson();
    void brokenModelFile();
    void formats_data();
    void formats();
    void olderFileWithoutOptionalFields();
    void cliNamesTheBrokenFile();
};

void TestProjectFiles::killedSavesLeaveOldOrNew() {
    QTemporaryDir dir;
    QRandomGenerator random(20261126);
    constexpr int kKills = 50;
    int midSave = 0, previous = -1;
    for (int kill = 0; kill < kKills; ++kill) {
        QProcess helper;
        helper.start(QStringLiteral(STUDIO_SAVE_HELPER), {dir.path(), QString::fromStdString(kData)});
        QVERIFY(helper.waitForStarted(10000));
        QByteArray output;
        while (!output.contains("saved ")) {
            QVERIFY2(helper.waitForReadyRead(60000), "the helper reported no save");
            output += helper.readAllStandardOutput();
        }
        QThread::msleep(random.bounded(150));
        ::kill(static_cast<pid_t>(helper.processId()), SIGKILL);
        QVERIFY(helper.waitForFinished(10000));
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
        output += helper.readAllStandardOutput();
        int reported = -1;
        QVERIFY2(lastSaved(output, reported).isEmpty(), output.constData());
        QVERIFY(reported > previous);

        midSave += filesOfAnOpenSave(dir.path()) > 0;
        QString problem;
        const int onDisk = generationOnDisk(dir.path(), problem);
        QVERIFY2(onDisk >= 0, qPrintable(QStringLiteral("after kill %1: %2").arg(kill).arg(problem)));
        // The last save reported, or the one after it when the kill came between its
        // commit and the report.
        QVERIFY2(onDisk == reported || onDisk == reported + 1,
                 qPrintable(QStringLiteral("on disk %1, last reported %2").arg(onDisk).arg(reported)));
        QCOMPARE(QFile::exists(dir.filePath(QStringLiteral("save.journal"))), false);
        previous = onDisk;
    }
    qInfo("%d kills, %d of them during a save (staged files or journal on disk)", kKills, midSave);
    QVERIFY2(midSave > 0, "no kill landed inside a save: the test did not test anything");
}

void TestProjectFiles::committedSaveIsFinishedByTheReader() {
    // A save killed right after its commit point: every file staged, the journal written.
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 0, kData);
    test::saveGeneration(d, 1, kData);
    const QStringList names = {QStringLiteral("model.pt"), QStringLiteral("history.jsonl"),
                               QStringLiteral("metrics.json"), QStringLiteral("predictions.csv"),
                               QStringLiteral("project.json")};
    for (const QString& name : names) {
        QVERIFY(QFile::copy(dir.filePath(name), dir.filePath(name + QStringLiteral(".next"))));
        QVERIFY(QFile::remove(dir.filePath(name)));
    }
    // Generation 0 in place again (a save of it), generation 1 staged under the journal.
    test::saveGeneration(d, 0, kData);
    for (const QString& name : names)
        QVERIFY(QFile::rename(dir.filePath(name + QStringLiteral(".next")),
                              dir.filePath(name + QStringLiteral(".saving"))));
    // Some renames already done when the process died.
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("model.pt"))));
    QVERIFY(QFile::rename(dir.filePath(QStringLiteral("model.pt.saving")), dir.filePath(QStringLiteral("model.pt"))));
    QVERIFY(writeAll(dir.filePath(QStringLiteral("save.journal")), names.join(QLatin1Char('\n')).toUtf8() + "\n"));

    QString problem;
    QCOMPARE(generationOnDisk(dir.path(), problem), 1);
    QCOMPARE(filesOfAnOpenSave(dir.path()), 0);
}

void TestProjectFiles::firstSaveKilledAfterItsCommit() {
    // A new project's first save, killed after its journal and its first rename: model.pt
    // in place, project.json still staged. The folder is a project already (a new train
    // there would overwrite it), and the first reader finishes the save.
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 3, kData);
    const QStringList names = {QStringLiteral("model.pt"), QStringLiteral("history.jsonl"),
                               QStringLiteral("metrics.json"), QStringLiteral("predictions.csv"),
                               QStringLiteral("project.json")};
    for (const QString& name : names.mid(1))
        QVERIFY(QFile::rename(dir.filePath(name), dir.filePath(name + QStringLiteral(".saving"))));
    QVERIFY(writeAll(dir.filePath(QStringLiteral("save.journal")), names.join(QLatin1Char('\n')).toUtf8() + "\n"));

    QVERIFY(ProjectFolder::isProject(d));
    try {
        ProjectFolder::checkNewProject(d);
        QFAIL("a new project accepted over a committed one");
    } catch (const UsageError& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("already holds a forecast project")),
                 e.what());
    }
    QString problem;
    QCOMPARE(generationOnDisk(dir.path(), problem), 3);
    QCOMPARE(filesOfAnOpenSave(dir.path()), 0);

    // Without the journal the same files are no project: a save that never committed.
    QTemporaryDir bare;
    QVERIFY(writeAll(bare.filePath(QStringLiteral("model.pt.saving")), "PK"));
    QVERIFY(!ProjectFolder::isProject(bare.path().toStdString()));
}

void TestProjectFiles::uncommittedSaveIsDropped() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 4, kData);
    // A save that died before its commit: staged files (one half written), no journal.
    QVERIFY(writeAll(dir.filePath(QStringLiteral("model.pt.saving")), "PK\x03\x04 half a model"));
    QVERIFY(writeAll(dir.filePath(QStringLiteral("project.json.saving.tmp123")), "{\"format\":"));
    QString problem;
    QCOMPARE(generationOnDisk(dir.path(), problem), 4);
    // The next save clears them and commits only its own files.
    test::saveGeneration(d, 5, kData);
    QCOMPARE(filesOfAnOpenSave(dir.path()), 0);
    QCOMPARE(generationOnDisk(dir.path(), problem), 5);
}

void TestProjectFiles::truncatedProjectJson() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 2, kData);
    const QString path = dir.filePath(QStringLiteral("project.json"));
    const QByteArray whole = readAll(path);
    QVERIFY(whole.size() > 500);
    int errors = 0;
    // Every length but the whole file and the file without its final line feed.
    for (int length = 0; length < whole.size() - 1; ++length) {
        QVERIFY(writeAll(path, whole.left(length)));
        expectLoadsOrDataError([&] { loadProjectFile(d); }, QStringLiteral("cut at %1").arg(length), errors);
        expectLoadsOrDataError([&] { taskOf(d); }, QStringLiteral("task, cut at %1").arg(length), errors);
    }
    QCOMPARE(errors, 2 * (whole.size() - 1));
    QVERIFY(writeAll(path, whole.left(whole.size() - 1)));
    QCOMPARE(loadProjectFile(d).message, std::string("generation 2"));
}

void TestProjectFiles::flippedBytesInProjectJson() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 3, kData);
    const QString path = dir.filePath(QStringLiteral("project.json"));
    const QByteArray whole = readAll(path);
    QRandomGenerator random(7);
    int errors = 0;
    constexpr int kFlips = 400;
    for (int i = 0; i < kFlips; ++i) {
        QByteArray bytes = whole;
        const int at = static_cast<int>(random.bounded(bytes.size()));
        bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1 + random.bounded(255)));
        QVERIFY(writeAll(path, bytes));
        expectLoadsOrDataError([&] { loadProjectFile(d); }, QStringLiteral("byte %1 flipped").arg(at), errors);
        expectLoadsOrDataError([&] { loadTextProjectFile(d); }, QStringLiteral("text, byte %1").arg(at), errors);
    }
    // Most flips break the JSON or a field; a flip inside a string or a digit can load.
    qInfo("%d of %d loads refused", errors, 2 * kFlips);
    QVERIFY(errors > kFlips);
}

void TestProjectFiles::brokenModelFile() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 2, kData);
    const ProjectFile project = loadProjectFile(d);
    const QString path = dir.filePath(QStringLiteral("model.pt"));
    const QByteArray whole = readAll(path);
    QVERIFY(whole.size() > 200);
    int errors = 0, tries = 0;
    for (int length = 0; length < whole.size(); length += std::max(1, static_cast<int>(whole.size()) / 150), ++tries) {
        QVERIFY(writeAll(path, whole.left(length)));
        expectLoadsOrDataError([&] { Model(project.model, 1, 1).load(path.toStdString()); },
                               QStringLiteral("model.pt cut at %1").arg(length), errors);
    }
    QCOMPARE(errors, tries);
    QRandomGenerator random(11);
    for (int i = 0; i < 150; ++i) {
        QByteArray bytes = whole;
        const int at = static_cast<int>(random.bounded(bytes.size()));
        bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1 + random.bounded(255)));
        QVERIFY(writeAll(path, bytes));
        expectLoadsOrDataError([&] { Model(project.model, 1, 1).load(path.toStdString()); },
                               QStringLiteral("model.pt byte %1 flipped").arg(at), errors);
    }
}

void TestProjectFiles::formats_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");  // undefined: the key is removed
    QTest::addColumn<QString>("message");

    QTest::newRow("format 0") << "format_version" << QJsonValue(0) << "format 0 is older than any LSTM Studio release";
    QTest::newRow("format -3") << "format_version" << QJsonValue(-3) << "format -3 is older";
    QTest::newRow("newer format") << "format_version" << QJsonValue(2)
                                  << "written by a newer LSTM Studio (format 2, this one reads 1 to 1)";
    QTest::newRow("no format_version") << "format_version" << QJsonValue(QJsonValue::Undefined)
                                       << "has no format_version number";
    QTest::newRow("format_version text") << "format_version" << QJsonValue(QStringLiteral("1"))
                                         << "has no format_version number";
    QTest::newRow("other format") << "format" << QJsonValue(QStringLiteral("keras"))
                                  << "not an LSTM Studio project file";
    QTest::newRow("format a number") << "format" << QJsonValue(7) << "not an LSTM Studio project file";
    QTest::newRow("unknown task") << "task" << QJsonValue(QStringLiteral("regress")) << "task 'regress'";
    QTest::newRow("window text") << "series" << QJsonValue(QStringLiteral("x")) << "missing or malformed field";
    QTest::newRow("no model") << "model" << QJsonValue(QJsonValue::Undefined) << "missing or malformed field";
}

void TestProjectFiles::formats() {
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 0, kData);
    const QString path = dir.filePath(QStringLiteral("project.json"));
    QJsonObject j = QJsonDocument::fromJson(readAll(path)).object();
    if (value.isUndefined())
        j.remove(key);
    else
        j[key] = value;
    QVERIFY(writeAll(path, QJsonDocument(j).toJson()));
    try {
        loadProjectFile(d);
        QFAIL("loaded");
    } catch (const DataError& e) {
        const QString actual = QString::fromUtf8(e.what());
        QVERIFY2(actual.startsWith(path + QStringLiteral(": ")) && actual.contains(message), qPrintable(actual));
    }
}

void TestProjectFiles::olderFileWithoutOptionalFields() {
    // Fields a format-1 file may lack (older writers left them out) read as their defaults.
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 1, kData);
    const QString path = dir.filePath(QStringLiteral("project.json"));
    QJsonObject j = QJsonDocument::fromJson(readAll(path)).object();
    for (const char* key : {"versions", "status", "seed"}) j.remove(QLatin1String(key));
    QJsonObject series = j[QStringLiteral("series")].toObject();
    for (const char* key : {"stride", "missing", "naive_scale", "time_column"}) series.remove(QLatin1String(key));
    j[QStringLiteral("series")] = series;
    QJsonObject train = j[QStringLiteral("train")].toObject();
    for (const char* key : {"momentum", "weight_decay", "threads", "device"}) train.remove(QLatin1String(key));
    j[QStringLiteral("train")] = train;
    QJsonObject data = j[QStringLiteral("data")].toObject();
    data.remove(QStringLiteral("sha256"));
    j[QStringLiteral("data")] = data;
    QVERIFY(writeAll(path, QJsonDocument(j).toJson()));

    const ProjectFile p = loadProjectFile(d);
    QCOMPARE(p.series.stride, 1);
    QVERIFY(p.series.missing == MissingPolicy::DropRow);
    QCOMPARE(p.naiveScale, 0.0);
    QCOMPARE(p.epochsDone, 0);
    QCOMPARE(p.message, std::string());
    QCOMPARE(p.train.momentum, 0.9);
    QCOMPARE(p.train.weightDecay, 0.01);
    QCOMPARE(p.train.threads, 1);
    QCOMPARE(p.train.device, std::string("auto"));
    QCOMPARE(p.model.hidden, test::generationModel(1).hidden);
}

void TestProjectFiles::cliNamesTheBrokenFile() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    test::saveGeneration(d, 0, kData);
    const QStringList args = {QStringLiteral("evaluate"), QStringLiteral("--project"), dir.path()};
    test::CliResult r = test::runCli(args);
    QVERIFY2(r.code == 0, qPrintable(r.err));

    const QString model = dir.filePath(QStringLiteral("model.pt"));
    const QByteArray weights = readAll(model);
    QVERIFY(writeAll(model, weights.left(weights.size() / 2)));
    r = test::runCli(args);
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(QStringLiteral("cannot read model weights from ") + model), qPrintable(r.err));

    QVERIFY(writeAll(model, weights));
    const QString project = dir.filePath(QStringLiteral("project.json"));
    const QByteArray json = readAll(project);
    QVERIFY(writeAll(project, json.left(json.size() / 3)));
    r = test::runCli(args);
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.startsWith(QStringLiteral("error: ") + project + QStringLiteral(": not valid JSON")),
             qPrintable(r.err));
}

QTEST_APPLESS_MAIN(TestProjectFiles)
#include "test_project_files.moc"
