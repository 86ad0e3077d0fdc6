// Model > Backtest…: the dialog runs the walk-forward backtest of a project the CLI trained
// on a pool thread and shows the same numbers as `lstm-studio-cli backtest` (the oracle:
// its backtest.json) in its table, chart and saved JSON; it trains a model per fold with
// refit every, stops on Stop, and shows core's errors (too many folds, no project) as its
// message.

#include "shell/backtest_dialog.h"
#include "test_support.h"

#include <QComboBox>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>

#include <qcustomplot.h>

#include <cmath>

using namespace studio;

namespace {

template <typename T>
T* child(BacktestDialog& dialog, const char* name) {
    return dialog.findChild<T*>(QString::fromLatin1(name));
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(b), 1e-12); }

// The table's column of forecaster `key` ("model", "naive", ...), or -1.
int columnOf(QTableWidget* table, const QString& key) {
    for (int c = 0; c < table->columnCount(); ++c)
        if (table->horizontalHeaderItem(c) &&
            table->horizontalHeaderItem(c)->data(BacktestDialog::kValueRole).toString() == key)
            return c;
    return -1;
}

// The JSON's `metric` of forecaster `key` in a fold's (or the overall) block.
double jsonValue(const QJsonObject& block, const QString& key, const QString& metric) {
    const QJsonObject m = key == QLatin1String("model") ? block[QStringLiteral("model")].toObject()
                                                        : block[QStringLiteral("baselines")][key].toObject();
    return m[metric].toDouble(NAN);
}

}  // namespace

class TestGuiBacktest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesCli();
    void refitEvery();
    void stop();
    void errors_data();
    void errors();

private:
    // Checks the table's and the chart's `metric` ("mae" or "rmse") against the oracle.
    void compareWithCli(BacktestDialog& dialog, const QString& metric);

    QTemporaryDir dir_;
    QString project_;
    QJsonObject cli_;  // the CLI's backtest.json for 3 folds, refit none
};

