// Training the forecaster's LSTM layers on oneDNN (TrainConfig::engine = onednn) against
// the reference engines: LibTorch's own LSTM autograd in the same process (same weights,
// same batch: outputs and every gradient) and PyTorch (/usr/bin/python3, nn.LSTM), and a
// seeded training run with both engines.

#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "base/error.h"
#include "nn/model_impl.h"
#include "nn/text_model_impl.h"
#include "training/trainer.h"

#ifdef STUDIO_WITH_ONEDNN
#include "nn/onednn_lstm_train.h"
#endif

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>
#include <sstream>

using namespace studio;

namespace {

// max |a - b| / max |b|
double relDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>() / std::max(b.abs().max().item<double>(), 1e-30);
}

ModelSpec lstmSpec(int hidden, int layers, bool bidirectional, bool residual = false) {
    ModelSpec spec;
    spec.residual = residual;
    spec.hidden = hidden;
    spec.layers = layers;
    spec.bidirectional = bidirectional;
    spec.dropout = 0.0;
    return spec;
}

// Two nets with the same weights: one on LibTorch's LSTM, one on oneDNN's.
struct Pair {
    LstmNet ref{nullptr}, dnn{nullptr};
    Pair(const ModelSpec& spec, int in) {
        torch::manual_seed(3);
        ref = LstmNet(spec, in, 2);
        dnn = LstmNet(spec, in, 2);
        torch::NoGradGuard noGrad;
        auto from = ref->parameters(), to = dnn->parameters();
        for (std::size_t i = 0; i < from.size(); ++i) to[i].copy_(from[i]);
        ref->setEngine("libtorch");
        dnn->setEngine("onednn");
    }
};

// Used by the PyTorch comparison, which needs oneDNN.
[[maybe_unused]] QJsonArray values(const torch::Tensor& t) {
    const torch::Tensor c = t.detach().contiguous();
    QJsonArray a;
    for (std::int64_t i = 0; i < c.numel(); ++i) a.append(double(c.data_ptr<float>()[i]));
    return a;
}

[[maybe_unused]] QJsonObject entry(const torch::Tensor& t) {
    QJsonArray shape;
    for (auto s : t.sizes()) shape.append(double(s));
    return QJsonObject{{"shape", shape}, {"values", values(t)}};
}

// A noisy sine wave with a second column, as a forecasting dataset.
SeriesDataset sineDataset() {
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0.0, 0.05);
    std::ostringstream csv;
    csv << "t,value,other\n";
    for (int i = 0; i < 300; ++i) csv << i << ',' << std::sin(i * 0.2) + noise(rng) << ',' << std::cos(i * 0.2) << '\n';
    SeriesSpec spec;
    spec.target = "value";
    spec.features = {"value", "other"};
    spec.window = 10;
    return buildSeriesDataset(parseCsv(csv.str(), "sine.csv"), spec);
}

TrainResult trainWith(const std::string& engine, const SeriesDataset& ds, double dropout) {
    TrainConfig cfg;
    cfg.epochs = 4;
    cfg.batchSize = 16;
    cfg.lr = 3e-3;
    cfg.patience = 0;
    cfg.seed = 11;
    cfg.device = "cpu";
    cfg.engine = engine;
    ModelSpec spec = lstmSpec(16, 2, false);
    spec.dropout = dropout;
    Trainer::seed(cfg.seed);
    Model model(spec, 2, 1);
    model.to("cpu");
    Trainer trainer(model, cfg, ds.train, ds.val, 10);
    return trainer.run();
}

}  // namespace

class TestOnednnTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void engineChoice();
    void gradientsMatchLibTorch_data();
    void gradientsMatchLibTorch();
    void twoForwardsBeforeBackward();
    void gradientsMatchPyTorch_data();
    void gradientsMatchPyTorch();
    void seededTrainingMatches();
    void textGradientsMatchLibTorch_data();
    void textGradientsMatchLibTorch();
};

void TestOnednnTraining::init() {
    if (!onednnTrainingAvailable()) QSKIP("this build has no oneDNN");
}

