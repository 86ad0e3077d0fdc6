// Model > Quantize… and Model > Benchmark… on a project written by lstm-studio-cli: the
// dialogs' tables and charts against the core reports they show (the quantize dialog on a
// text classifier too), and a cancelled benchmark.
// File > Export ONNX… on a forecast and a text project: the file and the summary shown;
// its opset and int8 options write the file the CLI's --opset and --int8 write.

#include "shell/benchmark_dialog.h"
#include "shell/message_bar.h"
#include "shell/onnx_export_dialog.h"
#include "shell/quantize_dialog.h"
#include "test_support.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QLineSeries>
#include <QMessageBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>

#ifdef STUDIO_WITH_ONNX
#include "jobs/onnx_export.h"
#endif

using namespace studio;

namespace {

// Answers the modal dialogs of File > Export ONNX… as a user would: types `path` into the
// export dialog, sets its opset (0: leaves the one offered) and int8 box, then reads and
// closes the message box that follows. Keeps what the export dialog offered.
class DialogAnswerer : public QObject {
    Q_OBJECT
public:
    explicit DialogAnswerer(const QString& path, int opset = 0, bool int8 = false)
        : path_(path), opset_(opset), int8_(int8) {
        connect(&timer_, &QTimer::timeout, this, &DialogAnswerer::answer);
        timer_.start(50);
    }

    int offeredOpset = 0;
    bool offeredInt8 = true;
    QString offeredPath, int8Path;  // int8Path: the path after ticking int8

Q_SIGNALS:
    void messageShown(const QString& title, const QString& text);

private:
    void answer() {
        QWidget* modal = QApplication::activeModalWidget();
        if (auto* dialog = qobject_cast<OnnxExportDialog*>(modal)) {
            offeredOpset = dialog->opset();
            offeredInt8 = dialog->int8();
            offeredPath = dialog->path();
            dialog->setInt8(true);
            int8Path = dialog->path();
            dialog->setInt8(int8_);
            dialog->setPath(path_);
            if (opset_) dialog->setOpset(opset_);
            dialog->accept();
        } else if (auto* box = qobject_cast<QMessageBox*>(modal)) {
            timer_.stop();
            const QString title = box->windowTitle(), text = box->text();
            box->accept();
            Q_EMIT messageShown(title, text);
        }
    }

    QString path_;
    int opset_ = 0;
    bool int8_ = false;
    QTimer timer_;
};

}  // namespace

class TestGuiDeploy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void quantize();
    void quantizeText();
    void benchmark();
    void cancelBenchmark();
    void exportOnnx_data();
    void exportOnnx();
    void exportOnnxOptionsMatchTheCli();

private:
    QTemporaryDir dir_;
    QString project_;
};

void TestGuiDeploy::initTestCase() {
    test::isolateSettings();
    project_ = dir_.filePath(QStringLiteral("cli-project"));
    const test::CliRun train = test::trainSunspots(project_, {"--epochs", "1", "--window", "30"});
    QVERIFY2(train.ok(), qPrintable(train.error));
}

void TestGuiDeploy::quantize() {
#ifndef STUDIO_WITH_ONEDNN
    QSKIP("quantization needs a build with oneDNN");
#endif
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));
    QVERIFY(window.actions().quantize->isEnabled());
    window.actions().quantize->trigger();  // opens the dialog and starts the job
    QuantizeDialog* dialog = window.quantizeDialog();
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &QuantizeDialog::finished);
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->errorText()));
    QVERIFY(!dialog->isRunning());
    const QuantizeReport& r = *dialog->report();
    QVERIFY(r.int8Bytes > 0);
    QVERIFY(r.int8Bytes < r.fp32Bytes);
    const QTableWidget* table = dialog->table();
    QCOMPARE(table->item(0, 1)->text(), QString::number(r.fp32Bytes));
    QCOMPARE(table->item(0, 2)->text(), QString::number(r.int8Bytes));
    QCOMPARE(table->item(2, 1)->text(), QString::number(r.fp32.rmse, 'f', 4));
    QCOMPARE(table->item(2, 2)->text(), QString::number(r.int8.rmse, 'f', 4));
    QVERIFY(QFileInfo::exists(QDir(project_).filePath(QStringLiteral("model.int8.bin"))));

    // Truth, fp32 and int8 lines: the first horizon step of every test window.
    const auto series = dialog->chart()->series();
    QCOMPARE(series.size(), 3);
    const std::size_t h = r.horizon;
    const std::vector<double>* values[] = {&r.truth, &r.fp32Pred, &r.int8Pred};
    for (int s = 0; s < 3; ++s) {
        const QList<QPointF> points = static_cast<QLineSeries*>(series[s])->points();
        QCOMPARE(std::size_t(points.size()), r.fp32.n);
        for (int i : {0, int(points.size()) / 2, int(points.size()) - 1}) {
            QCOMPARE(points[i].x(), double(r.rows[i]));
            QCOMPARE(points[i].y(), (*values[s])[std::size_t(i) * h]);
        }
    }
}

