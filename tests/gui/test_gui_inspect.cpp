// Model > Inspect…: the heatmaps of a forecast window's gates and states hold what
// `lstm-studio-cli inspect` writes for the same row (the CLI's JSON is the oracle, itself held
// to LibTorch and PyTorch by test_inspect), per layer and direction, sorted or not.

#include "shell/inspect_dialog.h"
#include "shell/main_actions.h"
#include "shell/main_window.h"
#include "widgets/live_plot.h"
#include "workspace/prediction_view.h"
#include "test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>

using namespace studio;

class TestGuiInspect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void heatmapsMatchTheCli();
    void clickOnThePredictionChart();
    void textFromTheClassifierBox();

private:
    QTemporaryDir dir_;
    QString project_;
};

void TestGuiInspect::initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    project_ = dir_.filePath(QStringLiteral("sunspots"));
    const test::CliRun train = test::trainSunspots(
        project_, {"--epochs", "2", "--window", "12", "--hidden", "8", "--layers", "2", "--bidirectional"});
    QVERIFY2(train.ok(), qPrintable(train.error));
}

void TestGuiInspect::heatmapsMatchTheCli() {
    const QString json = dir_.filePath(QStringLiteral("inspect.json"));
    const test::CliRun cli = test::runCli({"inspect", "--project", project_, "--row", "3000", "--out", json});
    QVERIFY2(cli.ok(), qPrintable(cli.error));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray layers = QJsonDocument::fromJson(file.readAll()).object()[QStringLiteral("layers")].toArray();
    QCOMPARE(layers.size(), 4);

    MainWindow window;
    window.show();
    QVERIFY(test::openProjectAndWait(window, project_));
    QVERIFY(window.actions().inspect->isEnabled());
    window.actions().inspect->trigger();
    InspectDialog* dialog = window.inspectDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->setRow(3000);
    QSignalSpy inspected(dialog, &InspectDialog::inspected);
    QVERIFY(dialog->start());
    QVERIFY(inspected.wait(60000));
    QCOMPARE(inspected.first().first().toBool(), true);
    QCOMPARE(dialog->layerBox()->count(), 4);
    QVERIFY2(dialog->summary().contains(QStringLiteral("mean forget gate")), qPrintable(dialog->summary()));

    // Every layer and direction, every gate, unit order and sorted: the cells are the CLI's.
    for (bool sorted : {false, true}) {
        dialog->sortBox()->setChecked(sorted);
        for (int l = 0; l < 4; ++l) {
            dialog->layerBox()->setCurrentIndex(l);
            const QJsonArray steps = layers[l].toObject()[QStringLiteral("steps")].toArray();
            QCOMPARE(steps.size(), 12);
            for (int g = 0; g < 6; ++g) {
                const QString name = InspectDialog::gateNames()[g];
                auto* map = qobject_cast<QCPColorMap*>(dialog->heatmap(g)->plottable(0));
                QVERIFY(map);
                QCOMPARE(map->data()->keySize(), 12);
                QCOMPARE(map->data()->valueSize(), 8);
                for (int t = 0; t < 12; ++t)
                    for (int row = 0; row < 8; ++row) {
                        const double want =
                            steps[t].toObject()[name].toArray()[dialog->unitAt(row)].toDouble();
                        QVERIFY(std::abs(map->data()->cell(t, row) - want) <= 1e-6);
                        QVERIFY(std::abs(dialog->shownValue(g, t, row) - want) <= 1e-6);
                    }
            }
            if (sorted) {
                // Rows climb with the unit's mean hidden state: the highest on top.
                double previous = -INFINITY;
                for (int row = 0; row < 8; ++row) {
                    double mean = 0;
                    for (const QJsonValue& s : steps)
                        mean += s.toObject()[QStringLiteral("h")].toArray()[dialog->unitAt(row)].toDouble() / 12;
                    QVERIFY(mean >= previous - 1e-6);
                    previous = mean;
                }
            }
        }
    }
    // SHOT=FILE.png keeps a picture of the dialog, to look at under Xvfb.
    if (qEnvironmentVariableIsSet("SHOT")) dialog->grab().save(qEnvironmentVariable("SHOT"));
    dialog->close();
}

