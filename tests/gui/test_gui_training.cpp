// Training from the window as a user does it: open the bundled S&P 500 file, click
// Train, watch the charts and the prediction view fill with the values core computed;
// stop in the middle and train again; pause and resume.

#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "workspace/data_panel.h"
#include "shell/event_loop_monitor.h"
#include "workspace/prediction_view.h"
#include "tasks/forecast/forecast_project.h"
#include "test_support.h"
#include "widgets/training_charts.h"
#include "widgets/training_status.h"

#include <QDir>
#include <QElapsedTimer>

#include <cmath>

using namespace studio;

namespace {
QString reasonName(StopReason reason) { return QString::fromStdString(toString(reason)); }
}  // namespace

class TestGuiTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainTwoEpochsByClicking();
    void stopInTheMiddleAndTrainAgain();
    void pauseHoldsTheRun();
    void closingWhileTrainingStopsTheRun();

private:
    // Oracle: core's own windowing of the file with the test's settings.
    int trainWindows_ = 0;
    int testWindows_ = 0;
    int batchesPerEpoch_ = 0;
};

void TestGuiTraining::initTestCase() {
    test::isolateSettings();
    const CsvTable table = readCsv(test::dataset("sp500_2000_2020.csv").toStdString());
    SeriesSpec spec;
    spec.target = "close";
    spec.window = 30;
    const SeriesDataset ds = buildSeriesDataset(table, spec);
    trainWindows_ = static_cast<int>(ds.train.count);
    testWindows_ = static_cast<int>(ds.test.count);
    batchesPerEpoch_ = (trainWindows_ + TrainConfig{}.batchSize - 1) / TrainConfig{}.batchSize;
    QVERIFY(testWindows_ > 100);
}

void TestGuiTraining::trainTwoEpochsByClicking() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.actions().train->isEnabled());  // no data yet
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    QCOMPARE(window.dataPanel()->roles().target(), QStringLiteral("close"));
    QCOMPARE(window.dataPanel()->roles().time(), QStringLiteral("date"));
    test::quickSettings(window, 2);
    QTRY_VERIFY(window.actions().train->isEnabled());

    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QToolButton* train = test::buttonFor(window, window.actions().train);
    QVERIFY(train);
    QTest::mouseClick(train, Qt::LeftButton);
    QVERIFY(window.isBusy());
    QVERIFY(window.actions().stop->isEnabled());
    QVERIFY(!window.actions().train->isEnabled());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(!window.isBusy());

    const ForecastJobResult& r = *window.lastResult();
    QCOMPARE(r.train.epochsDone, 2);
    QCOMPARE(reasonName(r.train.reason), reasonName(StopReason::Completed));
    TrainingCharts* charts = window.charts();
    QCOMPARE(charts->epochPointCount(), 2);
    QCOMPARE(charts->validationPointCount(), 2);
    QCOMPARE(charts->lastValidationLoss(), r.train.history.back().valLoss);
    QCOMPARE(charts->batchPointCount(), 2 * batchesPerEpoch_);
    QCOMPARE(charts->gradNormPointCount(), 2 * batchesPerEpoch_);
    QCOMPARE(charts->learningRatePointCount(), 2 * batchesPerEpoch_);
    QCOMPARE(charts->clipThreshold(), 1.0);
    // The clipped markers agree with the trainer's per-epoch clipped fraction.
    double clipped = 0;
    for (const EpochStats& e : r.train.history) clipped += e.clippedFraction * batchesPerEpoch_;
    QCOMPARE(charts->clippedPointCount(), static_cast<int>(std::lround(clipped)));
    // Redrawn by the timer, not per batch.
    QVERIFY2(charts->replotCount() < charts->batchPointCount(), qPrintable(QString::number(charts->replotCount())));

    // The prediction view holds core's test windows, as written to predictions.csv.
    const QDir project(window.projectDir());
    QVERIFY(window.isProjectTemporary());
    QCOMPARE(window.predictionView()->predictionCount(), testWindows_);
    QCOMPARE(test::dataLines(project.filePath(QStringLiteral("predictions.csv"))), testWindows_);
    QCOMPARE(static_cast<int>(r.test.rows.size()), testWindows_);
    const ProjectMetrics metrics = loadMetrics(project.path().toStdString());
    const double shownMae = window.predictionView()->metricText(0, 0).toDouble();
    QVERIFY2(std::abs(shownMae - metrics.model.mae) <= 1e-4 * metrics.model.mae,
             qPrintable(window.predictionView()->metricText(0, 0)));
    QCOMPARE(static_cast<int>(loadHistory(project.path().toStdString()).size()), 2);
    QCOMPARE(window.trainingStatus()->epochText(), QStringLiteral("Epoch 2/2"));
    QVERIFY(window.actions().saveProject->isEnabled());
    QVERIFY(window.actions().evaluate->isEnabled());

    const EventLoopMonitor& monitor = window.eventLoopMonitor();
    QVERIFY(monitor.sampleCount() > 10);
    QVERIFY(std::isfinite(window.eventLoopP99Ms()));
    qInfo("event loop during training: p99 %.2f ms, max %.2f ms over %zu ticks", window.eventLoopP99Ms(),
          monitor.maxMs(), monitor.sampleCount());
}

