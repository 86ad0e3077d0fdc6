// Bad input never crashes: every file of tests/data/bad/ (and the large or special ones
// expected.tsv names with @, made here) gets lstm-studio-cli train's exit code and a
// message naming the file, the line where there is one, what was expected and what to do,
// and leaves no project folder behind. A million-row file loads with progress and bounded
// memory, and its loading can be cancelled, in core and from the CLI.

#include "cli_runner.h"
#include "data/csv_reader.h"
#include "base/error.h"
#include "proc_status.h"

#include <QDate>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sys/stat.h>
#include <sys/types.h>

using namespace studio;

namespace {

constexpr int kMillion = 1000000;

// VmHWM (peak) or VmRSS (now) of this process in bytes.
double memoryBytes(const char* field) { return 1024.0 * static_cast<double>(test::procStatus(field)); }

// Resets VmHWM to the current RSS (Linux 4.0 and later).
bool resetPeakMemory() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    return static_cast<bool>(out);
}

// Minute bars: "YYYY-MM-DD hh:mm,close,volume". The close of row i is 100 + (i % 1000) / 8.
bool writeMillionRows(const QString& path) {
    std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "wb");
    if (!f) return false;
    std::fputs("time,close,volume\n", f);
    QByteArray date;
    for (int i = 0; i < kMillion; ++i) {
        if (i % 1440 == 0) date = QDate(2000, 1, 1).addDays(i / 1440).toString(Qt::ISODate).toLatin1();
        std::fprintf(f, "%s %02d:%02d,%.3f,%d\n", date.constData(), i / 60 % 24, i % 60, 100 + (i % 1000) / 8.0,
                     1000 + i % 7919);
    }
    return std::fclose(f) == 0;
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void corpus_data();
    void corpus();
    void millionRows();
    void cliShowsLoadingAndCancels();

private:
    QTemporaryDir dir_;
    QString bigFile_;
};

void TestBadInput::initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("directory")));
    QVERIFY(::mkfifo(dir_.filePath(QStringLiteral("pipe.csv")).toLocal8Bit().constData(), 0600) == 0);

    QFile wide(dir_.filePath(QStringLiteral("wide_10000_columns.csv")));
    QVERIFY(wide.open(QIODevice::WriteOnly));
    QStringList names;
    for (int c = 0; c < 10000; ++c) names << QStringLiteral("c%1").arg(c);
    wide.write(names.join(QLatin1Char(',')).toLatin1() + '\n');
    for (int r = 0; r < 5; ++r) {
        QStringList values;
        for (int c = 0; c < 10000; ++c) values << QString::number(r * 10000 + c);
        wide.write(values.join(QLatin1Char(',')).toLatin1() + '\n');
    }
    wide.close();

    // Line 42 holds a 5,000,000-digit "number" in the target column.
    QFile longLine(dir_.filePath(QStringLiteral("long_line.csv")));
    QVERIFY(longLine.open(QIODevice::WriteOnly));
    longLine.write("date,close\n");
    for (int r = 0; r < 80; ++r) {
        longLine.write(QDate(2020, 1, 1).addDays(r).toString(Qt::ISODate).toLatin1() + ',');
        longLine.write(r == 40 ? QByteArray(5000000, '1') : QByteArray::number(100 + r % 7));
        longLine.write("\n");
    }
    longLine.close();

    // 10,000 labels, one example each: an id column taken for the label.
    QFile labels(dir_.filePath(QStringLiteral("labels_10000.csv")));
    QVERIFY(labels.open(QIODevice::WriteOnly));
    labels.write("text,label\n");
    for (int r = 0; r < 10000; ++r) labels.write("some words of message " + QByteArray::number(r % 97) + ",id" + QByteArray::number(r) + "\n");
    labels.close();
}

void TestBadInput::corpus_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("parts");
    QFile manifest(QStringLiteral(STUDIO_BAD_DIR "/expected.tsv"));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    int entries = 0;
    for (const QString& line : QString::fromUtf8(manifest.readAll()).split(QLatin1Char('\n'))) {
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const QStringList fields = line.split(QLatin1Char('\t'));
        QVERIFY2(fields.size() == 4, qPrintable(line));
        const QString path = fields[0].startsWith(QLatin1Char('@')) ? dir_.filePath(fields[0].mid(1))
                                                                    : QStringLiteral(STUDIO_BAD_DIR "/") + fields[0];
        QTest::newRow(qPrintable(fields[0] + QLatin1Char(' ') + fields[1]))
            << path << fields[1].split(QLatin1Char(' '), Qt::SkipEmptyParts) << fields[2].toInt()
            << fields[3].split(QStringLiteral(" | "));
        ++entries;
    }
    QVERIFY(entries >= 24);
}

void TestBadInput::corpus() {
    QFETCH(QString, path);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QStringList, parts);
    const QString out = dir_.filePath(QStringLiteral("project-%1").arg(QTest::currentDataTag()).replace(' ', '_'));
    const test::CliResult r =
        test::runCli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), path} + options +
                     QStringList{QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--out"), out});
    QVERIFY2(r.code == exitCode, qPrintable(QStringLiteral("exit %1, stderr: %2").arg(r.code).arg(r.err)));
    // One line, prefixed, never a backtrace.
    QVERIFY2(r.err.startsWith(QStringLiteral("error: ")), qPrintable(r.err));
    QVERIFY2(r.err.count(QLatin1Char('\n')) <= 1 && r.err.size() < 2000, qPrintable(r.err.left(2000)));
    // A data error names the file; a usage error names the option.
    const QString name = QFileInfo(path).fileName();
    if (exitCode == 3) QVERIFY2(r.err.contains(name), qPrintable(r.err));
    for (const QString& part : parts) QVERIFY2(r.err.contains(part), qPrintable(part + QStringLiteral(" in ") + r.err));
    QVERIFY2(!QFileInfo::exists(out), "bad input left a project folder");
}

