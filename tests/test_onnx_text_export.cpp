// ONNX export of the text models against ONNX Runtime: every exported classifier and
// character language model runs in onnxruntime-node 1.30 (tests/oracle/onnx_run.js) and
// must give the app's own values on the same token ids (TextModel::classifyPadded,
// TextModel::languageModel, the CLI's predict and evaluate) to within 1e-4 of the output's
// scale. Classifiers get padded batches of mixed lengths with other ids than <pad> in the
// padding; the language model's states are passed from one run into the next.

#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "jobs/onnx_export.h"
#include "base/error.h"
#include "nn/text_model.h"
#include "tasks/text/text_project.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"
#include "ort_runner.h"

#include <random>

using namespace studio;
using studio::test::int64Tensor;
using studio::test::metadata;
using studio::test::OrtReport;
using studio::test::readModel;
using studio::test::relativeMaxDiff;
using studio::test::runOrt;
using studio::test::tensor;

namespace {

constexpr double kTolerance = 1e-4;  // of the largest |value| of each output

// Weights uniform in [-0.5, 0.5]: every gate block and embedding row differs, so a wrong
// gate order, direction or row shows.
void randomize(TextModel& model, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    std::vector<NamedTensor> params = model.parameters();
    for (auto& t : params)
        for (auto& v : t.values) v = u(rng);
    model.setParameters(params);
}

// A text project as training leaves it, for the given model.
TextProjectFile makeProject(const TextModelSpec& spec) {
    TextProjectFile p;
    p.task = taskOfHead(spec.head);
    p.model = spec;
    p.dataPath = "/data/texts.csv";
    p.dataSha256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    p.vocab = {"<pad>", "<unk>"};
    for (int i = 2; i < spec.vocabSize; ++i) p.vocab.push_back("t" + std::to_string(i));
    for (int k = 0; k < spec.classes; ++k) p.classes.push_back("class" + std::to_string(k));
    if (spec.head == TextHead::NextToken) p.text.tokenizer.kind = TokenizerKind::Char;
    return p;
}

TextModelSpec classifierSpec(bool bidirectional, Pooling pooling, int layers) {
    TextModelSpec s;
    s.head = TextHead::Classes;
    s.vocabSize = 31, s.classes = 3, s.embeddingDim = 6, s.hidden = 5, s.layers = layers;
    s.bidirectional = bidirectional, s.pooling = pooling;
    return s;
}

TextModelSpec charLmSpec(int layers) {
    TextModelSpec s;
    s.head = TextHead::NextToken;
    s.vocabSize = 23, s.embeddingDim = 7, s.hidden = 6, s.layers = layers;
    s.bidirectional = false;
    return s;
}

// A padded batch [batch, time]: ids 2.. inside each text, other ids (not <pad>) after it.
struct PaddedBatch {
    int batch = 0, time = 0;
    std::vector<std::int64_t> tokens, lengths;
};

PaddedBatch makeBatch(const std::vector<std::int64_t>& lengths, int time, int vocab, std::uint32_t seed) {
    std::mt19937 rng(seed);
    PaddedBatch b;
    b.batch = static_cast<int>(lengths.size()), b.time = time, b.lengths = lengths;
    for (int i = 0; i < b.batch; ++i)
        for (int t = 0; t < time; ++t)
            b.tokens.push_back(t < lengths[i] ? 2 + std::int64_t(rng() % (vocab - 2)) : std::int64_t(rng() % vocab));
    return b;
}

QJsonObject classifierFeed(const PaddedBatch& b) {
    return {{"tokens", int64Tensor({b.batch, b.time}, b.tokens)}, {"lengths", int64Tensor({b.batch}, b.lengths)}};
}

// Columns [from, to) of a row-major [rows, cols, inner] tensor.
template <typename T>
std::vector<T> columns(const std::vector<T>& v, int rows, int cols, int inner, int from, int to) {
    std::vector<T> out;
    for (int r = 0; r < rows; ++r)
        out.insert(out.end(), v.begin() + (std::size_t(r) * cols + from) * inner,
                   v.begin() + (std::size_t(r) * cols + to) * inner);
    return out;
}

std::vector<float> toFloats(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

QJsonObject lmFeed(const std::vector<std::int64_t>& dims, const std::vector<std::int64_t>& tokens,
                   const std::vector<std::int64_t>& stateDims, const std::vector<float>& h0,
                   const std::vector<float>& c0) {
    return {{"tokens", int64Tensor(dims, tokens)}, {"h0", tensor(stateDims, h0)}, {"c0", tensor(stateDims, c0)}};
}

QStringList filesIn(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::NoDotAndDotDot); }

studio::test::CliResult cli(const QStringList& args) { return studio::test::runCli(args); }

}  // namespace

class TestOnnxTextExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classifierMatchesTheApp_data();
    void classifierMatchesTheApp();
    void charLmMatchesTheApp_data();
    void charLmMatchesTheApp();
    void filesDescribeThemselves();
    void refusals();
    void cliClassifierMatchesPredict();
    void cliCharLmMatchesEvaluate();

private:
    QTemporaryDir tmp_;
};

void TestOnnxTextExport::classifierMatchesTheApp_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("pooling");
    QTest::addColumn<int>("layers");
    for (bool bi : {false, true})
        for (Pooling pooling : {Pooling::Last, Pooling::Attention})
            for (int layers = 1; layers <= 3; ++layers)
                QTest::addRow("%s-%s-%dl", bi ? "bilstm" : "lstm", toString(pooling).c_str(), layers)
                    << bi << int(pooling) << layers;
}

// One model per row, run on one full-length text and on a batch of 7 texts of lengths
// 1..9 padded to 9.
void TestOnnxTextExport::classifierMatchesTheApp() {
    QFETCH(bool, bidirectional);
    QFETCH(int, pooling);
    QFETCH(int, layers);
    const TextModelSpec spec = classifierSpec(bidirectional, Pooling(pooling), layers);
    const std::uint32_t seed = 100 + layers * 10 + pooling * 3 + bidirectional;
    TextModel model(spec);
    randomize(model, seed);
    const TextProjectFile project = makeProject(spec);
    const QString path = tmp_.filePath(QString(QTest::currentDataTag()) + ".onnx");
    const OnnxExportResult r = exportTextOnnx(project, model, "", path.toStdString());
    QCOMPARE(int(r.inputs.size()), 2);
    QCOMPARE(QString::fromStdString(r.inputs[0].type), QString("int64"));
    QCOMPARE(int(r.outputs.size()), 2);

    const PaddedBatch one = makeBatch({6}, 6, spec.vocabSize, seed + 1);
    const PaddedBatch seven = makeBatch({9, 1, 4, 7, 2, 9, 5}, 9, spec.vocabSize, seed + 2);
    const OrtReport ort = runOrt(path, {classifierFeed(one), classifierFeed(seven)});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    int feed = 0;
    for (const PaddedBatch* b : {&one, &seven}) {
        std::vector<float> logits;
        const std::vector<float> probs = model.classifyPadded(b->tokens, b->batch, b->time, b->lengths, &logits);
        const double dLogits = relativeMaxDiff(ort.output(feed, "logits"), logits);
        const double dProbs = relativeMaxDiff(ort.output(feed, "probabilities"), probs);
        qInfo("batch %d: max |onnx - app| / max |app|: logits %.3g, probabilities %.3g", b->batch, dLogits, dProbs);
        QVERIFY2(dLogits <= kTolerance, qPrintable(QString("logits, batch %1: %2").arg(b->batch).arg(dLogits)));
        QVERIFY2(dProbs <= kTolerance, qPrintable(QString("probabilities, batch %1: %2").arg(b->batch).arg(dProbs)));
        QCOMPARE(ort.dims(feed, "logits"), (QJsonArray{b->batch, spec.classes}));
        ++feed;
    }
}

void TestOnnxTextExport::charLmMatchesTheApp_data() {
    QTest::addColumn<int>("layers");
    for (int layers = 1; layers <= 3; ++layers) QTest::addRow("%dl", layers) << layers;
}

