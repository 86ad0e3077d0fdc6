// The window's workspaces: opening data of another task resets every view of the
// workspace left and of the one entered, the charts' loss axis is labelled by the task,
// Continue Training and Evaluate work for a text task (a new run and a reopened
// project), and every chart's legend sits below its axes, off the data.

#include "tasks/task_files.h"
#include "test_support.h"
#include "widgets/training_charts.h"
#include "workspace/char_lm_results_view.h"
#include "workspace/data_panel.h"
#include "workspace/forecast_workspace.h"
#include "workspace/prediction_view.h"
#include "workspace/text_workspace.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTabWidget>
#include <QTemporaryDir>
#include <qcustomplot.h>

#include <cmath>

using namespace studio;

namespace {

// Bits per character of the model that core wrote to metrics.json.
double savedBitsPerChar(const QString& dir) {
    QFile file(QDir(dir).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly)) return std::nan("");
    const QJsonObject model = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("model")).toObject();
    return model.value(QLatin1String("bits_per_char")).toDouble(std::nan(""));
}

bool closeTo(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b)); }

bool runAndWait(MainWindow& window, bool (MainWindow::*start)()) {
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    if (!(window.*start)()) return false;
    return finished.wait(120000) && finished.first().first().toBool();
}

bool continueAndWait(MainWindow& window, int moreEpochs) {
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    if (!window.continueTraining(moreEpochs)) return false;
    return finished.wait(120000) && finished.first().first().toBool();
}

}  // namespace

class TestGuiWorkspaces : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void switchingTaskResetsEveryView();
    void continueAndEvaluateText();
    void legendsSitOutsideTheData();
    void openPathPicksTheWorkspace();

private:
    bool openText(MainWindow& window);
    QTemporaryDir dir_;
    QString story_;
};

void TestGuiWorkspaces::initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    story_ = dir_.filePath(QStringLiteral("story.txt"));
    QVERIFY(test::writeStory(story_));
}

bool TestGuiWorkspaces::openText(MainWindow& window) {
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    window.openText(story_);
    return loaded.wait(20000);
}

// `lstm-studio FILE` and a dropped file: a .csv is a series to forecast, a book a text
// for a language model (it used to be read as a broken CSV).
void TestGuiWorkspaces::openPathPicksTheWorkspace() {
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    window.openPath(story_);
    QVERIFY(loaded.wait(20000));
    QVERIFY(window.task() == TaskKind::CharLm);
    QCOMPARE(window.workspace()->dataPath(), story_);
    window.openPath(test::dataset("sunspots_monthly.csv"));
    QVERIFY(loaded.wait(20000));
    QVERIFY(window.task() == TaskKind::Forecast);
}

void TestGuiWorkspaces::switchingTaskResetsEveryView() {
    MainWindow window;
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));  // leaves each run unsaved
    window.show();
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QCOMPARE(window.charts()->lossLabel(), QStringLiteral("loss (MSE, scaled)"));
    ModelPanel* forecastOptions = window.modelPanel();
    test::quickSettings(window, 1);
    QVERIFY(runAndWait(window, &MainWindow::startTraining));
    QVERIFY(window.predictionView()->predictionCount() > 0);
    QCOMPARE(window.charts()->epochPointCount(), 1);
    QVERIFY(window.lastResult());

    // A language model's text: the forecast's predictions, history and result leave.
    QVERIFY(openText(window));
    QVERIFY(window.task() == TaskKind::CharLm);
    QCOMPARE(window.predictionView()->predictionCount(), 0);
    QCOMPARE(window.charts()->epochPointCount(), 0);
    QVERIFY(!window.lastResult());
    QCOMPARE(window.charts()->lossLabel(), QStringLiteral("loss (nats/char)"));
    // The text task's own options: its defaults do not overwrite the forecast's.
    QVERIFY(window.modelPanel() != forecastOptions);
    const int forecastHidden = forecastOptions->modelSpec().hidden;
    test::setSpin(window, "hidden", 16);
    test::setSpin(window, "epochs", 1);
    test::setSpin(window, "patience", 0);
    QVERIFY(runAndWait(window, &MainWindow::startTraining));
    CharLmResultsView* view = window.textWorkspace()->charLmView();
    QVERIFY(view->shownBitsPerChar() > 0);
    QCOMPARE(forecastOptions->modelSpec().hidden, forecastHidden);

    // Back to a series: the language model's results and history leave.
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    QVERIFY(window.task() == TaskKind::Forecast);
    QCOMPARE(view->shownBitsPerChar(), 0.0);
    QCOMPARE(window.charts()->epochPointCount(), 0);
    QCOMPARE(window.charts()->metricPointCount(), 0);
    QCOMPARE(window.charts()->lossLabel(), QStringLiteral("loss (MSE, scaled)"));
    QVERIFY(window.modelPanel() == forecastOptions);
}

