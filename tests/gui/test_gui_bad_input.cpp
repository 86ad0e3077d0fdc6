// Broken files from tests/data/bad/ opened in the window: each shows a message naming the
// file and what is wrong, nothing crashes, and the window still opens and trains on a good
// file afterwards. A large file shows a progress bar and can be cancelled.

#include "data/csv_reader.h"
#include "workspace/data_panel.h"
#include "shell/message_bar.h"
#include "test_support.h"

#include <QDate>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace studio;

namespace {

QString bad(const char* name) { return QStringLiteral(STUDIO_SOURCE_DIR "/tests/data/bad/") + name; }

}  // namespace

class TestGuiBadInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void unreadableFiles_data();
    void unreadableFiles();
    void readableButUnusable_data();
    void readableButUnusable();
    void textsOpenedAsASeries();
    void largeFileShowsProgressAndCancels();

private:
    QTemporaryDir dir_;
};

void TestGuiBadInput::initTestCase() {
    test::isolateSettings();
    QVERIFY(::mkfifo(dir_.filePath(QStringLiteral("pipe.csv")).toLocal8Bit().constData(), 0600) == 0);
}

void TestGuiBadInput::unreadableFiles_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << bad("empty.csv") << "empty.csv:1:1: is empty";
    QTest::newRow("header only") << bad("header_only.csv") << "has a header but no data rows";
    QTest::newRow("ragged") << bad("ragged.csv") << "ragged.csv:5:19: expected 2 fields";
    QTest::newRow("unterminated quote") << bad("unterminated_quote.csv") << "unterminated quoted field";
    QTest::newRow("UTF-16") << bad("utf16.csv") << "utf16.csv:1:1: UTF-16 text";
    QTest::newRow("Latin-1") << bad("latin1.csv") << "byte 0xE9 is not valid UTF-8";
    QTest::newRow("binary") << bad("binary.bin") << "this looks like a binary file";
    QTest::newRow("NUL bytes") << bad("nul_bytes.csv") << "nul_bytes.csv:3:13: NUL byte";
    QTest::newRow("directory") << QStringLiteral(STUDIO_SOURCE_DIR "/tests/data/bad") << "is a directory";
    QTest::newRow("pipe") << dir_.filePath(QStringLiteral("pipe.csv")) << "is not a regular file";
    QTest::newRow("missing") << dir_.filePath(QStringLiteral("gone.csv")) << "cannot be opened";
}

void TestGuiBadInput::unreadableFiles() {
    QFETCH(QString, path);
    QFETCH(QString, message);
    MainWindow window;
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openCsv(path);
    QVERIFY(failed.wait(20000));
    MessageBar* bar = window.messageBar();
    QCOMPARE(bar->level(), MessageBar::Level::Error);
    QVERIFY2(bar->text().contains(message), qPrintable(bar->text()));
    // The file that was open stays open and trainable.
    QCOMPARE(QFileInfo(window.dataPanel()->filePath()).fileName(), QStringLiteral("sunspots_monthly.csv"));
    QTRY_VERIFY(window.actions().train->isEnabled());
    // And another file still opens.
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    QVERIFY(!bar->isShowingMessage());
    QTRY_VERIFY(window.actions().train->isEnabled());
}

void TestGuiBadInput::readableButUnusable_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("problem");
    QTest::newRow("dates out of order") << bad("dates_out_of_order.csv") << "goes back from 2020-01-13 (line 13)";
    QTest::newRow("dates repeated") << bad("dates_repeated.csv") << "repeats 2020-01-12 (also line 13)";
    QTest::newRow("infinity") << bad("infinity.csv") << "infinity.csv:22: column 'close' holds 'inf'";
    QTest::newRow("1e300") << bad("huge_value.csv") << "huge_value.csv:32: column 'close' holds 1e+300";
    QTest::newRow("all empty target") << bad("all_empty_column.csv") << "is empty in every row";
}

