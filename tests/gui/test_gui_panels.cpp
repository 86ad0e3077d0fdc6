// The GUI's parts on their own, without training: column-role guesses, the data panel's
// report and split bands, the model panel's presets and inline validation, settings,
// the event-loop monitor, the charts' replot throttle and the prediction view.

#include "shell/about_dialog.h"
#include "workspace/column_roles.h"
#include "workspace/csv_cells.h"
#include "data/csv_reader.h"
#include "data/series_dataset.h"
#include "workspace/data_panel.h"
#include "shell/event_loop_monitor.h"
#include "workspace/model_panel.h"
#include "workspace/prediction_data.h"
#include "workspace/prediction_view.h"
#include "shell/studio_settings.h"
#include "shell/tool_tip_wrapper.h"
#include "test_support.h"
#include "widgets/live_plot.h"
#include "widgets/training_charts.h"
#include "base/versions.h"
#include "jobs/component_versions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QTableWidget>
#include <QToolTip>
#include <QUrl>

#include <chrono>
#include <cmath>
#include <thread>

using namespace studio;

class TestGuiPanels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void roleGuesses_data();
    void roleGuesses();
    void rolesToSpec();
    void lagCheck();
    void dataPanelReportAndBands();
    void modelPanelPresets();
    void modelPanelValidation();
    void recentFiles();
    void eventLoopMonitorSeesABlockedLoop();
    void chartsRedrawOnceForManyBatches();
    void predictionView();
    void aboutListsLibraryVersions();
    void toolTipsWrap();
    void tabLeavesTheDataPreview();
};

void TestGuiPanels::roleGuesses_data() {
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("time");
    QTest::addColumn<QString>("target");
    QTest::newRow("ohlcv") << "date,open,high,low,close,volume\n2020-01-01,1,2,0.5,1.5,100\n2020-01-02,1,2,0.5,1.6,90\n"
                           << "date"
                           << "close";
    QTest::newRow("sunspots") << "\"month\",\"sunspots\"\n\"1749-01\",58\n\"1749-02\",62.6\n"
                              << "month"
                              << "sunspots";
    QTest::newRow("no-date-last-numeric") << "a,b,label\n1,2,x\n3,4,y\n"
                                          << ""
                                          << "b";
    QTest::newRow("adj-close-any-case") << "Day,Open,Adj Close\n2020-01-01,1,2\n2020-01-02,1,3\n"
                                        << "Day"
                                        << "Adj Close";
    QTest::newRow("text-only") << "label,subject\nham,hello\nspam,buy\n"
                               << ""
                               << "";
}

void TestGuiPanels::roleGuesses() {
    QFETCH(QString, csv);
    QFETCH(QString, time);
    QFETCH(QString, target);
    const CsvTable table = parseCsv(csv.toStdString(), "memory.csv");
    const ColumnRoles roles = ColumnRoles::guess(table);
    QCOMPARE(roles.time(), time);
    QCOMPARE(roles.target(), target);
    QVERIFY(roles.features().isEmpty());
}

void TestGuiPanels::rolesToSpec() {
    const CsvTable table = parseCsv("date,open,close\n2020-01-01,1,2\n2020-01-02,2,3\n", "memory.csv");
    ColumnRoles roles = ColumnRoles::guess(table);
    SeriesSpec spec;
    roles.applyTo(spec);
    QCOMPARE(spec.target, std::string("close"));
    QCOMPARE(spec.timeColumn, std::string("date"));
    QVERIFY(spec.features.empty());  // the target alone is the input
    roles.setRole(1, ColumnRole::Feature);
    roles.applyTo(spec);
    QCOMPARE(spec.features, (std::vector<std::string>{"close", "open"}));
    // One target at a time: making open the target frees close.
    roles.setRole(1, ColumnRole::Target);
    QCOMPARE(roles.target(), QStringLiteral("open"));
    QCOMPARE(roles.role(2), ColumnRole::Ignored);
    // A project's spec maps back onto the table.
    SeriesSpec project;
    project.target = "open";
    project.features = {"open", "close"};
    const ColumnRoles back = ColumnRoles::fromSpec(table, project);
    QCOMPARE(back.target(), QStringLiteral("open"));
    QCOMPARE(back.features(), QStringList{QStringLiteral("close")});
    QCOMPARE(back.time(), QStringLiteral("date"));
}

