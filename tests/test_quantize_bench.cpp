// `lstm-studio-cli quantize` and `bench` end to end on a project the CLI trains here
// (monthly sunspots, LSTM H=64): the files quantize writes, its figures against the
// training run's own (metrics.json, predictions.csv) and a recount by hand from the CSV it
// writes, the shape of bench's JSON and Markdown, and the exit codes of misuse. Then the
// same for a text classifier (spam subjects) and a character language model.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "base/sha256.h"

#include "cli_runner.h"

#include <cmath>

namespace {

using studio::test::readJson;
using studio::test::readLines;
using Result = studio::test::CliResult;

Result cli(const QStringList& args) { return studio::test::runCli(args); }

bool near(double a, double b, double rel) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + 1e-12;
}

// The sunspots model: LSTM I=1, H=64, one layer, Linear head, horizon 1.
constexpr int kH = 64, kI = 1;
constexpr qint64 kFp32Bytes = 4LL * (4 * kH * (kI + kH) + 2 * 4 * kH + kH + 1);
// int8: the LSTM and head weights one byte each; fp32: per-channel scales (4H), the bias
// b_ih + b_hh (4H), one input scale, the head's scale and bias.
constexpr qint64 kInt8Bytes = (4 * kH * (kI + kH) + kH) + 4LL * (4 * kH + 4 * kH + kI + 1 + 1);

}  // namespace

class TestQuantizeBench : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void quantizeWritesModelAndReport();
    void quantizedPredictionsAgreeWithTraining();
    void benchJsonAndMarkdown();
    void misuse_data();
    void misuse();
    void textClassifier();
    void charLm();
    void staleInt8IsNotUsed();

private:
    QTemporaryDir tmp_;
    QString project_;
};

