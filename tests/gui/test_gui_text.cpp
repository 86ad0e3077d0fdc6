// Text tasks from the window: open a labeled CSV, train a classifier with the Train
// button and check the results view against the metrics.json core wrote; open a plain
// text file, train a character language model, check bits per character and generate;
// reopen the language model's project folder.

#include "workspace/char_lm_results_view.h"
#include "workspace/classify_results_view.h"
#include "data/csv_reader.h"
#include "test_support.h"
#include "workspace/text_data_panel.h"
#include "workspace/text_workspace.h"
#include "widgets/training_charts.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSpinBox>
#include <QTemporaryDir>

#include <cmath>
#include <random>

using namespace studio;

namespace {

QJsonObject readMetrics(const QString& dir) {
    QFile file(QDir(dir).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

void setTextSpin(MainWindow& window, const char* name, int value) {
    auto* box = window.findChild<QSpinBox*>(QString::fromLatin1(name));
    QVERIFY2(box, name);
    box->setValue(value);
}

bool trainByClicking(MainWindow& window) {
    if (!window.actions().train->isEnabled()) return false;
    QSignalSpy finished(&window, &MainWindow::trainingFinished);
    QToolButton* train = test::buttonFor(window, window.actions().train);
    if (!train) return false;
    QTest::mouseClick(train, Qt::LeftButton);
    return finished.wait(120000) && finished.first().first().toBool();
}

}  // namespace

class TestGuiText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void guessesColumns_data();
    void guessesColumns();
    void classifyCsv();
    void characterLanguageModel();
    void forecastCsvLeavesTextMode();

private:
    QTemporaryDir dir_;
};

void TestGuiText::initTestCase() {
    test::isolateSettings();
    QVERIFY(dir_.isValid());
    // 200 short texts, two classes told apart by their words; an id column to be ignored.
    std::mt19937 rng(7);
    const QStringList good = {QStringLiteral("good"), QStringLiteral("great"), QStringLiteral("happy"),
                              QStringLiteral("fine")};
    const QStringList bad = {QStringLiteral("bad"), QStringLiteral("awful"), QStringLiteral("sad"),
                             QStringLiteral("terrible")};
    const QStringList filler = {QStringLiteral("the"), QStringLiteral("day"), QStringLiteral("was"),
                                QStringLiteral("movie"), QStringLiteral("food")};
    QFile csv(dir_.filePath(QStringLiteral("reviews.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,text,label\n");
    for (int i = 0; i < 200; ++i) {
        const bool positive = i % 2 == 0;
        const QStringList& words = positive ? good : bad;
        QStringList text;
        for (int k = 0; k < 6; ++k) text << (k % 2 ? words[rng() % words.size()] : filler[rng() % filler.size()]);
        csv.write(QStringLiteral("%1,%2,%3\n")
                      .arg(i)
                      .arg(text.join(QLatin1Char(' ')), positive ? QStringLiteral("pos") : QStringLiteral("neg"))
                      .toUtf8());
    }
    csv.close();
    QVERIFY(test::writeStory(dir_.filePath(QStringLiteral("story.txt"))));
}

void TestGuiText::guessesColumns_data() {
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("text");
    QTest::newRow("named label") << QStringLiteral("title,body,Category\na,long text here,x\nb,more long text,y\n")
                                 << QStringLiteral("Category") << QStringLiteral("body");
    QTest::newRow("few distinct values")
        << QStringLiteral("id,review,stars\n1,very good film,5\n2,bad film,1\n3,good one,5\n4,poor,1\n")
        << QStringLiteral("stars") << QStringLiteral("review");
    QTest::newRow("text label column")
        << QStringLiteral("sentiment,sentence\npos,what a lovely day\nneg,awful weather today\npos,nice\n")
        << QStringLiteral("sentiment") << QStringLiteral("sentence");
}

void TestGuiText::guessesColumns() {
    QFETCH(QString, csv);
    QFETCH(QString, label);
    QFETCH(QString, text);
    const CsvTable table = parseCsv(csv.toStdString(), "test.csv");
    QCOMPARE(TextDataPanel::guessLabelColumn(table), label);
    QCOMPARE(TextDataPanel::guessTextColumn(table, label), text);
}

void TestGuiText::classifyCsv() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.actions().openText->isEnabled());
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    window.openText(dir_.filePath(QStringLiteral("reviews.csv")));
    QVERIFY(loaded.wait(20000));
    QVERIFY(isTextTask(window.task()));
    TextDataPanel* data = window.textWorkspace()->dataPanel();
    QVERIFY(data->task() == TaskKind::Classify);
    QCOMPARE(data->labelColumn(), QStringLiteral("label"));
    QCOMPARE(data->textColumn(), QStringLiteral("text"));
    const auto balance = data->classBalance();
    QCOMPARE(balance.size(), 2);
    QCOMPARE(balance[0].second + balance[1].second, 200);

    // Small and quick; attention pooling so that the weights can be drawn.
    setTextSpin(window, "embeddingDim", 16);
    test::setSpin(window, "hidden", 16);
    test::setSpin(window, "epochs", 2);
    test::setSpin(window, "patience", 0);
    auto* pooling = window.findChild<QComboBox*>(QStringLiteral("pooling"));
    QVERIFY(pooling);
    pooling->setCurrentIndex(1);
    QVERIFY(trainByClicking(window));

    const QJsonObject metrics = readMetrics(window.projectDir());
    QCOMPARE(metrics.value(QLatin1String("task")).toString(), QStringLiteral("classify"));
    const long long n = metrics.value(QLatin1String("n")).toInteger();
    QVERIFY(n > 0);
    ClassifyResultsView* view = window.textWorkspace()->classifyView();
    QVERIFY(view->isVisible());
    QCOMPARE(view->confusionTotal(), n);
    QCOMPARE(static_cast<long long>(view->misclassifiedCount()), view->confusionOffDiagonal());
    QCOMPARE(view->shownAccuracy(),
             metrics.value(QLatin1String("model")).toObject().value(QLatin1String("accuracy")).toDouble());
    QCOMPARE(window.charts()->metricPointCount(), 2);

    QSignalSpy shown(view, &ClassifyResultsView::textClassified);
    view->explain(QStringLiteral("the food was great"));
    QVERIFY(shown.wait(20000));
    QCOMPARE(shown.first().first().toInt(), 4);
    const auto tokens = view->findChildren<QLabel*>(QStringLiteral("attentionToken"));
    QCOMPARE(tokens.size(), 4);
    for (QLabel* token : tokens) QVERIFY(token->toolTip().startsWith(QStringLiteral("weight ")));

    // The project folder opens again with the same confusion matrix.
    MainWindow reopened;
    QVERIFY(test::openProjectAndWait(reopened, window.projectDir()));
    QVERIFY(isTextTask(reopened.task()));
    ClassifyResultsView* again = reopened.textWorkspace()->classifyView();
    QCOMPARE(again->confusionTotal(), n);
    QCOMPARE(again->confusionOffDiagonal(), view->confusionOffDiagonal());
    QCOMPARE(again->misclassifiedCount(), view->misclassifiedCount());
    QCOMPARE(reopened.charts()->metricPointCount(), 2);

    // A model that pools its last states classifies a typed text too: probabilities, and
    // its tokens without weights.
    window.setAsk(test::answerWith(MainWindow::Choice::Discard));
    pooling->setCurrentIndex(0);
    QVERIFY(trainByClicking(window));
    shown.clear();
    view->explain(QStringLiteral("the food was bad"));
    QVERIFY(shown.wait(20000));
    QCOMPARE(shown.first().first().toInt(), 4);
    const auto plain = view->findChildren<QLabel*>(QStringLiteral("attentionToken"));
    QCOMPARE(plain.size(), 4);
    for (QLabel* token : plain) QVERIFY(token->toolTip().isEmpty());
    bool probabilities = false;
    for (QLabel* label : view->findChildren<QLabel*>())
        probabilities = probabilities || label->text().startsWith(QStringLiteral("Class probabilities: "));
    QVERIFY(probabilities);
}

void TestGuiText::characterLanguageModel() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    window.openText(dir_.filePath(QStringLiteral("story.txt")));
    QVERIFY(loaded.wait(20000));
    QVERIFY(window.textWorkspace()->dataPanel()->task() == TaskKind::CharLm);
    test::setSpin(window, "hidden", 32);
    test::setSpin(window, "epochs", 1);
    test::setSpin(window, "patience", 0);
    QVERIFY(trainByClicking(window));