void TestGuiDeploy::quantizeText() {
#ifndef STUDIO_WITH_ONEDNN
    QSKIP("quantization needs a build with oneDNN");
#endif
    // The dialog on a text classifier: accuracy and macro F1 in the table, no chart.
    const QString dir = dir_.filePath(QStringLiteral("spam"));
    const test::CliRun train = test::runCli(
        {QStringLiteral("train"), QStringLiteral("--task"), QStringLiteral("classify"), QStringLiteral("--data"),
         test::dataset("spam_subjects.csv"), QStringLiteral("--text-column"), QStringLiteral("subject"),
         QStringLiteral("--label-column"), QStringLiteral("label"), QStringLiteral("--epochs"), QStringLiteral("1"),
         QStringLiteral("--hidden"), QStringLiteral("32"), QStringLiteral("--out"), dir});
    QVERIFY2(train.ok(), qPrintable(train.error));
    // Through the menu, as a user opens it: Model > Quantize… on the open text project.
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, dir));
    QVERIFY(isTextTask(window.task()));
    QVERIFY(window.actions().quantize->isEnabled());
    QVERIFY(window.actions().benchmark->isEnabled());
    window.actions().quantize->trigger();
    QVERIFY(window.quantizeDialog());
    QuantizeDialog& dialog = *window.quantizeDialog();
    QSignalSpy finished(&dialog, &QuantizeDialog::finished);
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    const QuantizeReport& r = *dialog.report();
    QVERIFY(r.task == TaskKind::Classify);
    const QTableWidget* table = dialog.table();
    QCOMPARE(table->item(0, 2)->text(), QString::number(r.int8Bytes));
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("Accuracy (%)"));
    QCOMPARE(table->item(1, 1)->text(), QString::number(r.classifyFp32.accuracy, 'f', 2));
    QCOMPARE(table->item(1, 2)->text(), QString::number(r.classifyInt8.accuracy, 'f', 2));
    QCOMPARE(table->item(2, 1)->text(), QString::number(r.classifyFp32.macroF1, 'f', 4));
    QVERIFY(dialog.chart()->series().isEmpty());
    QVERIFY(QFileInfo::exists(QDir(dir).filePath(QStringLiteral("model.int8.json"))));
}

void TestGuiDeploy::benchmark() {
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));
    QVERIFY(window.actions().benchmark->isEnabled());
    window.actions().benchmark->trigger();
    BenchmarkDialog* dialog = window.benchmarkDialog();
    QVERIFY(dialog);
    BenchConfig config;
    config.iterations = 20;
    config.warmup = 2;
    config.trainBatches = 3;
    config.batches = {1, 4};
    dialog->setConfig(config);
    QCOMPARE(dialog->config().batches, config.batches);
    QSignalSpy finished(dialog, &BenchmarkDialog::finished);
    QVERIFY(dialog->start());
    QVERIFY(!dialog->start());  // one at a time
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->errorText()));
    const BenchReport& r = *dialog->report();
    QVERIFY(!r.cancelled);
    QCOMPARE(r.trainBatchesTimed, 3);
#ifdef STUDIO_WITH_ONEDNN
    QCOMPARE(r.backends.size(), std::size_t(3));