void TestQuantizeBench::initTestCase() {
    project_ = tmp_.filePath("sunspots");
    const Result r = cli({"train", "--data", STUDIO_SOURCE_DIR "/datasets/sunspots_monthly.csv", "--target", "sunspots",
                          "--epochs", "3", "--out", project_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const Result q = cli({"quantize", "--project", project_});
    if (q.code == 2 && q.err.contains("oneDNN")) QSKIP("this build has no oneDNN");
    QVERIFY2(q.code == 0, qPrintable(q.err));
    QVERIFY2(q.out.contains("RMSE"), qPrintable(q.out));
}

void TestQuantizeBench::quantizeWritesModelAndReport() {
    for (const char* name : {"model.int8.bin", "model.int8.json", "quantize.json", "quantize_predictions.csv"})
        QVERIFY2(QFile::exists(project_ + "/" + name), name);
    const QJsonObject report = readJson(project_ + "/quantize.json");
    QCOMPARE(report.value("format").toString(), QString("lstm-studio-quantize"));
    const QJsonObject bytes = report.value("bytes").toObject();
    QCOMPARE(qint64(bytes.value("fp32").toDouble()), kFp32Bytes);
    QCOMPARE(qint64(bytes.value("int8").toDouble()), kInt8Bytes);

    const QJsonObject model = readJson(project_ + "/model.int8.json");
    QCOMPARE(model.value("format").toString(), QString("lstm-studio-int8"));
    QCOMPARE(qint64(model.value("bytes").toDouble()), kInt8Bytes);
    const QJsonArray scales = model.value("layers").toArray().at(0).toObject().value("scales").toArray();
    QCOMPARE(scales.size(), 4 * kH);  // one per gate-output channel
    for (const auto& s : scales) QVERIFY(s.toDouble() > 0);
    QCOMPARE(QFileInfo(project_ + "/model.int8.bin").size(), qint64(model.value("bin_bytes").toDouble()));

    // fp32 figures are the training run's own evaluation of the test split.
    const QJsonObject trained = readJson(project_ + "/metrics.json").value("model").toObject();
    const QJsonObject test = report.value("test").toObject();
    const QJsonObject fp32 = test.value("fp32").toObject(), int8 = test.value("int8").toObject();
    for (const char* m : {"mae", "rmse", "mape"})
        QVERIFY2(near(fp32.value(m).toDouble(), trained.value(m).toDouble(), 1e-9), m);
    // int8 within 2% of fp32 RMSE (measured: below 0.1% on this model and on S&P 500).
    const double rmse32 = fp32.value("rmse").toDouble(), rmse8 = int8.value("rmse").toDouble();
    QVERIFY2(std::abs(rmse8 - rmse32) <= 0.02 * rmse32, qPrintable(QString("%1 vs %2").arg(rmse8).arg(rmse32)));
    QVERIFY(near(test.value("difference").toObject().value("rmse").toDouble(), rmse8 - rmse32, 1e-9));
}

void TestQuantizeBench::quantizedPredictionsAgreeWithTraining() {
    // quantize_predictions.csv: row,fp32_1,int8_1,true_1; predictions.csv: row,pred_1,true_1.
    const QStringList ours = readLines(project_ + "/quantize_predictions.csv");
    const QStringList trained = readLines(project_ + "/predictions.csv");
    QCOMPARE(ours.value(0), QString("row,fp32_1,int8_1,true_1"));
    QCOMPARE(ours.size(), trained.size());
    const QJsonObject project = readJson(project_ + "/project.json");
    const double targetScale =
        project.value("scaler").toObject().value("target").toObject().value("scale").toArray().at(0).toDouble();
    double sq = 0, maxDiff = 0;
    for (int i = 1; i < ours.size(); ++i) {
        const QStringList a = ours[i].split(','), b = trained[i].split(',');
        QCOMPARE(a[0], b[0]);
        QVERIFY2(near(a[1].toDouble(), b[1].toDouble(), 1e-6), qPrintable(ours[i] + " vs " + trained[i]));
        QCOMPARE(a[3].toDouble(), b[2].toDouble());
        sq += (a[2].toDouble() - a[3].toDouble()) * (a[2].toDouble() - a[3].toDouble());
        maxDiff = std::max(maxDiff, std::abs(a[2].toDouble() - a[1].toDouble()));
    }
    // The RMSE quantize reports is the one its own CSV gives by hand.
    const QJsonObject test = readJson(project_ + "/quantize.json").value("test").toObject();
    QVERIFY(near(std::sqrt(sq / (ours.size() - 1)), test.value("int8").toObject().value("rmse").toDouble(), 1e-7));
    QVERIFY(near(maxDiff, test.value("difference").toObject().value("max_abs_prediction").toDouble(), 1e-6));
    // In scaled units the int8 engine stays within a few hundredths of fp32 for a one-layer
    // LSTM with a Linear head (test_inference_engine derives the bound); in the target's
    // units that is a few hundredths of the target scaler's scale.
    QVERIFY2(maxDiff <= 0.05 * targetScale, qPrintable(QString("%1 vs scale %2").arg(maxDiff).arg(targetScale)));
}

void TestQuantizeBench::benchJsonAndMarkdown() {
    const QString json = tmp_.filePath("bench.json");
    const Result r = cli({"bench", "--project", project_, "--iterations", "20", "--warmup", "2", "--train-batches", "3",
                          "--batches", "1,4", "--json", json});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject j = readJson(json);
    QVERIFY(!j.value("cpu").toString().isEmpty());
    QCOMPARE(j.value("threads").toInt(), 1);
    // The weights that were timed, by the hash of the project's model.pt.
    QCOMPARE(j.value("weights_sha256").toString().toStdString(),
             studio::sha256File((project_ + "/model.pt").toStdString()));
    QVERIFY(j.value("train").toObject().value("ms_per_batch").toDouble() > 0);
    QCOMPARE(j.value("train").toObject().value("batches").toInt(), 3);
    QVERIFY(j.value("memory").toObject().value("peak_rss_bytes").toDouble() > 10e6);
    const QJsonArray backends = j.value("backends").toArray();
    QCOMPARE(backends.size(), 3);
    const QStringList names{"libtorch-fp32", "onednn-fp32", "onednn-int8"};
    const double rmse8 = readJson(project_ + "/quantize.json")
                             .value("test")
                             .toObject()
                             .value("int8")
                             .toObject()
                             .value("rmse")
                             .toDouble();
    for (int k = 0; k < 3; ++k) {
        const QJsonObject b = backends[k].toObject();
        QCOMPARE(b.value("name").toString(), names[k]);
        QVERIFY(b.value("bytes").toDouble() > 0);
        const QJsonArray batches = b.value("batches").toArray();
        QCOMPARE(batches.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const QJsonObject t = batches[i].toObject();
            QCOMPARE(t.value("batch").toInt(), i == 0 ? 1 : 4);
            QCOMPARE(t.value("iterations").toInt(), 20);
            const double mean = t.value("mean_us").toDouble(), p50 = t.value("p50_us").toDouble(),
                         p95 = t.value("p95_us").toDouble(), p99 = t.value("p99_us").toDouble();
            QVERIFY(p50 > 0 && p50 <= p95 && p95 <= p99 && mean > 0);
            QVERIFY(near(t.value("samples_per_s").toDouble(), t.value("batch").toInt() * 1e6 / mean, 1e-9));
        }
    }
    QCOMPARE(qint64(backends[0].toObject().value("bytes").toDouble()), kFp32Bytes);
    QCOMPARE(qint64(backends[2].toObject().value("bytes").toDouble()), kInt8Bytes);
    // The reference predicts the test split in one batch, the backends window by window:
    // LibTorch's own answers differ between the two in the last float digits.
    QVERIFY(std::abs(backends[0].toObject().value("metric_delta").toDouble()) <= 1e-4);
    QVERIFY(std::abs(backends[1].toObject().value("metric_delta").toDouble()) <= 1e-3);
    // bench ran the int8 model quantize stored, window by window as quantize did.
    QCOMPARE(backends[2].toObject().value("note").toString(), QString("model.int8.bin"));
    QVERIFY(near(backends[2].toObject().value("test_rmse").toDouble(), rmse8, 1e-9));

    const QStringList md = readLines(tmp_.filePath("bench.md"));
    QVERIFY(md.size() > 10);
    QVERIFY(md.filter(QRegularExpression("^\\| onednn-int8 \\| 4 \\|")).size() == 1);
    QVERIFY(r.out.contains("# LSTM Studio benchmark"));
}

void TestQuantizeBench::misuse_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::newRow("quantize-not-a-project") << QStringList{"quantize", "--project", "@N"} << 3;
    QTest::newRow("resume-not-a-project") << QStringList{"resume", "--project", "@N"} << 3;
    QTest::newRow("quantize-first-layer") << QStringList{"quantize", "--project", "@P", "--first-layer", "int4"} << 2;
    QTest::newRow("bench-backend") << QStringList{"bench", "--project", "@P", "--backends", "tensorrt"} << 2;
    QTest::newRow("bench-iterations") << QStringList{"bench", "--project", "@P", "--iterations", "0"} << 2;
    QTest::newRow("bench-batches") << QStringList{"bench", "--project", "@P", "--batches", "1,x"} << 2;
}

void TestQuantizeBench::misuse() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    args.replaceInStrings("@P", project_);
    // A folder of the user's own files, not a project: it is left as it was (no lock file).
    const QString notProject = tmp_.filePath("not-a-project");
    QVERIFY(QDir().mkpath(notProject));
    QFile notes(notProject + "/notes.txt");
    QVERIFY(notes.open(QIODevice::WriteOnly) && notes.write("mine\n") == 5);
    notes.close();
    args.replaceInStrings("@N", notProject);
    const Result r = cli(args);
    QVERIFY2(r.code == code, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
    QVERIFY2(r.err.startsWith("error: ") || r.err.contains("\nerror: "), qPrintable(r.err));
    QCOMPARE(QDir(notProject).entryList(QDir::Files | QDir::Hidden), QStringList{"notes.txt"});
}

void TestQuantizeBench::textClassifier() {
    const QString dir = tmp_.filePath("spam");
    const Result t = cli({"train", "--task", "classify", "--data", STUDIO_SOURCE_DIR "/datasets/spam_subjects.csv",
                          "--text-column", "subject", "--label-column", "label", "--epochs", "2", "--out", dir});
    QVERIFY2(t.code == 0, qPrintable(t.err));
    const Result q = cli({"quantize", "--project", dir});
    QVERIFY2(q.code == 0, qPrintable(q.err));
    QVERIFY2(q.out.contains("accuracy"), qPrintable(q.out));
    for (const char* name : {"model.int8.bin", "model.int8.json", "quantize.json", "quantize_predictions.csv"})
        QVERIFY2(QFile::exists(dir + "/" + name), name);

    // Bytes by hand from the spec (the CLI's default: BiLSTM, one layer, last-state
    // pooling): fp32 4 per parameter; int8 one byte per weight of the embedding, LSTM and
    // head, fp32 scales (embedding rows, input columns, gate channels, head rows) and
    // biases (b_ih + b_hh per direction, the head's).
    const QJsonObject project = readJson(dir + "/project.json");
    const QJsonObject spec = project.value("model").toObject();
    const qint64 V = spec.value("vocab_size").toInt(), C = spec.value("classes").toInt();
    const qint64 E = spec.value("embedding_dim").toInt(), H = spec.value("hidden").toInt();
    QVERIFY2(E > 0 && H > 0 && V > 2 && C == 2, qPrintable(QJsonDocument(spec).toJson()));
    QCOMPARE(spec.value("layers").toInt(), 1);
    QVERIFY(spec.value("bidirectional").toBool());
    QCOMPARE(spec.value("pooling").toString(), QString("last"));
    const qint64 G = 2 * H;
    const qint64 params = V * E + 2 * (4 * H * (E + H) + 8 * H) + C * G + C;
    const qint64 int8Bytes = V * E + 2 * 4 * H * (E + H) + C * G + 4 * (V + E + 4 * H + 2 * 4 * H + 2 * C);
    const QJsonObject report = readJson(dir + "/quantize.json");
    QCOMPARE(report.value("task").toString(), QString("classify"));
    QCOMPARE(qint64(report.value("bytes").toObject().value("fp32").toDouble()), 4 * params);
    QCOMPARE(qint64(report.value("bytes").toObject().value("int8").toDouble()), int8Bytes);
    QVERIFY(double(int8Bytes) / (4 * params) <= 0.27);

    // fp32 is the training run's own test evaluation; int8's accuracy recounts from the CSV.
    const QJsonObject test = report.value("test").toObject();
    const double acc32 = test.value("fp32").toObject().value("accuracy").toDouble();
    const double acc8 = test.value("int8").toObject().value("accuracy").toDouble();
    QVERIFY(near(acc32, readJson(dir + "/metrics.json").value("model").toObject().value("accuracy").toDouble(), 1e-12));
    const QStringList rows = readLines(dir + "/quantize_predictions.csv");
    const QStringList trained = readLines(dir + "/predictions.csv");
    QCOMPARE(rows.value(0), QString("row,fp32,int8,true"));
    QCOMPARE(rows.size(), trained.size());
    int right = 0, same = 0;
    for (int i = 1; i < rows.size(); ++i) {
        const QStringList a = rows[i].split(','), b = trained[i].split(',');
        QCOMPARE(a[0], b[0]);
        QCOMPARE(a[1], b[1]);  // fp32 class = the class training predicted
        right += a[2] == a[3];
        same += a[1] == a[2];
    }
    QVERIFY(near(acc8, 100.0 * right / (rows.size() - 1), 1e-12));
    QVERIFY(near(test.value("agreement").toDouble(), double(same) / (rows.size() - 1), 1e-12));
    // On a model trained with the defaults int8 measured 0.11 points above fp32 (target: a
    // drop of at most 0.5); a two-epoch model is less settled.
    QVERIFY2(acc32 - acc8 <= 1.0, qPrintable(QString("%1 vs %2").arg(acc8).arg(acc32)));

    const QString json = tmp_.filePath("spam_bench.json");
    const Result r = cli({"bench", "--project", dir, "--iterations", "10", "--warmup", "2", "--train-batches", "2",
                          "--batches", "1,4", "--json", json});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject j = readJson(json);
    QCOMPARE(j.value("task").toString(), QString("classify"));
    QVERIFY(j.value("train").toObject().value("ms_per_batch").toDouble() > 0);
    const QJsonArray backends = j.value("backends").toArray();
    QCOMPARE(backends.size(), 3);
    for (const auto& b : backends) {
        QCOMPARE(b.toObject().value("metric").toString(), QString("test_accuracy"));
        QCOMPARE(b.toObject().value("batches").toArray().size(), 2);
    }
    QVERIFY(std::abs(backends[0].toObject().value("test_accuracy").toDouble() - acc32) <= 0.2);
    QVERIFY(std::abs(backends[1].toObject().value("metric_delta").toDouble()) <= 0.2);
    QVERIFY(near(backends[2].toObject().value("test_accuracy").toDouble(), acc8, 1e-12));
    QCOMPARE(qint64(backends[2].toObject().value("bytes").toDouble()), int8Bytes);
    QVERIFY(r.out.contains("test accuracy %"));
}

void TestQuantizeBench::charLm() {
    QByteArray text;
    for (int i = 0; i < 200; ++i) text += "the cat sat on the mat. the dog ran to the cat.\n";
    const QString txt = tmp_.filePath("story.txt"), dir = tmp_.filePath("lm");
    QFile f(txt);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    const Result t = cli({"train", "--task", "charlm", "--data", txt, "--chunk", "40", "--hidden", "64", "--epochs",
                          "3", "--batch-size", "16", "--out", dir});
    QVERIFY2(t.code == 0, qPrintable(t.err));
    const Result q = cli({"quantize", "--project", dir});
    QVERIFY2(q.code == 0, qPrintable(q.err));
    const QJsonObject test = readJson(dir + "/quantize.json").value("test").toObject();
    const double bits32 = test.value("fp32").toObject().value("bits_per_char").toDouble();
    const double bits8 = test.value("int8").toObject().value("bits_per_char").toDouble();
    const double trained = readJson(dir + "/metrics.json").value("model").toObject().value("bits_per_char").toDouble();
    // The engines' bits per character are computed apart from TextModel's; fp32 must agree.
    QVERIFY2(near(bits32, trained, 1e-5), qPrintable(QString("%1 vs %2").arg(bits32).arg(trained)));
    QVERIFY2(std::abs(bits8 - bits32) <= 0.05 * bits32 + 0.01, qPrintable(QString("%1 vs %2").arg(bits8).arg(bits32)));
    const QJsonObject m = readJson(dir + "/model.int8.json");
    QCOMPARE(m.value("format").toString(), QString("lstm-studio-int8-text"));

    const QString json = tmp_.filePath("lm_bench.json");
    const Result r = cli({"bench", "--project", dir, "--iterations", "5", "--warmup", "1", "--train-batches", "0",
                          "--batches", "1", "--json", json});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonArray backends = readJson(json).value("backends").toArray();
    QCOMPARE(backends.size(), 3);
    QVERIFY(near(backends[0].toObject().value("test_bits_per_char").toDouble(), trained, 1e-5));
    QVERIFY(near(backends[2].toObject().value("test_bits_per_char").toDouble(), bits8, 1e-9));
}

// An int8 model belongs to the run whose weights it came from: resume makes a new current
// run without one (the parent keeps its own). An int8 model that does not come from
// model.pt (one copied over from the parent, as a project of an earlier version could
// hold) is not used: bench says so and quantizes the current weights instead of reporting
// the old model's accuracy as real.
void TestQuantizeBench::staleInt8IsNotUsed() {
    const QJsonObject stored = readJson(project_ + "/model.int8.json");
    QCOMPARE(stored.value("weights_sha256").toString().toStdString(),
             studio::sha256File((project_ + "/model.pt").toStdString()));
    const QString parent = readJson(project_ + "/run.json").value("id").toString();
    const Result resumed = cli({"resume", "--project", project_, "--epochs", "4"});
    QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
    QVERIFY(!QFileInfo::exists(project_ + "/model.int8.bin"));
    // Quantize kept the int8 model in the run's folder too.
    QCOMPARE(readJson(project_ + "/runs/" + parent + "/model.int8.json"), stored);
    for (const char* name : {"model.int8.bin", "model.int8.json"})
        QVERIFY(QFile::copy(project_ + "/runs/" + parent + "/" + name, project_ + "/" + name));
    const QString json = tmp_.filePath("stale.json");
    const Result r = cli({"bench", "--project", project_, "--iterations", "3", "--warmup", "1", "--train-batches", "1",
                          "--batches", "1", "--backends", "onednn-int8", "--json", json});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonArray backends = readJson(json).value("backends").toArray();
    QCOMPARE(backends.size(), 1);
    QVERIFY2(backends[0].toObject().value("note").toString().contains("older than model.pt"),
             qPrintable(backends[0].toObject().value("note").toString()));
    // quantize again and the stored model is current once more.
    QCOMPARE(cli({"quantize", "--project", project_}).code, 0);
    const Result again = cli({"bench", "--project", project_, "--iterations", "3", "--warmup", "1", "--train-batches",
                              "1", "--batches", "1", "--backends", "onednn-int8", "--json", json});
    QVERIFY2(again.code == 0, qPrintable(again.err));
    QCOMPARE(readJson(json).value("backends").toArray()[0].toObject().value("note").toString(),
             QString("model.int8.bin"));
}

QTEST_GUILESS_MAIN(TestQuantizeBench)
#include "test_quantize_bench.moc"
