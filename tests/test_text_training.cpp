// Training text models: a classifier learns a toy task, training in time slices reaches the
// weights of training over whole texts, a cancel request stops a long batch inside it, and
// a language model writes samples while it trains.

#include "base/error.h"
#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "nn/text_model.h"
#include "nn/text_model_impl.h"
#include "tasks/text/text_job.h"
#include "training/train_task.h"
#include "training/trainer.h"

#include "text_specs.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

using namespace studio;
using studio::test::classifierSpec;

class TestTextTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void slicedTrainingMatchesWhole();
    void cancelStopsInsideABatch();
    void classifierLearns();
    void languageModelSamplesWhileTraining();
    void languageModelChunks_data();
    void languageModelChunks();
};

// Training over slices of 2 time steps (states carried between them) takes the same
// gradient steps as training over the whole texts: after two epochs the weights agree.
void TestTextTraining::slicedTrainingMatchesWhole() {
    std::string csv = "text,label\n";
    std::mt19937 rng(12);
    const char* words[] = {"the", "a", "movie", "was", "good", "bad", "plot"};
    for (int i = 0; i < 60; ++i) {
        std::string t = "w";
        for (int k = 0, n = 1 + static_cast<int>(rng() % 9); k < n; ++k) t += std::string(" ") + words[rng() % 7];
        csv += t + "," + (i % 2 ? "pos" : "neg") + "\n";
    }
    TextSpec spec;
    spec.textColumn = "text";
    spec.labelColumn = "label";
    spec.vocab.minFreq = 1;
    const TextClassData data = buildTextClassData(parseCsv(csv, "toy.csv"), spec);
    TextModelSpec ms = classifierSpec(true, Pooling::Attention, 2);
    ms.vocabSize = static_cast<int>(data.vocab.size());
    ms.classes = 2;
    ms.dropout = 0.0;  // dropout masks would be drawn in another order
    TrainConfig config;
    config.epochs = 2;
    config.batchSize = 8;
    // Plain SGD: Adam divides each step by the gradient's running size, so on a weight whose
    // gradient is near zero it turns a rounding difference of the two orders of summation
    // into a step difference of up to lr (2 epochs of Adam at 1e-2 differed by 1.1e-4 on
    // one machine and less on another). SGD's steps differ only as the gradients do.
    config.optimizer = OptimizerKind::Sgd;
    config.momentum = 0.0;
    config.lr = 0.5;
    config.device = "cpu";
    std::vector<std::vector<NamedTensor>> trained;
    for (int slice : {0, 2}) {
        Trainer::seed(21);
        TextModel model(ms);
        if (slice) model.setTimeSlice(slice);
        Trainer trainer(model, config, data);
        QCOMPARE(trainer.run().epochsDone, 2);
        trained.push_back(model.parameters());
    }
    QCOMPARE(trained[0].size(), trained[1].size());
    double worst = 0.0, moved = 0.0;
    for (std::size_t i = 0; i < trained[0].size(); ++i)
        for (std::size_t k = 0; k < trained[0][i].values.size(); ++k)
            worst = std::max(worst, double(std::abs(trained[0][i].values[k] - trained[1][i].values[k])));
    Trainer::seed(21);
    const std::vector<NamedTensor> initial = TextModel(ms).parameters();
    for (std::size_t i = 0; i < initial.size(); ++i)
        for (std::size_t k = 0; k < initial[i].values.size(); ++k)
            moved = std::max(moved, double(std::abs(initial[i].values[k] - trained[0][i].values[k])));
    qInfo("largest weight difference %g, largest move %g", worst, moved);
    QVERIFY2(worst < 1e-5, qPrintable(QString("largest weight difference %1").arg(worst)));
    QVERIFY2(moved > 1e-2, qPrintable(QString("training moved the weights by at most %1").arg(moved)));
}

// A cancel request reaches inside a batch: one 20,000-token text makes a batch of several
// seconds, and a request 50 ms into the run stops it before that batch ends.
void TestTextTraining::cancelStopsInsideABatch() {
    TextModelSpec ms = classifierSpec(true, Pooling::Last);
    ms.hidden = 32;
    std::atomic<bool> cancel{true};
    Trainer::seed(5);
    TextModel model(ms);
    model.setTimeSlice(64);
    model.setCancel(&cancel);
    std::vector<int> longText(20000);
    for (std::size_t i = 0; i < longText.size(); ++i) longText[i] = 2 + static_cast<int>(i % 28);
    QVERIFY_THROWS_EXCEPTION(CancelledError, model.classify({longText}));
    model.setCancel(nullptr);
    QCOMPARE(model.classify({std::vector<int>(longText.begin(), longText.begin() + 100)}).size(), std::size_t(3));

    TextClassData data;
    data.train.ids = {longText, {5, 6}, {7, 8, 9}};
    data.train.labels = {0, 1, 2};
    data.val = data.train;
    TrainConfig config;
    config.epochs = 3;
    config.batchSize = 3;
    config.device = "cpu";
    Trainer trainer(model, config, data);
    struct Batches : TrainObserver {
        int count = 0;
        void onBatch(const BatchStats&) override { ++count; }
    } batches;
    cancel = false;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        cancel = true;
    });
    const TrainResult r = trainer.run(&batches, &cancel);
    stopper.join();
    QCOMPARE(QString::fromStdString(toString(r.reason)), QString::fromStdString(toString(StopReason::Cancelled)));
    QCOMPARE(batches.count, 0);  // the first batch never finished
    QCOMPARE(r.epochsDone, 0);
    QVERIFY(r.history.empty());
}

