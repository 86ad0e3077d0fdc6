// Model > Feature Importance…: the dialog computes permutation importance on a worker thread,
// draws one bar per input column, largest first, with its standard deviation, and leaves the
// same figures in metrics.json that `evaluate --importance` writes (the CLI is the oracle).

#include "shell/importance_dialog.h"
#include "shell/main_actions.h"
#include "shell/main_window.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

using namespace studio;

namespace {

QJsonArray importanceIn(const QString& project) {
    QFile file(project + QStringLiteral("/metrics.json"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object()[QStringLiteral("importance")].toArray();
}

}  // namespace

class TestGuiImportance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void barsMatchTheCli();

private:
    QTemporaryDir dir_;
    QString project_;
};

void TestGuiImportance::initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    project_ = dir_.filePath(QStringLiteral("sp500"));
    const test::CliRun train = test::runCli(
        {"train", "--data", test::dataset("sp500_2000_2020.csv"), "--target", "close", "--features", "close,volume,open",
         "--scaler", "zscore", "--epochs", "2", "--window", "10", "--hidden", "8", "--out", project_});
    QVERIFY2(train.ok(), qPrintable(train.error));
}

void TestGuiImportance::barsMatchTheCli() {
    MainWindow window;
    window.show();
    QVERIFY(test::openProjectAndWait(window, project_));
    QVERIFY(window.actions().importance->isEnabled());
    window.actions().importance->trigger();
    ImportanceDialog* dialog = window.importanceDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->setRepeats(3);
    QSignalSpy finished(dialog, &ImportanceDialog::importanceFinished);
    QVERIFY(dialog->start());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.first().first().toBool(), true);

    // What the dialog shows is what it wrote, sorted largest first.
    const QJsonArray written = importanceIn(project_);
    QCOMPARE(written.size(), 3);
    QCOMPARE(dialog->features().size(), 3);
    for (int k = 0; k + 1 < 3; ++k) QVERIFY(dialog->deltas()[k] >= dialog->deltas()[k + 1]);
    for (const QJsonValue& v : written) {
        const QJsonObject o = v.toObject();
        const int k = dialog->features().indexOf(o[QStringLiteral("feature")].toString());
        QVERIFY(k >= 0);
        QCOMPARE(dialog->deltas()[k], o[QStringLiteral("delta_mae")].toDouble());
        QCOMPARE(dialog->deviations()[k], o[QStringLiteral("std")].toDouble());
    }
    // One bar per column with its whisker; the y axis names the columns.
    QCustomPlot* chart = dialog->chart();
    auto* bars = qobject_cast<QCPBars*>(chart->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->dataCount(), 3);
    QCOMPARE(chart->plottableCount(), 2);
    auto* ticker = dynamic_cast<QCPAxisTickerText*>(chart->yAxis->ticker().data());
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().value(3), dialog->features()[0]);  // the largest on top

    // The CLI with the same seed and repeats gives the same figures.
    const QJsonArray gui = written;
    const test::CliRun cli = test::runCli({"evaluate", "--project", project_, "--importance", "--repeats", "3"});
    QVERIFY2(cli.ok(), qPrintable(cli.error));
    const QJsonArray again = importanceIn(project_);
    for (int k = 0; k < 3; ++k) {
        const double a = gui[k].toObject()[QStringLiteral("delta_mae")].toDouble();
        const double b = again[k].toObject()[QStringLiteral("delta_mae")].toDouble();
        QVERIFY2(std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b)), qPrintable(QStringLiteral("%1 vs %2").arg(a).arg(b)));
    }
    // SHOT=FILE.png keeps a picture of the dialog, to look at under Xvfb.
    if (qEnvironmentVariableIsSet("SHOT")) dialog->grab().save(qEnvironmentVariable("SHOT"));
    dialog->close();
}

QTEST_MAIN(TestGuiImportance)
#include "test_gui_importance.moc"
