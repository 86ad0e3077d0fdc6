// Residual stacks (--residual): the project records them, training continues from a
// checkpoint with them, prediction and the fp32 oneDNN engine agree with the model, the
// options that cannot take them refuse clearly. Numerics against PyTorch live in
// test_model_parity (forward), test_onednn_training (gradients), test_inspect (gates) and
// test_onnx_export (ONNX Runtime).

#include "nn/model.h"
#include "runtime/inference_engine.h"
#include "runtime/quantized_model.h"
#include "base/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>
#include <random>

using namespace studio;
using studio::test::CliResult;
using studio::test::dataset;
using studio::test::readJson;
using studio::test::readLines;
using studio::test::runCli;

namespace {

Model randomModel(const ModelSpec& spec, int in, int out, std::uint32_t seed) {
    Model model(spec, in, out);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-0.4f, 0.4f);
    std::vector<NamedTensor> params = model.parameters();
    for (auto& p : params)
        for (float& v : p.values) v = u(rng);
    model.setParameters(params);
    return model;
}

}  // namespace

class TestResidual : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }
    void enginesMatchTheModel_data();
    void enginesMatchTheModel();
    void int8StaysNearFp32_data();
    void int8StaysNearFp32();
    void cliRoundTrip();
    void textTasksRefuse();

private:
    QTemporaryDir tmp_;
};

void TestResidual::enginesMatchTheModel_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("batch");
    for (bool bi : {false, true})
        for (int batch : {1, 7}) QTest::addRow("%s-b%d", bi ? "bilstm" : "lstm", batch) << bi << batch;
}

void TestResidual::enginesMatchTheModel() {
    QFETCH(bool, bidirectional);
    QFETCH(int, batch);
    ModelSpec spec;
    spec.hidden = 12;
    spec.layers = 4;
    spec.bidirectional = bidirectional;
    spec.residual = true;
    spec.head = HeadKind::Mlp;
    const int in = 3, time = 9, horizon = 2;
    const Model model = randomModel(spec, in, horizon, 17 + bidirectional);
    std::mt19937 rng(5);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<float> x(std::size_t(batch) * time * in);
    for (float& v : x) v = normal(rng);
    const std::vector<float> reference = model.predict(x, batch, time);

    // Without the skips the same weights answer otherwise: the engines must follow them.
    ModelSpec plainSpec = spec;
    plainSpec.residual = false;
    Model plain(plainSpec, in, horizon);
    plain.setParameters(model.parameters());
    const std::vector<float> without = plain.predict(x, batch, time);
    float apart = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) apart = std::max(apart, std::abs(reference[i] - without[i]));
    QVERIFY2(apart > 1e-3f, qPrintable(QString::number(apart)));

    for (Backend backend : {Backend::LibTorchFp32, Backend::OnednnFp32}) {
        if (!backendAvailable(backend)) continue;
        auto engine = createEngine(backend, model);
        const std::vector<float> y = engine->predict(x, batch, time);
        QCOMPARE(y.size(), reference.size());
        float worst = 0;
        for (std::size_t i = 0; i < y.size(); ++i) worst = std::max(worst, std::abs(y[i] - reference[i]));
        QVERIFY2(worst <= 1e-5f, qPrintable(QString::fromStdString(toString(backend)) + ": " + QString::number(worst)));
    }
}

// int8: every layer after the first brings the sum it reads into range with scales of its
// own, calibrated on the windows; the answer stays near the fp32 model's, and the file keeps
// the scales.
void TestResidual::int8StaysNearFp32_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<bool>("firstLayerFp32");
    for (bool bi : {false, true})
        for (bool fp32 : {false, true})
            QTest::addRow("%s-first-%s", bi ? "bilstm" : "lstm", fp32 ? "fp32" : "int8") << bi << fp32;
}