// Three texts of 10 characters: one run from zero states, and the same texts in two
// halves, the first half's hn/cn fed back as the second's h0/c0. Both must give the app's
// logits and final states.
void TestOnnxTextExport::charLmMatchesTheApp() {
    QFETCH(int, layers);
    const TextModelSpec spec = charLmSpec(layers);
    TextModel model(spec);
    randomize(model, 200 + layers);
    const QString path = tmp_.filePath(QString("charlm-%1l.onnx").arg(layers));
    const OnnxExportResult r = exportTextOnnx(makeProject(spec), model, "", path.toStdString());
    QCOMPARE(int(r.inputs.size()), 3);
    QCOMPARE(int(r.outputs.size()), 3);

    const int batch = 3, time = 10, half = 4, vocab = spec.vocabSize;
    std::mt19937 rng(300 + layers);
    std::vector<std::int64_t> tokens;
    for (int i = 0; i < batch * time; ++i) tokens.push_back(2 + rng() % (vocab - 2));
    const TextModel::LmOutput app = model.languageModel(tokens, batch, time);
    const std::vector<std::int64_t> first = columns(tokens, batch, time, 1, 0, half);
    const std::vector<std::int64_t> second = columns(tokens, batch, time, 1, half, time);

    const std::vector<std::int64_t> state{layers, batch, spec.hidden};
    const std::vector<float> zeros(std::size_t(layers) * batch * spec.hidden, 0.0f);
    const OrtReport ort = runOrt(
        path, {lmFeed({batch, time}, tokens, state, zeros, zeros), lmFeed({batch, half}, first, state, zeros, zeros)});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    QCOMPARE(ort.dims(0, "logits"), (QJsonArray{batch, time, vocab}));
    QCOMPARE(ort.dims(0, "hn"), (QJsonArray{layers, batch, spec.hidden}));
    const OrtReport rest = runOrt(path, {lmFeed({batch, time - half}, second, state, toFloats(ort.output(1, "hn")),
                                                toFloats(ort.output(1, "cn")))});
    QVERIFY2(rest.ok, qPrintable(rest.error));

    const double dFull = relativeMaxDiff(ort.output(0, "logits"), app.logits);
    const double dHn = relativeMaxDiff(ort.output(0, "hn"), app.h);
    const double dCn = relativeMaxDiff(ort.output(0, "cn"), app.c);
    const double dFirst = relativeMaxDiff(ort.output(1, "logits"), columns(app.logits, batch, time, vocab, 0, half));
    const double dSecond =
        relativeMaxDiff(rest.output(0, "logits"), columns(app.logits, batch, time, vocab, half, time));
    const double dChainedHn = relativeMaxDiff(rest.output(0, "hn"), app.h);
    const double dChainedCn = relativeMaxDiff(rest.output(0, "cn"), app.c);
    // The chained halves against ONNX Runtime's own single run, too.
    const std::vector<double> fullOrt = ort.output(0, "logits");
    const double dChainVsFull =
        relativeMaxDiff(rest.output(0, "logits"), columns(fullOrt, batch, time, vocab, half, time));
    qInfo(
        "max |onnx - app| / max |app|: logits %.3g, hn %.3g, cn %.3g; halves: logits %.3g + %.3g, hn %.3g, cn "
        "%.3g; second half vs one onnx run %.3g",
        dFull, dHn, dCn, dFirst, dSecond, dChainedHn, dChainedCn, dChainVsFull);
    for (double d : {dFull, dHn, dCn, dFirst, dSecond, dChainedHn, dChainedCn, dChainVsFull})
        QVERIFY2(d <= kTolerance, qPrintable(QString::number(d)));
    // The states did matter: the second half from zero states gives other logits.
    const TextModel::LmOutput cold = model.languageModel(second, batch, time - half);
    QVERIFY(relativeMaxDiff(rest.output(0, "logits"), cold.logits) > 100 * kTolerance);
}