void TestTextTraining::classifierLearns() {
    // Texts with "good" are class 1, with "bad" class 0, amid shared noise words.
    std::string csv = "text,label\n";
    std::mt19937 rng(9);
    const char* noise[] = {"the", "a", "movie", "was", "very", "plot", "actors"};
    for (int i = 0; i < 300; ++i) {
        std::string t;
        for (int k = 0; k < 5; ++k) t += std::string(noise[rng() % 7]) + " ";
        t += i % 2 ? "good" : "bad";
        csv += t + "," + (i % 2 ? "pos" : "neg") + "\n";
    }
    TextSpec spec;
    spec.textColumn = "text";
    spec.labelColumn = "label";
    const TextClassData data = buildTextClassData(parseCsv(csv, "toy.csv"), spec);
    TextModelSpec ms = classifierSpec(true, Pooling::Attention);
    ms.vocabSize = static_cast<int>(data.vocab.size());
    ms.classes = 2;
    Trainer::seed(1);
    TextModel model(ms);
    TrainConfig config;
    config.epochs = 6;
    config.lr = 1e-2;
    config.device = "cpu";
    Trainer trainer(model, config, data);
    const TrainResult r = trainer.run();
    QCOMPARE(r.history.back().valMetric, 100.0);  // validation accuracy in percent
    const std::vector<float> p = model.classify(data.test.ids);
    int correct = 0;
    for (std::size_t i = 0; i < data.test.ids.size(); ++i) correct += (p[2 * i + 1] > p[2 * i]) == (data.test.labels[i] == 1);
    QCOMPARE(correct, int(data.test.ids.size()));
}

void TestTextTraining::languageModelSamplesWhileTraining() {
    QTemporaryDir dir;
    QFile f(dir.filePath("t.txt"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 60; ++i) f.write("one two three four five six seven.\n");
    f.close();
    TextJobConfig config;
    config.task = TaskKind::CharLm;
    config.dataPath = f.fileName().toStdString();
    config.outDir = dir.filePath("lm").toStdString();
    config.text.chunk = 20;
    config.text.vocab.minFreq = 1;
    config.text.tokenizer.kind = TokenizerKind::Char;
    config.model.head = TextHead::NextToken;
    config.model.hidden = 16;
    config.model.embeddingDim = 8;
    config.train.epochs = 2;
    config.train.batchSize = 8;
    config.train.device = "cpu";
    config.sampleEvery = 3;
    std::vector<std::string> samples;
    config.onSample = [&](const std::string& s) { samples.push_back(s); };
    class CountBatches : public TrainObserver {
    public:
        void onBatch(const BatchStats&) override { ++batches; }
        int batches = 0;
    } counter;
    const TextJobResult r = trainText(config, &counter);
    QCOMPARE(r.train.epochsDone, 2);
    QVERIFY(counter.batches >= 6);  // the wrapped observer still sees every batch
    QCOMPARE(int(samples.size()), counter.batches / 3);
    // Each sample continues the start of the validation text by 150 characters.
    for (const auto& s : samples) {
        QCOMPARE(decodeUtf8(s).size(), std::size_t(180));
        QCOMPARE(QString::fromStdString(s.substr(0, 30)), QString::fromStdString(samples[0].substr(0, 30)));
    }
}

void TestTextTraining::languageModelChunks_data() {
    QTest::addColumn<int>("stride");
    QTest::newRow("stride = chunk") << 0;
    QTest::newRow("overlapping, stride 7") << 7;
    QTest::newRow("gaps, stride 23") << 23;
}

// The training chunks are a view of the ids: each is the stretch of the training text
// written out here, and a batch's loss is the loss of those stretches.
void TestTextTraining::languageModelChunks() {
    QFETCH(int, stride);
    std::string text;
    for (int i = 0; i < 40; ++i) text += "the quick brown fox jumps over the lazy dog " + std::to_string(i) + "\n";
    TextSpec spec;
    spec.chunk = 16;
    spec.stride = stride;
    spec.vocab.minFreq = 1;
    const CharLmData data = buildCharLmData(text, "t.txt", spec);
    TextModelSpec m;
    m.head = TextHead::NextToken;
    m.vocabSize = static_cast<int>(data.vocab.size());
    m.embeddingDim = 8, m.hidden = 12, m.dropout = 0.0, m.bidirectional = false;
    Trainer::seed(3);
    TextModel model(m);
    const std::unique_ptr<TrainTask> task = makeCharLmTask(model, data);
    const std::int64_t n = static_cast<std::int64_t>(data.train.size()), step = stride > 0 ? stride : spec.chunk;
    QCOMPARE(task->trainCount(), (n - spec.chunk - 1) / step + 1);

    const std::vector<std::int64_t> picked{task->trainCount() - 1, 0, 5};
    std::vector<std::int64_t> rows;
    for (std::int64_t c : picked)
        for (std::int64_t k = 0; k <= spec.chunk; ++k) rows.push_back(data.train[static_cast<std::size_t>(c * step + k)]);
    const torch::Tensor batch =
        torch::tensor(rows, torch::kInt64).view({static_cast<std::int64_t>(picked.size()), spec.chunk + 1});
    TextNet net = model.impl().net;
    const torch::Tensor logits = std::get<0>(net->languageModel(batch.narrow(1, 0, spec.chunk)));
    const double expected = torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(2)}),
                                                                 batch.narrow(1, 1, spec.chunk).reshape(-1))
                                .item<double>();
    const double got = task->batchLoss(picked.data(), static_cast<std::int64_t>(picked.size())).item<double>();
    QVERIFY2(std::abs(got - expected) <= 1e-6 * std::abs(expected), qPrintable(QString("%1 vs %2").arg(got).arg(expected)));
}

QTEST_APPLESS_MAIN(TestTextTraining)
#include "test_text_training.moc"
