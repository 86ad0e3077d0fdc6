// Text: tokenizer and vocabulary tables, datasets, packing and attention against padding,
// the classifier against PyTorch (whole and in time slices), pretrained vectors, and
// classification metrics by hand. Training text models: test_text_training.cpp.

#include "data/csv_reader.h"
#include "data/text_dataset.h"
#include "data/text_tokenizer.h"
#include "data/vocabulary.h"
#include "data/word_vectors.h"
#include "base/error.h"
#include "nn/text_model.h"
#include "training/metrics.h"
#include "tasks/text/text_job.h"
#include "training/trainer.h"

#include "text_specs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace studio;
using studio::test::classifierSpec;

namespace {

QStringList toQt(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}

template <typename T>
QJsonArray toArray(const std::vector<T>& v) {
    QJsonArray a;
    for (T x : v) a.append(double(x));
    return a;
}

} // namespace

class TestText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordTokens_data();
    void wordTokens();
    void charTokens();
    void olderProjectsKeepChineseRunsWhole();
    void vocabularyFromTrainingOnly();
    void vocabularyLimits();
    void classDataSplitsAndDropsEmpty();
    void chineseTextsAreReported();
    void oneClassIsAnError();
    void labelsAreStrings();
    void charLmStreams();
    void charLmStreamsAsTokenized_data();
    void charLmStreamsAsTokenized();
    void aloneEqualsPadded_data();
    void aloneEqualsPadded();
    void attentionIgnoresPadding();
    void classifierMatchesPyTorch_data();
    void classifierMatchesPyTorch();
    void pretrainedVectors();
    void classificationMetricsByHand();
};

void TestText::wordTokens_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("lowercase");
    QTest::addColumn<QStringList>("tokens");
    QTest::newRow("punctuation") << "Re: New Sequences, Window!" << true
                                 << QStringList{"re", ":", "new", "sequences", ",", "window", "!"};
    QTest::newRow("keep case") << "Hello World" << false << QStringList{"Hello", "World"};
    QTest::newRow("apostrophe") << "It won't die 'now'" << true << QStringList{"it", "won't", "die", "'", "now", "'"};
    QTest::newRow("brackets and digits") << "[zzzzteana] RE: 50% off $99" << true
                                         << QStringList{"[", "zzzzteana", "]", "re", ":", "50", "%", "off", "$", "99"};
    QTest::newRow("accents lowercased") << QString::fromUtf8("ÉCOLE Straße ÀÖ") << true
                                        << QStringList{QString::fromUtf8("école"), QString::fromUtf8("straße"),
                                                       QString::fromUtf8("àö")};
    QTest::newRow("cyrillic and greek") << QString::fromUtf8("Привет ΚΟΣΜΕ") << true
                                        << QStringList{QString::fromUtf8("привет"), QString::fromUtf8("κοσμε")};
    // Chinese and Japanese have no spaces between words: one token per character.
    QTest::newRow("cjk punctuation") << QString::fromUtf8("你好，世界。") << true
                                     << QStringList{QString::fromUtf8("你"), QString::fromUtf8("好"),
                                                    QString::fromUtf8("，"), QString::fromUtf8("世"),
                                                    QString::fromUtf8("界"), QString::fromUtf8("。")};
    QTest::newRow("chinese between latin") << QString::fromUtf8("用LSTM预测2020年") << true
                                           << QStringList{QString::fromUtf8("用"), "lstm", QString::fromUtf8("预"),
                                                          QString::fromUtf8("测"), "2020", QString::fromUtf8("年")};
    QTest::newRow("kana") << QString::fromUtf8("ねこカフェ") << true
                          << QStringList{QString::fromUtf8("ね"), QString::fromUtf8("こ"), QString::fromUtf8("カ"),
                                         QString::fromUtf8("フ"), QString::fromUtf8("ェ")};
    QTest::newRow("hangul keeps its spaced words")
        << QString::fromUtf8("안녕 세계") << true << QStringList{QString::fromUtf8("안녕"), QString::fromUtf8("세계")};
    QTest::newRow("unicode spaces and dashes") << QString::fromUtf8("a\u00a0b\u2014c\u3000d") << true
                                               << QStringList{"a", "b", QString::fromUtf8("—"), "c", "d"};
    QTest::newRow("empty") << "" << true << QStringList{};
    QTest::newRow("only spaces and newlines") << " \n\t\r\n " << true << QStringList{};
}