void TestOnnxTextExport::filesDescribeThemselves() {
    TextModelSpec spec = classifierSpec(true, Pooling::Attention, 2);
    TextModel model(spec);
    randomize(model, 5);
    TextProjectFile project = makeProject(spec);
    project.text.tokenizer.lowercase = false;
    project.text.maxLength = 40;
    const std::string metrics = R"({"model":{"accuracy":0.875},"split":"test","task":"classify"})";
    const QString path = tmp_.filePath("described.onnx");
    const OnnxExportResult r = exportTextOnnx(project, model, metrics, path.toStdString());
    QCOMPARE(r.opset, 14);
    QCOMPARE(r.fileBytes, std::uintmax_t(QFileInfo(path).size()));
    QCOMPARE(QString::fromStdString(r.inputs.at(0).name), QString("tokens"));
    QCOMPARE(QString::fromStdString(r.inputs.at(0).shapeText()), QString("[batch, seq]"));
    QCOMPARE(QString::fromStdString(r.inputs.at(1).shapeText()), QString("[batch]"));
    QCOMPARE(QString::fromStdString(r.inputs.at(1).type), QString("int64"));
    QCOMPARE(QString::fromStdString(r.outputs.at(1).name), QString("probabilities"));
    QCOMPARE(QString::fromStdString(r.outputs.at(1).shapeText()), QString("[batch, 3]"));
    QCOMPARE(QString::fromStdString(r.outputs.at(1).type), QString("float32"));
    QVERIFY(QString::fromStdString(r.checker).startsWith("passed"));

    onnx::ModelProto m;
    QVERIFY(readModel(path, m));
    QCOMPARE(m.graph().node_size(), r.nodeCount);
    QCOMPARE(metadata(m, "producer"), QString("LSTM Studio"));
    QCOMPARE(metadata(m, "producer_version"), QString(STUDIO_VERSION));
    QCOMPARE(metadata(m, "task"), QString("classify"));
    const QJsonArray vocab = QJsonDocument::fromJson(metadata(m, "vocabulary").toUtf8()).array();
    QCOMPARE(vocab.size(), spec.vocabSize);
    QCOMPARE(vocab[1].toString(), QString("<unk>"));
    QCOMPARE(vocab[30].toString(), QString("t30"));
    QCOMPARE(metadata(m, "labels"), QString(R"(["class0","class1","class2"])"));
    const QJsonObject tokenizer = QJsonDocument::fromJson(metadata(m, "tokenizer").toUtf8()).object();
    QCOMPARE(tokenizer["kind"].toString(), QString("word"));
    QCOMPARE(tokenizer["lowercase"].toBool(), false);
    QCOMPARE(tokenizer["max_length"].toInt(), 40);
    QCOMPARE(tokenizer["pad_id"].toInt(), 0);
    QCOMPARE(metadata(m, "data_sha256"), QString::fromStdString(project.dataSha256));
    const QJsonObject test = QJsonDocument::fromJson(metadata(m, "test_metrics").toUtf8()).object();
    QCOMPARE(test["model"].toObject()["accuracy"].toDouble(), 0.875);
    const QJsonObject modelMeta = QJsonDocument::fromJson(metadata(m, "model").toUtf8()).object();
    QCOMPARE(modelMeta["cell"].toString(), QString("BiLSTM"));
    QCOMPARE(modelMeta["pooling"].toString(), QString("attention"));
    QCOMPARE(modelMeta["layers"].toInt(), 2);
    QVERIFY(metadata(m, "chunk").isEmpty());

    // The language model, and what ONNX Runtime reads.
    const TextModelSpec lmSpec = charLmSpec(2);
    TextModel lm(lmSpec);
    const QString lmPath = tmp_.filePath("described-lm.onnx");
    TextProjectFile lmProject = makeProject(lmSpec);
    lmProject.text.chunk = 64;
    const OnnxExportResult lr = exportTextOnnx(lmProject, lm, "", lmPath.toStdString());
    QCOMPARE(QString::fromStdString(lr.inputs.at(1).name), QString("h0"));
    QCOMPARE(QString::fromStdString(lr.inputs.at(2).shapeText()), QString("[2, batch, 6]"));
    QCOMPARE(QString::fromStdString(lr.outputs.at(0).shapeText()), QString("[batch, seq, 23]"));
    QCOMPARE(QString::fromStdString(lr.outputs.at(2).name), QString("cn"));
    onnx::ModelProto lmModel;
    QVERIFY(readModel(lmPath, lmModel));
    QCOMPARE(metadata(lmModel, "task"), QString("charlm"));
    QCOMPARE(metadata(lmModel, "chunk"), QString("64"));
    QVERIFY(metadata(lmModel, "labels").isEmpty());
    QVERIFY(metadata(lmModel, "test_metrics").isEmpty());
    QCOMPARE(QJsonDocument::fromJson(metadata(lmModel, "tokenizer").toUtf8()).object()["kind"].toString(),
             QString("char"));
    // ONNX Runtime lists the states as inputs (one with an initializer behind it would be
    // left out, and onnxruntime-node would drop it from the feeds without a word).
    const std::vector<float> zeros(2 * 2 * 6, 0.0f);
    const OrtReport ort = runOrt(lmPath, {lmFeed({2, 5}, {2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {2, 2, 6}, zeros, zeros)});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    const QJsonArray inputs = ort.json["inputs"].toArray();
    QCOMPARE(inputs.size(), 3);
    QCOMPARE(inputs[0].toObject()["type"].toString(), QString("int64"));
    QCOMPARE(inputs[0].toObject()["shape"].toArray(), (QJsonArray{"batch", "seq"}));
    QCOMPARE(inputs[2].toObject()["name"].toString(), QString("c0"));
    QCOMPARE(inputs[2].toObject()["shape"].toArray(), (QJsonArray{2, "batch", 6}));
    QCOMPARE(ort.dims(0, "cn"), (QJsonArray{2, 2, 6}));
}

void TestOnnxTextExport::refusals() {
    const TextModelSpec spec = classifierSpec(false, Pooling::Last, 1);
    TextModel model(spec);
    QTemporaryDir dir;
    const std::string out = dir.filePath("m.onnx").toStdString();
    TextProjectFile wrongVocab = makeProject(spec);
    wrongVocab.vocab.pop_back();
    QVERIFY_THROWS_EXCEPTION(DataError, exportTextOnnx(wrongVocab, model, "", out));
    TextProjectFile wrongLabels = makeProject(spec);
    wrongLabels.classes.push_back("extra");
    QVERIFY_THROWS_EXCEPTION(DataError, exportTextOnnx(wrongLabels, model, "", out));
    OnnxExportOptions int8;
    int8.int8 = true;
    QVERIFY_THROWS_EXCEPTION(UsageError, exportTextOnnx(makeProject(spec), model, "", out, int8));
    OnnxExportOptions opset13;
    opset13.opset = 13;
    QVERIFY_THROWS_EXCEPTION(UsageError, exportTextOnnx(makeProject(spec), model, "", out, opset13));
    QCOMPARE(filesIn(dir.path()), QStringList());
}

// Train on the bundled spam subjects for one epoch, export with the CLI, and run the
// file in ONNX Runtime on the test rows' token ids: the probabilities must be predict's.
void TestOnnxTextExport::cliClassifierMatchesPredict() {
    const QString project = tmp_.filePath("spam");
    const QString csv = STUDIO_SOURCE_DIR "/datasets/spam_subjects.csv";
    const auto trained = cli({"train",     "--task",          "classify", "--data",   csv, "--text-column",
                              "subject",   "--label-column",  "label",    "--epochs", "1", "--hidden",
                              "16",        "--embedding-dim", "16",       "--layers", "2", "--pooling",
                              "attention", "--bidirectional", "--out",    project});
    QVERIFY2(trained.code == 0, qPrintable(trained.err));
    const QString onnxPath = tmp_.filePath("spam.onnx");
    const auto exported = cli({"export-onnx", "--project", project, "--out", onnxPath});
    QVERIFY2(exported.code == 0, qPrintable(exported.err));
    qInfo("%s", qPrintable(exported.out));
    QVERIFY(exported.out.contains("tokens     int64 [batch, seq]"));
    QVERIFY(exported.out.contains("probabilities float32 [batch, 2]"));
    QVERIFY(exported.out.contains("checker: passed"));

    // predictions.csv holds the test rows: row, label, p_ham, p_spam, true_label.
    const TextProjectFile p = loadTextProjectFile(project.toStdString());
    const Vocabulary vocab = Vocabulary::fromTokens(p.vocab);
    const CsvTable table = readCsv(csv.toStdString());
    const std::vector<std::string>& subjects = table.columns.at(table.find("subject")).text;
    const CsvTable pred = readCsv((project + "/predictions.csv").toStdString());
    const std::vector<double>& rows = pred.columns.at(pred.find("row")).numbers;
    QVERIFY(rows.size() > 500);
    std::vector<std::vector<int>> docs;
    std::size_t longest = 0;
    for (double row : rows) {
        docs.push_back(encodeText(subjects.at(std::size_t(row)), p.text, vocab));
        longest = std::max(longest, docs.back().size());
    }
    PaddedBatch b;
    b.batch = static_cast<int>(docs.size()), b.time = static_cast<int>(longest);
    for (const auto& d : docs) {
        b.lengths.push_back(static_cast<std::int64_t>(d.size()));
        for (std::size_t t = 0; t < longest; ++t) b.tokens.push_back(t < d.size() ? d[t] : 0);
    }
    std::vector<double> appProbs;
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (const char* column : {"p_ham", "p_spam"})
            appProbs.push_back(pred.columns.at(pred.find(column)).numbers[i]);
    const OrtReport ort = runOrt(onnxPath, {classifierFeed(b)});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    const double d = relativeMaxDiff(ort.output(0, "probabilities"), appProbs);
    qInfo("spam subjects, %d test rows padded to %d: max |onnx - predict| = %.3g", b.batch, b.time, d);
    QVERIFY2(d <= kTolerance, qPrintable(QString::number(d)));
}

// Train a character model on the opening of Pride and Prejudice, export it, and compute
// the test split's bits per character from ONNX Runtime's logits the way the app does
// (chunks of `chunk`, the state restarting at each): it must equal metrics.json's.
void TestOnnxTextExport::cliCharLmMatchesEvaluate() {
    QFile book(STUDIO_SOURCE_DIR "/datasets/pride_and_prejudice.txt");
    QVERIFY(book.open(QIODevice::ReadOnly));
    const QString txt = tmp_.filePath("opening.txt");
    QFile opening(txt);
    QVERIFY(opening.open(QIODevice::WriteOnly));
    opening.write(book.read(20000));
    opening.close();
    const QString project = tmp_.filePath("austen");
    const auto trained = cli({"train", "--task", "charlm", "--data", txt, "--chunk", "50", "--hidden", "24", "--layers",
                              "2", "--epochs", "1", "--out", project});
    QVERIFY2(trained.code == 0, qPrintable(trained.err));
    const QString onnxPath = tmp_.filePath("austen.onnx");
    const auto exported = cli({"export-onnx", "--project", project, "--out", onnxPath});
    QVERIFY2(exported.code == 0, qPrintable(exported.err));
    qInfo("%s", qPrintable(exported.out));

    const TextProjectFile p = loadTextProjectFile(project.toStdString());
    const CharLmData data = buildCharLmData(readTextFile(txt.toStdString()), "opening", p.text);
    QCOMPARE(data.vocab.tokens(), p.vocab);
    const std::vector<int>& stream = data.test;
    const int chunk = p.text.chunk, vocab = static_cast<int>(p.vocab.size());
    // Full chunks in one feed, the shorter last one in another.
    std::vector<std::int64_t> full, fullTargets, tail, tailTargets;
    int fullCount = 0;
    for (std::size_t start = 0; start + 1 < stream.size(); start += chunk) {
        const std::size_t len = std::min<std::size_t>(chunk, stream.size() - 1 - start);
        auto& in = len == std::size_t(chunk) ? full : tail;
        auto& target = len == std::size_t(chunk) ? fullTargets : tailTargets;
        fullCount += len == std::size_t(chunk);
        for (std::size_t k = 0; k < len; ++k) in.push_back(stream[start + k]), target.push_back(stream[start + k + 1]);
    }
    const std::int64_t layers = p.model.layers, hidden = p.model.hidden;
    QJsonArray feeds{lmFeed({fullCount, chunk}, full, {layers, fullCount, hidden},
                            std::vector<float>(layers * fullCount * hidden, 0.0f),
                            std::vector<float>(layers * fullCount * hidden, 0.0f))};
    if (!tail.empty())
        feeds.append(lmFeed({1, std::int64_t(tail.size())}, tail, {layers, 1, hidden},
                            std::vector<float>(layers * hidden, 0.0f), std::vector<float>(layers * hidden, 0.0f)));
    const OrtReport ort = runOrt(onnxPath, feeds);
    QVERIFY2(ort.ok, qPrintable(ort.error));
    double nats = 0.0;
    std::size_t count = 0;
    for (int feed = 0; feed < feeds.size(); ++feed) {
        const std::vector<double> logits = ort.output(feed, "logits");
        const auto& targets = feed == 0 ? fullTargets : tailTargets;
        QCOMPARE(logits.size(), targets.size() * vocab);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const double* row = logits.data() + i * vocab;
            const double peak = *std::max_element(row, row + vocab);
            double sum = 0.0;
            for (int v = 0; v < vocab; ++v) sum += std::exp(row[v] - peak);
            nats += std::log(sum) + peak - row[targets[i]];
            ++count;
        }
    }
    const double onnxBits = nats / count / std::log(2.0);
    const QJsonObject metrics = studio::test::readJson(project + "/metrics.json");
    const double appBits = metrics["model"].toObject()["bits_per_char"].toDouble();
    const double d = std::abs(onnxBits - appBits) / appBits;
    qInfo("opening of Pride and Prejudice, %zu test characters: bits/char onnx %.6f, app %.6f, relative diff %.3g",
          count, onnxBits, appBits, d);
    QVERIFY2(d <= kTolerance, qPrintable(QString::number(d)));
}

QTEST_APPLESS_MAIN(TestOnnxTextExport)
#include "test_onnx_text_export.moc"
