// Model > Sweep…: the dialog runs `lstm-studio-cli sweep` on a project the CLI trained,
// fills its table, progress bar and parallel-coordinates chart from the CLI's lines and
// `runs --json` (the oracle), stops a sweep with SIGINT keeping the current run, shows the
// CLI's error, and refuses an invalid form without starting anything. Auto Search (in the
// dialog and as Model > Auto Search…) fills, starts and keeps train --auto's choice, checked
// against the project's ledger.

#include "shell/message_bar.h"
#include "shell/sweep_dialog.h"
#include "test_support.h"
#include "widgets/parallel_coordinates.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <random>

using namespace studio;

namespace {

// Every run of the project, as `runs --json` lists them.
QJsonArray allRuns(const QString& project) {
    const test::CliRun runs =
        test::runCli({QStringLiteral("runs"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    if (!runs.ok()) qWarning("%s", qPrintable(runs.error));
    return QJsonDocument::fromJson(runs.output).array();
}

QString currentRun(const QJsonArray& runs) {
    for (const QJsonValue& v : runs)
        if (v[QStringLiteral("current")].toBool()) return v[QStringLiteral("id")].toString();
    return {};
}

// A tiny project trained by the CLI: 300 rows of a noisy sine (seeded), window 8, 2 epochs
// of `hidden` units at learning rate `lr`. Empty on failure.
QString tinyProject(const QTemporaryDir& dir, const QString& name, const QString& hidden, const QString& lr) {
    const QString csv = dir.filePath(name + QStringLiteral(".csv"));
    QFile file(csv);
    if (!file.open(QIODevice::WriteOnly)) return {};
    std::mt19937 random(7);
    std::normal_distribution<double> noise(0.0, 0.5);
    QByteArray text = "t,v\n";
    for (int t = 0; t < 300; ++t)
        text += QByteArray::number(t) + ',' + QByteArray::number(20 + 10 * std::sin(t / 5.0) + noise(random), 'g', 8) +
                '\n';
    file.write(text);
    file.close();
    const QString project = dir.filePath(name);
    const test::CliRun train = test::runCli(
        {QStringLiteral("train"), QStringLiteral("--data"), csv, QStringLiteral("--target"), QStringLiteral("v"),
         QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--window"), QStringLiteral("8"),
         QStringLiteral("--hidden"), hidden, QStringLiteral("--lr"), lr, QStringLiteral("--out"), project});
    if (!train.ok()) {
        qWarning("%s", qPrintable(train.error));
        return {};
    }
    return project;
}

double valLoss(const QJsonValue& run) {
    return run[QStringLiteral("metrics")][QStringLiteral("val_loss")].toDouble(NAN);
}

// train --auto's rule, checked on the ledger after an auto search that started from run
// `first`: the current run is the one of the lowest validation loss among the first run and
// the sweep's trials that trained every epoch (halving's last rung), the first one on a tie.
// Returns the current run's record.
QJsonObject checkAutoChoice(const QString& project, const QString& first, const QString& sweep) {
    const QJsonArray runs = allRuns(project);
    QJsonObject firstRun, best;
    int trials = 0;
    for (const QJsonValue& v : runs)
        if (v[QStringLiteral("id")].toString() == first) firstRun = v.toObject();
    [&] { QVERIFY(!firstRun.isEmpty()); }();
    best = firstRun;
    for (const QJsonValue& v : runs) {
        if (v[QStringLiteral("sweep")].toString() != sweep) continue;
        ++trials;
        const bool wholeRun = v[QStringLiteral("epochs")].toInt() == firstRun[QStringLiteral("epochs")].toInt();
        if (wholeRun && valLoss(v) < valLoss(best)) best = v.toObject();
    }
    [&] {
        QVERIFY(trials >= 2);
        QVERIFY(std::isfinite(valLoss(best)));
        QCOMPARE(currentRun(runs), best[QStringLiteral("id")].toString());
    }();
    qInfo("auto search from %s: %d trial(s); %s (validation loss %g) is current, the first run had %g",
          qPrintable(first), trials, qPrintable(best[QStringLiteral("id")].toString()), valLoss(best),
          valLoss(firstRun));
    return best;
}

// The sentence after an auto search names the run chosen, its settings and its validation loss.
void checkSummary(const QString& summary, const QJsonObject& chosen, const QString& first) {
    const QString id = chosen[QStringLiteral("id")].toString();
    const QJsonObject params = chosen[QStringLiteral("params")].toObject();
    QVERIFY2(summary.contains(QStringLiteral("window %1, hidden %2, layers %3, learning rate %4")
                                  .arg(params[QStringLiteral("window")].toVariant().toString(),
                                       params[QStringLiteral("hidden")].toVariant().toString(),
                                       params[QStringLiteral("layers")].toVariant().toString(),
                                       params[QStringLiteral("lr")].toVariant().toString())),
             qPrintable(summary));
    QVERIFY2(summary.contains(id == first ? QStringLiteral("no trial beat the first run, %1").arg(first)
                                          : QStringLiteral("chose run %1").arg(id)),
             qPrintable(summary));
    QVERIFY2(summary.contains(QString::number(valLoss(chosen), 'g', 6)), qPrintable(summary));
}

// The smallest budget (about) for which Auto plans a search of this project: a few trials.
int tinyBudget(SweepDialog& dialog) {
    for (int seconds = 1; seconds < 24 * 3600; seconds = seconds * 3 / 2 + 1) {
        dialog.setAutoBudget(seconds);
        if (dialog.fillAuto()) return seconds;
    }
    return 0;
}

// Fills parameter row i of the form.
void setParameter(SweepDialog& dialog, int i, const QString& name, const QString& values) {
    auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("sweepParam%1").arg(i));
    auto* edit = dialog.findChild<QLineEdit*>(QStringLiteral("sweepValues%1").arg(i));
    QVERIFY(combo && edit);
    combo->setCurrentText(name);
    edit->setText(values);
}

template <typename T>
T* child(SweepDialog& dialog, const char* name) {
    return dialog.findChild<T*>(QString::fromLatin1(name));
}

}  // namespace

class TestGuiSweep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sweep();
    void stop();
    void cliRefuses();
    void autoFill();
    void autoSearch();
    void autoSearchFromTheMenu();
    void refuses_data();
    void refuses();

private:
    QTemporaryDir dir_;
    QString project_;
};

void TestGuiSweep::initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    project_ = dir_.filePath(QStringLiteral("sunspots"));
    const test::CliRun train = test::trainSunspots(project_, {"--epochs", "2", "--window", "12", "--hidden", "8"});
    QVERIFY2(train.ok(), qPrintable(train.error));
}