void TestGuiBacktest::initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    project_ = dir_.filePath(QStringLiteral("sunspots"));
    const test::CliRun train = test::trainSunspots(project_, {"--epochs", "2", "--window", "12", "--hidden", "8"});
    QVERIFY2(train.ok(), qPrintable(train.error));
    const QString out = dir_.filePath(QStringLiteral("cli"));
    const test::CliRun backtest =
        test::runCli({QStringLiteral("backtest"), QStringLiteral("--project"), project_, QStringLiteral("--folds"),
                      QStringLiteral("3"), QStringLiteral("--out"), out});
    QVERIFY2(backtest.ok(), qPrintable(backtest.error));
    QFile file(QDir(out).filePath(QStringLiteral("backtest.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    cli_ = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(cli_[QStringLiteral("folds")].toArray().size(), 3);
    QCOMPARE(cli_[QStringLiteral("refit")].toString(), QStringLiteral("none"));
}

void TestGuiBacktest::compareWithCli(BacktestDialog& dialog, const QString& metric) {
    const QJsonArray folds = cli_[QStringLiteral("folds")].toArray();
    const QStringList keys = QStringList{QStringLiteral("model")} +
                             cli_[QStringLiteral("overall")][QStringLiteral("baselines")].toObject().keys();
    QCOMPARE(keys.size(), 5);  // the model, naive, seasonal naive, drift, linear

    // Table: a row per fold, then Overall; a column per forecaster with its exact value.
    auto* table = child<QTableWidget>(dialog, "backtestTable");
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(3, 0)->text(), QStringLiteral("Overall"));
    for (const QString& key : keys) {
        const int column = columnOf(table, key);
        QVERIFY2(column >= 0, qPrintable(key));
        QVERIFY(table->horizontalHeaderItem(column)->text().endsWith(metric.toUpper()));
        for (int row = 0; row < 4; ++row) {
            const QJsonObject block = row < 3 ? folds[row].toObject() : cli_[QStringLiteral("overall")].toObject();
            const double expected = jsonValue(block, key, metric);
            const double shown = table->item(row, column)->data(BacktestDialog::kValueRole).toDouble();
            QVERIFY2(near(shown, expected),
                     qPrintable(QStringLiteral("%1 row %2: %3 vs %4").arg(key).arg(row).arg(shown).arg(expected)));
            // Shown rounded: the same number to the decimals the cell has.
            const QString text = table->item(row, column)->text();
            const int decimals =
                text.contains(QLatin1Char('.')) ? int(text.size() - text.indexOf(QLatin1Char('.')) - 1) : 0;
            QCOMPARE(text, QString::number(shown, 'f', decimals));
        }
    }
    for (int row = 0; row < 3; ++row) {
        const QJsonObject fold = folds[row].toObject();
        QCOMPARE(table->item(row, 0)->text(), QString::number(row + 1));
        QCOMPARE(table->item(row, 1)->text(), fold[QStringLiteral("first_time")].toString() + QStringLiteral(" – ") +
                                                  fold[QStringLiteral("last_time")].toString());
        QCOMPARE(table->item(row, 2)->text(), QString::number(fold[QStringLiteral("windows")].toInt()));
    }

    // Chart: a bar series per forecaster, the model first, K points at x = 1..K.
    QCustomPlot* chart = dialog.chart();
    QCOMPARE(chart->plottableCount(), 5);
    QCOMPARE(chart->plottable(0)->objectName(), QStringLiteral("model"));
    for (int p = 0; p < chart->plottableCount(); ++p) {
        auto* bars = qobject_cast<QCPBars*>(chart->plottable(p));
        QVERIFY(bars);
        QVERIFY(bars->barsGroup());
        QCOMPARE(bars->data()->size(), 3);
        for (int k = 0; k < 3; ++k) {
            QCOMPARE(bars->data()->at(k)->key, double(k + 1));
            QVERIFY(near(bars->data()->at(k)->value, jsonValue(folds[k].toObject(), bars->objectName(), metric)));
        }
    }
    // The legend has a row of its own below the axes, not over the bars.
    QVERIFY(chart->legend->visible());
    QCOMPARE(chart->legend->itemCount(), 5);
    QCOMPARE(chart->legend->layout(), static_cast<QCPLayout*>(chart->plotLayout()));
    // Each fold is labelled with its period.
    chart->replot();
    const auto ticks = qSharedPointerCast<QCPAxisTickerText>(chart->xAxis->ticker())->ticks();
    QCOMPARE(ticks.size(), 3);
    for (int k = 0; k < 3; ++k) {
        const QJsonObject fold = folds[k].toObject();
        QVERIFY(ticks.value(k + 1).contains(fold[QStringLiteral("first_time")].toString()));
        QVERIFY(ticks.value(k + 1).contains(fold[QStringLiteral("last_time")].toString()));
    }
}

void TestGuiBacktest::matchesCli() {
    // Shown, at the size the dialog must stay readable at: the fold labels depend on its width.
    BacktestDialog dialog(project_);
    dialog.resize(1024, 640);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* folds = child<QSpinBox>(dialog, "backtestFolds");
    QCOMPARE(folds->value(), 5);
    folds->setValue(500);
    QCOMPARE(folds->value(), BacktestDialog::kMaxFolds);
    folds->setValue(3);
    auto* refit = child<QComboBox>(dialog, "backtestRefit");
    QVERIFY(BacktestRefit(refit->currentData().toInt()) == BacktestRefit::None);
    auto* run = child<QPushButton>(dialog, "backtestRun");
    auto* save = child<QPushButton>(dialog, "backtestSave");
    QVERIFY(!save->isEnabled());

    QSignalSpy finished(&dialog, &BacktestDialog::finished);
    run->click();
    QVERIFY(dialog.isRunning());
    QVERIFY(!run->isEnabled());
    QVERIFY(child<QPushButton>(dialog, "backtestStop")->isEnabled());
    QVERIFY(!dialog.start(3, BacktestRefit::None));  // one at a time
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    QVERIFY(dialog.result().has_value());
    QVERIFY(run->isEnabled() && save->isEnabled());
    auto* progress = child<QProgressBar>(dialog, "backtestProgress");
    QCOMPARE(progress->value(), progress->maximum());

    compareWithCli(dialog, QStringLiteral("mae"));
    // The result's notes, word for word.
    const QJsonArray notes = cli_[QStringLiteral("notes")].toArray();
    QVERIFY(!notes.isEmpty());
    for (const QJsonValue& note : notes)
        QVERIFY2(dialog.notesText().contains(note.toString()), qPrintable(dialog.notesText()));
    QVERIFY(child<QLabel>(dialog, "backtestSummary")->text().contains(QStringLiteral("MAE")));

    // For a look at the layout: STUDIO_GRAB_BACKTEST=/tmp/backtest_dialog.png.
    if (const QByteArray path = qgetenv("STUDIO_GRAB_BACKTEST"); !path.isEmpty())
        QVERIFY(dialog.grab().save(QString::fromLocal8Bit(path)));

    // Compare by RMSE: the same forecasts, the other metric.
    child<QComboBox>(dialog, "backtestMetric")->setCurrentIndex(1);
    QVERIFY(dialog.metric() == BacktestDialog::Metric::Rmse);
    compareWithCli(dialog, QStringLiteral("rmse"));
    QVERIFY(child<QLabel>(dialog, "backtestSummary")->text().contains(QStringLiteral("RMSE")));

    // Save JSON…: the CLI's report.
    const QString saved = dir_.filePath(QStringLiteral("saved.json"));
    QVERIFY(dialog.saveJson(saved));
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json.keys(), cli_.keys());
    QCOMPARE(json[QStringLiteral("notes")], cli_[QStringLiteral("notes")]);
    for (int k = 0; k < 3; ++k)
        QVERIFY(near(json[QStringLiteral("folds")][k][QStringLiteral("model")][QStringLiteral("mae")].toDouble(),
                     cli_[QStringLiteral("folds")][k][QStringLiteral("model")][QStringLiteral("mae")].toDouble()));
    QVERIFY(!dialog.saveJson(dir_.filePath(QStringLiteral("no/such/folder/backtest.json"))));
    QVERIFY2(dialog.message().contains(QStringLiteral("Could not save")), qPrintable(dialog.message()));
}