void TestGuiTraining::stopInTheMiddleAndTrainAgain() {
    MainWindow window;
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));  // the second run replaces the first
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    test::quickSettings(window, 500);
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->epochPointCount() >= 1, 60000);
    window.actions().stop->trigger();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), true);  // stopping is not a failure
    const ForecastJobResult stopped = *window.lastResult();
    QCOMPARE(reasonName(stopped.train.reason), reasonName(StopReason::Cancelled));
    QVERIFY(stopped.train.epochsDone >= 1 && stopped.train.epochsDone < 500);
    QCOMPARE(window.charts()->epochPointCount(), stopped.train.epochsDone);
    QVERIFY(window.charts()->batchPointCount() >= stopped.train.epochsDone * batchesPerEpoch_);
    // The best model so far was kept and evaluated.
    const QDir project(window.projectDir());
    QCOMPARE(loadProjectFile(project.path().toStdString()).epochsDone, stopped.train.epochsDone);
    QCOMPARE(window.predictionView()->predictionCount(), testWindows_);

    // The window is ready for the next run, which starts from scratch.
    test::setSpin(window, "epochs", 2);
    QVERIFY(window.actions().train->isEnabled());
    window.actions().train->trigger();
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.last().first().toBool(), true);
    QCOMPARE(reasonName(window.lastResult()->train.reason), reasonName(StopReason::Completed));
    QCOMPARE(window.charts()->epochPointCount(), 2);
    QCOMPARE(window.charts()->batchPointCount(), 2 * batchesPerEpoch_);
    QCOMPARE(loadProjectFile(project.path().toStdString()).epochsDone, 2);
}

void TestGuiTraining::pauseHoldsTheRun() {
    MainWindow window;
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    test::quickSettings(window, 500);
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->batchPointCount() >= 3, 60000);
    // The running model's options are locked while the run is active.
    QVERIFY(!window.modelPanel()->isEnabled());
    QVERIFY(!window.modelPanel()->findChild<QSpinBox*>(QStringLiteral("hidden"))->isEnabled());
    QCOMPARE(window.actions().pause->text(), QStringLiteral("&Pause"));
    window.actions().pause->trigger();
    QVERIFY(window.actions().pause->isChecked());
    QCOMPARE(window.actions().pause->text(), QStringLiteral("&Resume"));
    QVERIFY(!window.modelPanel()->isEnabled());
    QTest::qWait(150);  // a batch in flight when pausing still arrives
    const int held = window.charts()->batchPointCount();
    QTest::qWait(500);
    QCOMPARE(window.charts()->batchPointCount(), held);
    QVERIFY(window.isBusy());
    QVERIFY(window.trainingStatus()->etaText().contains(QStringLiteral("Paused")));
    window.actions().pause->trigger();
    QVERIFY(!window.actions().pause->isChecked());
    QCOMPARE(window.actions().pause->text(), QStringLiteral("&Pause"));
    QTRY_VERIFY_WITH_TIMEOUT(window.charts()->batchPointCount() > held, 30000);
    // Stop works from a pause too.
    window.actions().pause->trigger();
    window.actions().stop->trigger();
    QVERIFY(finished.wait(60000));
    QVERIFY(!window.isBusy());
    QVERIFY(!window.actions().pause->isChecked());
    QCOMPARE(window.actions().pause->text(), QStringLiteral("&Pause"));
    QVERIFY(window.modelPanel()->isEnabled());
}

void TestGuiTraining::closingWhileTrainingStopsTheRun() {
    QElapsedTimer clock;
    {
        MainWindow window;
        window.show();
        QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
        test::quickSettings(window, 500);
        QVERIFY(window.startTraining());
        QTRY_VERIFY_WITH_TIMEOUT(window.charts()->batchPointCount() >= 3, 60000);
        window.actions().pause->trigger();  // paused runs must stop too
        QVERIFY(window.close());
        clock.start();
    }
    // The destructor cancelled the run and joined the thread within a batch or two.
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

QTEST_MAIN(TestGuiTraining)
#include "test_gui_training.moc"