void TestGuiSweep::sweep() {
    SweepDialog dialog(project_, QStringLiteral(STUDIO_CLI));
    setParameter(dialog, 0, QStringLiteral("hidden"), QStringLiteral("4,8"));
    setParameter(dialog, 1, QStringLiteral("lr"), QStringLiteral("0.001, 0.01"));
    child<QSpinBox>(dialog, "sweepEpochs")->setValue(2);
    child<QSpinBox>(dialog, "sweepJobs")->setValue(2);
    const int jobs = child<QSpinBox>(dialog, "sweepJobs")->value();  // 1 on a one-core machine
    QString error;
    QCOMPARE(dialog.arguments(&error),
             (QStringList{"sweep", "--project", project_, "--grid", "hidden=4,8", "--grid", "lr=0.001,0.01", "--jobs",
                          QString::number(jobs), "--epochs", "2"}));

    QSignalSpy finished(&dialog, &SweepDialog::sweepFinished);
    child<QPushButton>(dialog, "sweepStart")->click();
    QVERIFY(dialog.isRunning());
    QVERIFY(!child<QPushButton>(dialog, "sweepStart")->isEnabled());
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.isRunning());

    // The oracle: the project's runs as the CLI lists them.
    QJsonArray swept;
    for (const QJsonValue& v : allRuns(project_))
        if (v[QStringLiteral("sweep")].toString() == dialog.sweepId()) swept.append(v);
    QCOMPARE(swept.size(), 4);
    QCOMPARE(dialog.runs(), swept);
    QSet<QString> combinations;
    QString best;
    double bestLoss = INFINITY;
    int currents = 0;
    for (const QJsonValue& v : swept) {
        const QJsonObject params = v[QStringLiteral("params")].toObject();
        combinations << params[QStringLiteral("hidden")].toString() + QLatin1Char('/') +
                            params[QStringLiteral("lr")].toString();
        QCOMPARE(v[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        QCOMPARE(v[QStringLiteral("epochs")].toInt(), 2);
        const double loss = v[QStringLiteral("metrics")][QStringLiteral("val_loss")].toDouble();
        if (loss < bestLoss) bestLoss = loss, best = v[QStringLiteral("id")].toString();
        if (v[QStringLiteral("current")].toBool()) ++currents;
    }
    QCOMPARE(combinations, (QSet<QString>{"4/0.001", "4/0.01", "8/0.001", "8/0.01"}));
    QCOMPARE(currents, 1);
    QCOMPARE(currentRun(swept), best);

    // Progress full; one table row per trial with the CLI's values.
    auto* progress = child<QProgressBar>(dialog, "sweepProgress");
    QCOMPARE(progress->maximum(), 4);
    QCOMPARE(progress->value(), 4);
    auto* table = child<QTableWidget>(dialog, "sweepTable");
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->columnCount(), 5);  // run, hidden, lr, status, validation loss
    for (int r = 0; r < 4; ++r) {
        const QString id = table->item(r, 0)->text();
        QJsonObject run;
        for (const QJsonValue& v : swept)
            if (v[QStringLiteral("id")].toString() == id) run = v.toObject();
        QVERIFY2(!run.isEmpty(), qPrintable(id));
        QCOMPARE(table->item(r, 1)->text(), run[QStringLiteral("params")][QStringLiteral("hidden")].toString());
        QCOMPARE(table->item(r, 2)->text(), run[QStringLiteral("params")][QStringLiteral("lr")].toString());
        QCOMPARE(table->item(r, 3)->text(), QStringLiteral("finished"));
        QCOMPARE(table->item(r, 4)->text(),
                 QString::number(run[QStringLiteral("metrics")][QStringLiteral("val_loss")].toDouble(), 'g', 6));
        QCOMPARE(table->item(r, 0)->font().bold(), id == best);
    }
    QVERIFY2(dialog.message().contains(best), qPrintable(dialog.message()));

    // The chart: 4 lines over hidden, lr and the loss; places by hand (both sweeps span
    // less than two decades, so linear: the smaller value at 0, the larger at 1).
    auto* chart = dialog.findChild<ParallelCoordinates*>(QStringLiteral("sweepChart"));
    QVERIFY(chart);
    QCOMPARE(chart, dialog.chart());
    QCOMPARE(chart->axisNames(), (QStringList{"hidden", "lr"}));
    QCOMPARE(chart->rowCount(), 4);
    QCOMPARE(chart->graphCount(), 4);
    double worstLoss = 0;
    for (const QJsonValue& v : swept)
        worstLoss = std::max(worstLoss, v[QStringLiteral("metrics")][QStringLiteral("val_loss")].toDouble());
    int bestRow = -1;
    for (int r = 0; r < 4; ++r) {
        const QJsonObject run = swept[r].toObject();
        const QJsonObject params = run[QStringLiteral("params")].toObject();
        const double loss = run[QStringLiteral("metrics")][QStringLiteral("val_loss")].toDouble();
        QCOMPARE(chart->position(r, 0), params[QStringLiteral("hidden")].toString() == QStringLiteral("8") ? 1.0 : 0.0);
        QCOMPARE(chart->position(r, 1), params[QStringLiteral("lr")].toString() == QStringLiteral("0.01") ? 1.0 : 0.0);
        QCOMPARE(chart->position(r, 2), (loss - bestLoss) / (worstLoss - bestLoss));
        QCOMPARE(chart->line(r)->dataCount(), 3);
        if (run[QStringLiteral("id")].toString() == best) bestRow = r;
    }
    QCOMPARE(chart->highlighted(), bestRow);
    for (int r = 0; r < 4; ++r) QCOMPARE(chart->line(r)->pen().widthF() > 3.0, r == bestRow);

    // For a look at the layout: STUDIO_GRAB_SWEEP=/tmp/sweep_dialog.png.
    if (const QByteArray path = qgetenv("STUDIO_GRAB_SWEEP"); !path.isEmpty()) {
        dialog.show();
        chart->replot();
        QVERIFY(dialog.grab().save(QString::fromLocal8Bit(path)));
    }
}

