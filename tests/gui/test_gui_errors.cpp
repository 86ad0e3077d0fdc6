// What goes wrong shows up in the window, with what to do, and the window stays usable:
// a ragged CSV, a file without a numeric column, a window longer than a split, an
// invalid setting, and a failure on the training thread. Errors leave the message bar once
// what they describe is gone.

#include "workspace/data_panel.h"
#include "shell/message_bar.h"
#include "workspace/prediction_view.h"
#include "test_support.h"
#include "widgets/training_charts.h"

#include <QLineEdit>
#include <QDate>
#include <QTemporaryDir>

#include <cmath>

using namespace studio;

namespace {

void writeFile(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

QByteArray smallSeries(int rows) {
    QByteArray text = "date,value\n";
    for (int i = 0; i < rows; ++i)
        text += QStringLiteral("%1,%2\n")
                    .arg(QDate(2020, 1, 1).addDays(i).toString(Qt::ISODate))
                    .arg(100 + 10 * std::sin(i / 5.0), 0, 'f', 3)
                    .toUtf8();
    return text;
}

}  // namespace

class TestGuiErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void raggedCsvShowsTheLine();
    void failedOpenKeepsTheOpenFile();
    void noNumericColumnBlocksTraining();
    void windowLongerThanASplitBlocksTraining();
    void invalidSettingBlocksTraining();
    void failureOnTheTrainingThreadIsReported();
    void staleErrorsGo();

private:
    QTemporaryDir dir_;
};

void TestGuiErrors::raggedCsvShowsTheLine() {
    const QString path = dir_.filePath(QStringLiteral("ragged.csv"));
    writeFile(path, "date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3,99\n2020-01-04,4\n");
    MainWindow window;
    window.show();
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openCsv(path);
    QVERIFY(failed.wait(20000));
    MessageBar* bar = window.messageBar();
    QVERIFY(bar->isShowingMessage());
    QCOMPARE(bar->level(), MessageBar::Level::Error);
    // readCsv names the file, the line of the ragged row (file:line:column) and what it expected.
    QVERIFY2(bar->text().contains(QStringLiteral("ragged.csv:4:")) &&
                 bar->text().contains(QStringLiteral("expected 2 fields")),
             qPrintable(bar->text()));
    QVERIFY(!window.dataPanel()->hasTable());
    QVERIFY(!window.actions().train->isEnabled());
    QVERIFY(!window.startTraining());

    // Still usable: a good file opens and can be trained on.
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QVERIFY(!bar->isShowingMessage());
    QCOMPARE(window.dataPanel()->roles().target(), QStringLiteral("sunspots"));
    QTRY_VERIFY(window.actions().train->isEnabled());
}

void TestGuiErrors::failedOpenKeepsTheOpenFile() {
    const QString path = dir_.filePath(QStringLiteral("quote.csv"));
    writeFile(path, "date,value\n2020-01-01,\"1\n");
    MainWindow window;
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QSignalSpy failed(&window, &MainWindow::openFailed);
    window.openCsv(path);
    QVERIFY(failed.wait(20000));
    QVERIFY(window.messageBar()->text().contains(QStringLiteral("quote.csv")));
    QVERIFY(window.dataPanel()->filePath().endsWith(QStringLiteral("sunspots_monthly.csv")));
    QCOMPARE(window.dataPanel()->targetPointCount(), test::dataLines(test::dataset("sunspots_monthly.csv")));
    QTRY_VERIFY(window.actions().train->isEnabled());
}

void TestGuiErrors::noNumericColumnBlocksTraining() {
    MainWindow window;
    QVERIFY(test::openCsvAndWait(window, test::dataset("spam_subjects.csv")));
    QVERIFY(window.dataPanel()->roles().target().isEmpty());
    QVERIFY(!window.dataPanel()->isReady());
    QVERIFY(!window.actions().train->isEnabled());
    // Forcing a text column as the target names the column and what it holds.
    window.dataPanel()->setRole(QStringLiteral("subject"), ColumnRole::Target);
    window.dataPanel()->flushReport();
    QVERIFY(!window.dataPanel()->isReady());
    QVERIFY2(window.dataPanel()->problem().contains(QStringLiteral("'subject'")) &&
                 window.dataPanel()->problem().contains(QStringLiteral("expected numbers")),
             qPrintable(window.dataPanel()->problem()));
    QVERIFY(!window.startTraining());
    QVERIFY(window.messageBar()->text().contains(QStringLiteral("subject")));
}

void TestGuiErrors::windowLongerThanASplitBlocksTraining() {
    MainWindow window;
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QTRY_VERIFY(window.actions().train->isEnabled());
    test::setSpin(window, "window", 600);  // the validation split has 476 rows
    QTRY_VERIFY(!window.actions().train->isEnabled());
    QVERIFY2(window.dataPanel()->problem().contains(QStringLiteral("validation")),
             qPrintable(window.dataPanel()->problem()));
    QVERIFY(window.actions().train->toolTip().contains(QStringLiteral("window 600")));
    test::setSpin(window, "window", 30);
    QTRY_VERIFY(window.actions().train->isEnabled());
}