// A click on a forecast of the test split's chart inspects the window that made it.
void TestGuiInspect::clickOnThePredictionChart() {
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test::openProjectAndWait(window, project_));
    PredictionView* view = window.predictionView();
    const PredictionData& data = view->data();
    QVERIFY(data.count() > 100);
    QCOMPARE(data.evaluation.rows.size(), data.count());
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("centreTabs"));
    QVERIFY(tabs);
    tabs->setCurrentWidget(window.findChild<QWidget*>(QStringLiteral("resultsPage")));
    QCustomPlot* chart = view->forecastPlot();
    QTRY_VERIFY(chart->isVisible());
    chart->replot(QCustomPlot::rpImmediateRefresh);
    const std::size_t i = data.count() / 2;
    const QPoint at(qRound(chart->xAxis->coordToPixel(data.x[i])), chart->axisRect()->center().y());
    QTest::mouseClick(chart, Qt::LeftButton, Qt::NoModifier, at);
    QTRY_VERIFY(window.inspectDialog());
    InspectDialog* dialog = window.inspectDialog();
    QSignalSpy inspected(dialog, &InspectDialog::inspected);
    QVERIFY(inspected.wait(60000));
    QCOMPARE(inspected.first().first().toBool(), true);
    // The picked window, or a neighbour when pixels are coarser than the rows.
    const int picked = dialog->row();
    QVERIFY2(std::abs(picked - static_cast<int>(data.evaluation.rows[i])) <= 2,
             qPrintable(QStringLiteral("picked %1, clicked %2").arg(picked).arg(data.evaluation.rows[i])));
    dialog->close();
}

// "Inspect…" beside a classifier's "Try a text" box: the dialog shows the gates for that
// text's tokens, as the CLI computes them for the same text.
void TestGuiInspect::textFromTheClassifierBox() {
    const QString project = dir_.filePath(QStringLiteral("spam"));
    const test::CliRun train = test::runCli({"train", "--task", "classify", "--data", test::dataset("spam_subjects.csv"),
                                             "--text-column", "subject", "--label-column", "label", "--epochs", "1",
                                             "--hidden", "8", "--out", project});
    QVERIFY2(train.ok(), qPrintable(train.error));
    const QString text = QStringLiteral("Cheap meds, no prescription!");
    const QString json = dir_.filePath(QStringLiteral("text.json"));
    const test::CliRun cli = test::runCli({"inspect", "--project", project, "--text", text, "--out", json});
    QVERIFY2(cli.ok(), qPrintable(cli.error));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray layers = QJsonDocument::fromJson(file.readAll()).object()[QStringLiteral("layers")].toArray();
    QCOMPARE(layers.size(), 2);  // a BiLSTM layer: forward and backward
    const QJsonArray steps = layers[1].toObject()[QStringLiteral("steps")].toArray();
    QCOMPARE(steps.size(), 6);  // cheap meds , no prescription !

    MainWindow window;
    window.show();
    QVERIFY(test::openProjectAndWait(window, project));
    auto* field = window.findChild<QLineEdit*>(QStringLiteral("explainText"));
    auto* button = window.findChild<QPushButton*>(QStringLiteral("inspectText"));
    QVERIFY(field && button);
    QVERIFY(button->isEnabled());
    field->setText(text);
    button->click();
    QTRY_VERIFY(window.inspectDialog());
    InspectDialog* dialog = window.inspectDialog();
    QSignalSpy inspected(dialog, &InspectDialog::inspected);
    QVERIFY(inspected.wait(60000));
    QCOMPARE(inspected.first().first().toBool(), true);
    QCOMPARE(dialog->layerBox()->count(), 2);
    dialog->sortBox()->setChecked(false);
    dialog->layerBox()->setCurrentIndex(1);
    for (int g = 0; g < 6; ++g) {
        auto* map = qobject_cast<QCPColorMap*>(dialog->heatmap(g)->plottable(0));
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), 6);
        QCOMPARE(map->data()->valueSize(), 8);
        for (int t = 0; t < 6; ++t)
            for (int row = 0; row < 8; ++row) {
                const double want = steps[t].toObject()[InspectDialog::gateNames()[g]].toArray()[dialog->unitAt(row)].toDouble();
                QVERIFY(std::abs(map->data()->cell(t, row) - want) <= 1e-6);
            }
    }
    dialog->close();
}

QTEST_MAIN(TestGuiInspect)
#include "test_gui_inspect.moc"