void TestGuiSweep::stop() {
    const QString before = currentRun(allRuns(project_));
    QVERIFY(!before.isEmpty());
    SweepDialog dialog(project_, QStringLiteral(STUDIO_CLI));
    // A quick trial, then a long one (no early stop): the stop, not its end, ends the sweep.
    setParameter(dialog, 0, QStringLiteral("epochs"), QStringLiteral("1,5000"));
    setParameter(dialog, 1, QStringLiteral("patience"), QStringLiteral("0"));
    child<QSpinBox>(dialog, "sweepJobs")->setValue(1);
    auto* progress = child<QProgressBar>(dialog, "sweepProgress");
    QSignalSpy progressed(progress, &QProgressBar::valueChanged);
    QSignalSpy finished(&dialog, &SweepDialog::sweepFinished);
    QVERIFY(dialog.start());
    QVERIFY(!dialog.start());  // one at a time
    while (progress->value() < 1) QVERIFY(progressed.wait(60000));
    QCOMPARE(progress->maximum(), 2);
    QVERIFY(child<QPushButton>(dialog, "sweepStop")->isEnabled());
    child<QPushButton>(dialog, "sweepStop")->click();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.message().contains(QStringLiteral("kept")), qPrintable(dialog.message()));
    QVERIFY(child<QPushButton>(dialog, "sweepStart")->isEnabled());

    // The current run is unchanged. The quick trial is kept as finished; the long one as
    // cancelled when it had trained an epoch, else not at all. Table and chart show those kept.
    QCOMPARE(currentRun(allRuns(project_)), before);
    const QJsonArray runs = dialog.runs();
    QVERIFY(runs.size() >= 1 && runs.size() <= 2);
    QCOMPARE(runs[0][QStringLiteral("status")].toString(), QStringLiteral("finished"));
    QCOMPARE(runs[0][QStringLiteral("params")][QStringLiteral("epochs")].toString(), QStringLiteral("1"));
    if (runs.size() == 2) {
        const QString status = runs[1][QStringLiteral("status")].toString();
        QCOMPARE(status, QStringLiteral("cancelled"));
    }
    QCOMPARE(dialog.chart()->rowCount(), int(runs.size()));
    QCOMPARE(child<QTableWidget>(dialog, "sweepTable")->rowCount(), int(runs.size()));
    QCOMPARE(child<QTableWidget>(dialog, "sweepTable")->item(0, 3)->text(), QStringLiteral("finished"));
}