void TestGuiErrors::invalidSettingBlocksTraining() {
    MainWindow window;
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QTRY_VERIFY(window.actions().train->isEnabled());
    auto* lr = window.modelPanel()->findChild<QLineEdit*>(QStringLiteral("lr"));
    lr->setText(QStringLiteral("-1"));
    QVERIFY(!window.actions().train->isEnabled());
    QVERIFY(!window.startTraining());
    QCOMPARE(window.messageBar()->level(), MessageBar::Level::Error);
    QVERIFY(window.messageBar()->text().contains(QStringLiteral("Learning rate")));
    lr->setText(QStringLiteral("0.001"));
    QVERIFY(window.actions().train->isEnabled());
    QVERIFY(!window.messageBar()->isShowingMessage());  // the setting is right now
}

void TestGuiErrors::failureOnTheTrainingThreadIsReported() {
    // The file disappears between opening and training: core throws on the worker
    // thread; the window shows it and trains again once the file is back.
    const QString path = dir_.filePath(QStringLiteral("vanishing.csv"));
    const QByteArray text = smallSeries(300);
    writeFile(path, text);
    MainWindow window;
    QVERIFY(test::openCsvAndWait(window, path));
    test::setSpin(window, "window", 10);
    test::setSpin(window, "epochs", 1);
    QTRY_VERIFY(window.actions().train->isEnabled());
    QVERIFY(QFile::remove(path));
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(window.messageBar()->level(), MessageBar::Level::Error);
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("vanishing.csv")),
             qPrintable(window.messageBar()->text()));
    QVERIFY(!window.isBusy());
    QCOMPARE(window.charts()->epochPointCount(), 0);

    writeFile(path, text);
    QVERIFY(window.actions().train->isEnabled());
    window.actions().train->trigger();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), true);
    QCOMPARE(window.charts()->epochPointCount(), 1);
    // 300 rows: test split 300 - 210 - 45 = 45 rows, 45 - 10 - 1 + 1 = 35 windows.
    QCOMPARE(window.predictionView()->predictionCount(), 35);
}

// The error of a setting that blocked training goes once the setting is right; a failed
// run's error goes when the next run starts and when a project is opened; a job that could
// not start is forgotten when an evaluation starts.
void TestGuiErrors::staleErrorsGo() {
    const QString saved = dir_.filePath(QStringLiteral("stale-project"));
    MainWindow window;
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));
    QVERIFY(test::trainQuickly(window, test::dataset("sunspots_monthly.csv"), 1));
    QVERIFY(window.saveProjectTo(saved));
    MessageBar* bar = window.messageBar();

    const QString path = dir_.filePath(QStringLiteral("stale.csv"));
    const QByteArray text = smallSeries(300);
    writeFile(path, text);
    QVERIFY(test::openCsvAndWait(window, path));
    test::setSpin(window, "epochs", 1);
    test::setSpin(window, "window", 200);  // longer than the validation split
    QTRY_VERIFY(!window.actions().train->isEnabled());
    QVERIFY(!window.startTraining());
    QVERIFY(bar->isShowingMessage());
    QCOMPARE(bar->level(), MessageBar::Level::Error);
    test::setSpin(window, "window", 10);
    QTRY_VERIFY(window.actions().train->isEnabled());
    QVERIFY2(!bar->isShowingMessage(), qPrintable(bar->text()));

    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(QFile::remove(path));
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(60000));
    QCOMPARE(bar->level(), MessageBar::Level::Error);
    writeFile(path, text);
    QVERIFY(window.startTraining());
    QVERIFY(!bar->isShowingMessage());  // a new run: the last one's error is over
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), true);

    QVERIFY(QFile::remove(path));
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().first().toBool(), false);
    QCOMPARE(bar->level(), MessageBar::Level::Error);
    QVERIFY(test::openProjectAndWait(window, saved));
    QVERIFY(bar->level() != MessageBar::Level::Error);

    QVERIFY(!window.startRerun(QStringLiteral("r99")));  // no such run
    QCOMPARE(bar->level(), MessageBar::Level::Error);
    QCOMPARE(bar->topic(), MessageBar::Topic::Run);
    QSignalSpy evaluated(&window, &MainWindow::evaluationFinished);
    QVERIFY(window.startEvaluation());
    QVERIFY2(!bar->isShowingMessage() || bar->level() != MessageBar::Level::Error, qPrintable(bar->text()));
    QVERIFY(evaluated.wait(60000));
    QCOMPARE(evaluated.first().first().toBool(), true);
}

QTEST_MAIN(TestGuiErrors)
#include "test_gui_errors.moc"
