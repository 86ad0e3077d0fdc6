// The forecaster against PyTorch: same weights, same input, outputs within 1e-5.
// /usr/bin/python3 with Debian's python3-torch rebuilds the network from torch.nn.

#include "base/error.h"
#include "nn/model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using studio::HeadKind;
using studio::Model;
using studio::ModelSpec;
using studio::NamedTensor;

namespace {

template <typename T>
QJsonArray toArray(const std::vector<T>& v) {
    QJsonArray a;
    for (T x : v) a.append(double(x));
    return a;
}

struct OracleAnswer {
    bool ok = false;
    double maxAbsDiff = -1;
    QString error;
};

// Writes the case to a file, runs the PyTorch oracle on it and reads its answer.
OracleAnswer runOracle(const QString& dir, const ModelSpec& spec, int in, int out,
                       const std::vector<NamedTensor>& params, const std::vector<float>& x, int batch, int time,
                       const std::vector<float>& y) {
    QJsonObject jspec{{"hidden", spec.hidden},
                      {"layers", spec.layers},
                      {"bidirectional", spec.bidirectional},
                      {"residual", spec.residual},
                      {"head", spec.head == HeadKind::Linear ? "linear" : "mlp"},
                      {"input", in},
                      {"output", out}};
    QJsonObject jparams;
    for (const auto& p : params)
        jparams.insert(QString::fromStdString(p.name), QJsonObject{{"shape", toArray(p.shape)}, {"values", toArray(p.values)}});
    const QJsonObject root{{"spec", jspec},
                           {"params", jparams},
                           {"input", QJsonObject{{"shape", QJsonArray{batch, time, in}}, {"values", toArray(x)}}},
                           {"output", toArray(y)}};
    const QString path = dir + "/case.json";
    QFile f(path);
    OracleAnswer answer;
    if (!f.open(QIODevice::WriteOnly)) {
        answer.error = "cannot write " + path;
        return answer;
    }
    f.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
    f.close();
    QProcess python;
    python.start(STUDIO_PYTHON, {STUDIO_ORACLE_DIR "/lstm_reference.py", path});
    if (!python.waitForFinished(120000) || python.exitCode() != 0) {
        answer.error = QString::fromUtf8(python.readAllStandardError());
        return answer;
    }
    const QJsonObject result = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    answer.ok = result.contains("max_abs_diff");
    answer.maxAbsDiff = result.value("max_abs_diff").toDouble(-1);
    return answer;
}

} // namespace

class TestModelParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPyTorch_data();
    void matchesPyTorch();
    void oracleNoticesADifferentWeight();
    void parameterNamesFollowPyTorch();
    void setParametersRejectsWrongShapes();

private:
    QTemporaryDir dir_;
};

void TestModelParity::matchesPyTorch_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("mlp");
    QTest::addColumn<int>("horizon");
    QTest::addColumn<bool>("residual");
    for (bool bi : {false, true})
        for (int layers : {1, 2, 3})
            for (bool mlp : {false, true}) {
                const int horizon = layers == 2 ? 5 : 1;
                QTest::newRow(qPrintable(QString("%1-L%2-%3-h%4").arg(bi ? "bilstm" : "lstm").arg(layers)
                                             .arg(mlp ? "mlp" : "linear").arg(horizon)))
                    << bi << layers << mlp << horizon << false;
            }
    // Residual stacks: the skips around layers 1.. (PyTorch builds them from one nn.LSTM
    // per layer).
    QTest::newRow("residual-lstm-L3") << false << 3 << false << 1 << true;
    QTest::newRow("residual-lstm-L6-mlp-h5") << false << 6 << true << 5 << true;
    QTest::newRow("residual-bilstm-L4") << true << 4 << false << 2 << true;
}