void TestGuiSweep::cliRefuses() {
    // A name the form cannot check: the CLI's "error: " line is the dialog's message.
    SweepDialog dialog(project_, QStringLiteral(STUDIO_CLI));
    setParameter(dialog, 0, QStringLiteral("hiden"), QStringLiteral("4,8"));
    QSignalSpy finished(&dialog, &SweepDialog::sweepFinished);
    QVERIFY(dialog.start());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(dialog.errorText().startsWith(QStringLiteral("'hiden' is not a setting")), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.message().contains(dialog.errorText()), qPrintable(dialog.message()));
    QVERIFY(dialog.sweepId().isEmpty());
    QCOMPARE(dialog.chart()->rowCount(), 0);
    QVERIFY(child<QPushButton>(dialog, "sweepStart")->isEnabled());
}

void TestGuiSweep::autoFill() {
    // A project whose current run has window 30: Fill Only fills train --auto's axes.
    const QString project = dir_.filePath(QStringLiteral("window30"));
    const test::CliRun train = test::trainSunspots(project, {"--epochs", "2", "--window", "30", "--hidden", "8"});
    QVERIFY2(train.ok(), qPrintable(train.error));
    // The oracle for the windows: half, as is and twice 30 where every split of project.json
    // keeps at least 10 windows (rows - horizon - window + 1 >= 10).
    QFile file(QDir(project).filePath(QStringLiteral("project.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject series = QJsonDocument::fromJson(file.readAll())[QStringLiteral("series")].toObject();
    QCOMPARE(series[QStringLiteral("window")].toInt(), 30);
    const QJsonObject rows = series[QStringLiteral("rows")].toObject();
    const int fewest = std::min({rows[QStringLiteral("train")].toInt(), rows[QStringLiteral("val")].toInt(),
                                 rows[QStringLiteral("test")].toInt()});
    QVERIFY(fewest > 0);
    QStringList windows;
    for (int w : {15, 30, 60})
        if (w == 30 || fewest - series[QStringLiteral("horizon")].toInt() - w + 1 >= 10) windows << QString::number(w);
    QCOMPARE(windows.join(QLatin1Char(',')), QStringLiteral("15,30,60"));  // sunspots has rows to spare
    const int grid = static_cast<int>(windows.size()) * 3 * 2 * 2;

    SweepDialog dialog(project, QStringLiteral(STUDIO_CLI));
    QCOMPARE(child<QSpinBox>(dialog, "sweepAutoBudget")->value(), 300);
    child<QPushButton>(dialog, "sweepAutoFill")->click();
    QVERIFY(!dialog.isRunning());
    QVERIFY2(child<QLabel>(dialog, "sweepStatus")->text().startsWith(QStringLiteral("Auto: ")),
             qPrintable(dialog.message()));
    const QStringList names{"window", "hidden", "layers", "lr"},
        values{windows.join(QLatin1Char(',')), "32,64,128", "1,2", "0.001,0.003"};
    for (int i = 0; i < names.size(); ++i) {
        QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("sweepParam%1").arg(i))->currentText(), names[i]);
        QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("sweepValues%1").arg(i))->text(), values[i]);
    }
    auto* mode = child<QComboBox>(dialog, "sweepMode");
    const auto halving = SweepDialog::Mode(mode->currentData().toInt());
    QVERIFY(halving == SweepDialog::Mode::Halving || halving == SweepDialog::Mode::RandomHalving);
    const int n = child<QSpinBox>(dialog, "sweepRandomCount")->value();
    QVERIFY(n >= 2 && n <= grid);
    QCOMPARE(halving == SweepDialog::Mode::RandomHalving, n < grid);
    QCOMPARE(child<QSpinBox>(dialog, "sweepEpochs")->value(), 0);  // the current run's

    // A budget of a week holds the whole grid: no draw, halving over all of it.
    child<QSpinBox>(dialog, "sweepAutoBudget")->setValue(7 * 24 * 3600);
    QVERIFY(dialog.fillAuto());
    QCOMPARE(SweepDialog::Mode(mode->currentData().toInt()), SweepDialog::Mode::Halving);
    QCOMPARE(child<QSpinBox>(dialog, "sweepRandomCount")->value(), grid);
    const QString jobs = QString::number(child<QSpinBox>(dialog, "sweepJobs")->value());
    QVERIFY(jobs.toInt() >= 1 && jobs.toInt() <= 4);
    QString error;
    QCOMPARE(dialog.arguments(&error),
             (QStringList{"sweep", "--project", project, "--grid", "window=" + values[0], "--grid", "hidden=32,64,128",
                          "--grid", "layers=1,2", "--grid", "lr=0.001,0.003", "--halving", "--jobs", jobs}));

    // A folder with no run: the form is left as it was and the reason shown.
    QTemporaryDir empty;
    SweepDialog none(empty.path(), QStringLiteral(STUDIO_CLI));
    QVERIFY(!none.fillAuto());
    QVERIFY2(none.message().contains(QStringLiteral("current run")), qPrintable(none.message()));
    QCOMPARE(none.findChild<QComboBox*>(QStringLiteral("sweepParam0"))->currentText(), QStringLiteral("hidden"));
}