void TestText::wordTokens() {
    QFETCH(QString, text);
    QFETCH(bool, lowercase);
    QFETCH(QStringList, tokens);
    TokenizerOptions options;
    options.lowercase = lowercase;
    QCOMPARE(toQt(tokenize(text.toStdString(), options)), tokens);
}

void TestText::charTokens() {
    TokenizerOptions options;
    options.kind = TokenizerKind::Char;
    QCOMPARE(toQt(tokenize("Ab \n\xC3\xA9!", options)), (QStringList{"a", "b", " ", "\n", QString::fromUtf8("é"), "!"}));
    // An invalid byte becomes U+FFFD instead of breaking the stream.
    QCOMPARE(toQt(tokenize("a\xFF" "b", options)), (QStringList{"a", QString::fromUtf8("\xEF\xBF\xBD"), "b"}));
}

// Projects written before Chinese and Japanese were split by character (no split_cjk in
// project.json) read their texts as they were trained: a run of ideographs is one word.
void TestText::olderProjectsKeepChineseRunsWhole() {
    TokenizerOptions older;
    older.splitUnspaced = false;
    QCOMPARE(toQt(tokenize("你好，世界。", older)),
             (QStringList{QString::fromUtf8("你好"), QString::fromUtf8("，"), QString::fromUtf8("世界"),
                          QString::fromUtf8("。")}));
}

void TestText::vocabularyFromTrainingOnly() {
    const std::vector<std::vector<std::string>> train{{"a", "b", "a"}, {"b", "c", "a"}};
    VocabOptions options;
    options.minFreq = 2;
    const Vocabulary v = Vocabulary::build(train, options);
    QCOMPARE(toQt(v.tokens()), (QStringList{"<pad>", "<unk>", "a", "b"}));  // c seen once
    QCOMPARE(v.id("c"), Vocabulary::kUnk);
    QCOMPARE(v.id("never"), Vocabulary::kUnk);
    QCOMPARE(v.encode({"b", "zzz", "a"}), (std::vector<int>{3, 1, 2}));
    QCOMPARE(v.coverage({{"a", "c", "b", "d"}}), 0.5);
    QCOMPARE(toQt(Vocabulary::fromTokens(v.tokens()).tokens()), toQt(v.tokens()));
    QVERIFY_THROWS_EXCEPTION(DataError, Vocabulary::fromTokens({"a", "b"}));
}

void TestText::vocabularyLimits() {
    VocabOptions options;
    options.minFreq = 1;
    options.maxSize = 4;
    const Vocabulary v = Vocabulary::build({{"x", "y", "y", "z", "z", "z", "w", "w", "w"}}, options);
    // Ties by frequency are alphabetical: w and z (3 each) win.
    QCOMPARE(toQt(v.tokens()), (QStringList{"<pad>", "<unk>", "w", "z"}));
}

void TestText::classDataSplitsAndDropsEmpty() {
    std::string csv = "label,text\n";
    for (int i = 0; i < 100; ++i) csv += std::string(i % 3 == 0 ? "spam" : "ham") + ",word" + std::to_string(i % 7) + " common\n";
    csv += "ham,\nspam,   \n,no label\n";
    const CsvTable table = parseCsv(csv, "texts.csv");
    TextSpec spec;
    spec.textColumn = "text";
    spec.labelColumn = "label";
    const TextClassData d = buildTextClassData(table, spec);
    QCOMPARE(d.report.rowsRead, std::size_t(103));
    QCOMPARE(d.report.rowsDropped, std::size_t(3));
    QCOMPARE(d.classes, (std::vector<std::string>{"ham", "spam"}));
    QCOMPARE(d.report.classCounts, (std::vector<std::size_t>{66, 34}));
    QCOMPARE(d.train.ids.size(), std::size_t(70));
    QCOMPARE(d.val.ids.size(), std::size_t(15));
    QCOMPARE(d.test.ids.size(), std::size_t(15));
    // Every row in exactly one split; the split is shuffled, not the file order.
    std::vector<std::size_t> rows = d.train.rows;
    rows.insert(rows.end(), d.val.rows.begin(), d.val.rows.end());
    rows.insert(rows.end(), d.test.rows.begin(), d.test.rows.end());
    std::sort(rows.begin(), rows.end());
    QCOMPARE(std::adjacent_find(rows.begin(), rows.end()), rows.end());
    QVERIFY(!std::is_sorted(d.train.rows.begin(), d.train.rows.end()));
    QCOMPARE(d.vocab.id("common"), 2);  // the most frequent token
}