void TestGuiPanels::lagCheck() {
    // Predictions that repeat the previous truth: the lagged MAE is 0, the aligned one
    // (|1-2| + |2-4| + |4-7| + |7-11|) / 4 = 2.5.
    const std::vector<double> truth{1, 2, 4, 7, 11};
    const LagCheck copy = LagCheck::compute({0, 1, 2, 4, 7}, truth);
    QCOMPARE(copy.n, std::size_t(4));
    QCOMPARE(copy.maeAligned, 2.5);
    QCOMPARE(copy.maeLagged, 0.0);
    QVERIFY(copy.copiesLastValue);
    // Predictions off by 0.5: aligned 0.5, lagged (1.5 + 2.5 + 3.5 + 4.5) / 4 = 3.
    const LagCheck close = LagCheck::compute({1.5, 2.5, 4.5, 7.5, 11.5}, truth);
    QCOMPARE(close.maeAligned, 0.5);
    QCOMPARE(close.maeLagged, 3.0);
    QVERIFY(!close.copiesLastValue);
}

void TestGuiPanels::dataPanelReportAndBands() {
    DataPanel panel;
    QSignalSpy loaded(&panel, &DataPanel::loaded);
    QVERIFY(!panel.isReady());
    panel.openFile(test::dataset("sp500_2000_2020.csv"));
    QVERIFY(loaded.wait(20000));
    QCOMPARE(panel.previewRowCount(), kPreviewRows);
    QCOMPARE(panel.targetPointCount(), 5105);
    QCOMPARE(panel.roles().target(), QStringLiteral("close"));
    QCOMPARE(panel.roles().time(), QStringLiteral("date"));
    QVERIFY(panel.isReady());
    // floor(5105 * 0.7) = 3573, floor(5105 * 0.15) = 765, the rest 767.
    QCOMPARE(panel.splitRows(), (std::vector<std::size_t>{3573, 765, 767}));
    QVERIFY2(panel.reportText().contains(QLocale().toString(5105) + QStringLiteral(" rows read")),
             qPrintable(panel.reportText()));
    const CsvTable& table = *panel.table();
    const std::vector<double>& days = table.columns[0].numbers;
    std::vector<double> edges = panel.splitEdges();
    QCOMPARE(edges.size(), std::size_t(4));
    QCOMPARE(edges[1], days[3573] * 86400.0);
    QCOMPARE(edges[2], days[3573 + 765] * 86400.0);

    // New split fractions move the bands: floor(5105 * 0.5) = 2552, floor(5105 * 0.25) = 1276.
    SeriesSpec options;
    options.trainFraction = 0.5, options.valFraction = 0.25, options.testFraction = 0.25;
    panel.setSeriesOptions(options);
    panel.flushReport();
    QCOMPARE(panel.splitRows(), (std::vector<std::size_t>{2552, 1276, 1277}));
    edges = panel.splitEdges();
    QCOMPARE(edges[1], days[2552] * 86400.0);
    QCOMPARE(edges[2], days[2552 + 1276] * 86400.0);

    // A window longer than a split is reported before training.
    options.window = 1300;
    panel.setSeriesOptions(options);
    panel.flushReport();
    QVERIFY(!panel.isReady());
    QVERIFY2(panel.problem().contains(QLocale().toString(1276) + QStringLiteral(" rows")), qPrintable(panel.problem()));

    // Without a target there is nothing to train.
    options.window = 30;
    panel.setSeriesOptions(options);
    panel.setRole(QStringLiteral("close"), ColumnRole::Ignored);
    panel.flushReport();
    QVERIFY(!panel.isReady());
    QCOMPARE(panel.targetPointCount(), 0);
    panel.setRole(QStringLiteral("open"), ColumnRole::Target);
    panel.flushReport();
    QVERIFY(panel.isReady());
    QCOMPARE(panel.targetPointCount(), 5105);
}

