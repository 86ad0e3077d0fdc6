// Technical indicators in the data panel: the add row writes the list as the CLI takes it, the
// preview draws the chosen indicator over the file's rows (none before its look-back), the
// data report counts the rows dropped for it, a bad item is a problem that stops training,
// and a run trained from the window records the indicators, which come back with the project.

#include "data/technical_indicators.h"
#include "shell/main_window.h"
#include "tasks/forecast/forecast_project.h"
#include "widgets/live_plot.h"
#include "workspace/data_panel.h"
#include "workspace/indicator_panel.h"
#include "workspace/model_panel.h"
#include "test_support.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace studio;

class TestGuiIndicators : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        test::isolateSettings();
        QVERIFY(dir_.isValid());
    }
    void addPreviewAndReport();
    void trainAndReopen();

private:
    QTemporaryDir dir_;
};

void TestGuiIndicators::addPreviewAndReport() {
    MainWindow window;
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    DataPanel* data = window.dataPanel();
    IndicatorPanel* panel = data->indicators();
    QVERIFY(panel);
    QCOMPARE(data->roles().target(), QStringLiteral("close"));

    auto* kind = panel->findChild<QComboBox*>(QStringLiteral("indicatorKind"));
    auto* period = panel->findChild<QSpinBox*>(QStringLiteral("indicatorPeriod"));
    auto* add = panel->findChild<QPushButton*>(QStringLiteral("addIndicator"));
    auto* list = panel->findChild<QLineEdit*>(QStringLiteral("indicators"));
    QVERIFY(kind && period && add && list);
    kind->setCurrentIndex(kind->findText(QStringLiteral("rsi")));
    QCOMPARE(period->value(), 14);  // the kind's usual period
    add->click();
    QCOMPARE(list->text(), QStringLiteral("rsi:14"));
    QVERIFY2(panel->problem().isEmpty(), qPrintable(panel->problem()));
    QCOMPARE(panel->previewed(), QStringLiteral("indicator:close:rsi14"));
    // RSI 14 reads 5·14 differences: the first 70 rows have none.
    const int rows = 5105;
    QCOMPARE(panel->previewPointCount(), rows - 70);

    // MACD gives two features; the preview shows the last one added.
    kind->setCurrentIndex(kind->findText(QStringLiteral("macd")));
    QVERIFY(!period->isEnabled());
    add->click();
    QCOMPARE(list->text(), QStringLiteral("rsi:14, macd"));
    QCOMPARE(panel->previewed(), QStringLiteral("indicator:close:macd_hist"));
    QCOMPARE(panel->previewPointCount(), rows - 183);

    SeriesSpec spec;
    data->applyRoles(spec);
    QCOMPARE(spec.indicators, (std::vector<std::string>{"rsi:14", "macd"}));
    data->flushReport();
    QVERIFY2(data->isReady(), qPrintable(data->problem()));
    QVERIFY2(data->reportText().contains(QStringLiteral("183")), qPrintable(data->reportText()));

    // A bad item: the panel says what is wrong and nothing trains.
    list->setText(QStringLiteral("rsi:14, wobble:3"));
    Q_EMIT list->editingFinished();
    QVERIFY(panel->problem().contains(QStringLiteral("wobble")));
    data->flushReport();
    QVERIFY(!data->isReady());
    QVERIFY2(data->problem().contains(QStringLiteral("wobble")), qPrintable(data->problem()));
    list->setText(QString());
    Q_EMIT list->editingFinished();
    data->flushReport();
    QVERIFY(data->isReady());
    // SHOT=FILE.png keeps a picture of the data panel, to look at under Xvfb.
    if (qEnvironmentVariableIsSet("SHOT")) {
        list->setText(QStringLiteral("sma:10, rsi:14"));
        Q_EMIT list->editingFinished();
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        data->grab().save(qEnvironmentVariable("SHOT"));
    }
}

void TestGuiIndicators::trainAndReopen() {
    QString project;
    {
        MainWindow window;
        window.setAsk(test::answerWith(MainWindow::Choice::Discard));
        QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
        test::quickSettings(window, 1);
        window.dataPanel()->indicators()->add(QStringLiteral("sma"), 10, QStringLiteral("close"));
        window.dataPanel()->indicators()->add(QStringLiteral("logret"), 0, QStringLiteral("close"));
        QSignalSpy finished(&window, &MainWindow::trainingFinished);
        QVERIFY(window.startTraining());
        QVERIFY(finished.wait(180000));
        QCOMPARE(finished.first().first().toBool(), true);
        project = dir_.filePath(QStringLiteral("sp500"));
        QVERIFY(window.saveProjectTo(project));
    }
    const ProjectFile file = loadProjectFile(project.toStdString());
    QCOMPARE(file.series.indicators.size(), std::size_t(2));
    const auto& names = file.featureNames;
    QVERIFY(std::find(names.begin(), names.end(), "indicator:close:sma10") != names.end());
    QVERIFY(std::find(names.begin(), names.end(), "indicator:close:logret") != names.end());

    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project));
    SeriesSpec spec;
    window.dataPanel()->applyRoles(spec);
    QCOMPARE(spec.indicators, file.series.indicators);
}

QTEST_MAIN(TestGuiIndicators)
#include "test_gui_indicators.moc"