// Chinese texts split by character under the word tokenizer, and the report says so; the
// character tokenizer reads every text that way and needs no note.
void TestText::chineseTextsAreReported() {
    std::string csv = "label,text\n";
    for (int i = 0; i < 40; ++i) csv += i % 2 == 0 ? "weather,今天下雨，明天晴天。\n" : "food,米饭和面条都好吃。\n";
    for (int i = 0; i < 20; ++i) csv += i % 2 == 0 ? "weather,rain again today\n" : "food,noodles for lunch\n";
    const CsvTable table = parseCsv(csv, "texts.csv");
    TextSpec spec;
    spec.textColumn = "text";
    spec.labelColumn = "label";
    const TextClassData words = buildTextClassData(table, spec);
    QVERIFY(words.vocab.id("雨") > 1);  // characters are tokens: 0 and 1 are padding and <unk>
    QCOMPARE(words.vocab.id("今天下雨"), words.vocab.id("no such token"));
    const auto note = std::find_if(words.report.notes.begin(), words.report.notes.end(), [](const std::string& n) {
        return n.find("Chinese or Japanese") != std::string::npos;
    });
    QVERIFY(note != words.report.notes.end());
    QVERIFY2(note->rfind("40 of 60 texts", 0) == 0, note->c_str());

    spec.tokenizer.kind = TokenizerKind::Char;
    const TextClassData chars = buildTextClassData(table, spec);
    for (const std::string& n : chars.report.notes) QVERIFY2(n.find("Chinese") == std::string::npos, n.c_str());
    QVERIFY(chars.vocab.id("雨") > 1);
}

// Labels are the strings the file holds: 1, 01 and 2 are three classes, 007, 7 and 7.0
// three more, though each column reads as numbers.
void TestText::labelsAreStrings() {
    QTemporaryDir dir;
    const QString path = dir.filePath("labels.csv");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray csv = "text,label,code\n";
    const char* labels[] = {"1", "01", "2"};
    const char* codes[] = {"007", "7", "7.0"};
    for (int i = 0; i < 60; ++i)
        csv += "word" + QByteArray::number(i % 5) + " text," + labels[i % 3] + "," + codes[i % 3] + "\n";
    f.write(csv);
    f.close();
    const CsvTable table = readLabeledCsv(path.toStdString());
    TextSpec spec;
    spec.textColumn = "text";
    spec.labelColumn = "label";
    QCOMPARE(buildTextClassData(table, spec).classes, (std::vector<std::string>{"01", "1", "2"}));
    spec.labelColumn = "code";
    QCOMPARE(buildTextClassData(table, spec).classes, (std::vector<std::string>{"007", "7", "7.0"}));
    // The values stay numbers for everything else.
    QCOMPARE(table.columns[1].kind, CsvColumn::Kind::Numeric);
    QCOMPARE(table.columns[1].numbers[1], 1.0);
}

void TestText::oneClassIsAnError() {
    const CsvTable table = parseCsv("label,text\nham,a\nham,b\nham,c\n", "one.csv");
    TextSpec spec;
    spec.textColumn = "text";
    spec.labelColumn = "label";
    try {
        buildTextClassData(table, spec);
        QFAIL("no error");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("only the class 'ham'"), e.what());
    }
}