void TestModelParity::matchesPyTorch() {
    QFETCH(bool, bidirectional);
    QFETCH(int, layers);
    QFETCH(bool, mlp);
    QFETCH(int, horizon);
    QFETCH(bool, residual);
    ModelSpec spec;
    spec.hidden = 24;
    spec.layers = layers;
    spec.residual = residual;
    spec.dropout = 0.3;  // must not act in evaluation
    spec.bidirectional = bidirectional;
    spec.head = mlp ? HeadKind::Mlp : HeadKind::Linear;
    const int in = 5, batch = 7, time = 11;
    Model model(spec, in, horizon);

    std::mt19937 rng(1234 + layers);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<float> x(batch * time * in);
    for (float& v : x) v = normal(rng);
    const std::vector<float> y = model.predict(x, batch, time);
    QCOMPARE(int(y.size()), batch * horizon);

    const OracleAnswer answer = runOracle(dir_.path(), spec, in, horizon, model.parameters(), x, batch, time, y);
    QVERIFY2(answer.ok, qPrintable("PyTorch oracle failed: " + answer.error));
    QVERIFY2(answer.maxAbsDiff <= 1e-5, qPrintable(QString("max abs diff %1").arg(answer.maxAbsDiff)));
    if (residual) {
        // The skips change the answer: PyTorch's plain stack on the same weights disagrees.
        ModelSpec plain = spec;
        plain.residual = false;
        const OracleAnswer other = runOracle(dir_.path(), plain, in, horizon, model.parameters(), x, batch, time, y);
        QVERIFY2(other.ok, qPrintable("PyTorch oracle failed: " + other.error));
        QVERIFY2(other.maxAbsDiff > 1e-3, qPrintable(QString("plain stack differs by %1 only").arg(other.maxAbsDiff)));
    }
}

void TestModelParity::oracleNoticesADifferentWeight() {
    // The comparison above is only worth something if a wrong weight shows up in it.
    ModelSpec spec;
    spec.hidden = 16;
    spec.layers = 2;
    spec.bidirectional = true;
    Model model(spec, 3, 1);
    std::vector<float> x(2 * 6 * 3, 0.5f);
    const std::vector<float> y = model.predict(x, 2, 6);
    std::vector<NamedTensor> params = model.parameters();
    for (auto& p : params)
        if (p.name == "lstm.weight_ih_l0")
            for (float& v : p.values) v += 0.5f;
    const OracleAnswer answer = runOracle(dir_.path(), spec, 3, 1, params, x, 2, 6, y);
    QVERIFY2(answer.ok, qPrintable(answer.error));
    QVERIFY2(answer.maxAbsDiff > 1e-4, qPrintable(QString("diff %1").arg(answer.maxAbsDiff)));
}

void TestModelParity::parameterNamesFollowPyTorch() {
    ModelSpec spec;
    spec.layers = 2;
    spec.bidirectional = true;
    spec.head = HeadKind::Mlp;
    spec.hidden = 8;
    const Model model(spec, 4, 3);
    QStringList names;
    for (const auto& p : model.parameters()) names << QString::fromStdString(p.name);
    const QStringList expected{"lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                               "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse", "lstm.bias_ih_l0_reverse",
                               "lstm.bias_hh_l0_reverse", "lstm.weight_ih_l1", "lstm.weight_hh_l1",
                               "lstm.bias_ih_l1", "lstm.bias_hh_l1", "lstm.weight_ih_l1_reverse",
                               "lstm.weight_hh_l1_reverse", "lstm.bias_ih_l1_reverse", "lstm.bias_hh_l1_reverse",
                               "head.0.weight", "head.0.bias", "head.2.weight", "head.2.bias"};
    QCOMPARE(names, expected);
    // 4H x in for the first layer, 4H x 2H for the second of a BiLSTM.
    QCOMPARE(model.parameters()[0].shape, (std::vector<std::int64_t>{32, 4}));
    QCOMPARE(model.parameters()[8].shape, (std::vector<std::int64_t>{32, 16}));
}

void TestModelParity::setParametersRejectsWrongShapes() {
    ModelSpec spec;
    spec.hidden = 8;
    Model model(spec, 2, 1);
    std::vector<NamedTensor> params = model.parameters();
    params[0].shape = {8, 2};
    QVERIFY_THROWS_EXCEPTION(studio::Error, model.setParameters(params));
    params = model.parameters();
    for (auto& p : params)
        for (float& v : p.values) v = 0.25f;
    model.setParameters(params);
    QCOMPARE(model.parameters()[3].values[5], 0.25f);
}

QTEST_APPLESS_MAIN(TestModelParity)
#include "test_model_parity.moc"