void TestGuiBacktest::refitEvery() {
    BacktestDialog dialog(project_);
    child<QSpinBox>(dialog, "backtestFolds")->setValue(2);
    auto* refit = child<QComboBox>(dialog, "backtestRefit");
    refit->setCurrentIndex(refit->findData(int(BacktestRefit::Every)));
    QSignalSpy finished(&dialog, &BacktestDialog::finished);
    QVERIFY(dialog.start());
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    const BacktestResult& r = *dialog.result();
    QVERIFY(r.refit == BacktestRefit::Every);
    QCOMPARE(int(r.folds.size()), 2);
    // An Epochs column: each fold trained its own model, for the project's 2 epochs at most.
    auto* table = child<QTableWidget>(dialog, "backtestTable");
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->horizontalHeaderItem(3)->text(), QStringLiteral("Epochs"));
    for (int k = 0; k < 2; ++k) {
        QCOMPARE(table->item(k, 3)->text(), QString::number(r.folds[k].epochs));
        QVERIFY(r.folds[k].epochs >= 1 && r.folds[k].epochs <= 2);
        QVERIFY(
            near(table->item(k, columnOf(table, QStringLiteral("model")))->data(BacktestDialog::kValueRole).toDouble(),
                 r.folds[k].evaluation.model.mae));
    }
    QCOMPARE(dialog.chart()->plottableCount(), 5);
}

