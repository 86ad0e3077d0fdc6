// Forecasting in the window: the automatic scaler as the default, the metrics table with
// every baseline and the intervals' coverage (values as metrics.json has them), the sentence
// when a baseline beats the model, the step selector of a longer horizon and the metrics of
// each step (against MAEs computed here from predictions.csv), and forecasts past the last
// row that equal lstm-studio-cli forecast's for the same project.

#include "data/csv_reader.h"
#include "shell/message_bar.h"
#include "tasks/forecast/forecast_project.h"
#include "test_support.h"
#include "workspace/data_panel.h"
#include "workspace/forecast_metrics_table.h"
#include "workspace/forecast_step_table.h"
#include "workspace/forecast_workspace.h"
#include "workspace/future_forecast_view.h"
#include "workspace/prediction_view.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QTemporaryDir>

#include <cmath>

using namespace studio;

namespace {

bool near(double a, double b, double tolerance = 1e-4) {
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

// The table shows about five significant digits: a value and its text agree to that.
bool shows(const QString& text, double value) {
    bool ok = false;
    const double shown = text.toDouble(&ok);
    return ok && std::abs(shown - value) <= 5e-4 * std::max(1.0, std::abs(value));
}

bool copyFolder(const QString& from, const QString& to) {
    QDirIterator it(from, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(file));
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target)) return false;
    }
    return true;
}

// Sets the MAE of `names` in metrics.json's model, naive and baselines sections.
bool setMae(const QString& dir, const QMap<QString, double>& mae) {
    QFile file(QDir(dir).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly)) return false;
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    QJsonObject baselines = json.value(QStringLiteral("baselines")).toObject();
    for (auto it = mae.begin(); it != mae.end(); ++it) {
        const bool top = it.key() == QLatin1String("model") || it.key() == QLatin1String("naive");
        QJsonObject section = (top ? json : baselines).value(it.key()).toObject();
        section.insert(QStringLiteral("mae"), it.value());
        if (top) json.insert(it.key(), section);
        if (!top || it.key() == QLatin1String("naive")) baselines.insert(it.key(), section);
    }
    json.insert(QStringLiteral("baselines"), baselines);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return file.write(QJsonDocument(json).toJson()) > 0;
}

// An evaluation of 5 windows over rows t = 0..19 (v = t²) with horizon 3: step h of window
// i forecasts row 10 + i + h with 1000·h + i, and 80%/95% intervals ±10·level.
ForecastEvaluation threeSteps() {
    ForecastEvaluation e;
    e.horizon = 3;
    e.rows = {10, 11, 12, 13, 14};
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t h = 1; h <= 3; ++h) {
            const double row = 10.0 + i + h;
            e.pred.push_back(1000.0 * h + i);
            e.truth.push_back(row <= 19 ? row * row : std::nan(""));
        }
    for (double level : {80.0, 95.0}) {
        IntervalBand band;
        band.level = level;
        for (double p : e.pred) {
            band.lower.push_back(p - 10 * level);
            band.upper.push_back(p + 10 * level);
        }
        e.intervals.push_back(band);
    }
    e.model.mae = 3.0;
    e.baseline.mae = 4.0;
    return e;
}

}  // namespace

class TestGuiForecast : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void autoScalerIsTheDefault();
    void metricsTableHasEveryBaseline();
    void baselineVerdict_data();
    void baselineVerdict();
    void verdictOfAnOpenedProject();
    void stepSelectorSwitchesTheStep();
    void metricsByStepMatchTheHand();
    void forecastEqualsTheCli();
    void forecastFromAnotherFile();

private:
    QTemporaryDir dir_;
    QString project_;  // sunspots, trained by the CLI with the automatic scaler
};

void TestGuiForecast::initTestCase() {
    test::isolateSettings();
    project_ = dir_.filePath(QStringLiteral("sunspots"));
    const test::CliRun train = test::trainSunspots(project_, {"--epochs", "2", "--window", "24", "--hidden", "16"});
    QVERIFY2(train.ok(), qPrintable(train.error));
}