void TestText::charLmStreams() {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "abcab ";
    TextSpec spec;
    spec.chunk = 10;
    spec.vocab.minFreq = 1;
    const CharLmData d = buildCharLmData(text, "t.txt", spec);
    QCOMPARE(d.train.size() + d.val.size() + d.test.size(), std::size_t(600));
    QCOMPARE(d.train.size(), std::size_t(420));
    QCOMPARE(d.vocab.size(), std::size_t(6));  // pad, unk, a, b, ' ', c
    // Unigram probabilities: add-one smoothed training counts.
    double sum = 0;
    for (double p : d.unigram) sum += p;
    QVERIFY(std::abs(sum - 1.0) < 1e-12);
    QVERIFY(d.unigram[d.vocab.id("a")] > d.unigram[d.vocab.id("c")]);
}

void TestText::charLmStreamsAsTokenized_data() {
    QTest::addColumn<bool>("lowercase");
    QTest::addColumn<int>("minFreq");
    QTest::addColumn<int>("maxSize");
    QTest::newRow("lowercased, min-freq 2") << true << 2 << 0;
    QTest::newRow("case kept, min-freq 1") << false << 1 << 0;
    QTest::newRow("case kept, 12 tokens at most") << false << 1 << 12;
}

// The character stream is built without holding the text's tokens; it must equal what
// the tokenizer and the vocabulary give over the whole text: the same vocabulary, ids,
// coverage and unigram probabilities.
void TestText::charLmStreamsAsTokenized() {
    QFETCH(bool, lowercase);
    QFETCH(int, minFreq);
    QFETCH(int, maxSize);
    std::string text;
    const std::vector<std::string> pieces{"Ab\u03a3\u03c3 ", "\u4e2d\u6587\r\n", "\xff\xfeZ", "\xf0\x9f\x98\x80x",
                                          "\xc3\x89t\xc3\xa9 ", "q", "<unk>", "\xe2\x82"};
    std::mt19937 rng(11);
    for (int i = 0; i < 400; ++i) text += pieces[rng() % pieces.size()];
    TextSpec spec;
    spec.chunk = 10;
    spec.tokenizer.lowercase = lowercase;
    spec.vocab.minFreq = minFreq;
    spec.vocab.maxSize = maxSize;
    const CharLmData d = buildCharLmData(text, "t.txt", spec);

    TokenizerOptions options;
    options.kind = TokenizerKind::Char;
    options.lowercase = lowercase;
    const std::vector<std::string> chars = tokenize(text, options);
    const std::size_t n = chars.size(), nTrain = std::size_t(std::floor(n * spec.trainFraction)),
                      nVal = std::size_t(std::floor(n * spec.valFraction));
    const std::vector<std::vector<std::string>> train{{chars.begin(), chars.begin() + nTrain}},
        test{{chars.begin() + nTrain + nVal, chars.end()}};
    const Vocabulary vocab = Vocabulary::build(train, spec.vocab);
    QCOMPARE(d.vocab.tokens(), vocab.tokens());
    QVERIFY(d.vocab.size() > 4);
    const std::vector<int> ids = vocab.encode(chars);
    QCOMPARE(d.train, std::vector<int>(ids.begin(), ids.begin() + nTrain));
    QCOMPARE(d.val, std::vector<int>(ids.begin() + nTrain, ids.begin() + nTrain + nVal));
    QCOMPARE(d.test, std::vector<int>(ids.begin() + nTrain + nVal, ids.end()));
    QCOMPARE(d.report.rowsUsed, n);
    QCOMPARE(d.report.trainCoverage, vocab.coverage(train));
    QCOMPARE(d.report.testCoverage, vocab.coverage(test));
    std::vector<double> unigram(vocab.size(), 1.0);
    for (std::size_t k = 0; k < nTrain; ++k) unigram[ids[k]] += 1.0;
    const double total = double(vocab.size() + nTrain);
    QCOMPARE(d.unigram.size(), unigram.size());
    for (std::size_t k = 0; k < unigram.size(); ++k) QVERIFY(std::abs(d.unigram[k] - unigram[k] / total) < 1e-15);
}

void TestText::aloneEqualsPadded_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("pooling");
    QTest::newRow("lstm last") << false << int(Pooling::Last);
    QTest::newRow("bilstm last") << true << int(Pooling::Last);
    QTest::newRow("bilstm attention") << true << int(Pooling::Attention);
}

