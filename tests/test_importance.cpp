// evaluate --importance: permutation importance of a forecaster's input columns on its test
// split. A column the network cannot read (its input weights zeroed) must come out at exactly
// zero; the columns it reads above it; the same seed gives the same figures; metrics.json and
// the current run's copy hold them.

#include "nn/model.h"
#include "project/project_folder.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/forecast/forecast_project.h"

#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>

using studio::test::CliResult;
using studio::test::dataset;
using studio::test::readJson;
using studio::test::runCli;

namespace {

// feature -> {delta_mae, std} from a metrics.json.
QMap<QString, QPair<double, double>> importanceOf(const QString& metrics) {
    QMap<QString, QPair<double, double>> out;
    for (const QJsonValue& v : readJson(metrics)["importance"].toArray()) {
        const QJsonObject o = v.toObject();
        out.insert(o["feature"].toString(), {o["delta_mae"].toDouble(), o["std"].toDouble()});
    }
    return out;
}

}  // namespace

class TestImportance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }
    void unreadColumnScoresZero();
    void textProjectsAreRefused();

private:
    QTemporaryDir tmp_;
};

void TestImportance::unreadColumnScoresZero() {
    const QString project = tmp_.filePath("sp500");
    CliResult r = runCli({"train", "--data", dataset("sp500_2000_2020.csv"), "--target", "close", "--features",
                          "close,volume,open", "--scaler", "zscore", "--epochs", "3", "--window", "10", "--hidden",
                          "8", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    // The network's view of volume (column 1) is cut: every weight it enters by is zero.
    const std::string dir = project.toStdString();
    const studio::ProjectFile file = studio::loadProjectFile(dir);
    QCOMPARE(file.featureNames, (std::vector<std::string>{"close", "volume", "open"}));
    studio::Model model = studio::loadForecastModel(dir, file, "cpu");
    std::vector<studio::NamedTensor> params = model.parameters();
    for (studio::NamedTensor& p : params)
        if (p.name == "lstm.weight_ih_l0")
            for (std::int64_t row = 0; row < p.shape[0]; ++row) p.values[row * p.shape[1] + 1] = 0.0f;
    model.setParameters(params);
    model.save(studio::ProjectFolder(dir).path(studio::ProjectFolder::kModel));

    r = runCli({"evaluate", "--project", project, "--importance", "--repeats", "4", "--seed", "7"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("Permutation importance on the test split"), qPrintable(r.out));
    const QString metrics = project + "/metrics.json";
    const auto importance = importanceOf(metrics);
    QCOMPARE(importance.size(), 3);
    QCOMPARE(readJson(metrics)["importance_repeats"].toInt(), 4);
    // Feature order, as the model reads them.
    QCOMPARE(readJson(metrics)["importance"].toArray()[0].toObject()["feature"].toString(), QString("close"));
    QCOMPARE(importance["volume"].first, 0.0);
    QCOMPARE(importance["volume"].second, 0.0);
    qInfo("delta MAE: close %.4g ± %.3g, open %.4g ± %.3g, volume %.4g", importance["close"].first,
          importance["close"].second, importance["open"].first, importance["open"].second,
          importance["volume"].first);
    // Shuffling the target's own past across windows costs a z-scored forecaster dearly.
    QVERIFY2(importance["close"].first > 0, qPrintable(QString::number(importance["close"].first)));
    QVERIFY(importance["close"].second >= 0 && importance["open"].second >= 0);
    // The rest of metrics.json is still there, and the current run keeps the same file.
    QVERIFY(readJson(metrics)["model"].toObject().contains("mae"));
    QCOMPARE(importanceOf(project + "/runs/r1/metrics.json"), importance);

    // The same seed, the same figures; another seed, other permutations.
    r = runCli({"evaluate", "--project", project, "--importance", "--repeats", "4", "--seed", "7"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto again = importanceOf(metrics);
    for (const QString& name : {QString("close"), QString("open")})
        QVERIFY(std::abs(again[name].first - importance[name].first) <= 1e-6 * std::abs(importance[name].first));
    r = runCli({"evaluate", "--project", project, "--importance", "--repeats", "4", "--seed", "8"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(importanceOf(metrics)["close"].first != importance["close"].first);
}

void TestImportance::textProjectsAreRefused() {
    const QString project = tmp_.filePath("spam");
    CliResult r = runCli({"train", "--task", "classify", "--data", dataset("spam_subjects.csv"), "--text-column",
                          "subject", "--label-column", "label", "--epochs", "1", "--hidden", "8", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = runCli({"evaluate", "--project", project, "--importance"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("forecast projects"), qPrintable(r.err));
    QVERIFY(!readJson(project + "/metrics.json").contains("importance"));
}

QTEST_APPLESS_MAIN(TestImportance)
#include "test_importance.moc"