// A new series starts from the automatic scaler; the data report says what it will choose;
// a project shows the scaler it recorded, and why automatic chose it.
void TestGuiForecast::autoScalerIsTheDefault() {
    {
        ModelPanel panel;
        auto* scaler = panel.findChild<QComboBox*>(QStringLiteral("scaler"));
        QVERIFY(scaler);
        QCOMPARE(scaler->currentData().toString(), QStringLiteral("auto"));
        QCOMPARE(scaler->itemData(0).toString(), QStringLiteral("auto"));
        QCOMPARE(toString(panel.seriesSpec().scaler), std::string("auto"));
    }
    MainWindow window;
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    QCOMPARE(toString(window.modelPanel()->seriesSpec().scaler), std::string("auto"));
    window.dataPanel()->flushReport();
    QVERIFY2(window.dataPanel()->reportText().contains(QStringLiteral("Scaler (automatic): relative")),
             qPrintable(window.dataPanel()->reportText()));

    // The project's recorded scaler comes back with it; a new series goes back to automatic.
    QVERIFY(test::openProjectAndWait(window, project_));
    const ProjectFile project = loadProjectFile(project_.toStdString());
    QVERIFY(project.series.scaler != ScalerKind::Auto);
    QVERIFY(!project.scalerReason.empty());
    QCOMPARE(toString(window.modelPanel()->seriesSpec().scaler), toString(project.series.scaler));
    const QString note = window.predictionView()->scalerNote();
    QVERIFY2(note.contains(QStringLiteral("chosen automatically")) &&
                 note.contains(QString::fromStdString(project.scalerReason)),
             qPrintable(note));
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    QCOMPARE(toString(window.modelPanel()->seriesSpec().scaler), std::string("auto"));
    QVERIFY(window.predictionView()->scalerNote().isEmpty());
}