void TestGuiBacktest::stop() {
    // A copy of the project whose folds train for long enough to be caught in fold 1: the
    // project's own 2 epochs can run all five folds between two looks at the dialog.
    const QString slow = dir_.filePath(QStringLiteral("slow"));
    QDirIterator files(project_, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString from = files.next();
        const QString to = slow + QLatin1Char('/') + QDir(project_).relativeFilePath(from);
        QVERIFY(QDir().mkpath(QFileInfo(to).path()));
        QVERIFY(QFile::copy(from, to));
    }
    QFile json(QDir(slow).filePath(QStringLiteral("project.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    QJsonObject project = QJsonDocument::fromJson(json.readAll()).object();
    json.close();
    QJsonObject train = project[QStringLiteral("train")].toObject();
    train[QStringLiteral("epochs")] = 100000;
    train[QStringLiteral("patience")] = 0;
    project[QStringLiteral("train")] = train;
    QVERIFY(json.open(QIODevice::WriteOnly | QIODevice::Truncate));
    json.write(QJsonDocument(project).toJson());
    json.close();

    BacktestDialog dialog(slow);
    child<QSpinBox>(dialog, "backtestFolds")->setValue(5);
    auto* refit = child<QComboBox>(dialog, "backtestRefit");
    refit->setCurrentIndex(refit->findData(int(BacktestRefit::Every)));
    QSignalSpy finished(&dialog, &BacktestDialog::finished);
    child<QPushButton>(dialog, "backtestRun")->click();
    // Stop while the first fold's model trains.
    QTRY_VERIFY2_WITH_TIMEOUT(dialog.message().startsWith(QStringLiteral("Fold 1 of 5")), qPrintable(dialog.message()),
                              60000);
    auto* stop = child<QPushButton>(dialog, "backtestStop");
    QVERIFY(stop->isEnabled());
    stop->click();
    QVERIFY(!stop->isEnabled());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.message().startsWith(QStringLiteral("Stopped")), qPrintable(dialog.message()));
    QVERIFY(!dialog.result().has_value());
    QCOMPARE(child<QTableWidget>(dialog, "backtestTable")->rowCount(), 0);
    QCOMPARE(dialog.chart()->plottableCount(), 0);
    QVERIFY(child<QPushButton>(dialog, "backtestRun")->isEnabled());
    QVERIFY(!child<QPushButton>(dialog, "backtestSave")->isEnabled());
}

void TestGuiBacktest::errors_data() {
    QTest::addColumn<bool>("project");  // false: an empty folder
    QTest::addColumn<int>("folds");
    QTest::addColumn<QString>("error");
    // More folds than validation and test rows (about 1000 here): none would hold a forecast.
    QTest::newRow("5000 folds") << true << 5000 << QStringLiteral("5000 folds over the");
    QTest::newRow("not a project") << false << 3 << QString();
}

void TestGuiBacktest::errors() {
    QFETCH(bool, project);
    QFETCH(int, folds);
    QFETCH(QString, error);
    QTemporaryDir empty;
    BacktestDialog dialog(project ? project_ : empty.path());
    QSignalSpy finished(&dialog, &BacktestDialog::finished);
    QVERIFY(dialog.start(folds, BacktestRefit::None));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!dialog.errorText().isEmpty());
    QVERIFY2(dialog.errorText().contains(error), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.message().contains(dialog.errorText()), qPrintable(dialog.message()));
    QVERIFY(!dialog.result().has_value());
    QCOMPARE(child<QTableWidget>(dialog, "backtestTable")->rowCount(), 0);
    QVERIFY(child<QPushButton>(dialog, "backtestRun")->isEnabled());
    // The dialog goes on: a good backtest after the error.
    if (project) {
        QVERIFY(dialog.start(1, BacktestRefit::None));
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.last().first().toBool(), qPrintable(dialog.errorText()));
        QCOMPARE(child<QTableWidget>(dialog, "backtestTable")->rowCount(), 2);
    }
}

QTEST_MAIN(TestGuiBacktest)
#include "test_gui_backtest.moc"