void TestGuiPanels::modelPanelPresets() {
    ModelPanel panel;
    QCOMPARE(panel.preset(), QStringLiteral("small"));
    panel.setPreset(QStringLiteral("medium"));
    const ModelSpec medium = ModelSpec::preset("medium");
    QCOMPARE(panel.modelSpec().hidden, medium.hidden);
    QCOMPARE(panel.modelSpec().layers, medium.layers);
    QCOMPARE(panel.modelSpec().dropout, medium.dropout);
    QCOMPARE(panel.findChild<QSpinBox*>(QStringLiteral("hidden"))->value(), 128);
    // Editing a field makes the preset custom; matching a preset again selects it.
    panel.findChild<QSpinBox*>(QStringLiteral("hidden"))->setValue(100);
    QCOMPARE(panel.preset(), QStringLiteral("custom"));
    panel.findChild<QSpinBox*>(QStringLiteral("hidden"))->setValue(128);
    QCOMPARE(panel.preset(), QStringLiteral("medium"));
    panel.setPreset(QStringLiteral("large"));
    QVERIFY(panel.modelSpec().bidirectional);
    QVERIFY2(panel.hints().join(' ').contains(QStringLiteral("BiLSTM")), qPrintable(panel.hints().join(' ')));

    // Six layers without skips draw the advice to add them; the box adds them, and the
    // advice goes. The preset no longer matches.
    panel.findChild<QSpinBox*>(QStringLiteral("layers"))->setValue(6);
    QVERIFY2(panel.hints().join(' ').contains(QStringLiteral("residual")), qPrintable(panel.hints().join(' ')));
    auto* residual = panel.findChild<QCheckBox*>(QStringLiteral("residual"));
    QVERIFY(residual && residual->isEnabled());
    residual->setChecked(true);
    QVERIFY(panel.modelSpec().residual);
    QVERIFY2(!panel.hints().join(' ').contains(QStringLiteral("residual")), qPrintable(panel.hints().join(' ')));
    QCOMPARE(panel.preset(), QStringLiteral("custom"));
    ModelSpec deep = panel.modelSpec();
    deep.residual = false;
    panel.setModelSpec(deep);
    QVERIFY(!residual->isChecked());
    panel.setTask(TaskKind::Classify);
    QVERIFY(!residual->isEnabled());
    panel.setTask(TaskKind::Forecast);

    // cuda is offered only where LibTorch sees a GPU.
    auto* device = panel.findChild<QComboBox*>(QStringLiteral("device"));
    QCOMPARE(device->findData(QStringLiteral("cuda")) >= 0, cudaAvailable());
    QCOMPARE(panel.trainConfig().device, std::string("auto"));

    // Every scaler of the CLI is offered, automatic first (the default), and a project's comes back.
    auto* scaler = panel.findChild<QComboBox*>(QStringLiteral("scaler"));
    QCOMPARE(scaler->currentData().toString(), QStringLiteral("auto"));
    for (const char* name : {"zscore", "minmax", "relative", "none", "auto"}) {
        scaler->setCurrentIndex(scaler->findData(QString::fromLatin1(name)));
        QCOMPARE(toString(panel.seriesSpec().scaler), std::string(name));
    }
    SeriesSpec spec;
    spec.scaler = ScalerKind::Relative;
    spec.window = 45;
    panel.setSeriesSpec(spec);
    QCOMPARE(scaler->currentData().toString(), QStringLiteral("relative"));
    QCOMPARE(panel.seriesSpec().window, 45);
}

void TestGuiPanels::modelPanelValidation() {
    ModelPanel panel;
    QSignalSpy validity(&panel, &ModelPanel::validityChanged);
    QVERIFY(panel.isValid());
    auto* lr = panel.findChild<QLineEdit*>(QStringLiteral("lr"));
    lr->setText(QStringLiteral("fast"));
    QVERIFY(!panel.isValid());
    QCOMPARE(validity.count(), 1);
    QVERIFY(panel.errors().join(' ').contains(QStringLiteral("Learning rate")));
    QVERIFY(lr->property("invalid").toBool());
    lr->setText(QStringLiteral("3e-4"));
    QVERIFY(panel.isValid());
    QCOMPARE(panel.trainConfig().lr, 3e-4);

    auto* train = panel.findChild<QDoubleSpinBox*>(QStringLiteral("trainFraction"));
    train->setValue(0.8);  // 0.8 + 0.15 + 0.15 = 1.1
    QVERIFY(!panel.isValid());
    QVERIFY2(panel.errors().join(' ').contains(QStringLiteral("1.1")), qPrintable(panel.errors().join(' ')));
    train->setValue(0.7);
    QVERIFY(panel.isValid());
    QCOMPARE(validity.count(), 4);
    const SeriesSpec s = panel.seriesSpec();
    QCOMPARE(s.trainFraction, 0.7);
    QCOMPARE(s.window, 30);
}

