// lstm-studio-cli end to end on text: classify and charlm training, the project folder,
// predict, generate, evaluate and resume.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <random>
#include <sys/resource.h>

namespace {

using studio::test::readJson;
using studio::test::readLines;
using studio::test::writeLongTextCsv;
using Result = studio::test::CliResult;

Result cli(const QStringList& args) { return studio::test::runCli(args); }

} // namespace

class TestCliText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void classify();
    void classifyPredictAndEvaluate();
    void charlm();
    void generateContinuesThePrompt();
    void resumeTrainsOn();
    void badInput_data();
    void badInput();
    void longTextIsCut();
    void chineseText();

private:
    QTemporaryDir tmp_;
    QString csv_, txt_;
};

void TestCliText::initTestCase() {
    // Reviews whose class is given away by one word among shared noise, quoted commas included.
    std::mt19937 rng(3);
    const char* noise[] = {"the", "film", "was", "\"long, slow\"", "plot", "cast", "really"};
    QByteArray csv = "id,review,sentiment\n";
    for (int i = 0; i < 400; ++i) {
        QByteArray text;
        for (int k = 0; k < 4; ++k) text += QByteArray(noise[rng() % 7]) + " ";
        const int label = i % 3;
        text += label == 0 ? "awful" : label == 1 ? "superb" : "fine";
        csv += QByteArray::number(i) + ",\"" + text.replace("\"", "\"\"") + "\"," +
               (label == 0 ? "neg" : label == 1 ? "pos" : "mixed") + "\n";
    }
    csv_ = tmp_.filePath("reviews.csv");
    QFile f(csv_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();

    QByteArray text;
    for (int i = 0; i < 300; ++i) text += "the cat sat on the mat. the dog ran to the cat.\n";
    txt_ = tmp_.filePath("story.txt");
    QFile t(txt_);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write(text);
}

void TestCliText::classify() {
    const QString out = tmp_.filePath("cls");
    const Result r = cli({"train", "--task", "classify", "--data", csv_, "--text-column", "review", "--label-column",
                          "sentiment", "--epochs", "4", "--lr", "5e-3", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject m = readJson(out + "/metrics.json");
    QCOMPARE(m["task"].toString(), QString("classify"));
    QCOMPARE(m["split"].toString(), QString("test"));
    QCOMPARE(m["n"].toInt(), 60);  // 400 rows, 15% test
    QVERIFY(m["model"]["accuracy"].toDouble() > 95.0);  // one word decides the class
    QVERIFY(m["model"]["macro_f1"].isDouble());
    QVERIFY(m["majority"]["accuracy"].toDouble() < 50.0);
    // The confusion matrix counts every test text once.
    int total = 0;
    for (const auto& row : m["model"]["confusion"].toArray())
        for (const auto& v : row.toArray()) total += v.toInt();
    QCOMPARE(total, 60);
    const QJsonObject project = readJson(out + "/project.json");
    QCOMPARE(project["task"].toString(), QString("classify"));
    QCOMPARE(project["labels"].toArray(), (QJsonArray{"mixed", "neg", "pos"}));
    QCOMPARE(project["model"]["bidirectional"].toBool(), true);
    const QStringList predictions = readLines(out + "/predictions.csv");
    QCOMPARE(predictions[0], QString("row,label,p_mixed,p_neg,p_pos,true_label"));
    QCOMPARE(predictions.size(), 61);
}

void TestCliText::classifyPredictAndEvaluate() {
    const QString project = tmp_.filePath("cls");
    const QString out = tmp_.filePath("all.csv");
    const Result r = cli({"predict", "--project", project, "--data", csv_, "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList lines = readLines(out);
    QCOMPARE(lines.size(), 401);
    // Row 1 is a "superb" review: class pos, probabilities summing to one.
    const QStringList row1 = lines[2].split(',');
    QCOMPARE(row1[0], QString("1"));
    QCOMPARE(row1[1], QString("pos"));
    QVERIFY(std::abs(row1[2].toDouble() + row1[3].toDouble() + row1[4].toDouble() - 1.0) < 1e-4);
    const Result e = cli({"evaluate", "--project", project});
    QVERIFY2(e.code == 0, qPrintable(e.err));
    const QJsonObject metrics = readJson(project + "/metrics.json");
    const double accuracy = metrics["model"]["accuracy"].toDouble();
    QVERIFY2(e.out.contains(QString("accuracy %1%").arg(accuracy, 0, 'f', 2)), qPrintable(e.out));
}

void TestCliText::charlm() {
    const QString out = tmp_.filePath("lm");
    const Result r = cli({"train", "--task", "charlm", "--data", txt_, "--chunk", "40", "--hidden", "64", "--epochs",
                          "8", "--batch-size", "16", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject m = readJson(out + "/metrics.json");
    QCOMPARE(m["task"].toString(), QString("charlm"));
    const double model = m["model"]["bits_per_char"].toDouble(), unigram = m["unigram"]["bits_per_char"].toDouble();
    // A repeated sentence is nearly predictable; letter frequencies alone are not.
    QVERIFY2(model < 0.5 * unigram, qPrintable(QString("%1 vs %2").arg(model).arg(unigram)));
    QVERIFY(unigram > 2.5);
    const QStringList history = readLines(out + "/history.jsonl");
    QCOMPARE(history.size(), 8);
    // The epoch's metric is bits per character: the loss in nats over ln 2.
    const QJsonObject last = QJsonDocument::fromJson(history.last().toUtf8()).object();
    QVERIFY(std::abs(last["val_metric"].toDouble() - last["val_loss"].toDouble() / std::log(2.0)) < 1e-6);
}

void TestCliText::generateContinuesThePrompt() {
    const Result r = cli({"generate", "--project", tmp_.filePath("lm"), "--prompt", "the cat", "--length", "60",
                          "--temperature", "0.5", "--seed", "4"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString text = r.out.trimmed();
    QVERIFY2(text.startsWith("the cat"), qPrintable(text));
    QVERIFY(text.size() >= 60);
    const Result again = cli({"generate", "--project", tmp_.filePath("lm"), "--prompt", "the cat", "--length", "60",
                              "--temperature", "0.5", "--seed", "4"});
    QCOMPARE(again.out, r.out);  // seeded
    QCOMPARE(cli({"generate", "--project", tmp_.filePath("cls")}).code, 2);  // not a language model
}

void TestCliText::resumeTrainsOn() {
    const QString copy = tmp_.filePath("lm2");
    QDir().mkpath(copy);
    const QString from = tmp_.filePath("lm");
    for (const QString& f : QDir(from).entryList(QDir::Files)) QFile::copy(from + "/" + f, copy + "/" + f);
    const Result r = cli({"resume", "--project", copy, "--epochs", "9"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(readLines(copy + "/history.jsonl").size(), 9);
}

void TestCliText::badInput_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("message");
    QTest::newRow("one class") << QByteArray("review,sentiment\na,pos\nb,pos\nc,pos\n") << "classify"
                               << "only the class 'pos'";
    QTest::newRow("no text") << QByteArray(" \n\n  \n") << "charlm" << "holds no text";
    QTest::newRow("binary") << QByteArray("ab\0cd", 5) << "charlm" << "NUL byte";
    QTest::newRow("latin-1") << QByteArray("caf\xe9 au lait ") << "charlm" << "not valid UTF-8";
}

void TestCliText::badInput() {
    QFETCH(QByteArray, content);
    QFETCH(QString, task);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(task == "classify" ? "in.csv" : "in.txt");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    QStringList args{"train", "--task", task, "--data", path, "--out", dir.filePath("out")};
    if (task == "classify") args << "--text-column" << "review" << "--label-column" << "sentiment";
    const Result r = cli(args);
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

// One 100,000-token text among 100 short ones: the default --max-length cuts it (and says
// so), so an epoch takes what the short texts take, in bounded memory. Without the limit
// such a run took minutes and 3.4 GB.
void TestCliText::longTextIsCut() {
    const QString csv = tmp_.filePath("long.csv");
    QVERIFY(writeLongTextCsv(csv));
    const Result r = cli({"train", "--task", "classify", "--data", csv, "--text-column", "text", "--label-column", "label",
                          "--epochs", "1", "--hidden", "16", "--embedding-dim", "8", "--out", tmp_.filePath("long")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("1 of 100 texts were cut to their first 512 tokens (the longest has 100000)"),
             qPrintable(r.err));
    QCOMPARE(readJson(tmp_.filePath("long/project.json"))["text"].toObject()["max_length"].toInt(), 512);
    struct rusage usage {};
    QVERIFY(getrusage(RUSAGE_CHILDREN, &usage) == 0);
    qInfo("largest child so far: %.0f MB", usage.ru_maxrss / 1024.0);
    QVERIFY2(usage.ru_maxrss < 1024 * 1024, "a child of this test grew past 1 GB");  // KiB
}

// Chinese end to end: a classifier reading characters (--tokenizer char) and a character
// language model over UTF-8 code points, generating Chinese that continues its prompt; the
// word tokenizer says that it split the texts by character.
void TestCliText::chineseText() {
    std::mt19937 rng(5);
    const char* noise[] = {"这部电影", "剧情", "演员们", "节奏很慢", "画面", "配乐", "结局"};
    const char* words[] = {"糟糕", "精彩", "一般"};
    const char* labels[] = {"差评", "好评", "中评"};
    QByteArray csv = "id,评论,评价\n";
    for (int i = 0; i < 300; ++i) {
        QByteArray text;
        for (int k = 0; k < 3; ++k) text += QByteArray(noise[rng() % 7]) + "，";
        text += QByteArray("真") + words[i % 3] + "。";
        csv += QByteArray::number(i) + "," + text + "," + labels[i % 3] + "\n";
    }
    const QString data = tmp_.filePath("评论.csv");
    QFile f(data);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();

    const QString cls = tmp_.filePath("zh-cls");
    const Result r = cli({"train", "--task", "classify", "--data", data, "--text-column", "评论", "--label-column",
                          "评价", "--tokenizer", "char", "--epochs", "4", "--lr", "5e-3", "--out", cls});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(!r.err.contains("Chinese or Japanese"), qPrintable(r.err));  // characters asked for: nothing to say
    const QJsonObject m = readJson(cls + "/metrics.json");
    QVERIFY2(m["model"]["accuracy"].toDouble() > 90.0, qPrintable(QString::number(m["model"]["accuracy"].toDouble())));
    QCOMPARE(readJson(cls + "/project.json")["labels"].toArray(), (QJsonArray{"中评", "好评", "差评"}));
    const QString predicted = tmp_.filePath("zh-predictions.csv");
    const Result p = cli({"predict", "--project", cls, "--data", data, "--out", predicted});
    QVERIFY2(p.code == 0, qPrintable(p.err));
    const QStringList lines = readLines(predicted);
    QCOMPARE(lines.size(), 301);
    QCOMPARE(lines[2].split(',')[1], QString("好评"));  // row 1: 真精彩

    // The word tokenizer splits the same texts by character, and says so.
    const Result w = cli({"train", "--task", "classify", "--data", data, "--text-column", "评论", "--label-column",
                          "评价", "--epochs", "1", "--out", tmp_.filePath("zh-words")});
    QVERIFY2(w.code == 0, qPrintable(w.err));
    QVERIFY2(w.err.contains("300 texts hold Chinese or Japanese"), qPrintable(w.err));  // a note of the data report

    QByteArray story;
    for (int i = 0; i < 300; ++i) story += "小猫坐在垫子上。小狗跑向小猫。\n";
    const QString txt = tmp_.filePath("故事.txt");
    QFile t(txt);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write(story);
    t.close();
    const QString lm = tmp_.filePath("zh-lm");
    const Result l = cli({"train", "--task", "charlm", "--data", txt, "--chunk", "20", "--hidden", "64", "--epochs",
                          "6", "--batch-size", "16", "--out", lm});
    QVERIFY2(l.code == 0, qPrintable(l.err));
    const QJsonObject lmMetrics = readJson(lm + "/metrics.json");
    const double model = lmMetrics["model"]["bits_per_char"].toDouble();
    const double unigram = lmMetrics["unigram"]["bits_per_char"].toDouble();
    QVERIFY2(model < 0.5 * unigram, qPrintable(QString("%1 vs %2").arg(model).arg(unigram)));
    const Result g =
        cli({"generate", "--project", lm, "--prompt", "小猫", "--length", "30", "--temperature", "0.5", "--seed", "4"});
    QVERIFY2(g.code == 0, qPrintable(g.err));
    const QString text = g.out.trimmed();
    QVERIFY2(text.startsWith(QString("小猫")), qPrintable(text));
    // Code points, not bytes: 30 characters or more, every one of them from the story.
    const QList<uint> generated = text.toUcs4();
    QVERIFY2(generated.size() >= 30, qPrintable(text));
    const QList<uint> alphabet = QString::fromUtf8(story).toUcs4();
    for (const uint c : generated) QVERIFY2(alphabet.contains(c), qPrintable(text));
}

QTEST_APPLESS_MAIN(TestCliText)
#include "test_cli_text.moc"