    const QJsonObject metrics = readMetrics(window.projectDir());
    QCOMPARE(metrics.value(QLatin1String("task")).toString(), QStringLiteral("charlm"));
    const double bits =
        metrics.value(QLatin1String("model")).toObject().value(QLatin1String("bits_per_char")).toDouble();
    CharLmResultsView* view = window.textWorkspace()->charLmView();
    QVERIFY(view->isVisible());
    QVERIFY(bits > 0);
    QVERIFY2(std::abs(view->shownBitsPerChar() - bits) <= 1e-9 * bits,
             qPrintable(QStringLiteral("%1 vs %2").arg(view->shownBitsPerChar()).arg(bits)));
    QCOMPARE(window.charts()->metricPointCount(), 1);

    QSignalSpy generated(view, &CharLmResultsView::generated);
    view->generate(QStringLiteral("The cat"));
    QVERIFY(generated.wait(20000));
    const QString text = generated.first().first().toString();
    QVERIFY2(text.startsWith(QStringLiteral("The cat")), qPrintable(text));
    QVERIFY(text.size() > 7);
    // A seed writes the same text again; the default, random, a new one each time.
    auto generateOnce = [&] {
        generated.clear();
        view->generate(QStringLiteral("The cat"));
        return generated.wait(20000) ? generated.first().first().toString() : QString();
    };
    view->findChild<QDoubleSpinBox*>(QStringLiteral("temperature"))->setValue(2.0);
    view->findChild<QSpinBox*>(QStringLiteral("length"))->setValue(200);
    auto* seed = view->findChild<QSpinBox*>(QStringLiteral("seed"));
    QCOMPARE(seed->value(), 0);
    QCOMPARE(seed->text(), QStringLiteral("random"));
    const QString firstRandom = generateOnce(), secondRandom = generateOnce();
    QVERIFY(firstRandom.size() > 7 && secondRandom.size() > 7);
    QVERIFY2(firstRandom != secondRandom, qPrintable(firstRandom));
    seed->setValue(7);
    const QString firstSeeded = generateOnce();
    QCOMPARE(generateOnce(), firstSeeded);