void TestGuiPanels::recentFiles() {
    StudioSettings settings;
    settings.clearRecentFiles();
    for (int i = 0; i < 10; ++i) settings.addRecentFile(QStringLiteral("/tmp/recent-%1.csv").arg(i));
    QStringList files = settings.recentFiles();
    QCOMPARE(files.size(), StudioSettings::kMaxRecentFiles);
    QCOMPARE(files.front(), QStringLiteral("/tmp/recent-9.csv"));
    QCOMPARE(files.back(), QStringLiteral("/tmp/recent-2.csv"));
    settings.addRecentFile(QStringLiteral("/tmp/recent-5.csv"));
    files = settings.recentFiles();
    QCOMPARE(files.front(), QStringLiteral("/tmp/recent-5.csv"));
    QCOMPARE(files.count(QStringLiteral("/tmp/recent-5.csv")), 1);
    QCOMPARE(files.size(), StudioSettings::kMaxRecentFiles);
    settings.clearRecentFiles();
    QVERIFY(settings.recentFiles().isEmpty());
}

void TestGuiPanels::eventLoopMonitorSeesABlockedLoop() {
    EventLoopMonitor monitor;
    monitor.start();
    QTimer::singleShot(60, &monitor, [] { std::this_thread::sleep_for(std::chrono::milliseconds(80)); });
    QTest::qWait(300);
    monitor.stop();
    QVERIFY(monitor.sampleCount() >= 5);
    // The 80 ms block delays one tick by about 70 ms past its due time.
    QVERIFY2(monitor.maxMs() >= 60.0, qPrintable(QString::number(monitor.maxMs())));
    QVERIFY(monitor.percentileMs(50) < monitor.maxMs());
    QCOMPARE(monitor.percentileMs(100), monitor.maxMs());
}

void TestGuiPanels::chartsRedrawOnceForManyBatches() {
    TrainingCharts charts;
    charts.setClipThreshold(1.0);
    QTest::qWait(TrainingCharts::kReplotMs * 3);
    const int before = charts.replotCount();
    int clipped = 0;
    for (int i = 1; i <= 500; ++i) {
        BatchStats s;
        s.epoch = (i - 1) / 100 + 1;
        s.batch = (i - 1) % 100 + 1;
        s.batchesPerEpoch = 100;
        s.loss = 1.0 / i;
        s.gradNorm = i % 7 == 0 ? 2.0 : 0.5;
        s.clipped = i % 7 == 0;
        clipped += s.clipped;
        s.lr = 1e-3;
        charts.addBatch(s);
    }
    QCOMPARE(charts.replotCount(), before);  // nothing drawn per batch
    QTest::qWait(TrainingCharts::kReplotMs * 3);
    QCOMPARE(charts.replotCount(), before + 1);  // one redraw for all 500
    QCOMPARE(charts.batchPointCount(), 500);
    QCOMPARE(charts.gradNormPointCount(), 500);
    QCOMPARE(charts.clippedPointCount(), clipped);
    QCOMPARE(clipped, 71);
    QCOMPARE(charts.learningRatePointCount(), 500);
    EpochStats e;
    e.epoch = 1, e.trainLoss = 0.5, e.valLoss = 0.7;
    charts.addEpoch(e);
    QCOMPARE(charts.epochPointCount(), 1);
    QCOMPARE(charts.lastValidationLoss(), 0.7);
    // A constant rate sits in the middle of a narrow band (PlotStyle::sensibleRange: a span
    // of 5% of the value, padded 5% either side: 1e-3 ± 2.75e-5), not on ±15.
    charts.replotNow();
    bool foundRatePlot = false;
    for (LivePlot* plot : charts.findChildren<LivePlot*>()) {
        if (plot->graphCount() == 0 || plot->graph(0)->name() != QStringLiteral("learning rate")) continue;
        foundRatePlot = true;
        const QCPRange y = plot->yAxis->range();
        QVERIFY2(std::abs(y.lower - 0.9725e-3) < 1e-12 && std::abs(y.upper - 1.0275e-3) < 1e-12,
                 qPrintable(QStringLiteral("%1 .. %2").arg(y.lower).arg(y.upper)));
    }
    QVERIFY(foundRatePlot);
    charts.clear();
    QCOMPARE(charts.batchPointCount(), 0);
    QCOMPARE(charts.epochPointCount(), 0);
}