void TestText::aloneEqualsPadded() {
    QFETCH(bool, bidirectional);
    QFETCH(int, pooling);
    Trainer::seed(3);
    const TextModel model(classifierSpec(bidirectional, Pooling(pooling), 2));
    const std::vector<int> shortDoc{5, 6, 7};
    const std::vector<float> alone = model.classify({shortDoc});
    const std::vector<float> batched = model.classify({{9, 8, 7, 6, 5, 4, 3, 2}, shortDoc, {11, 12}});
    for (int k = 0; k < 3; ++k) QVERIFY(std::abs(alone[k] - batched[3 + k]) < 1e-6);
}

void TestText::attentionIgnoresPadding() {
    Trainer::seed(4);
    const TextModel model(classifierSpec(true, Pooling::Attention));
    // Two texts of lengths 6 and 3 in a [2, 6] batch; the second has 3 pad positions.
    std::vector<std::int64_t> tokens{2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0};
    const std::vector<float> zeros = model.classifyPadded(tokens, 2, 6, {6, 3});
    tokens[9] = 17, tokens[10] = 3, tokens[11] = 29;  // garbage where padding was
    const std::vector<float> garbage = model.classifyPadded(tokens, 2, 6, {6, 3});
    for (std::size_t i = 0; i < zeros.size(); ++i) QCOMPARE(zeros[i], garbage[i]);
    // ...whereas a change inside the text does change the answer.
    tokens[8] = 20;
    const std::vector<float> changed = model.classifyPadded(tokens, 2, 6, {6, 3});
    QVERIFY(std::abs(changed[3] - zeros[3]) > 1e-7);
}

void TestText::classifierMatchesPyTorch_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("pooling");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("slice");  // time steps the LSTM runs at once; 0: the default, longer than the batch
    QTest::newRow("bilstm attention 1 layer") << true << int(Pooling::Attention) << 1 << 0;
    QTest::newRow("bilstm attention 2 layers") << true << int(Pooling::Attention) << 2 << 0;
    QTest::newRow("bilstm last 2 layers") << true << int(Pooling::Last) << 2 << 0;
    QTest::newRow("lstm last 1 layer") << false << int(Pooling::Last) << 1 << 0;
    QTest::newRow("lstm attention 3 layers") << false << int(Pooling::Attention) << 3 << 0;
    // Texts of 9, 1, 4, 7 and 2 tokens end inside different slices.
    QTest::newRow("bilstm attention 2 layers, slices of 2") << true << int(Pooling::Attention) << 2 << 2;
    QTest::newRow("bilstm last 2 layers, slices of 4") << true << int(Pooling::Last) << 2 << 4;
    QTest::newRow("lstm attention 3 layers, slices of 3") << false << int(Pooling::Attention) << 3 << 3;
    QTest::newRow("bilstm last 1 layer, slices of 1") << true << int(Pooling::Last) << 1 << 1;
}