// Model, naive, seasonal naive, drift and linear: the values of metrics.json; then the
// coverage and mean width of the 80% and 95% intervals, drawn as bands around step 1.
void TestGuiForecast::metricsTableHasEveryBaseline() {
    MainWindow window;
    window.resize(1280, 720);
    window.show();
    QVERIFY(test::openProjectAndWait(window, project_));
    const ProjectMetrics metrics = loadMetrics(project_.toStdString());
    ForecastMetricsTable* table = window.predictionView()->metricsTable();
    QCOMPARE(table->columnCount(), 5);
    QCOMPARE(table->columnOf("model"), 0);
    QCOMPARE(table->columnOf("naive"), 1);
    QCOMPARE(table->columnOf("seasonal_naive"), 2);
    QCOMPARE(table->columnOf("drift"), 3);
    QCOMPARE(table->columnOf("linear"), 4);
    QCOMPARE(metrics.season, std::size_t(12));
    QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("Seasonal naive\n(m=12)"));
    QCOMPARE(table->horizontalHeaderItem(4)->text(), QStringLiteral("Linear AR"));
    QVERIFY(shows(table->cellText(0, 0), metrics.model.mae));
    QVERIFY(shows(table->cellText(1, 0), metrics.model.rmse));
    QVERIFY(shows(table->cellText(4, 0), metrics.model.mase));
    QCOMPARE(metrics.baselines.size(), std::size_t(4));
    for (const auto& [name, m] : metrics.baselines) {
        const int column = table->columnOf(name);
        QVERIFY2(column > 0, name.c_str());
        QVERIFY2(shows(table->cellText(0, column), m.mae), qPrintable(table->cellText(0, column)));
        QVERIFY(shows(table->cellText(1, column), m.rmse));
        QVERIFY(shows(table->cellText(3, column), m.smape));
        if (name == "naive")
            QCOMPARE(table->cellText(5, column), QStringLiteral("—"));
        else
            QVERIFY(shows(table->cellText(5, column), m.directionalAccuracy));
    }
    QCOMPARE(metrics.intervals.size(), std::size_t(2));
    QCOMPARE(table->rowCount(), 6 + 4);
    for (std::size_t k = 0; k < 2; ++k) {
        const int row = 6 + 2 * static_cast<int>(k);
        QVERIFY(table->verticalHeaderItem(row)->text().startsWith(QString::number(metrics.intervals[k].level)));
        QVERIFY(shows(table->cellText(row, 0), metrics.intervals[k].coverage));
        QVERIFY(shows(table->cellText(row + 1, 0), metrics.intervals[k].meanWidth));
        QCOMPARE(table->cellText(row, 1), QStringLiteral("—"));
    }
    // No header is cut: each column is as wide as its header needs, and at 1280x720 the
    // table can be scrolled to every column.
    for (int c = 0; c < table->columnCount(); ++c) {
        const QString header = table->horizontalHeaderItem(c)->text();
        int needed = 0;
        for (const QString& line : header.split(QLatin1Char('\n')))
            needed = std::max(needed, table->horizontalHeader()->fontMetrics().horizontalAdvance(line));
        QVERIFY2(table->columnWidth(c) >= needed, qPrintable(header));
    }

    // The bands around the step-1 predictions: predictions.csv's bounds.
    PredictionView* view = window.predictionView();
    QCOMPARE(view->bandNames(), QStringList({QStringLiteral("95% interval"), QStringLiteral("80% interval")}));
    QVERIFY(!view->stepSelectorShown());  // horizon 1
    const CsvTable predictions = readCsv(QDir(project_).filePath(QStringLiteral("predictions.csv")).toStdString());
    const int lower80 = predictions.find("lower_80_1");
    QVERIFY(lower80 >= 0);
    const PredictionData& data = view->data();
    QCOMPARE(data.bands.size(), std::size_t(2));
    const PredictionData::Band& band80 = data.bands[0].level == 80 ? data.bands[0] : data.bands[1];
    QCOMPARE(band80.lower.size(), predictions.rowCount());
    for (std::size_t i = 0; i < predictions.rowCount(); i += 50)
        QVERIFY(near(band80.lower[i], predictions.columns[lower80].numbers[i], 1e-9));
}

void TestGuiForecast::baselineVerdict_data() {
    QTest::addColumn<double>("model");
    QTest::addColumn<double>("naive");
    QTest::addColumn<double>("linear");
    QTest::addColumn<QString>("expected");
    QTest::newRow("model best") << 10.0 << 11.0 << 12.0 << QString();
    QTest::newRow("linear beats") << 13.62 << 14.0 << 12.77
                                  << QStringLiteral(
                                         "The linear baseline beats the model on this test split (MAE 12.770 vs "
                                         "13.620).");
    QTest::newRow("both beat, naive best") << 13.0 << 11.0 << 12.0
                                           << QStringLiteral(
                                                  "The naive baseline beats the model on this test split (MAE "
                                                  "11.000 vs 13.000).");
    QTest::newRow("a tie is no win") << 12.0 << 12.0 << 12.5 << QString();
}

void TestGuiForecast::baselineVerdict() {
    QFETCH(double, model);
    QFETCH(double, naive);
    QFETCH(double, linear);
    QFETCH(QString, expected);
    ForecastEvaluation e;
    e.model.mae = model;
    e.baseline.mae = naive;
    e.baselines = {BaselineResult{"naive", {}, e.baseline}, BaselineResult{"linear", {}, {}}};
    e.baselines[1].metrics.mae = linear;
    QCOMPARE(ForecastMetricsTable::baselineVerdict(e), expected);
    // A project from before the baselines: the naive forecast alone.
    e.baselines.clear();
    const bool naiveWins = naive < model;
    QCOMPARE(ForecastMetricsTable::baselineVerdict(e).contains(QStringLiteral("naive baseline beats")), naiveWins);
}