void TestGuiPanels::predictionView() {
    // 20 rows t = 0..19, v = t * t; forecasts for rows 11..15 from windows ending at 10..14.
    std::string csv = "t,v\n";
    for (int t = 0; t < 20; ++t) csv += std::to_string(t) + "," + std::to_string(t * t) + "\n";
    const CsvTable table = parseCsv(csv, "memory.csv");
    SeriesSpec spec;
    spec.target = "v";
    spec.window = 3;
    ForecastEvaluation e;
    e.horizon = 1;
    e.rows = {10, 11, 12, 13, 14};
    e.truth = {121, 144, 169, 196, 225};
    e.pred = {100, 121, 144, 169, 196};  // the previous truth: a copying model
    e.model.mae = 25.0;
    e.baseline.mae = 25.0;
    e.baseline.directionalAccuracy = std::nan("");
    PredictionView view;
    view.setData(PredictionData::build(e, true, &table, spec));
    QCOMPARE(view.predictionCount(), 5);
    QCOMPARE(view.residualCount(), 5);
    // Truth line: the first window's inputs (rows 8..10) through the last forecast row 15.
    QCOMPARE(view.truthPointCount(), 8);
    QCOMPARE(view.metricText(0, 0), QStringLiteral("25.000"));
    QCOMPARE(view.metricText(5, 1), QStringLiteral("—"));
    QVERIFY(view.lagWarningShown());
    QVERIFY(view.lagWarningText().contains(QStringLiteral("copies the last value")));
    const QString readout = view.showReadoutAt(12.9);
    QVERIFY2(readout.contains(QStringLiteral("row 13")) && readout.contains(QStringLiteral("169")) &&
                 readout.contains(QStringLiteral("144")),
             qPrintable(readout));
    view.clear();
    QCOMPARE(view.predictionCount(), 0);
    QVERIFY(!view.lagWarningShown());
}