void TestGuiWorkspaces::continueAndEvaluateText() {
    MainWindow window;
    window.show();
    QVERIFY(openText(window));
    test::setSpin(window, "hidden", 16);
    test::setSpin(window, "epochs", 1);
    test::setSpin(window, "patience", 0);
    QVERIFY(runAndWait(window, &MainWindow::startTraining));
    CharLmResultsView* view = window.textWorkspace()->charLmView();

    // Continue to two epochs: the history grows and the view shows what core saved.
    QVERIFY(window.actions().continueTraining->isEnabled());
    QVERIFY(continueAndWait(window, 1));
    QCOMPARE(window.charts()->epochPointCount(), 2);
    QCOMPARE(window.charts()->metricPointCount(), 2);
    const double bits = savedBitsPerChar(window.projectDir());
    QVERIFY(bits > 0);
    QVERIFY2(closeTo(view->shownBitsPerChar(), bits),
             qPrintable(QStringLiteral("%1 vs %2").arg(view->shownBitsPerChar()).arg(bits)));

    // Evaluate recomputes the saved model's test metric: the same number.
    QVERIFY(window.actions().evaluate->isEnabled());
    QSignalSpy evaluated(&window, &MainWindow::evaluationFinished);
    QVERIFY(window.startEvaluation());
    QVERIFY(evaluated.wait(60000));
    QCOMPARE(evaluated.first().first().toBool(), true);
    QVERIFY2(closeTo(view->shownBitsPerChar(), bits),
             qPrintable(QStringLiteral("%1 vs %2").arg(view->shownBitsPerChar()).arg(bits)));

    // A reopened project continues from its own settings.
    MainWindow reopened;
    QVERIFY(test::openProjectAndWait(reopened, window.projectDir()));
    QVERIFY(reopened.task() == TaskKind::CharLm);
    QCOMPARE(reopened.modelPanel()->modelSpec().hidden, 16);
    QCOMPARE(reopened.modelPanel()->epochs(), loadProjectRecord(window.projectDir().toStdString()).train.epochs);
    QVERIFY(reopened.actions().continueTraining->isEnabled());
    QVERIFY(continueAndWait(reopened, 1));
    QCOMPARE(reopened.charts()->epochPointCount(), 3);
    QVERIFY(
        closeTo(reopened.textWorkspace()->charLmView()->shownBitsPerChar(), savedBitsPerChar(reopened.projectDir())));
}

void TestGuiWorkspaces::legendsSitOutsideTheData() {
    MainWindow window;
    window.resize(1440, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test::openCsvAndWait(window, test::dataset("sunspots_monthly.csv")));
    test::quickSettings(window, 1);
    window.dataPanel()->flushReport();
    QVERIFY(runAndWait(window, &MainWindow::startTraining));
    // The centre shows the training charts and the results as tabs: look at both.
    auto* centreTabs = window.findChild<QTabWidget*>(QStringLiteral("centreTabs"));
    QVERIFY(centreTabs);
    int legends = 0;
    for (int tab = 0; tab < centreTabs->count(); ++tab) {
        centreTabs->setCurrentIndex(tab);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        window.replotAll();
        for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) plot->replot(QCustomPlot::rpImmediateRefresh);
        for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
            // Each chart once: the Data and Runs docks' charts are in view under both tabs.
            if (!plot->isVisible() || (tab > 0 && !centreTabs->currentWidget()->isAncestorOf(plot))) continue;
            // Every chart says what its axes are.
            QVERIFY2(!plot->xAxis->label().isEmpty(), qPrintable(plot->objectName()));
            QVERIFY2(!plot->yAxis->label().isEmpty(), qPrintable(plot->objectName()));
            if (!plot->legend->visible() || plot->legend->itemCount() == 0) continue;
            ++legends;
            QVERIFY(plot->legend->layout() == plot->plotLayout());
            const QRect data = plot->axisRect()->rect();
            const QRect legend = plot->legend->outerRect();
            QVERIFY2(!legend.intersects(data), qPrintable(QStringLiteral("legend %1,%2 %3x%4 over the data %5,%6 %7x%8")
                                                              .arg(legend.x())
                                                              .arg(legend.y())
                                                              .arg(legend.width())
                                                              .arg(legend.height())
                                                              .arg(data.x())
                                                              .arg(data.y())
                                                              .arg(data.width())
                                                              .arg(data.height())));
            QVERIFY(legend.top() >= data.bottom());
        }
    }
    // Loss per epoch, gradient norm, predictions and the data's split; the Runs dock's
    // validation losses and test predictions of the current run.
    QCOMPARE(legends, 6);
}

QTEST_MAIN(TestGuiWorkspaces)
#include "test_gui_workspaces.moc"