#endif

    // One row per backend × batch size, in the report's order and rounding.
    const QTableWidget* table = dialog->table();
    QCOMPARE(table->rowCount(), int(r.backends.size() * config.batches.size()));
    int row = 0;
    for (const BenchBackend& b : r.backends) {
        QCOMPARE(b.timings.size(), config.batches.size());
        for (const BenchTiming& t : b.timings) {
            QCOMPARE(t.iterations, 20);
            QCOMPARE(table->item(row, 0)->text(), QString::fromStdString(b.name));
            QCOMPARE(table->item(row, 1)->text(), QString::number(t.batch));
            QCOMPARE(table->item(row, 2)->text(), QString::number(t.meanUs, 'f', 1));
            QCOMPARE(table->item(row, 5)->text(), QString::number(t.p99Us, 'f', 1));
            QCOMPARE(table->item(row, 7)->text(), QString::number(b.bytes));
            ++row;
        }
    }

    // The accuracy column says what it measures.
    QVERIFY(table->horizontalHeaderItem(8)->toolTip().contains(QStringLiteral("minus the trained model's")));
    // The charts show batch 1: mean per backend, and p50/p95/p99 per backend.
    QCOMPARE(dialog->chartBatch(), 1);
    const QList<QBarSet*> mean = dialog->meanSeries()->barSets();
    const QList<QBarSet*> percentiles = dialog->percentileSeries()->barSets();
    QCOMPARE(mean.size(), 1);
    QCOMPARE(percentiles.size(), 3);
    // Whole backend names under the bars, one word a line ("libtorch-f…" did not fit).
    QBarCategoryAxis* names = nullptr;
    for (QAbstractAxis* axis : dialog->meanSeries()->attachedAxes())
        if (auto* categories = qobject_cast<QBarCategoryAxis*>(axis)) names = categories;
    QVERIFY(names);
    QStringList expected;
    for (const BenchBackend& b : r.backends) expected << QString::fromStdString(b.name).replace('-', "<br>");
    QCOMPARE(names->categories(), expected);
    for (int i = 0; i < int(r.backends.size()); ++i) {
        const BenchTiming& t = r.backends[std::size_t(i)].timings.front();
        QCOMPARE(t.batch, 1);
        QCOMPARE(mean[0]->at(i), t.meanUs);
        QCOMPARE(percentiles[0]->at(i), t.p50Us);
        QCOMPARE(percentiles[1]->at(i), t.p95Us);
        QCOMPARE(percentiles[2]->at(i), t.p99Us);
    }

    const QString json = dir_.filePath(QStringLiteral("bench.json")), md = dir_.filePath(QStringLiteral("bench.md"));
    QVERIFY(dialog->saveJson(json));
    QVERIFY(dialog->saveMarkdown(md));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray::fromStdString(benchReportJson(r)));
    QVERIFY(QFileInfo(md).size() > 0);
}

void TestGuiDeploy::cancelBenchmark() {
    BenchmarkDialog dialog(project_);
    BenchConfig config;
    config.iterations = 1000000;  // would run for minutes
    config.trainBatches = 0;
    config.batches = {1};
    dialog.setConfig(config);
    QSignalSpy finished(&dialog, &BenchmarkDialog::finished);
    QVERIFY(dialog.start());
    dialog.cancel();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!dialog.isRunning());
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QVERIFY(dialog.report()->cancelled);

    // It can run again after a cancel; destroying it mid-run cancels and waits.
    QVERIFY(dialog.start());
}

void TestGuiDeploy::exportOnnx_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("expected");  // in the summary, in this order
    QTest::newRow("forecast") << QStringLiteral("forecast")
                              << QStringList{QStringLiteral("opset 14"), QStringLiteral("LSTM ×"),
                                             QStringLiteral("<b>input</b></td><td>float32 [batch, 30, 1]"),
                                             QStringLiteral("<b>output</b></td><td>float32 [batch, 1]"),
                                             QStringLiteral("Checker: passed")};
    QTest::newRow("charlm") << QStringLiteral("charlm")
                            << QStringList{QStringLiteral("opset 14"),
                                           QStringLiteral("LSTM ×2"),
                                           QStringLiteral("<b>tokens</b></td><td>int64 [batch, seq]"),
                                           QStringLiteral("<b>h0</b></td><td>float32 [2, batch, 8]"),
                                           QStringLiteral("<b>logits</b></td><td>float32 [batch, seq, "),
                                           QStringLiteral("<b>cn</b></td><td>float32 [2, batch, 8]"),
                                           QStringLiteral("Checker: passed")};
}

