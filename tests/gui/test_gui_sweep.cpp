// Model > Sweep…: the dialog runs `lstm-studio-cli sweep` on a project the CLI trained,
// fills its table, progress bar and parallel-coordinates chart from the CLI's lines and
// `runs --json` (the oracle), stops a sweep with SIGINT keeping the current run, shows the
// CLI's error, and refuses an invalid form without starting anything.

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
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>

using namespace studio;

namespace {

QByteArray runCli(const QStringList& args) {
    QProcess cli;
    cli.start(QStringLiteral(STUDIO_CLI), args);
    if (!cli.waitForFinished(120000) || cli.exitStatus() != QProcess::NormalExit || cli.exitCode() != 0) {
        qWarning("%s", cli.readAllStandardError().constData());
        return {};
    }
    return cli.readAllStandardOutput();
}

// Every run of the project, as `runs --json` lists them.
QJsonArray allRuns(const QString& project) {
    return QJsonDocument::fromJson(
               runCli({QStringLiteral("runs"), QStringLiteral("--project"), project, QStringLiteral("--json")}))
        .array();
}

QString currentRun(const QJsonArray& runs) {
    for (const QJsonValue& v : runs)
        if (v[QStringLiteral("current")].toBool()) return v[QStringLiteral("id")].toString();
    return {};
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
    QVERIFY(!runCli({QStringLiteral("train"), QStringLiteral("--data"), test::dataset("sunspots_monthly.csv"),
                     QStringLiteral("--target"), QStringLiteral("sunspots"), QStringLiteral("--epochs"),
                     QStringLiteral("2"), QStringLiteral("--window"), QStringLiteral("12"), QStringLiteral("--hidden"),
                     QStringLiteral("8"), QStringLiteral("--out"), project_})
                 .isNull());
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
    // A project whose current run has window 30: Auto fills train --auto's axes.
    const QString project = dir_.filePath(QStringLiteral("window30"));
    QVERIFY(!runCli({QStringLiteral("train"), QStringLiteral("--data"), test::dataset("sunspots_monthly.csv"),
                     QStringLiteral("--target"), QStringLiteral("sunspots"), QStringLiteral("--epochs"),
                     QStringLiteral("2"), QStringLiteral("--window"), QStringLiteral("30"), QStringLiteral("--hidden"),
                     QStringLiteral("8"), QStringLiteral("--out"), project})
                 .isNull());
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
    child<QPushButton>(dialog, "sweepAuto")->click();
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
