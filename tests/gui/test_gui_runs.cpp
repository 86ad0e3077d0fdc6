// The Runs dock: the runs of a project made with the CLI, listed, filtered, overlaid,
// made current, their settings used, starred, annotated, deleted (after asking) and rerun.

#include "shell/main_window.h"
#include "shell/message_bar.h"
#include "shell/runs_panel.h"
#include "test_support.h"
#include "workspace/model_panel.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <qcustomplot.h>

using namespace studio;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject runJson(const QString& project, const QString& id) {
    return QJsonDocument::fromJson(readAll(project + "/runs/" + id + "/run.json")).object();
}

// The table row showing run `id`, or -1.
int rowOf(const RunsPanel& panel, const QString& id) {
    for (int row = 0; row < panel.table()->rowCount(); ++row)
        if (panel.table()->item(row, 1)->text().section(QLatin1Char(' '), 0, 0) == id) return row;
    return -1;
}

int columnOf(const RunsPanel& panel, const QString& header) {
    for (int c = 0; c < panel.table()->columnCount(); ++c)
        if (panel.table()->horizontalHeaderItem(c)->text() == header) return c;
    return -1;
}

QPushButton* button(const RunsPanel& panel, const char* name) {
    return panel.findChild<QPushButton*>(QLatin1String(name));
}

}  // namespace

class TestGuiRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsAndOverlaysRuns();
    void makeCurrentAndUseSettings();
    void starNotesAndDelete();
    void rerunFromThePanel();

private:
    QTemporaryDir tmp_;
    QString project_;
};

void TestGuiRuns::initTestCase() {
    test::isolateSettings();
    QVERIFY(tmp_.isValid());
    project_ = tmp_.filePath(QStringLiteral("project"));
    for (const char* hidden : {"8", "12"}) {
        const test::CliRun train =
            test::trainSunspots(project_, {"--window", "12", "--hidden", hidden, "--epochs", "2"});
        QVERIFY2(train.ok(), qPrintable(train.error));
    }
}

void TestGuiRuns::listsAndOverlaysRuns() {
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));
    RunsPanel& panel = *window.runsPanel();
    QCOMPARE(panel.table()->rowCount(), 2);
    QVERIFY(panel.table()->item(rowOf(panel, "r2"), 1)->text().contains(QStringLiteral("current")));
    // The setting that tells the two apart has a column; those they share have none.
    const int hidden = columnOf(panel, QStringLiteral("hidden"));
    QVERIFY(hidden >= 0);
    QCOMPARE(columnOf(panel, QStringLiteral("window")), -1);
    QCOMPARE(panel.table()->item(rowOf(panel, "r1"), hidden)->text(), QStringLiteral("8"));
    QVERIFY(columnOf(panel, QStringLiteral("Test MAE")) >= 0);

    // The current run is selected to begin with, its curve drawn.
    QCOMPARE(panel.selectedRuns(), QStringList{QStringLiteral("r2")});
    QCOMPARE(panel.lossPlot()->graphCount(), 1);
    panel.selectRuns({"r1", "r2"});
    QCOMPARE(panel.selectedRuns().size(), 2);
    QCOMPARE(panel.lossPlot()->graphCount(), 2);
    QCOMPARE(panel.lossPlot()->graph(0)->dataCount(), 2);       // two epochs each
    QCOMPARE(panel.predictionPlot()->graphCount(), 3);          // the truth and each run's predictions
    QVERIFY(panel.predictionPlot()->graph(1)->dataCount() > 100);

    // Sorting by validation loss puts the lower one first.
    const int val = columnOf(panel, QStringLiteral("Val loss"));
    panel.table()->sortItems(val, Qt::AscendingOrder);
    QVERIFY(panel.table()->item(0, val)->data(Qt::DisplayRole).toDouble() <=
            panel.table()->item(1, val)->data(Qt::DisplayRole).toDouble());

    panel.findChild<QLineEdit*>(QStringLiteral("runsFilter"))->setText(QStringLiteral("r1"));
    QVERIFY(!panel.table()->isRowHidden(rowOf(panel, "r1")));
    QVERIFY(panel.table()->isRowHidden(rowOf(panel, "r2")));
}

void TestGuiRuns::makeCurrentAndUseSettings() {
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));
    RunsPanel& panel = *window.runsPanel();
    panel.selectRuns({"r1"});
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    button(panel, "runsMakeCurrent")->click();
    QVERIFY(opened.wait(20000));
    QCOMPARE(readAll(project_ + "/model.pt"), readAll(project_ + "/runs/r1/model.pt"));
    QCOMPARE(window.modelPanel()->modelSpec().hidden, 8);
    QVERIFY(panel.table()->item(rowOf(panel, "r1"), 1)->text().contains(QStringLiteral("current")));

    panel.selectRuns({"r2"});
    button(panel, "runsUseSettings")->click();
    QCOMPARE(window.modelPanel()->modelSpec().hidden, 12);
    QCOMPARE(window.modelPanel()->seriesSpec().window, 12);
    // The project's files are still r1's: using settings trains nothing and selects nothing.
    QCOMPARE(readAll(project_ + "/model.pt"), readAll(project_ + "/runs/r1/model.pt"));
}

void TestGuiRuns::starNotesAndDelete() {
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));
    RunsPanel& panel = *window.runsPanel();
    panel.selectRuns({"r2"});
    button(panel, "runsStar")->click();
    QCOMPARE(panel.table()->item(rowOf(panel, "r2"), 0)->text(), QStringLiteral("★"));
    QVERIFY(runJson(project_, "r2")["starred"].toBool());
    const int notes = panel.table()->columnCount() - 1;
    panel.table()->item(rowOf(panel, "r2"), notes)->setText(QStringLiteral("wider layer"));
    QCOMPARE(runJson(project_, "r2")["notes"].toString(), QStringLiteral("wider layer"));

    // Delete asks; no keeps the run, yes removes it and its folder.
    int asked = 0;
    panel.setConfirm([&asked](const QString& question) {
        ++asked;
        return question.contains(QStringLiteral("r2")) && asked > 1;
    });
    panel.selectRuns({"r2"});
    button(panel, "runsDelete")->click();
    QCOMPARE(asked, 1);
    QVERIFY(QFileInfo::exists(project_ + "/runs/r2/model.pt"));
    panel.selectRuns({"r2"});
    button(panel, "runsDelete")->click();
    QCOMPARE(asked, 2);
    QVERIFY(!QFileInfo::exists(project_ + "/runs/r2"));
    QCOMPARE(panel.table()->rowCount(), 1);
}

void TestGuiRuns::rerunFromThePanel() {
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));
    RunsPanel& panel = *window.runsPanel();
    panel.selectRuns({"r1"});
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    button(panel, "runsRerun")->click();
    QVERIFY(!button(panel, "runsDelete")->isEnabled());  // locked while the run trains
    QVERIFY(finished.wait(120000));
    QVERIFY(finished.first().first().toBool());
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("repeats r1 exactly")),
             qPrintable(window.messageBar()->text()));
    QCOMPARE(panel.table()->rowCount(), 2);
    const QString rerun = runJson(project_, "r3")["parent"].toString();
    QCOMPARE(rerun, QStringLiteral("r1"));
    QVERIFY(panel.table()->item(rowOf(panel, "r3"), 1)->text().contains(QStringLiteral("current")));
}

QTEST_MAIN(TestGuiRuns)
#include "test_gui_runs.moc"
