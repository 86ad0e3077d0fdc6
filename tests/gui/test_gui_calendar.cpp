// Calendar inputs in the window: the Model panel's choice is the CLI's --calendar, a run
// trained with it records the calendar inputs in its project, and its model forecasts past
// its horizon from the Forecast ahead tab (a model with file inputs besides its target cannot).

#include "shell/main_window.h"
#include "tasks/forecast/forecast_project.h"
#include "test_support.h"
#include "workspace/forecast_workspace.h"
#include "workspace/future_forecast_view.h"
#include "workspace/model_panel.h"

#include <QComboBox>
#include <QDate>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace studio;

class TestGuiCalendar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void panelChoiceIsTheSpec();
    void trainedModelForecastsPastItsHorizon();

private:
    QTemporaryDir dir_;
};

void TestGuiCalendar::panelChoiceIsTheSpec() {
    ModelPanel panel;
    auto* calendar = panel.findChild<QComboBox*>(QStringLiteral("calendar"));
    QVERIFY(calendar);
    QVERIFY(panel.seriesSpec().calendar.empty());  // none by default, as in the CLI
    const QStringList names = {QString(), QStringLiteral("auto"), QStringLiteral("month"),
                               QStringLiteral("weekday,month"), QStringLiteral("hour,weekday")};
    const std::vector<std::vector<std::string>> specs = {
        {}, {"auto"}, {"month"}, {"weekday", "month"}, {"hour", "weekday"}};
    for (int i = 0; i < names.size(); ++i) {
        calendar->setCurrentIndex(calendar->findData(names[i]));
        QCOMPARE(calendar->currentData().toString(), names[i]);
        QCOMPARE(panel.seriesSpec().calendar, specs[std::size_t(i)]);
    }
    // A project's resolved parts come back as the panel's choice.
    SeriesSpec spec;
    spec.calendar = {"weekday", "month"};
    panel.setSeriesSpec(spec);
    QCOMPARE(calendar->currentData().toString(), QStringLiteral("weekday,month"));
}

void TestGuiCalendar::trainedModelForecastsPastItsHorizon() {
    // Daily rows with a weekend effect.
    const QString csv = dir_.filePath(QStringLiteral("daily.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QDate day0(2022, 3, 7);
    file.write("day,value\n");
    for (int i = 0; i < 300; ++i) {
        const QDate d = day0.addDays(i);
        const double value = 50.0 + (d.dayOfWeek() >= 6 ? 6.0 : 0.0) + 4.0 * std::sin(i / 11.0);
        file.write(QStringLiteral("%1,%2\n").arg(d.toString(Qt::ISODate)).arg(value, 0, 'f', 4).toUtf8());
    }
    file.close();

    MainWindow window;
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));
    QVERIFY(test::openCsvAndWait(window, csv));
    test::quickSettings(window, 1);
    test::setSpin(window, "window", 10);
    auto* calendar = window.modelPanel()->findChild<QComboBox*>(QStringLiteral("calendar"));
    calendar->setCurrentIndex(calendar->findData(QStringLiteral("auto")));
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QVERIFY(window.startTraining());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().toBool(), true);

    // Daily data: weekday and month, after the file's one input.
    const ProjectFile project = loadProjectFile(window.projectDir().toStdString());
    QCOMPARE(project.series.calendar, (std::vector<std::string>{"weekday", "month"}));
    QCOMPARE(project.featureNames, (std::vector<std::string>{"value", "calendar:weekday_sin", "calendar:weekday_cos",
                                                             "calendar:month_sin", "calendar:month_cos"}));
    // Horizon 1, yet 20 steps ahead: the calendar of future days is known.
    FutureForecastView* view = window.forecastWorkspace()->futureView();
    QVERIFY(view->findChild<QSpinBox*>()->maximum() > 1);
    QSignalSpy forecast(&window, &MainWindow::forecastFinished);
    QVERIFY(window.forecastAhead(20));
    QVERIFY(forecast.wait(60000));
    QCOMPARE(forecast.first().first().toBool(), true);
    QCOMPARE(view->meanPointCount(), 20);
    // The first forecast day follows the file's last day.
    QCOMPARE(view->meanKey(0), QDate(1970, 1, 1).daysTo(day0.addDays(300)) * 86400.0);
}

QTEST_MAIN(TestGuiCalendar)
#include "test_gui_calendar.moc"