// The sentence under the table appears exactly when a baseline's MAE in metrics.json is
// lower than the model's.
void TestGuiForecast::verdictOfAnOpenedProject() {
    const QString copy = dir_.filePath(QStringLiteral("edited"));
    QVERIFY(copyFolder(project_, copy));
    const double model = loadMetrics(project_.toStdString()).model.mae;
    MainWindow window;

    QVERIFY(setMae(copy, {{QStringLiteral("naive"), model * 2},
                          {QStringLiteral("seasonal_naive"), model * 3},
                          {QStringLiteral("drift"), model * 2.5},
                          {QStringLiteral("linear"), model * 1.5}}));
    QVERIFY(test::openProjectAndWait(window, copy));
    QVERIFY(!window.predictionView()->baselineVerdictShown());
    QVERIFY(window.predictionView()->baselineVerdictText().isEmpty());

    QVERIFY(setMae(copy, {{QStringLiteral("linear"), model * 0.5}, {QStringLiteral("drift"), model * 0.75}}));
    QVERIFY(test::openProjectAndWait(window, copy));
    QVERIFY(window.predictionView()->baselineVerdictShown());
    const QString text = window.predictionView()->baselineVerdictText();
    QVERIFY2(text.startsWith(QStringLiteral("The linear baseline beats the model on this test split (MAE ")),
             qPrintable(text));
    QVERIFY2(text.contains(window.predictionView()->metricText(0, 0)), qPrintable(text));
}