void TestGuiDeploy::exportOnnx() {
#ifndef STUDIO_WITH_ONNX
    QSKIP("ONNX export needs a build with libonnx-dev");
#endif
    QFETCH(QString, kind);
    QFETCH(QStringList, expected);
    QString project = project_;
    if (kind == QStringLiteral("charlm")) {
        const QString text = dir_.filePath(QStringLiteral("story.txt"));
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 100; ++i) file.write("the cat sat on the mat. the dog ran to the cat.\n");
        file.close();
        project = dir_.filePath(QStringLiteral("charlm-project"));
        const test::CliRun train = test::runCli(
            {QStringLiteral("train"), QStringLiteral("--task"), QStringLiteral("charlm"), QStringLiteral("--data"),
             text, QStringLiteral("--chunk"), QStringLiteral("20"), QStringLiteral("--hidden"), QStringLiteral("8"),
             QStringLiteral("--layers"), QStringLiteral("2"), QStringLiteral("--epochs"), QStringLiteral("1"),
             QStringLiteral("--out"), project});
        QVERIFY2(train.ok(), qPrintable(train.error));
    }
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project));
    QCOMPARE(isTextTask(window.task()), kind != QStringLiteral("forecast"));
    QVERIFY(window.actions().exportOnnx->isEnabled());

    const QString out = dir_.filePath(kind + QStringLiteral(".onnx"));
    DialogAnswerer answerer(out);
    QSignalSpy shown(&answerer, &DialogAnswerer::messageShown);
    window.actions().exportOnnx->trigger();
    QVERIFY(shown.wait(60000));
    QCOMPARE(shown.first().at(0).toString(), QStringLiteral("ONNX export"));
    const QString summary = shown.first().at(1).toString();
    QVERIFY2(QFileInfo::exists(out), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("(%1 KiB)").arg(QFileInfo(out).size() / 1024.0, 0, 'f', 1)),
             qPrintable(summary));
    qsizetype at = 0;
    for (const QString& part : expected) {
        const qsizetype found = summary.indexOf(part, at);
        QVERIFY2(found >= 0, qPrintable(part + QStringLiteral(" not in: ") + summary));
        at = found;
    }
    QVERIFY(window.actions().exportOnnx->isEnabled());
    // The dialog offered the CLI's defaults: opset 14, float32 weights (text: int8 disabled).
#ifdef STUDIO_WITH_ONNX
    QCOMPARE(answerer.offeredOpset, OnnxExportOptions{}.opset);
#endif
    QVERIFY(!answerer.offeredInt8);
    QVERIFY2(answerer.offeredPath.endsWith(QStringLiteral("/model.onnx")), qPrintable(answerer.offeredPath));
    if (kind == QStringLiteral("forecast"))
        QVERIFY2(answerer.int8Path.endsWith(QStringLiteral("/model.int8.onnx")), qPrintable(answerer.int8Path));
    else
        QCOMPARE(answerer.int8Path, answerer.offeredPath);  // the box is disabled
}

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Opset 17 with int8 weights from the GUI gives the very bytes of `export-onnx --opset 17
// --int8`; an export that failed (a missing folder) leaves an error that the next export,
// which succeeds, takes down.
void TestGuiDeploy::exportOnnxOptionsMatchTheCli() {
#ifndef STUDIO_WITH_ONNX
    QSKIP("ONNX export needs a build with libonnx-dev");
#else
    const int opset = 17;
    QVERIFY(newestOnnxOpset() >= opset);
    const QString cliOut = dir_.filePath(QStringLiteral("cli.int8.onnx"));
    const test::CliRun exported =
        test::runCli({QStringLiteral("export-onnx"), QStringLiteral("--project"), project_, QStringLiteral("--out"),
                      cliOut, QStringLiteral("--opset"), QString::number(opset), QStringLiteral("--int8")});
    QVERIFY2(exported.ok(), qPrintable(exported.error));
    MainWindow window;
    QVERIFY(test::openProjectAndWait(window, project_));

    QSignalSpy shownInBar(window.messageBar(), &MessageBar::messageShown);
    {
        DialogAnswerer answerer(dir_.filePath(QStringLiteral("no-such-folder/model.onnx")), opset, true);
        window.actions().exportOnnx->trigger();
        QVERIFY(shownInBar.wait(60000));
    }
    QCOMPARE(window.messageBar()->level(), MessageBar::Level::Error);
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("ONNX export failed")),
             qPrintable(window.messageBar()->text()));

    const QString guiOut = dir_.filePath(QStringLiteral("gui.int8.onnx"));
    DialogAnswerer answerer(guiOut, opset, true);
    QSignalSpy shown(&answerer, &DialogAnswerer::messageShown);
    window.actions().exportOnnx->trigger();
    QVERIFY(shown.wait(60000));
    const QString summary = shown.first().at(1).toString();
    QVERIFY2(summary.contains(QStringLiteral("opset %1").arg(opset)) &&
                 summary.contains(QStringLiteral("DynamicQuantizeLSTM")),
             qPrintable(summary));
    QVERIFY(!window.messageBar()->isShowingMessage());
    const QByteArray gui = fileBytes(guiOut), cli = fileBytes(cliOut);
    QVERIFY(!cli.isEmpty());
    QVERIFY2(gui == cli, "the GUI's file differs from the CLI's");
#endif
}

QTEST_MAIN(TestGuiDeploy)
#include "test_gui_deploy.moc"