void TestOnednnTraining::engineChoice() {
    LstmNet net(lstmSpec(8, 1, false), 3, 1);
    net->setEngine("auto");
    QCOMPARE(QString::fromStdString(net->engine()), QString("onednn"));
    net->setEngine("libtorch");
    QCOMPARE(QString::fromStdString(net->engine()), QString("libtorch"));
    QVERIFY_THROWS_EXCEPTION(UsageError, net->setEngine("fast"));
    TrainConfig cfg;
    cfg.engine = "fast";
    // Text networks choose the same way.
    TextModelSpec text;
    text.vocabSize = 20, text.classes = 2;
    TextNet textNet(text);
    textNet->setEngine("auto");
    QCOMPARE(QString::fromStdString(textNet->engine()), QString("onednn"));
    textNet->setEngine("libtorch");
    QCOMPARE(QString::fromStdString(textNet->engine()), QString("libtorch"));
    QVERIFY_THROWS_EXCEPTION(UsageError, textNet->setEngine("fast"));
    QVERIFY_THROWS_EXCEPTION(UsageError, cfg.validate());
}

void TestOnednnTraining::gradientsMatchLibTorch_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("input");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<bool>("residual");
    QTest::newRow("lstm 1 layer, input 5 != hidden 16") << false << 1 << 5 << 16 << false;
    QTest::newRow("lstm 2 layers, input 5 != hidden 16") << false << 2 << 5 << 16 << false;
    QTest::newRow("lstm 3 layers, input 16 == hidden 16") << false << 3 << 16 << 16 << false;
    QTest::newRow("bilstm 1 layer, input 3 != hidden 8") << true << 1 << 3 << 8 << false;
    QTest::newRow("bilstm 2 layers, input 8 == hidden 8") << true << 2 << 8 << 8 << false;
    QTest::newRow("bilstm 3 layers, input 5 != hidden 12") << true << 3 << 5 << 12 << false;
    QTest::newRow("residual lstm 4 layers") << false << 4 << 5 << 16 << true;
    QTest::newRow("residual bilstm 3 layers") << true << 3 << 5 << 12 << true;
}

// The whole forecaster (LSTM, readout, linear head) with a loss that weighs its outputs.
void TestOnednnTraining::gradientsMatchLibTorch() {
    QFETCH(bool, bidirectional);
    QFETCH(int, layers);
    QFETCH(int, input);
    QFETCH(int, hidden);
    QFETCH(bool, residual);
    Pair nets(lstmSpec(hidden, layers, bidirectional, residual), input);
    torch::manual_seed(5);
    const torch::Tensor x = torch::randn({6, 9, input});
    const torch::Tensor r = torch::randn({6, 2});
    torch::Tensor xRef = x.clone().requires_grad_(true), xDnn = x.clone().requires_grad_(true);
    const torch::Tensor yRef = nets.ref->forward(xRef), yDnn = nets.dnn->forward(xDnn);
    QVERIFY((yRef - yDnn).abs().max().item<double>() <= 1e-5);
    (yRef * r).sum().backward();
    (yDnn * r).sum().backward();
    QVERIFY2(relDiff(xDnn.grad(), xRef.grad()) <= 1e-4, qPrintable(QString::number(relDiff(xDnn.grad(), xRef.grad()))));
    const auto ref = nets.ref->named_parameters(), dnn = nets.dnn->named_parameters();
    for (const auto& item : ref) {
        const torch::Tensor& g = dnn[item.key()].grad();
        QVERIFY2(g.defined(), item.key().c_str());
        const double d = relDiff(g, item.value().grad());
        QVERIFY2(d <= 1e-4, qPrintable(QString::fromStdString(item.key()) + ": " + QString::number(d)));
    }
}

// Two passes recorded before one backward need a workspace each.
void TestOnednnTraining::twoForwardsBeforeBackward() {
    Pair nets(lstmSpec(8, 2, false), 4);
    torch::manual_seed(9);
    const torch::Tensor a = torch::randn({3, 5, 4}), b = torch::randn({3, 5, 4});
    (nets.ref->forward(a).sum() + 2 * nets.ref->forward(b).sum()).backward();
    (nets.dnn->forward(a).sum() + 2 * nets.dnn->forward(b).sum()).backward();
    const auto ref = nets.ref->named_parameters(), dnn = nets.dnn->named_parameters();
    for (const auto& item : ref) {
        const double d = relDiff(dnn[item.key()].grad(), item.value().grad());
        QVERIFY2(d <= 1e-4, qPrintable(QString::fromStdString(item.key()) + ": " + QString::number(d)));
    }
}