// Horizon 3: a selector of the step; each step draws its own forecasts, rows and bands.
void TestGuiForecast::stepSelectorSwitchesTheStep() {
    std::string csv = "t,v\n";
    for (int t = 0; t < 20; ++t) csv += std::to_string(t) + "," + std::to_string(t * t) + "\n";
    const CsvTable table = parseCsv(csv, "memory.csv");
    SeriesSpec spec;
    spec.target = "v";
    spec.window = 3;
    spec.horizon = 3;
    PredictionView view;
    view.setData(PredictionData::build(threeSteps(), true, &table, spec));
    QVERIFY(view.stepSelectorShown());
    QCOMPARE(view.step(), 1);
    QCOMPARE(view.predictionLegend(), QStringLiteral("prediction, step 1"));
    auto* selector = view.findChild<QSpinBox*>(QStringLiteral("predictionStep"));
    QVERIFY(selector);
    QCOMPARE(selector->maximum(), 3);
    for (int step : {1, 3, 2}) {
        selector->setValue(step);
        QCOMPARE(view.step(), step);
        QCOMPARE(view.predictionLegend(), QStringLiteral("prediction, step %1").arg(step));
        QCOMPARE(view.predictionCount(), 5);
        QCOMPARE(view.residualCount(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(view.predictionValue(i), 1000.0 * step + i);
            QCOMPARE(view.predictionKey(i), 10.0 + i + step);  // the row it forecasts
        }
        const PredictionData& d = view.data();
        QCOMPARE(d.bands.size(), std::size_t(2));
        QCOMPARE(d.bands[0].lower[4], 1000.0 * step + 4 - 800);
        QCOMPARE(d.bands[1].upper[0], 1000.0 * step + 950);
        QCOMPARE(d.truth[0], (10.0 + step) * (10.0 + step));
    }
    QCOMPARE(view.bandNames(), QStringList({QStringLiteral("95% interval"), QStringLiteral("80% interval")}));
    QVERIFY(view.showReadoutAt(13).contains(QStringLiteral("80%")));

    // Horizon 1 has no selector, and says so in the legend.
    ForecastEvaluation one = threeSteps();
    one.horizon = 1;
    one.pred.resize(5), one.truth.resize(5), one.intervals.clear();
    spec.horizon = 1;
    view.setData(PredictionData::build(one, true, &table, spec));
    QVERIFY(!view.stepSelectorShown());
    QCOMPARE(view.predictionLegend(), QStringLiteral("prediction (1 step ahead)"));
    QVERIFY(view.bandNames().isEmpty());
}

// Horizon 3 trained by the CLI: "Metrics of: Step k" and the MAE-by-step table show step
// k's MAE of the model and of the naive forecast as computed here by hand from
// predictions.csv (pred_k, true_k, the data file's target at each window's last row), and
// the 80% interval's coverage of step k from its bounds there; the chart and the metrics
// follow each other's step, and the legend names the step drawn.
void TestGuiForecast::metricsByStepMatchTheHand() {
    const QString project = dir_.filePath(QStringLiteral("horizon3"));
    const test::CliRun train =
        test::trainSunspots(project, {"--epochs", "1", "--window", "12", "--horizon", "3", "--hidden", "8"});
    QVERIFY2(train.ok(), qPrintable(train.error));
    const CsvTable data = readCsv(test::dataset("sunspots_monthly.csv").toStdString());
    const CsvTable predictions = readCsv(QDir(project).filePath(QStringLiteral("predictions.csv")).toStdString());
    const auto column = [&](const CsvTable& t, const std::string& name) -> const std::vector<double>& {
        const int c = t.find(name);
        if (c < 0) qFatal("no column %s", name.c_str());
        return t.columns[static_cast<std::size_t>(c)].numbers;
    };
    const std::vector<double>& rows = column(predictions, "row");
    const std::vector<double>& target = column(data, "sunspots");
    // By hand: the mean of |truth - forecast| over the windows, per step.
    std::vector<double> modelMae, naiveMae, coverage80;
    for (int k = 1; k <= 3; ++k) {
        const std::string step = std::to_string(k);
        const std::vector<double>& pred = column(predictions, "pred_" + step);
        const std::vector<double>& truth = column(predictions, "true_" + step);
        const std::vector<double>& lower = column(predictions, "lower_80_" + step);
        const std::vector<double>& upper = column(predictions, "upper_80_" + step);
        double model = 0, naive = 0, inside = 0, n = 0, bounded = 0;
        for (std::size_t i = 0; i < truth.size(); ++i) {
            if (std::isnan(truth[i])) continue;
            model += std::abs(truth[i] - pred[i]);
            naive += std::abs(truth[i] - target[static_cast<std::size_t>(rows[i])]);
            ++n;
            if (std::isnan(lower[i]) || std::isnan(upper[i])) continue;
            inside += lower[i] <= truth[i] && truth[i] <= upper[i];
            ++bounded;
        }
        QVERIFY(n > 100 && bounded > 100);
        modelMae.push_back(model / n), naiveMae.push_back(naive / n), coverage80.push_back(100 * inside / bounded);
    }
    QVERIFY(modelMae[0] != modelMae[2]);  // the steps differ: a mix-up would show

    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project));
    PredictionView* view = window.predictionView();
    ForecastMetricsTable* table = view->metricsTable();
    // The metrics panel lives in a tab of its own: not the view's child any more.
    auto* metricsStep = view->metricsPanel()->findChild<QComboBox*>(QStringLiteral("metricsStep"));
    auto* chartStep = view->findChild<QSpinBox*>(QStringLiteral("predictionStep"));
    QVERIFY(metricsStep && chartStep);
    QVERIFY(view->metricsStepShown());
    QCOMPARE(metricsStep->count(), 4);
    QCOMPARE(metricsStep->itemText(0), QStringLiteral("All steps"));
    QCOMPARE(metricsStep->itemText(3), QStringLiteral("Step 3"));
    QCOMPARE(view->metricsStep(), 0);
    const int model = table->columnOf("model"), naive = table->columnOf("naive");
    QCOMPARE(model, 0);
    QVERIFY(naive > 0);
    const ProjectMetrics metrics = loadMetrics(project.toStdString());
    QVERIFY(shows(table->cellText(0, model), metrics.model.mae));  // all steps: metrics.json's
    QCOMPARE(table->verticalHeaderItem(6)->text(), QStringLiteral("80% interval coverage %"));

    // MAE by step: a row per step, the model and the naive forecast as computed by hand.
    ForecastStepTable* steps = view->stepTable();
    QCOMPARE(steps->rowCount(), 3);
    QCOMPARE(steps->columnCount(), table->columnCount());
    for (int k = 1; k <= 3; ++k) {
        QVERIFY2(
            shows(steps->cellText(k - 1, steps->columnOf("model")), modelMae[k - 1]),
            qPrintable(QStringLiteral("step %1: %2 vs %3").arg(k).arg(steps->cellText(k - 1, 0)).arg(modelMae[k - 1])));
        QVERIFY(shows(steps->cellText(k - 1, steps->columnOf("naive")), naiveMae[k - 1]));
    }

    // Metrics of step k: the table's columns switch, and the chart follows.
    for (int k : {2, 3, 1}) {
        metricsStep->setCurrentIndex(k);
        QCOMPARE(view->metricsStep(), k);
        QVERIFY2(
            shows(table->cellText(0, model), modelMae[k - 1]),
            qPrintable(QStringLiteral("step %1: %2 vs %3").arg(k).arg(table->cellText(0, model)).arg(modelMae[k - 1])));
        QVERIFY(shows(table->cellText(0, naive), naiveMae[k - 1]));
        QCOMPARE(table->cellText(5, naive), QStringLiteral("—"));
        QVERIFY2(shows(table->cellText(6, model), coverage80[k - 1]), qPrintable(table->cellText(6, model)));
        QCOMPARE(view->step(), k);
        QCOMPARE(chartStep->value(), k);
        QCOMPARE(view->predictionLegend(), QStringLiteral("prediction, step %1").arg(k));
    }
    // The chart's step: the metrics follow it; "All steps" leaves the chart where it is.
    chartStep->setValue(3);
    QCOMPARE(view->metricsStep(), 3);
    QCOMPARE(metricsStep->currentIndex(), 3);
    QVERIFY(shows(table->cellText(0, model), modelMae[2]));
    metricsStep->setCurrentIndex(0);
    QCOMPARE(view->metricsStep(), 0);
    QVERIFY(shows(table->cellText(0, model), metrics.model.mae));
    QCOMPARE(view->step(), 3);
    QCOMPARE(view->predictionLegend(), QStringLiteral("prediction, step 3"));
    // A click on a step of the MAE table shows that step.
    QTest::mouseClick(steps->viewport(), Qt::LeftButton, {}, steps->visualItemRect(steps->item(1, 0)).center());
    QCOMPARE(view->metricsStep(), 2);
    QCOMPARE(view->step(), 2);

    // Horizon 1 (the sunspots project of initTestCase): no step choice, no MAE by step.
    QVERIFY(test::openProjectAndWait(window, project_));
    QVERIFY(!view->metricsStepShown());
    QCOMPARE(view->stepTable()->rowCount(), 0);
    QCOMPARE(view->metricsStep(), 0);
}