// Auto Search in the dialog: fills the form as Fill Only does, starts, and at the end the
// ledger's current run follows train --auto's rule; the dialog says which run and why.
void TestGuiSweep::autoSearch() {
    // A first run of a learning rate too low to learn much in 2 epochs: a trial beats it (when
    // none does, the check below holds all the same).
    const QString project =
        tinyProject(dir_, QStringLiteral("tiny-slow"), QStringLiteral("8"), QStringLiteral("0.00001"));
    QVERIFY(!project.isEmpty());
    const QString first = currentRun(allRuns(project));
    QVERIFY(!first.isEmpty());
    SweepDialog dialog(project, QStringLiteral(STUDIO_CLI));
    const int seconds = tinyBudget(dialog);
    QVERIFY(seconds > 0);
    QString error;
    const QStringList filled = dialog.arguments(&error);
    QVERIFY2(!filled.isEmpty(), qPrintable(error));

    QSignalSpy finished(&dialog, &SweepDialog::sweepFinished);
    child<QPushButton>(dialog, "sweepAuto")->click();
    QVERIFY(dialog.isRunning());
    QVERIFY(dialog.isAutoSearch());
    QCOMPARE(dialog.arguments(&error), filled);  // the plan Fill Only shows
    QVERIFY(finished.wait(150000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    const QJsonObject chosen = checkAutoChoice(project, first, dialog.sweepId());
    if (QTest::currentTestFailed()) return;
    checkSummary(dialog.autoSummary(), chosen, first);
    QCOMPARE(dialog.message(), dialog.autoSummary());
}

// Model > Auto Search…: the dialog opens and searches at once; at the end the window shows
// the project again with its new current run, and the message bar says what was chosen.
void TestGuiSweep::autoSearchFromTheMenu() {
    // A first run of a learning rate 10 times auto's highest: it tends to stay current, the
    // sweep's best is then made current again by the dialog (either way the rule is checked).
    const QString project =
        tinyProject(dir_, QStringLiteral("tiny-fast"), QStringLiteral("32"), QStringLiteral("0.03"));
    QVERIFY(!project.isEmpty());
    const QString first = currentRun(allRuns(project));
    MainWindow window;
    window.setCliPath(QStringLiteral(STUDIO_CLI));
    QVERIFY(!window.actions().autoSearch->isEnabled());
    QVERIFY(test::openProjectAndWait(window, project));
    QAction* action = window.actions().autoSearch;
    QVERIFY(action->isEnabled());
    QCOMPARE(action->text(), QStringLiteral("&Auto Search…"));
    QMenu* model = nullptr;
    for (QAction* menu : window.menuBar()->actions())
        if (menu->text() == QStringLiteral("&Model")) model = menu->menu();
    QVERIFY(model && model->actions().contains(action));

    // The menu starts a search of the dialog's budget; stopped, it leaves the current run.
    QSignalSpy opened(&window, &MainWindow::projectOpened);
    action->trigger();
    SweepDialog* dialog = window.sweepDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isRunning());
    QVERIFY(dialog->isAutoSearch());
    QVERIFY(!window.startAutoSearch());  // one at a time
    QSignalSpy started(dialog, &SweepDialog::sweepStarted);
    QSignalSpy finished(dialog, &SweepDialog::sweepFinished);
    QVERIFY(started.wait(30000));
    dialog->stop();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(opened.wait(20000));
    QCOMPARE(currentRun(allRuns(project)), first);
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("stays current")),
             qPrintable(window.messageBar()->text()));

    // A tiny budget, end to end.
    const int seconds = tinyBudget(*dialog);
    QVERIFY(seconds > 0);
    finished.clear(), opened.clear();
    QVERIFY(window.startAutoSearch(seconds));
    QVERIFY(finished.wait(150000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->errorText()));
    QVERIFY(opened.wait(20000));
    const QJsonObject chosen = checkAutoChoice(project, first, dialog->sweepId());
    if (QTest::currentTestFailed()) return;
    QCOMPARE(window.messageBar()->text(), dialog->autoSummary());
    checkSummary(window.messageBar()->text(), chosen, first);
    // The window shows the chosen run's model.
    QCOMPARE(window.modelPanel()->modelSpec().hidden,
             chosen[QStringLiteral("params")][QStringLiteral("hidden")].toVariant().toString().toInt());
}