void TestResidual::int8StaysNearFp32() {
    QFETCH(bool, bidirectional);
    QFETCH(bool, firstLayerFp32);
    if (!backendAvailable(Backend::OnednnInt8)) QSKIP("this build has no oneDNN");
    ModelSpec spec;
    spec.hidden = 16;
    spec.layers = 4;
    spec.bidirectional = bidirectional;
    spec.residual = true;
    const int in = 3, time = 10, horizon = 2;
    const Model model = randomModel(spec, in, horizon, 29 + bidirectional);
    std::mt19937 rng(8);
    std::normal_distribution<float> normal(0.f, 1.f);
    const int windows = 64, batch = 7;
    std::vector<float> calibration(std::size_t(windows) * time * in), x(std::size_t(batch) * time * in);
    for (float& v : calibration) v = normal(rng);
    for (float& v : x) v = normal(rng);
    Int8Options options;
    options.firstLayerFp32 = firstLayerFp32;
    const QuantizedModel q = quantizeModel(model, calibration, windows, time, options);
    for (int l = 1; l < spec.layers; ++l) {
        QCOMPARE(int(q.layers[l].inputScale.size()), spec.readoutWidth());
        // Layer l reads a sum of l outputs in [-1, 1]: its range lies within l.
        for (float s : q.layers[l].inputScale) QVERIFY2(s > 0 && s <= l + 1e-4f, qPrintable(QString::number(s)));
    }
    const QString bin = tmp_.filePath("residual.int8.bin"), json = tmp_.filePath("residual.int8.json");
    saveQuantizedModel(q, bin.toStdString(), json.toStdString());
    const QuantizedModel loaded = loadQuantizedModel(bin.toStdString(), json.toStdString());
    QVERIFY(loaded.spec.residual);
    QCOMPARE(loaded.layers[2].inputScale, q.layers[2].inputScale);

    // The peer: the same weights as a plain stack, quantized the usual way (u8 states handed
    // from layer to layer). Relative to the outputs' size, the skips' own quantization should
    // cost no more than 2.5 times what it does. Where oneDNN's int8 products have no VNNI
    // (AVX2), their rounding dominates both and the two came within 0.95-1.06x of each other;
    // with VNNI the plain stack's error is five times smaller and the sums' rounding shows:
    // 1.9x and 2.05x for the LSTM rows, 0.65-0.7x for the BiLSTM rows.
    ModelSpec plainSpec = spec;
    plainSpec.residual = false;
    Model plain(plainSpec, in, horizon);
    plain.setParameters(model.parameters());
    const auto int8Error = [&](const Model& m, const QuantizedModel& qm) {
        const std::vector<float> reference = m.predict(x, batch, time);
        const std::vector<float> y8 = createInt8Engine(qm)->predict(x, batch, time);
        float worst = 0, size = 0;
        for (std::size_t i = 0; i < y8.size(); ++i)
            worst = std::max(worst, std::abs(y8[i] - reference[i])), size = std::max(size, std::abs(reference[i]));
        return worst / size;
    };
    const float residualError = int8Error(model, loaded);
    const float plainError = int8Error(plain, quantizeModel(plain, calibration, windows, time, options));
    qInfo("max |int8 - fp32| / max |fp32|: residual %.3g, plain stack %.3g", residualError, plainError);
    QVERIFY2(residualError <= 2.5f * plainError && residualError < 0.1f,
             qPrintable(QString("%1 vs %2").arg(residualError).arg(plainError)));
}

void TestResidual::cliRoundTrip() {
    const QString project = tmp_.filePath("sunspots");
    CliResult r = runCli({"train", "--data", dataset("sunspots_monthly.csv"), "--target", "sunspots", "--epochs", "2",
                          "--window", "12", "--hidden", "8", "--layers", "3", "--residual", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject model = readJson(project + "/project.json")["model"].toObject();
    QCOMPARE(model["residual"].toBool(), true);
    QCOMPARE(model["layers"].toInt(), 3);

    // Continue Training rebuilds the same network from the record: the weights load.
    r = runCli({"resume", "--project", project, "--epochs", "1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString predictions = tmp_.filePath("predictions.csv");
    r = runCli({"predict", "--project", project, "--out", predictions});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(readLines(predictions).size() > 100);

    // The run's record keeps the skips, so a rerun builds them again.
    r = runCli({"runs", "--project", project, "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("\"residual\": true") || r.out.contains("\"residual\":true") ||
                 r.out.contains("\"residual\": \"true\"") || r.out.contains("\"residual\":\"true\""),
             qPrintable(r.out.left(2000)));

    if (!backendAvailable(Backend::OnednnInt8)) return;
    // int8 through the CLI: quantize, then bench on every backend.
    r = runCli({"quantize", "--project", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(project + "/model.int8.bin"));
    qInfo("%s", qPrintable(r.out));
    r = runCli({"bench", "--project", project, "--batches", "1,4", "--iterations", "5", "--warmup", "1", "--train-batches", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
}

void TestResidual::textTasksRefuse() {
    const CliResult r = runCli({"train", "--task", "classify", "--data", dataset("spam_subjects.csv"), "--text-column",
                                "subject", "--label-column", "label", "--residual", "--out", tmp_.filePath("spam")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--residual"), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestResidual)
#include "test_residual.moc"
