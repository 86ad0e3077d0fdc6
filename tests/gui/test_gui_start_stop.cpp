// Training started and stopped many times, at different moments (before the first batch,
// in the middle of an epoch, after an epoch, during the evaluation), never hangs, never
// leaks threads, memory or widgets, keeps the best model of every run that finished an
// epoch, and leaves the window usable. Closing the window during an evaluation waits for it.

#include "../proc_status.h"
#include "tasks/forecast/forecast_project.h"
#include "test_support.h"
#include "widgets/training_charts.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <vector>

using namespace studio;

namespace {

using test::procStatus;

// Opens the sunspots, trains one quick epoch and waits for it.
void trainOneEpoch(MainWindow& window) {
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));  // a model from before goes
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    test::quickSettings(window, 1);
    QSignalSpy trained(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QVERIFY(trained.wait(120000));
    QCOMPARE(window.lastResult()->train.epochsDone, 1);
}

int objectCount(const QObject& root) { return root.findChildren<QObject*>().size(); }

}  // namespace

class TestGuiStartStop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void startAndStopFiftyTimes();
    void stopDuringEvaluation();
    void closingDuringEvaluationWaitsForIt();
};

void TestGuiStartStop::startAndStopFiftyTimes() {
    MainWindow window;
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));  // each run replaces the last
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    test::quickSettings(window, 500);
    test::setSpin(window, "batchSize", 256);
    QSignalSpy finished(&window, &MainWindow::trainingFinished);

    constexpr int kRuns = 50, kWarmUp = 5;
    std::vector<double> rssMiB;
    long threadsAfterWarmUp = 0;
    int objectsAfterWarmUp = 0, keptModels = 0;
    QElapsedTimer total;
    total.start();
    for (int run = 0; run < kRuns; ++run) {
        QVERIFY2(window.startTraining(), qPrintable(QStringLiteral("run %1 did not start").arg(run)));
        QVERIFY(window.isBusy());
        // Stop before the first batch, in the middle of the first epoch, or after it.
        const int moment = run % 3;
        if (moment == 1) QTRY_VERIFY_WITH_TIMEOUT(window.charts()->batchPointCount() >= 2, 30000);
        if (moment == 2) QTRY_VERIFY_WITH_TIMEOUT(window.charts()->epochPointCount() >= 1, 30000);
        window.stopTraining();
        QVERIFY2(finished.wait(30000), qPrintable(QStringLiteral("run %1 hangs after Stop").arg(run)));
        QVERIFY(!window.isBusy());
        if (window.lastResult() && window.lastResult()->train.epochsDone > 0) {
            // Stopped after an epoch: the best model so far was saved and loads.
            const ProjectFile project = loadProjectFile(window.projectDir().toStdString());
            QCOMPARE(project.epochsDone, window.lastResult()->train.epochsDone);
            QVERIFY(QFileInfo::exists(QDir(window.projectDir()).filePath(QStringLiteral("model.pt"))));
            ++keptModels;
        }
        rssMiB.push_back(procStatus("VmRSS") / 1024.0);
        // After every kind of stop has happened once, the window holds what it will keep.
        if (run == kWarmUp - 1) {
            threadsAfterWarmUp = procStatus("Threads");
            objectsAfterWarmUp = objectCount(window);
        }
    }
    const long threads = procStatus("Threads");
    const int objects = objectCount(window);
    // RSS moves by tens of MiB as the allocator keeps and returns memory; a leak grows it
    // run after run. Medians of the two halves after the warm-up.
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
        return v[v.size() / 2];
    };
    const std::size_t half = (kRuns + kWarmUp) / 2;
    const double earlier = median({rssMiB.begin() + kWarmUp, rssMiB.begin() + half});
    const double later = median({rssMiB.begin() + half, rssMiB.end()});
    qInfo(
        "%d runs in %.1f s; %d kept a model; threads %ld -> %ld, objects %d -> %d, RSS median %.1f -> %.1f MiB "
        "(first run %.1f, last %.1f)",
        kRuns, total.elapsed() / 1000.0, keptModels, threadsAfterWarmUp, threads, objectsAfterWarmUp, objects, earlier,
        later, rssMiB.front(), rssMiB.back());
    QCOMPARE(finished.count(), kRuns);
    QVERIFY(keptModels >= kRuns / 3);
    QCOMPARE(threads, threadsAfterWarmUp);
    QCOMPARE(objects, objectsAfterWarmUp);
    QVERIFY2(later - earlier < 64.0, "memory grows run after run");

    // Still usable: a full short run completes.
    test::setSpin(window, "epochs", 1);
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(120000));
    QCOMPARE(window.lastResult()->train.epochsDone, 1);
}

void TestGuiStartStop::stopDuringEvaluation() {
    MainWindow window;
    window.show();
    trainOneEpoch(window);
    if (QTest::currentTestFailed()) return;

    QSignalSpy evaluated(&window, &MainWindow::evaluationFinished);
    QVERIFY(window.startEvaluation());
    window.stopTraining();  // an evaluation runs to its end; Stop must not break it
    QVERIFY(evaluated.wait(60000));
    QVERIFY(!window.isBusy());
    QCOMPARE(loadProjectFile(window.projectDir().toStdString()).epochsDone, 1);
    trainOneEpoch(window);  // still usable
}

void TestGuiStartStop::closingDuringEvaluationWaitsForIt() {
    QTemporaryDir copy;
    {
        MainWindow window;
        window.show();
        trainOneEpoch(window);
        if (QTest::currentTestFailed()) return;
        QVERIFY(window.saveProjectTo(copy.path()));
        QVERIFY(window.startEvaluation());
        QVERIFY(window.close());
    }
    // The project the window wrote is whole after it closed mid-evaluation.
    QCOMPARE(loadProjectFile(copy.path().toStdString()).epochsDone, 1);
}

QTEST_MAIN(TestGuiStartStop)
#include "test_gui_start_stop.moc"