void TestGuiBadInput::readableButUnusable() {
    // The file reads as a table, but the data cannot be trained on: the data panel's report
    // says why, in red, and Train stays off with the reason in its tooltip.
    QFETCH(QString, path);
    QFETCH(QString, problem);
    MainWindow window;
    window.show();
    QVERIFY(test::openCsvAndWait(window, path));
    window.dataPanel()->setRole(QStringLiteral("close"), ColumnRole::Target);
    window.dataPanel()->flushReport();
    QVERIFY2(window.dataPanel()->problem().contains(problem), qPrintable(window.dataPanel()->problem()));
    QVERIFY(window.dataPanel()->reportText().contains(problem));
    QVERIFY(!window.actions().train->isEnabled());
    QVERIFY(window.actions().train->toolTip().contains(problem));
    QVERIFY(!window.startTraining());
    QVERIFY(!window.isBusy());

    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QTRY_VERIFY(window.actions().train->isEnabled());
}

// Labeled texts opened as a series: nothing to forecast, and the panel says where such a
// file belongs instead of asking for a target column no column can be.
void TestGuiBadInput::textsOpenedAsASeries() {
    MainWindow window;
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("spam_subjects.csv")));
    window.dataPanel()->flushReport();
    QVERIFY2(window.dataPanel()->problem().contains(QStringLiteral("no numeric column")) &&
                 window.dataPanel()->problem().contains(QStringLiteral("Open Text")),
             qPrintable(window.dataPanel()->problem()));
    QVERIFY(window.actions().train->toolTip().contains(QStringLiteral("Open Text")));
    // A series without a target is still asked for one.
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    window.dataPanel()->setRole(QStringLiteral("sunspots"), ColumnRole::Ignored);
    window.dataPanel()->flushReport();
    QVERIFY2(window.dataPanel()->problem().startsWith(QStringLiteral("Choose a target column")),
             qPrintable(window.dataPanel()->problem()));
}

void TestGuiBadInput::largeFileShowsProgressAndCancels() {
    const QString path = dir_.filePath(QStringLiteral("large.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray text = "date,close\n";
        for (int i = 0; i < 300000; ++i)
            text +=
                QDate(1200, 1, 1).addDays(i).toString(Qt::ISODate).toLatin1() + ',' + QByteArray::number(i % 97) + '\n';
        QCOMPARE(file.write(text), qint64(text.size()));
    }
    MainWindow window;
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    auto* progress = window.dataPanel()->findChild<QProgressBar*>(QStringLiteral("loadProgress"));
    auto* cancel = window.dataPanel()->findChild<QPushButton*>(QStringLiteral("cancelLoad"));
    QVERIFY(progress && cancel);
    QVERIFY(!progress->isVisible() && !cancel->isVisible());

    QSignalSpy cancelled(window.dataPanel(), &DataPanel::loadCancelled);
    window.openCsv(path);
    QVERIFY(progress->isVisible() && cancel->isVisible());
    QVERIFY(!window.actions().train->isEnabled());
    // The reader checks the flag after each 1 MiB read and every 4096 rows parsed: the 4 MiB
    // file is still being read when the click comes.
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(cancelled.wait(20000));
    QCOMPARE(cancelled.first().first().toString(), path);
    QVERIFY(!progress->isVisible() && !cancel->isVisible());
    QCOMPARE(window.messageBar()->level(), MessageBar::Level::Info);
    QVERIFY(window.messageBar()->text().contains(QStringLiteral("cancelled")));
    // Nothing changed: the file that was open is still there, and trainable.
    QCOMPARE(QFileInfo(window.dataPanel()->filePath()).fileName(), QStringLiteral("sunspots_monthly.csv"));
    QTRY_VERIFY(window.actions().train->isEnabled());

    // Read to the end, the same file opens.
    QVERIFY(test::openCsvAndWait(window, path));
    QCOMPARE(window.dataPanel()->table()->rowCount(), std::size_t(300000));
    QVERIFY(!progress->isVisible());
}

QTEST_MAIN(TestGuiBadInput)
#include "test_gui_bad_input.moc"