void TestGuiSweep::refuses_data() {
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<int>("randomCount");  // -1: grid mode
    QTest::addColumn<QString>("message");
    QTest::newRow("no values") << QStringList{"hidden", "lr"} << QStringList{"4,8", ""} << -1
                               << QStringLiteral("lr has no values");
    QTest::newRow("empty value") << QStringList{"hidden"} << QStringList{"4,,8"} << -1 << QStringLiteral("empty value");
    QTest::newRow("twice") << QStringList{"hidden", "hidden"} << QStringList{"4,8", "16"} << -1
                           << QStringLiteral("hidden is chosen twice");
    QTest::newRow("nothing") << QStringList{""} << QStringList{""} << -1 << QStringLiteral("at least one setting");
    QTest::newRow("values without a name")
        << QStringList{""} << QStringList{"4,8"} << -1 << QStringLiteral("have no setting");
    QTest::newRow("random 0") << QStringList{"hidden"} << QStringList{"4,8"} << 0 << QStringLiteral("at least 1 point");
}

void TestGuiSweep::refuses() {
    QFETCH(QStringList, names);
    QFETCH(QStringList, values);
    QFETCH(int, randomCount);
    QFETCH(QString, message);
    SweepDialog dialog(project_, QStringLiteral(STUDIO_CLI));
    for (int i = 0; i < names.size(); ++i) setParameter(dialog, i, names[i], values[i]);
    if (randomCount >= 0) {
        auto* mode = child<QComboBox>(dialog, "sweepMode");
        mode->setCurrentIndex(mode->findData(int(SweepDialog::Mode::Random)));
        QVERIFY(child<QSpinBox>(dialog, "sweepRandomCount")->isEnabled());
        child<QSpinBox>(dialog, "sweepRandomCount")->setValue(randomCount);
    }
    QSignalSpy finished(&dialog, &SweepDialog::sweepFinished);
    child<QPushButton>(dialog, "sweepStart")->click();
    QVERIFY(!dialog.isRunning());
    QVERIFY(!dialog.start());
    QVERIFY2(dialog.message().contains(message), qPrintable(dialog.message()));
    QCOMPARE(child<QLabel>(dialog, "sweepStatus")->text(), dialog.message());
    QCOMPARE(finished.size(), 0);
    QCOMPARE(child<QTableWidget>(dialog, "sweepTable")->rowCount(), 0);
}

QTEST_MAIN(TestGuiSweep)
#include "test_gui_sweep.moc"