void TestOnednnTraining::gradientsMatchPyTorch_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("input");
    QTest::addColumn<bool>("residual");
    QTest::newRow("lstm 2 layers, input 5") << false << 2 << 5 << false;
    QTest::newRow("bilstm 2 layers, input 3") << true << 2 << 3 << false;
    QTest::newRow("residual lstm 3 layers, input 5") << false << 3 << 5 << true;
    QTest::newRow("residual bilstm 3 layers, input 3") << true << 3 << 3 << true;
}

// Every step of the output sequence weighted, so each step's gradient is checked.
void TestOnednnTraining::gradientsMatchPyTorch() {
#ifdef STUDIO_WITH_ONEDNN
    QFETCH(bool, bidirectional);
    QFETCH(int, layers);
    QFETCH(int, input);
    QFETCH(bool, residual);
    const int hidden = 10;
    LstmNet net(lstmSpec(hidden, layers, bidirectional, residual), input, 1);
    OnednnLstmTrainer dnn(input, hidden, layers, bidirectional, residual);
    torch::manual_seed(21);
    const torch::Tensor x = torch::randn({4, 7, input}).requires_grad_(true);
    const torch::Tensor r = torch::randn({4, 7, (bidirectional ? 2 : 1) * hidden});
    const torch::Tensor out = dnn.forward(x, net->lstm->all_weights(), 0.0, true);
    (out * r).sum().backward();

    QJsonObject params, grads;
    for (const auto& item : net->lstm->named_parameters()) {
        params.insert(QString::fromStdString(item.key()), entry(item.value()));
        grads.insert(QString::fromStdString(item.key()), entry(item.value().grad()));
    }
    const QJsonObject spec{{"input", input},
                           {"hidden", hidden},
                           {"layers", layers},
                           {"bidirectional", bidirectional},
                           {"residual", residual}};
    const QJsonObject root{{"spec", spec},          {"params", params},     {"input", entry(x)},
                           {"weighting", entry(r)}, {"output", entry(out)}, {"input_grad", entry(x.grad())},
                           {"grads", grads}};
    QTemporaryDir dir;
    QFile f(dir.filePath("case.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
    f.close();
    QProcess python;
    python.start(STUDIO_PYTHON, {STUDIO_ORACLE_DIR "/lstm_grad_reference.py", f.fileName()});
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QJsonObject answer = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    QVERIFY(answer.contains("output"));
    QVERIFY2(answer["output"].toDouble(1) <= 1e-5, qPrintable(QString::number(answer["output"].toDouble())));
    QVERIFY2(answer["input"].toDouble(1) <= 1e-4, qPrintable(QString::number(answer["input"].toDouble())));
    const QJsonObject diffs = answer["params"].toObject();
    QCOMPARE(diffs.size(), params.size());
    for (auto it = diffs.begin(); it != diffs.end(); ++it)
        QVERIFY2(it.value().toDouble(1) <= 1e-4, qPrintable(it.key() + ": " + QString::number(it.value().toDouble())));
#endif
}

// Same seed, same data, same batches: both engines reach the same losses (up to float
// rounding that Adam carries along); with dropout the masks differ, so only closely.
void TestOnednnTraining::seededTrainingMatches() {
    const SeriesDataset ds = sineDataset();
    const TrainResult ref = trainWith("libtorch", ds, 0.0), dnn = trainWith("onednn", ds, 0.0);
    QCOMPARE(dnn.epochsDone, ref.epochsDone);
    QVERIFY(ref.history.back().trainLoss < 0.5 * ref.history.front().trainLoss);  // it learned
    for (std::size_t e = 0; e < ref.history.size(); ++e) {
        const double a = ref.history[e].trainLoss, b = dnn.history[e].trainLoss;
        QVERIFY2(std::abs(a - b) <= 1e-3 * a, qPrintable(QString("epoch %1: %2 vs %3").arg(e + 1).arg(a).arg(b)));
        QVERIFY(std::abs(ref.history[e].valLoss - dnn.history[e].valLoss) <= 1e-3 * ref.history[e].valLoss);
    }
    const TrainResult refDrop = trainWith("libtorch", ds, 0.3), dnnDrop = trainWith("onednn", ds, 0.3);
    const double a = refDrop.history.back().valLoss, b = dnnDrop.history.back().valLoss;
    QVERIFY2(std::abs(a - b) <= 0.25 * a, qPrintable(QString("dropout 0.3: val loss %1 vs %2").arg(a).arg(b)));
}

void TestOnednnTraining::textGradientsMatchLibTorch_data() {
    QTest::addColumn<bool>("classes");
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("attention");
    QTest::addColumn<QList<int>>("lengths");
    const QList<int> mixed{1, 3, 9, 13, 13, 5, 2}, even{8, 8, 8, 8};
    QTest::newRow("bilstm, last state, lengths 1-13") << true << true << 1 << false << mixed;
    QTest::newRow("bilstm 2 layers, attention, lengths 1-13") << true << true << 2 << true << mixed;
    QTest::newRow("lstm 2 layers, last state, lengths 1-13") << true << false << 2 << false << mixed;
    QTest::newRow("bilstm, attention, one length") << true << true << 1 << true << even;
    // More texts than one run takes (TextNetImpl::kGroupRows): runs of their own lengths.
    QList<int> many;
    for (int i = 0; i < 41; ++i) many.append(1 + (i * 17) % 23);
    QTest::newRow("bilstm 2 layers, attention, 41 texts") << true << true << 2 << true << many;
    QTest::newRow("bilstm, last state, 41 texts") << true << true << 1 << false << many;
    QTest::newRow("language model 2 layers") << false << false << 2 << false << even;
}

// The text networks on both engines, same weights and batch: logits and every gradient
// (the embedding's included) against LibTorch's packed LSTM, whose runs stop at each
// text's end; texts of many lengths in one batch, padded past the longest.
void TestOnednnTraining::textGradientsMatchLibTorch() {
    QFETCH(bool, classes);
    QFETCH(bool, bidirectional);
    QFETCH(int, layers);
    QFETCH(bool, attention);
    QFETCH(QList<int>, lengths);
    TextModelSpec spec;
    spec.head = classes ? TextHead::Classes : TextHead::NextToken;
    spec.vocabSize = 40, spec.classes = classes ? 3 : 0;
    spec.embeddingDim = 6, spec.hidden = 10, spec.layers = layers, spec.dropout = 0.0;
    spec.bidirectional = bidirectional;
    spec.pooling = attention ? Pooling::Attention : Pooling::Last;
    torch::manual_seed(13);
    TextNet ref(spec), dnn(spec);
    {
        torch::NoGradGuard noGrad;
        auto from = ref->parameters(), to = dnn->parameters();
        for (std::size_t i = 0; i < from.size(); ++i) to[i].copy_(from[i]);
    }
    ref->setEngine("libtorch");
    dnn->setEngine("onednn");
    std::vector<std::vector<int>> docs;
    std::mt19937 rng(4);
    for (int n : lengths) {
        std::vector<int> d(n);
        for (int& t : d) t = 1 + static_cast<int>(rng() % 39);
        docs.push_back(d);
    }
    std::vector<const std::vector<int>*> batch;
    for (const auto& d : docs) batch.push_back(&d);
    const auto [tokens, length] = padBatch(batch);
    torch::Tensor yRef, yDnn;
    if (classes) {
        yRef = ref->classify(tokens, length), yDnn = dnn->classify(tokens, length);
    } else {
        yRef = ref->nextTokenLogits(tokens), yDnn = dnn->nextTokenLogits(tokens);
        // Without gradients both run LibTorch's LSTM, and the same logits.
        torch::NoGradGuard noGrad;
        QVERIFY(relDiff(dnn->nextTokenLogits(tokens), yRef.detach()) <= 1e-5);
    }
    QVERIFY2(relDiff(yDnn, yRef) <= 1e-5, qPrintable(QString::number(relDiff(yDnn, yRef))));
    torch::manual_seed(6);
    const torch::Tensor r = torch::randn(yRef.sizes());
    (yRef * r).sum().backward();
    (yDnn * r).sum().backward();
    const auto refParams = ref->named_parameters(), dnnParams = dnn->named_parameters();
    int checked = 0;
    for (const auto& item : refParams) {
        const torch::Tensor& g = dnnParams[item.key()].grad();
        QVERIFY2(g.defined(), item.key().c_str());
        const double d = relDiff(g, item.value().grad());
        QVERIFY2(d <= 1e-4, qPrintable(QString::fromStdString(item.key()) + ": " + QString::number(d)));
        ++checked;
    }
    QVERIFY(checked >= 6);
}

QTEST_GUILESS_MAIN(TestOnednnTraining)
#include "test_onednn_training.moc"