    // The project folder opens again with its history and results.
    MainWindow reopened;
    QVERIFY(test::openProjectAndWait(reopened, window.projectDir()));
    QVERIFY(isTextTask(reopened.task()));
    QCOMPARE(reopened.charts()->epochPointCount(), 1);
    QCOMPARE(reopened.charts()->metricPointCount(), 1);
    QVERIFY(std::abs(reopened.textWorkspace()->charLmView()->shownBitsPerChar() - bits) <= 1e-9 * bits);
}

void TestGuiText::forecastCsvLeavesTextMode() {
    MainWindow window;
    QSignalSpy loaded(&window, &MainWindow::dataLoaded);
    window.openText(dir_.filePath(QStringLiteral("reviews.csv")));
    QVERIFY(loaded.wait(20000));
    QVERIFY(isTextTask(window.task()));
    QVERIFY(!window.modelPanel()->findChild<QSpinBox*>(QStringLiteral("window"))->isVisibleTo(window.modelPanel()));
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    QVERIFY(!isTextTask(window.task()));
    QVERIFY(window.modelPanel()->task() == TaskKind::Forecast);
    QVERIFY(window.modelPanel()->findChild<QSpinBox*>(QStringLiteral("window"))->isVisibleTo(window.modelPanel()));
    QTRY_VERIFY(window.actions().train->isEnabled());
    QVERIFY(window.actions().openText->isEnabled());
}

QTEST_MAIN(TestGuiText)
#include "test_gui_text.moc"