// Model > Forecast Ahead draws the same forecast as lstm-studio-cli forecast, on dates, and
// Export CSV writes the CLI's file.
void TestGuiForecast::forecastEqualsTheCli() {
    const int steps = 30;
    const QString cliOut = dir_.filePath(QStringLiteral("cli-forecast.csv"));
    const test::CliRun forecast =
        test::runCli({QStringLiteral("forecast"), QStringLiteral("--project"), project_, QStringLiteral("--steps"),
                      QString::number(steps), QStringLiteral("--out"), cliOut});
    QVERIFY2(forecast.ok(), qPrintable(forecast.error));
    const CsvTable expected = readCsv(cliOut.toStdString());
    QCOMPARE(expected.rowCount(), std::size_t(steps));
    const int mean = expected.find("mean"), time = expected.find("time");
    QVERIFY(mean >= 0 && time >= 0);
    QCOMPARE(expected.columns[time].kind, CsvColumn::Kind::Date);

    MainWindow window;
    QVERIFY(!window.actions().forecastAhead->isEnabled());
    QVERIFY(test::openProjectAndWait(window, project_));
    QVERIFY(window.actions().forecastAhead->isEnabled());
    QVERIFY(window.actions().forecastFromFile->isEnabled());
    FutureForecastView* view = window.forecastWorkspace()->futureView();
    QCOMPARE(view->steps(), 12);  // horizon 1: twice the horizon, at least 12
    view->setSteps(steps);
    QSignalSpy finished(&window, &MainWindow::forecastFinished);
    window.actions().forecastAhead->trigger();
    QVERIFY(window.forecastWorkspace()->isForecastTabShown());
    QVERIFY(!window.actions().train->isEnabled());  // the project is being read
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(window.actions().train->isEnabled());
    QCOMPARE(view->meanPointCount(), steps);
    for (int i = 0; i < steps; ++i) {
        QVERIFY2(
            near(view->meanValue(i), expected.columns[mean].numbers[i], 1e-6),
            qPrintable(
                QStringLiteral("%1: %2 vs %3").arg(i).arg(view->meanValue(i)).arg(expected.columns[mean].numbers[i])));
        QCOMPARE(view->meanKey(i), expected.columns[time].numbers[i] * 86400.0);  // dates: seconds since 1970
    }
    QVERIFY(view->dateAxis());
    QCOMPARE(view->bandNames(), QStringList({QStringLiteral("95% interval"), QStringLiteral("80% interval")}));
    QVERIFY(view->historyPointCount() >= 4 * steps);
    QVERIFY(view->result()->historyX.back() < view->meanKey(0));
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("Forecast of 30 step")),
             qPrintable(window.messageBar()->text()));

    const QString exported = dir_.filePath(QStringLiteral("gui-forecast.csv"));
    QString exportError;
    QVERIFY2(view->exportCsv(exported, &exportError), qPrintable(exportError));
    QFile a(exported), b(cliOut);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());

    // The Forecast button does the same, with the steps in the box.
    finished.clear();
    view->setSteps(5);
    QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("forecastRun")), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QCOMPARE(view->meanPointCount(), 5);
    for (int i = 0; i < 5; ++i) QVERIFY(near(view->meanValue(i), expected.columns[mean].numbers[i], 1e-6));
}

// Forecast From File…: from the last row of another file with the project's columns.
void TestGuiForecast::forecastFromAnotherFile() {
    QFile full(test::dataset("sunspots_monthly.csv"));
    QVERIFY(full.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = full.readAll().split('\n');
    const QString shorter = dir_.filePath(QStringLiteral("sunspots-shorter.csv"));
    QFile out(shorter);
    QVERIFY(out.open(QIODevice::WriteOnly));
    for (int i = 0; i <= 2000; ++i) out.write(lines[i] + '\n');  // the header and 2000 rows
    out.close();

    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));
    QSignalSpy finished(&window, &MainWindow::forecastFinished);
    QVERIFY(window.forecastAhead(6, shorter));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), true);
    FutureForecastView* view = window.forecastWorkspace()->futureView();
    QCOMPARE(view->result()->source, shorter);
    QCOMPARE(view->result()->forecast.originRow, std::size_t(1999));
    QCOMPARE(view->meanPointCount(), 6);
    // The history is the shorter file's: it ends at its last row, where the forecast starts.
    QCOMPARE(view->result()->historyY.back(), view->result()->forecast.lastValue);
}

QTEST_MAIN(TestGuiForecast)
#include "test_gui_forecast.moc"