void TestGuiPanels::aboutListsLibraryVersions() {
    const auto rows = AboutDialog::components();
    auto version = [&](const char* name) {
        for (const auto& [component, v] : rows)
            if (component == QLatin1String(name)) return v;
        return QString();
    };
    QCOMPARE(version("Qt"), QString::fromLatin1(qVersion()));
    QCOMPARE(version("lstm-studio"), QStringLiteral(STUDIO_VERSION));
    QVERIFY(!version("libtorch").isEmpty());
    QVERIFY2(version("sqlite").startsWith(QStringLiteral("3.")), qPrintable(version("sqlite")));
#ifdef STUDIO_WITH_ONEDNN
    QVERIFY2(version("onednn").contains(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+"))),
             qPrintable(version("onednn")));
#endif
#ifdef STUDIO_WITH_ONNX
    QVERIFY2(version("onnx").contains(QRegularExpression(QStringLiteral("^1\\.\\d+"))), qPrintable(version("onnx")));
    QVERIFY(!version("protobuf").isEmpty());
#endif
    const AboutDialog about;
    QCOMPARE(static_cast<std::size_t>(about.rowCount()), componentVersions().size() + 2);

    // The licence (none is chosen yet: it says so), and the documentation: the README,
    // which exists where it points, and the manual pages.
    const QString info = about.infoText();
    if (AboutDialog::licence().isEmpty())
        QVERIFY2(info.contains(QStringLiteral("Licence: none chosen yet")), qPrintable(info));
    else
        QVERIFY2(info.contains(QStringLiteral("Licence: ") + AboutDialog::licence()), qPrintable(info));
    const QString readme = AboutDialog::readmePath();
    QVERIFY(QFileInfo(readme).isFile());
    QVERIFY2(info.contains(QDir::toNativeSeparators(readme)), qPrintable(info));
    QVERIFY2(info.contains(QStringLiteral("man lstm-studio")) && info.contains(QStringLiteral("man lstm-studio-cli")),
             qPrintable(info));
    auto* label = about.findChild<QLabel*>(QStringLiteral("aboutInfo"));
    QVERIFY(label);
    QVERIFY(label->text().contains(QUrl::fromLocalFile(readme).toString(QUrl::FullyEncoded)));
}

// Plain tool tips are wrapped at 60 characters (Qt draws them as one line across the
// window): the words and their order stay, no line is longer unless a word is.
void TestGuiPanels::toolTipsWrap() {
    const QString tip = QStringLiteral("Input rows per sample: how far back the model looks. 30–60 rows suit daily "
                                       "prices, and a_word_longer_than_sixty_characters_stands_on_a_line_of_its_own "
                                       "here.\nA second paragraph.");
    const QString wrapped = ToolTipWrapper::wrap(tip);
    for (const QString& line : wrapped.split(QLatin1Char('\n')))
        QVERIFY2(line.size() <= 60 || !line.contains(QLatin1Char(' ')), qPrintable(line));
    QCOMPARE(wrapped.split(QRegularExpression(QStringLiteral("\\s+"))),
             tip.split(QRegularExpression(QStringLiteral("\\s+"))));
    QVERIFY(wrapped.split(QLatin1Char('\n')).size() >= 4);
    QCOMPARE(ToolTipWrapper::wrap(QStringLiteral("short")), QStringLiteral("short"));
    // Chinese has no spaces: lines break between characters, each two columns wide, never
    // before a closing mark, and nothing is added or lost.
    const QString chinese = QStringLiteral("每个样本的输入行数：模型向后看多远。日度价格通常取 30–60 行；窗口越长，"
                                           "模型能看到的历史越多，但训练越慢，也需要更多数据。");
    const QStringList lines = ToolTipWrapper::wrap(chinese, 20).split(QLatin1Char('\n'));
    QVERIFY(lines.size() >= 6);
    for (const QString& line : lines) {
        int columns = 0;
        for (const QChar c : line) columns += c.unicode() >= 0x2E80 ? 2 : 1;
        QVERIFY2(columns <= 20, qPrintable(line));
        QVERIFY2(!line.startsWith(QStringLiteral("，")) && !line.startsWith(QStringLiteral("。")) &&
                     !line.startsWith(QStringLiteral("；")),
                 qPrintable(line));
    }
    QCOMPARE(lines.join(QString()).remove(QLatin1Char(' ')), QString(chinese).remove(QLatin1Char(' ')));
    QVERIFY(ToolTipWrapper::wrap(chinese, 20).contains(QStringLiteral("30–60")));  // a number stays whole

    // A window's field shows its tip wrapped.
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* field = window.modelPanel()->findChild<QSpinBox*>(QStringLiteral("window"));
    QVERIFY(field->toolTip().size() > 60 && !field->toolTip().contains(QLatin1Char('\n')));
    QHelpEvent help(QEvent::ToolTip, QPoint(2, 2), field->mapToGlobal(QPoint(2, 2)));
    QApplication::sendEvent(field, &help);
    QTRY_COMPARE(QToolTip::text(), ToolTipWrapper::wrap(field->toolTip()));
    QToolTip::hideText();
}

// Tab moves from the data preview to the next widget instead of walking all its rows
// cell by cell; the arrow keys still move inside it.
void TestGuiPanels::tabLeavesTheDataPreview() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(test::openCsvAndWait(window, test::dataset("sp500_2000_2020.csv")));
    auto* preview = window.dataPanel()->findChild<QTableWidget*>();
    QVERIFY(preview && preview->rowCount() > 10);
    window.activateWindow();
    preview->setCurrentCell(3, 1);
    preview->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(preview));
    QTest::keyClick(preview, Qt::Key_Down);
    QCOMPARE(preview->currentRow(), 4);
    QTest::keyClick(preview, Qt::Key_Tab);
    QWidget* next = QApplication::focusWidget();
    QVERIFY(next && next != preview && !preview->isAncestorOf(next));
    QCOMPARE(preview->currentRow(), 4);
}

QTEST_MAIN(TestGuiPanels)
#include "test_gui_panels.moc"