void TestBadInput::millionRows() {
    bigFile_ = dir_.filePath(QStringLiteral("million.csv"));
    QVERIFY(writeMillionRows(bigFile_));
    const double fileBytes = static_cast<double>(QFileInfo(bigFile_).size());

    CsvOptions options;
    std::size_t calls = 0, lastDone = 0, total = 0;
    options.progress = [&](std::size_t done, std::size_t all) {
        ++calls;
        if (done < lastDone) return false;  // progress must never go back
        lastDone = done;
        total = all;
        return true;
    };
    const bool peakReset = resetPeakMemory();
    const double before = memoryBytes("VmRSS");
    QElapsedTimer timer;
    timer.start();
    CsvTable table = readCsv(bigFile_.toStdString(), options);
    const double seconds = timer.elapsed() / 1000.0;
    const double peak = memoryBytes("VmHWM") - before;
    const double kept = memoryBytes("VmRSS") - before;

    QCOMPARE(int(table.rowCount()), kMillion);
    QCOMPARE(table.columns[0].kind, CsvColumn::Kind::Date);
    // Row 999,999: minute 639 (10:39) of day 694 after 2000-01-01, which is day 10957 after
    // 1970-01-01 (Python: date(2000, 1, 1) - date(1970, 1, 1)).
    QCOMPARE(table.columns[0].numbers.back(), 10957.0 + 694 + 639 / 1440.0);
    QCOMPARE(table.columns[1].numbers.back(), 100 + 999 / 8.0);
    QCOMPARE(table.columns[2].numbers.back(), 1000.0 + 999999 % 7919);
    QVERIFY(table.columns[1].text.empty());  // no text kept for fully numeric columns
    QCOMPARE(lastDone, total);
    QCOMPARE(total, static_cast<std::size_t>(2 * fileBytes));
    QVERIFY(calls > kMillion / 4096);
    qInfo(
        "1,000,000 rows, %.1f MiB file: read in %.2f s, peak RSS +%.1f MiB (%.2fx the file%s), "
        "%.1f MiB kept for the table",
        fileBytes / 1048576, seconds, peak / 1048576, peak / fileBytes,
        peakReset ? "" : "; peak not reset, an overestimate", kept / 1048576);
    // The file's bytes plus 8 bytes per cell at most twice over; the text of every cell as
    // a std::string (32 bytes each, what the reader once kept) would need far more.
    // AddressSanitizer's allocator (redzones, quarantine) adds its own memory: the bound is
    // checked in ordinary builds only.
#if defined(__SANITIZE_ADDRESS__)
    const bool boundMeaningful = false;
#else
    const bool boundMeaningful = true;
#endif
    if (peakReset && boundMeaningful)
        QVERIFY2(peak < 2.0 * fileBytes + 2.0 * 8 * 3 * kMillion, "loading took too much memory");
    table = CsvTable();

    // Cancelled while reading, and while parsing: CancelledError, no table.
    for (const std::size_t stopAt : {std::size_t(1), static_cast<std::size_t>(1.5 * fileBytes)}) {
        options.progress = [&](std::size_t done, std::size_t) { return done < stopAt; };
        try {
            table = readCsv(bigFile_.toStdString(), options);
            QFAIL("the load was not cancelled");
        } catch (const CancelledError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(bigFile_ + QStringLiteral(": ")), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("cancelled")), e.what());
        }
        QCOMPARE(int(table.rowCount()), 0);
    }
}

void TestBadInput::cliShowsLoadingAndCancels() {
    if (bigFile_.isEmpty()) QSKIP("needs the file of millionRows");
    const QString out = dir_.filePath(QStringLiteral("million-project"));
    QProcess cli;
    cli.start(QStringLiteral(STUDIO_CLI),
              {QStringLiteral("train"), QStringLiteral("--data"), bigFile_, QStringLiteral("--target"),
               QStringLiteral("close"), QStringLiteral("--out"), out});
    QVERIFY(cli.waitForStarted(10000));
    cli.setReadChannel(QProcess::StandardError);
    QByteArray err;
    while (!err.contains("loading ")) {
        QVERIFY2(cli.waitForReadyRead(60000), "no loading progress on stderr");
        err += cli.readAllStandardError();
    }
    // Ctrl+C while the file loads.
    ::kill(static_cast<pid_t>(cli.processId()), SIGINT);
    QVERIFY(cli.waitForFinished(60000));
    err += cli.readAllStandardError();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 1, err.constData());
    QVERIFY2(err.contains(QStringLiteral("loading %1: 0% of ").arg(bigFile_).toUtf8()), err.constData());
    QVERIFY2(err.contains("cancelled"), err.constData());
    QVERIFY2(!QFileInfo::exists(out), "a cancelled load left a project folder");
}

QTEST_APPLESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