void TestText::classifierMatchesPyTorch() {
    QFETCH(bool, bidirectional);
    QFETCH(int, pooling);
    QFETCH(int, layers);
    QFETCH(int, slice);
    Trainer::seed(11 + layers);
    const TextModelSpec spec = classifierSpec(bidirectional, Pooling(pooling), layers);
    TextModel model(spec);
    if (slice) model.setTimeSlice(slice);
    const int batch = 5, time = 9;
    std::mt19937 rng(5);
    std::vector<std::int64_t> tokens(batch * time, 0), lengths{9, 1, 4, 7, 2};
    for (int b = 0; b < batch; ++b)
        for (int t = 0; t < lengths[b]; ++t) tokens[b * time + t] = 2 + rng() % 28;
    const std::vector<float> probs = model.classifyPadded(tokens, batch, time, lengths);

    QJsonObject params;
    for (const auto& p : model.parameters())
        params.insert(QString::fromStdString(p.name), QJsonObject{{"shape", toArray(p.shape)}, {"values", toArray(p.values)}});
    const QJsonObject root{{"spec", QJsonObject{{"vocab", spec.vocabSize}, {"classes", spec.classes},
                                                {"embedding", spec.embeddingDim}, {"hidden", spec.hidden},
                                                {"layers", spec.layers}, {"bidirectional", spec.bidirectional},
                                                {"pooling", pooling == int(Pooling::Last) ? "last" : "attention"}}},
                           {"params", params},
                           {"tokens", toArray(tokens)},
                           {"shape", QJsonArray{batch, time}},
                           {"lengths", toArray(lengths)},
                           {"output", toArray(probs)}};
    QTemporaryDir dir;
    QFile f(dir.filePath("case.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
    f.close();
    QProcess python;
    python.start(STUDIO_PYTHON, {STUDIO_ORACLE_DIR "/text_reference.py", f.fileName()});
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const double diff = QJsonDocument::fromJson(python.readAllStandardOutput()).object()["max_abs_diff"].toDouble(-1);
    QVERIFY2(diff >= 0 && diff <= 1e-5, qPrintable(QString("max abs diff %1").arg(diff)));
}

void TestText::pretrainedVectors() {
    QTemporaryDir dir;
    QFile f(dir.filePath("vectors.txt"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("3 2\nhello 0.5 -1\nworld 2 3.25\nunseen 9 9\n");  // word2vec header line first
    f.close();
    const Vocabulary vocab = Vocabulary::fromTokens({"<pad>", "<unk>", "hello", "there", "world"});
    const std::vector<float> initial(10, 7.0f);
    const WordVectors v = loadWordVectors(f.fileName().toStdString(), vocab, 2, initial);
    QCOMPARE(v.found, std::size_t(2));
    QCOMPARE(v.coverage, 2.0 / 3.0);
    QCOMPARE(v.matrix, (std::vector<float>{7, 7, 7, 7, 0.5f, -1, 7, 7, 2, 3.25f}));
    // A dimension mismatch names the line.
    try {
        loadWordVectors(f.fileName().toStdString(), vocab, 3, std::vector<float>(15, 0.f));
        QFAIL("no error");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("vectors.txt:2:"), e.what());
    }
    // Values the model's floats cannot hold are refused with file and line, like the CSV
    // reader's, instead of training to a diverged model.
    for (const char* value : {"1e50", "inf", "nan"}) {
        QFile bad(dir.filePath("bad.txt"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(QByteArray("hello 0.5 -1\nworld 2 ") + value + "\n");
        bad.close();
        try {
            loadWordVectors(bad.fileName().toStdString(), vocab, 2, initial);
            QFAIL(value);
        } catch (const DataError& e) {
            // inf and nan are no numbers to the parser; 1e50 is one, beyond a float.
            const QString why = QString(value) == "1e50" ? "not a finite number" : "is not a number";
            QVERIFY2(QString(e.what()).contains("bad.txt:2: '" + QString(value) + "'") && QString(e.what()).contains(why),
                     e.what());
        }
    }
    // Frozen vectors stay put in the model.
    TextModelSpec spec = classifierSpec(false, Pooling::Last);
    spec.vocabSize = 5;
    spec.embeddingDim = 2;
    TextModel model(spec);
    model.setEmbedding(v.matrix, true);
    QCOMPARE(model.embedding(), v.matrix);
}

void TestText::classificationMetricsByHand() {
    // truth 0 0 0 1 1 2, predicted 0 0 1 1 2 2
    // class 0: tp 2, predicted 2, true 3 -> P 100, R 66.67, F1 80
    // class 1: tp 1, predicted 2, true 2 -> P 50, R 50, F1 50
    // class 2: tp 1, predicted 2, true 1 -> P 50, R 100, F1 66.67
    const ClassificationMetrics m = classificationMetrics({0, 0, 1, 1, 2, 2}, {0, 0, 0, 1, 1, 2}, 3, 0);
    QCOMPARE(m.accuracy, 100.0 * 4 / 6);
    QVERIFY(std::abs(m.macroF1 - (80.0 + 50.0 + 200.0 / 3) / 3) < 1e-9);
    QCOMPARE(m.precision, (std::vector<double>{100, 50, 50}));
    QCOMPARE(m.support, (std::vector<std::size_t>{3, 2, 1}));
    QCOMPARE(m.confusion[0], (std::vector<std::size_t>{2, 1, 0}));
    QCOMPARE(m.majorityAccuracy, 50.0);
}

QTEST_APPLESS_MAIN(TestText)
#include "test_text.moc"
