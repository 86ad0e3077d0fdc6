// ONNX export against ONNX Runtime: every exported model runs in onnxruntime-node 1.30
// (tests/oracle/onnx_run.js) and must give the app's own forecasts, computed here the way
// the app computes them (ScalerStats::apply -> Model::predict -> ScalerStats::invert), to
// within 1e-4 of the output's scale. Plus the file's metadata, the graph's node list, the
// failure paths and the CLI end to end (train -> export-onnx -> ONNX Runtime vs predict).

#include "data/csv_reader.h"
#include "jobs/onnx_export.h"
#include "base/error.h"
#include "nn/model.h"
#include "tasks/forecast/forecast_project.h"

#include <onnx/onnx_pb.h>

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"
#include "ort_runner.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>

using namespace studio;

namespace {

constexpr double kTolerance = 1e-4;  // of the largest |forecast|
constexpr double kPi = 3.14159265358979323846;
// int8 LSTM weights, and activations quantized to uint8 at run time, against the float model.
constexpr double kInt8Tolerance = 3e-2;

using studio::test::metadata;
using studio::test::OrtReport;
using studio::test::readModel;
using studio::test::relativeMaxDiff;
using studio::test::runOrt;
using studio::test::tensor;

std::vector<double> outputOf(const OrtReport& r, int feed) { return r.output(feed, "output"); }

// Scaler statistics of each kind, of the size the app fits them (one entry per column).
ScalerStats makeScaler(ScalerKind kind, int columns, double seed) {
    ScalerStats s;
    s.kind = kind;
    for (int c = 0; c < columns; ++c) {
        const double k = c + seed;
        switch (kind) {
            case ScalerKind::ZScore:
                s.offset.push_back(40 + 5 * k), s.scale.push_back(8 + k);
                break;
            case ScalerKind::MinMax:
                s.offset.push_back(20 + 2 * k), s.scale.push_back(60 + 3 * k);
                break;
            case ScalerKind::None:
                s.offset.push_back(0), s.scale.push_back(1);
                break;
            case ScalerKind::Relative:
                s.offset.push_back(0.002 * k - 0.003), s.scale.push_back(0.15 + 0.1 * k);
                break;
        }
    }
    return s;
}

// A forecast project as training would leave it. targetFeature -1: the target is not an input.
// calendar: two calendar inputs (month sine and cosine) follow the features, plain columns
// of the feature scaler.
ProjectFile makeProject(const ModelSpec& spec, ScalerKind kind, int features, int targetFeature, int window,
                        int horizon, bool calendar = false) {
    ProjectFile p;
    const char* names[] = {"open", "close", "volume"};
    for (int f = 0; f < features; ++f) p.featureNames.push_back(names[f]);
    p.series.target = targetFeature >= 0 ? p.featureNames[targetFeature] : "price";
    p.series.features = p.featureNames;
    p.series.window = window;
    p.series.horizon = horizon;
    p.series.scaler = kind;
    p.model = spec;
    p.featureScaler = makeScaler(kind, features, 0.0);
    p.targetScaler = makeScaler(kind, 1, 0.5);
    if (calendar) {
        p.series.calendar = {"month"};
        for (const char* name : {"calendar:month_sin", "calendar:month_cos"}) {
            p.featureNames.push_back(name);
            p.series.features.push_back(name);
            p.featureScaler.offset.push_back(0.0), p.featureScaler.scale.push_back(1.0);
        }
        p.featureScaler.plain = 2;
    }
    p.dataPath = "/data/prices.csv";
    p.dataSha256 = "5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9";
    return p;
}

// Weights uniform in [-0.5, 0.5]: every gate block differs, so a wrong gate order shows.
Model makeModel(const ProjectFile& p, std::uint32_t seed) {
    Model model(p.model, static_cast<int>(p.featureNames.size()), p.series.horizon);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    std::vector<NamedTensor> params = model.parameters();
    for (auto& t : params)
        for (auto& v : t.values) v = u(rng);
    model.setParameters(params);
    return model;
}

// Raw windows [batch, window, features] (positive, as the relative scaler needs) and the
// target's raw value at each window's last row.
struct RawBatch {
    std::vector<float> x;
    std::vector<float> lastTarget;
};

RawBatch makeWindows(const ProjectFile& p, int targetFeature, int batch, std::uint32_t seed) {
    const int t = p.series.window, nf = static_cast<int>(p.featureNames.size());
    const int plain = static_cast<int>(p.featureScaler.plain);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(40.0f, 60.0f);
    RawBatch b;
    // Calendar columns: sine and cosine of whole months, 0 included (a relative divisor of 0
    // would show as inf).
    for (int i = 0; i < batch * t * nf; ++i)
        b.x.push_back(i % nf >= nf - plain
                          ? static_cast<float>(i % nf == nf - plain ? std::sin(kPi * (i / nf % 12) / 6.0)
                                                                    : std::cos(kPi * (i / nf % 12) / 6.0))
                          : u(rng));
    for (int i = 0; i < batch; ++i)
        b.lastTarget.push_back(targetFeature >= 0 ? b.x[(i * t + t - 1) * nf + targetFeature] : u(rng));
    return b;
}

// The app's forecast: what buildInferenceWindows and ForecastJob's evaluate compute.
std::vector<double> appForecast(const ProjectFile& p, const Model& model, const RawBatch& b, int batch) {
    const int t = p.series.window, nf = static_cast<int>(p.featureNames.size()), h = p.series.horizon;
    std::vector<float> scaled(b.x.size());
    for (int i = 0; i < batch; ++i)
        for (int s = 0; s < t; ++s)
            for (int f = 0; f < nf; ++f) {
                const std::size_t at = (static_cast<std::size_t>(i) * t + s) * nf + f;
                const double last = b.x[(static_cast<std::size_t>(i) * t + t - 1) * nf + f];
                scaled[at] = static_cast<float>(p.featureScaler.apply(f, b.x[at], last));
            }
    const std::vector<float> y = model.predict(scaled, batch, t);
    std::vector<double> out;
    for (int i = 0; i < batch * h; ++i) out.push_back(p.targetScaler.invert(0, y[i], b.lastTarget[i / h]));
    return out;
}

QJsonObject feedOf(const ProjectFile& p, const RawBatch& b, int batch, bool lastValueInput) {
    QJsonObject feed{{"input", tensor({batch, p.series.window, std::int64_t(p.featureNames.size())}, b.x)}};
    if (lastValueInput) feed.insert("last_value", tensor({batch}, b.lastTarget));
    return feed;
}

using studio::test::CliResult;

CliResult cli(const QStringList& args) { return studio::test::runCli(args); }

QStringList filesIn(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::NoDotAndDotDot); }

}  // namespace

class TestOnnxExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheApp_data();
    void matchesTheApp();
    void fileDescribesItself();
    void bilstmGraphNodes();
    void failuresLeaveNoFile();
    void cliMatchesPredict();
    void calendarForecastMatchesOnnx();
    void indicatorsMatchPredict_data();
    void indicatorsMatchPredict();
    void cliFailureExitCodes();

private:
    QTemporaryDir tmp_;
};

void TestOnnxExport::matchesTheApp_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("head");
    QTest::addColumn<int>("horizon");
    QTest::addColumn<int>("scaler");
    QTest::addColumn<bool>("int8");
    QTest::addColumn<bool>("calendar");
    QTest::addColumn<bool>("residual");
    const ScalerKind kinds[] = {ScalerKind::ZScore, ScalerKind::MinMax, ScalerKind::None, ScalerKind::Relative};
    for (bool bi : {false, true})
        for (int layers = 1; layers <= 3; ++layers)
            for (HeadKind head : {HeadKind::Linear, HeadKind::Mlp})
                for (int horizon : {1, 5})
                    for (ScalerKind kind : kinds)
                        QTest::addRow("%s-%dl-%s-h%d-%s", bi ? "bilstm" : "lstm", layers, toString(head).c_str(),
                                      horizon, toString(kind).c_str())
                            << bi << layers << int(head) << horizon << int(kind) << false << false << false;
    // --int8: the None scaler shows the quantization error undiluted by a target offset.
    for (bool bi : {false, true})
        for (int layers : {1, 3})
            for (ScalerKind kind : {ScalerKind::None, ScalerKind::Relative})
                QTest::addRow("int8-%s-%dl-mlp-h5-%s", bi ? "bilstm" : "lstm", layers, toString(kind).c_str())
                    << bi << layers << int(HeadKind::Mlp) << 5 << int(kind) << true << false << false;
    // Calendar inputs after the features: plain columns, never taken relative to their last value.
    for (int horizon : {1, 5})
        for (ScalerKind kind : kinds)
            QTest::addRow("calendar-lstm-2l-mlp-h%d-%s", horizon, toString(kind).c_str())
                << false << 2 << int(HeadKind::Mlp) << horizon << int(kind) << false << true << false;
    // Residual stacks: Add nodes around every layer after the first.
    for (bool bi : {false, true})
        for (int layers : {2, 4})
            for (bool int8 : {false, true})
                QTest::addRow("residual-%s%s-%dl-mlp-h%d", int8 ? "int8-" : "", bi ? "bilstm" : "lstm", layers,
                              layers == 2 ? 1 : 5)
                    << bi << layers << int(HeadKind::Mlp) << (layers == 2 ? 1 : 5) << int(ScalerKind::ZScore) << int8
                    << false << true;
}

// One model per row, run at batch 1 and batch 7. The linear-head rows have one feature (the
// target); the mlp rows three, with the target second (horizon 1) or not among them at all
// (horizon 5: the relative scaler then takes the graph's last_value input).
void TestOnnxExport::matchesTheApp() {
    QFETCH(bool, bidirectional);
    QFETCH(int, layers);
    QFETCH(int, head);
    QFETCH(int, horizon);
    QFETCH(int, scaler);
    QFETCH(bool, int8);
    QFETCH(bool, calendar);
    QFETCH(bool, residual);
    ModelSpec spec;
    spec.hidden = 7;
    spec.layers = layers;
    spec.residual = residual;
    spec.bidirectional = bidirectional;
    spec.head = HeadKind(head);
    const int features = spec.head == HeadKind::Linear ? 1 : 3;
    const int targetFeature = horizon == 1 ? (features == 1 ? 0 : 1) : -1;
    const ProjectFile p =
        makeProject(spec, ScalerKind(scaler), features, targetFeature, /*window=*/6, horizon, calendar);
    const std::uint32_t seed = 1000 + layers * 100 + head * 10 + horizon + scaler * 1000 + bidirectional * 7;
    const Model model = makeModel(p, seed);

    const QString path = tmp_.filePath(QString(QTest::currentDataTag()) + ".onnx");
    OnnxExportOptions options;
    options.int8 = int8;
    const OnnxExportResult r = exportForecastOnnx(p, model, nullptr, path.toStdString(), options);
    const bool lastValueInput = ScalerKind(scaler) == ScalerKind::Relative && targetFeature < 0;
    QCOMPARE(int(r.inputs.size()), lastValueInput ? 2 : 1);
    const auto lstmOp = std::find_if(r.operators.begin(), r.operators.end(),
                                     [](const auto& op) { return op.first.find("LSTM") != std::string::npos; });
    QVERIFY(lstmOp != r.operators.end());
    QCOMPARE(QString::fromStdString(lstmOp->first), QString(int8 ? "DynamicQuantizeLSTM" : "LSTM"));
    QCOMPARE(lstmOp->second, layers);
    if (residual) {
        // One Add per skip beyond those of the same model without skips.
        const auto adds = [](const OnnxExportResult& e) {
            const auto it = std::find_if(e.operators.begin(), e.operators.end(),
                                         [](const auto& op) { return op.first == "Add"; });
            return it == e.operators.end() ? 0 : it->second;
        };
        ProjectFile plain = p;
        plain.model.residual = false;
        const OnnxExportResult noSkips = exportForecastOnnx(
            plain, makeModel(plain, seed), nullptr, tmp_.filePath("no-skips.onnx").toStdString(), options);
        QCOMPARE(adds(r), adds(noSkips) + layers - 1);
    }

    const RawBatch one = makeWindows(p, targetFeature, 1, seed + 1), seven = makeWindows(p, targetFeature, 7, seed + 2);
    const OrtReport ort = runOrt(path, {feedOf(p, one, 1, lastValueInput), feedOf(p, seven, 7, lastValueInput)});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    const double d1 = relativeMaxDiff(outputOf(ort, 0), appForecast(p, model, one, 1));
    const double d7 = relativeMaxDiff(outputOf(ort, 1), appForecast(p, model, seven, 7));
    qInfo("max |onnx - app| / max |app|: batch 1 %.3g, batch 7 %.3g", d1, d7);
    const double tolerance = int8 ? kInt8Tolerance : kTolerance;
    QVERIFY2(d1 <= tolerance, qPrintable(QString("batch 1: %1").arg(d1)));
    QVERIFY2(d7 <= tolerance, qPrintable(QString("batch 7: %1").arg(d7)));
}

void TestOnnxExport::fileDescribesItself() {
    ModelSpec spec;
    spec.hidden = 5;
    spec.bidirectional = true;
    ProjectFile p = makeProject(spec, ScalerKind::Relative, 3, /*targetFeature=*/-1, /*window=*/4, /*horizon=*/2);
    const Model model = makeModel(p, 7);
    ProjectMetrics metrics;
    metrics.model.n = 42, metrics.model.mae = 1.25, metrics.naive.mae = 2.5;
    metrics.naive.directionalAccuracy = std::nan("");
    const QString path = tmp_.filePath("described.onnx");
    const OnnxExportResult r = exportForecastOnnx(p, model, &metrics, path.toStdString());

    QCOMPARE(r.opset, 14);
    QCOMPARE(r.fileBytes, std::uintmax_t(QFileInfo(path).size()));
    QCOMPARE(QString::fromStdString(r.inputs.at(0).shapeText()), QString("[batch, 4, 3]"));
    QCOMPARE(QString::fromStdString(r.inputs.at(1).name), QString("last_value"));
    QCOMPARE(QString::fromStdString(r.outputs.at(0).shapeText()), QString("[batch, 2]"));
    QVERIFY(QString::fromStdString(r.checker).startsWith("passed"));

    // The file itself, read back with ONNX's protobuf types.
    onnx::ModelProto m;
    QVERIFY(readModel(path, m));
    QCOMPARE(m.graph().node_size(), r.nodeCount);
    QCOMPARE(m.opset_import(0).version(), std::int64_t(14));
    QCOMPARE(QString::fromStdString(m.producer_name()), QString("LSTM Studio"));
    QCOMPARE(metadata(m, "producer_version"), QString(STUDIO_VERSION));
    QCOMPARE(metadata(m, "task"), QString("forecast"));
    QCOMPARE(metadata(m, "target"), QString("price"));
    QCOMPARE(metadata(m, "feature_names"), QString(R"(["open","close","volume"])"));
    QCOMPARE(metadata(m, "window"), QString("4"));
    QCOMPARE(metadata(m, "horizon"), QString("2"));
    QCOMPARE(metadata(m, "data_sha256"), QString::fromStdString(p.dataSha256));
    const QJsonObject scaler = QJsonDocument::fromJson(metadata(m, "scaler").toUtf8()).object();
    QCOMPARE(scaler["kind"].toString(), QString("relative"));
    QCOMPARE(scaler["features"].toObject()["offset"].toArray()[2].toDouble(), p.featureScaler.offset[2]);
    QCOMPARE(scaler["target"].toObject()["scale"].toArray()[0].toDouble(), p.targetScaler.scale[0]);
    const QJsonObject test = QJsonDocument::fromJson(metadata(m, "test_metrics").toUtf8()).object();
    QCOMPARE(test["model"].toObject()["mae"].toDouble(), 1.25);
    QCOMPARE(test["model"].toObject()["n"].toInt(), 42);
    QVERIFY(test["naive"].toObject()["directional_accuracy"].isNull());  // NaN
    const QJsonObject modelMeta = QJsonDocument::fromJson(metadata(m, "model").toUtf8()).object();
    QCOMPARE(modelMeta["cell"].toString(), QString("BiLSTM"));

    // ONNX Runtime reads the same inputs and outputs, batch free, window fixed.
    const RawBatch b = makeWindows(p, -1, 2, 3);
    const OrtReport ort = runOrt(path, {feedOf(p, b, 2, true)});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    const QJsonArray inputs = ort.json["inputs"].toArray();
    QCOMPARE(inputs.size(), 2);
    QCOMPARE(inputs[0].toObject()["shape"].toArray(), (QJsonArray{"batch", 4, 3}));
    QCOMPARE(inputs[1].toObject()["shape"].toArray(), (QJsonArray{"batch"}));
    QCOMPARE(ort.json["outputs"].toArray()[0].toObject()["shape"].toArray(), (QJsonArray{"batch", 2}));
    QVERIFY(relativeMaxDiff(outputOf(ort, 0), appForecast(p, model, b, 2)) <= kTolerance);
}

// The node list of a 2-layer BiLSTM with the z-score scaler, as the design describes it.
void TestOnnxExport::bilstmGraphNodes() {
    ModelSpec spec;
    spec.hidden = 4;
    spec.layers = 2;
    spec.bidirectional = true;
    spec.head = HeadKind::Mlp;
    const ProjectFile p = makeProject(spec, ScalerKind::ZScore, 1, 0, 5, 1);
    const QString path = tmp_.filePath("bilstm2.onnx");
    exportForecastOnnx(p, makeModel(p, 11), nullptr, path.toStdString());
    onnx::ModelProto m;
    QVERIFY(readModel(path, m));
    QStringList ops;
    for (const auto& n : m.graph().node()) ops << QString::fromStdString(n.op_type());
    QCOMPARE(ops, (QStringList{"Sub", "Div", "Transpose", "LSTM", "Transpose", "Reshape", "LSTM", "Transpose",
                               "Reshape", "Gemm", "Relu", "Gemm", "Mul", "Add"}));
    for (const auto& n : m.graph().node())
        if (n.op_type() == "LSTM")
            for (const auto& a : n.attribute()) {
                if (a.name() == "direction") QCOMPARE(QString::fromStdString(a.s()), QString("bidirectional"));
                QVERIFY2(a.name() != "layout", "ONNX Runtime's CPU LSTM only takes the default layout");
            }
}

void TestOnnxExport::failuresLeaveNoFile() {
    ModelSpec spec;
    spec.hidden = 3;
    const ProjectFile good = makeProject(spec, ScalerKind::ZScore, 1, 0, 3, 1);
    const Model model = makeModel(good, 5);
    QTemporaryDir dir;
    const std::string out = dir.filePath("m.onnx").toStdString();

    // An inconsistent project (the scaler has two columns, the model one input).
    ProjectFile bad = good;
    bad.featureScaler.offset.push_back(1.0), bad.featureScaler.scale.push_back(1.0);
    QVERIFY_THROWS_EXCEPTION(DataError, exportForecastOnnx(bad, model, nullptr, out));
    ProjectFile zero = good;
    zero.targetScaler.scale[0] = 0.0;
    QVERIFY_THROWS_EXCEPTION(DataError, exportForecastOnnx(zero, model, nullptr, out));
    // A folder that does not exist, a folder as the file, an opset the graph cannot use.
    QVERIFY_THROWS_EXCEPTION(Error,
                             exportForecastOnnx(good, model, nullptr, dir.filePath("no/such/m.onnx").toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, exportForecastOnnx(good, model, nullptr, dir.path().toStdString()));
    OnnxExportOptions opset13;
    opset13.opset = 13;
    QVERIFY_THROWS_EXCEPTION(UsageError, exportForecastOnnx(good, model, nullptr, out, opset13));
    QCOMPARE(filesIn(dir.path()), QStringList());  // no file, no temporary left over

    // A text project whose project.json lacks its fields is bad data, not half exported.
    QTemporaryDir textProject;
    QFile json(textProject.filePath("project.json"));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(R"({"format": "lstm-studio-project", "format_version": 1, "task": "classify"})");
    json.close();
    try {
        exportProjectOnnx(textProject.path().toStdString(), out);
        QFAIL("a broken classify project was exported");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("project.json"), e.what());
    }
    QCOMPARE(filesIn(dir.path()), QStringList());

    // And a good export into the same folder leaves exactly the one file.
    exportForecastOnnx(good, model, nullptr, out);
    QCOMPARE(filesIn(dir.path()), QStringList{"m.onnx"});
}

// The whole path a user takes: train on real data, export, run the file in ONNX Runtime on
// raw windows of the CSV, compare with `predict`.
void TestOnnxExport::cliMatchesPredict() {
    const QString project = tmp_.filePath("sunspots");
    const QString csv = STUDIO_SOURCE_DIR "/datasets/sunspots_monthly.csv";
    const CliResult trained =
        cli({"train", "--data", csv, "--target", "sunspots", "--epochs", "1", "--window", "24", "--out", project});
    QVERIFY2(trained.code == 0, qPrintable(trained.err));
    const QString onnxPath = tmp_.filePath("sunspots.onnx");
    const CliResult exported = cli({"export-onnx", "--project", project, "--out", onnxPath});
    QVERIFY2(exported.code == 0, qPrintable(exported.err));
    qInfo("%s", qPrintable(exported.out));
    QVERIFY(exported.out.contains("opset 14"));
    QVERIFY(exported.out.contains("[batch, 24, 1]"));
    // The file names the weights it was made from (sha256sum of the project's model.pt).
    onnx::ModelProto written;
    QVERIFY(readModel(onnxPath, written));
    QProcess sha256sum;
    sha256sum.start("sha256sum", {project + "/model.pt"});
    QVERIFY(sha256sum.waitForFinished());
    QCOMPARE(metadata(written, "weights_sha256"), QString::fromLatin1(sha256sum.readAllStandardOutput().left(64)));
    const QString predictions = tmp_.filePath("predictions.csv");
    const CliResult predicted = cli({"predict", "--project", project, "--out", predictions});
    QVERIFY2(predicted.code == 0, qPrintable(predicted.err));

    // predictions.csv: row (the window's last data row), pred_1, true_1.
    const CsvTable table = readCsv(csv.toStdString());
    const std::vector<double>& values = table.columns.at(table.find("sunspots")).numbers;
    const CsvTable pred = readCsv(predictions.toStdString());
    const std::vector<double>& rows = pred.columns.at(pred.find("row")).numbers;
    const std::vector<double>& appPred = pred.columns.at(pred.find("pred_1")).numbers;
    QVERIFY(rows.size() > 3000);
    std::vector<float> x;
    for (double row : rows)
        for (int t = 23; t >= 0; --t) x.push_back(static_cast<float>(values.at(std::size_t(row) - t)));
    const std::int64_t n = static_cast<std::int64_t>(rows.size());
    const OrtReport ort = runOrt(onnxPath, {QJsonObject{{"input", tensor({n, 24, 1}, x)}}});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    const double d = relativeMaxDiff(outputOf(ort, 0), appPred);
    qInfo("sunspots, %lld windows: max |onnx - predict| / max |predict| = %.3g", static_cast<long long>(n), d);
    QVERIFY2(d <= kTolerance, qPrintable(QString::number(d)));

    // --int8 writes a smaller file that ONNX Runtime runs to within quantization error.
    const QString int8Path = tmp_.filePath("sunspots-int8.onnx");
    const CliResult int8 = cli({"export-onnx", "--project", project, "--out", int8Path, "--int8"});
    QVERIFY2(int8.code == 0 && int8.out.contains("DynamicQuantizeLSTM x1"), qPrintable(int8.err + int8.out));
    QVERIFY(QFileInfo(int8Path).size() < QFileInfo(onnxPath).size() / 2);
    const OrtReport ort8 = runOrt(int8Path, {QJsonObject{{"input", tensor({n, 24, 1}, x)}}});
    QVERIFY2(ort8.ok, qPrintable(ort8.error));
    const double d8 = relativeMaxDiff(outputOf(ort8, 0), appPred);
    qInfo("sunspots --int8: max |onnx - predict| / max |predict| = %.3g", d8);
    QVERIFY2(d8 <= kInt8Tolerance, qPrintable(QString::number(d8)));
}

void TestOnnxExport::cliFailureExitCodes() {
    const QString project = tmp_.filePath("sunspots");
    QVERIFY2(QFile::exists(project + "/model.pt"), "cliMatchesPredict trains the project first");
    QTemporaryDir dir;
    const CliResult missingFolder = cli({"export-onnx", "--project", project, "--out", dir.filePath("missing/m.onnx")});
    QCOMPARE(missingFolder.code, 1);
    QVERIFY2(missingFolder.err.startsWith("error: "), qPrintable(missingFolder.err));
    QCOMPARE(filesIn(dir.path()), QStringList());
    const CliResult noProject =
        cli({"export-onnx", "--project", dir.filePath("none"), "--out", dir.filePath("m.onnx")});
    QCOMPARE(noProject.code, 2);
    // A project folder whose weights are gone is bad input data.
    QVERIFY(QFile::copy(project + "/project.json", dir.filePath("project.json")));
    const CliResult noWeights = cli({"export-onnx", "--project", dir.path(), "--out", dir.filePath("m.onnx")});
    QCOMPARE(noWeights.code, 3);
    QCOMPARE(filesIn(dir.path()), QStringList{"project.json"});
}

// A daily series with a weekend effect, trained with --calendar: the exported model, fed the
// raw values and weekday and month sines and cosines worked out here from Qt's calendar, gives
// predict's forecasts; and fed its own forecasts with the calendar of the days after the file,
// it gives `forecast`'s steps past the horizon.
void TestOnnxExport::calendarForecastMatchesOnnx() {
    const QString csv = tmp_.filePath("weekends.csv"), project = tmp_.filePath("weekends");
    const QDate day0(2023, 1, 2);
    const int n = 160, window = 7;
    std::vector<double> values;
    QByteArray text = "day,value\n";
    for (int i = 0; i < n; ++i) {
        const QDate d = day0.addDays(i);
        values.push_back(20.0 + (d.dayOfWeek() >= 6 ? 8.0 : 0.0) + 3.0 * std::sin(i / 9.0));
        text += (d.toString(Qt::ISODate) + "," + QString::number(values.back(), 'f', 6) + "\n").toUtf8();
    }
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
    file.close();
    CliResult r = cli({"train", "--data", csv, "--target", "value", "--calendar", "--window", QString::number(window),
                       "--hidden", "6", "--epochs", "3", "--scaler", "zscore", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString onnxPath = tmp_.filePath("weekends.onnx"), forecast = tmp_.filePath("weekends_forecast.csv");
    r = cli({"export-onnx", "--project", project, "--out", onnxPath});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("[batch, 7, 5]"), qPrintable(r.out));
    r = cli({"forecast", "--project", project, "--steps", "3", "--out", forecast});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    // Inputs: value, weekday sin, cos (Monday 0 of 7), month sin, cos (January 0 of 12).
    const auto rowOf = [&](int i, double value) {
        const QDate d = day0.addDays(i);
        const double w = 2 * kPi * (d.dayOfWeek() - 1) / 7.0, m = 2 * kPi * (d.month() - 1) / 12.0;
        return std::vector<float>{static_cast<float>(value), static_cast<float>(std::sin(w)),
                                  static_cast<float>(std::cos(w)), static_cast<float>(std::sin(m)),
                                  static_cast<float>(std::cos(m))};
    };
    const auto runWindow = [&](const std::vector<double>& series, int last) {
        std::vector<float> x;
        for (int i = last + 1 - window; i <= last; ++i)
            for (float v : rowOf(i, series[std::size_t(i)])) x.push_back(v);
        const OrtReport ort = runOrt(onnxPath, {QJsonObject{{"input", tensor({1, window, 5}, x)}}});
        return ort.ok ? outputOf(ort, 0).at(0) : std::nan("");
    };
    const CsvTable steps = readCsv(forecast.toStdString());
    const std::vector<double>& mean = steps.columns.at(steps.find("mean")).numbers;
    QCOMPARE(mean.size(), std::size_t{3});
    QCOMPARE(steps.columns.at(steps.find("time")).numbers.at(2),
             static_cast<double>(QDate(1970, 1, 1).daysTo(day0.addDays(n + 2))));
    std::vector<double> extended = values;
    for (int step = 0; step < 3; ++step) {
        const double onnx = runWindow(extended, n - 1 + step);
        qInfo("step %d: forecast %.6f, ONNX Runtime %.6f", step + 1, mean[std::size_t(step)], onnx);
        QVERIFY2(std::abs(onnx - mean[std::size_t(step)]) <= kTolerance * std::max(1.0, std::abs(onnx)),
                 qPrintable(QString("step %1: %2 vs %3").arg(step + 1).arg(onnx).arg(mean[std::size_t(step)])));
        extended.push_back(mean[std::size_t(step)]);
    }
}

// Trained with every kind of technical indicator (volume_z on the volume column), the exported
// model takes raw rows, the indicators' 183 rows of history before each window of 10, computes
// the indicators itself and gives predict's forecasts (the relative scaler, which leaves the
// indicators plain, as auto picks it for the S&P 500, and z-score). A change of one row of the
// history before a window changes the forecast: the graph reads those rows.
void TestOnnxExport::indicatorsMatchPredict_data() {
    QTest::addColumn<QString>("scaler");
    QTest::newRow("relative") << "relative";
    QTest::newRow("zscore") << "zscore";
}

void TestOnnxExport::indicatorsMatchPredict() {
    QFETCH(QString, scaler);
    const QString csv = STUDIO_SOURCE_DIR "/datasets/sp500_2000_2020.csv",
                  project = tmp_.filePath("sp500-indicators-" + scaler);
    CliResult r = cli({"train", "--data", csv, "--target", "close", "--features", "close,volume", "--indicators",
                       "sma:10,ema:20,rsi:14,macd,bollinger:20,logret,volatility:20,volume_z:20", "--window", "10",
                       "--hidden", "8", "--epochs", "1", "--scaler", scaler, "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("the first 183 row(s) dropped"), qPrintable(r.err));
    const QString onnxPath = tmp_.filePath("sp500-indicators-" + scaler + ".onnx"),
                  predictions = tmp_.filePath("sp500-ind-" + scaler + ".csv");
    r = cli({"export-onnx", "--project", project, "--out", onnxPath});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("[batch, 193, 2]"), qPrintable(r.out));
    onnx::ModelProto written;
    QVERIFY(readModel(onnxPath, written));
    QCOMPARE(metadata(written, "look_back"), QString("183"));
    r = cli({"predict", "--project", project, "--out", predictions});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    const CsvTable table = readCsv(csv.toStdString());
    const std::vector<double>& close = table.columns.at(table.find("close")).numbers;
    const std::vector<double>& volume = table.columns.at(table.find("volume")).numbers;
    const CsvTable pred = readCsv(predictions.toStdString());
    const std::vector<double>& rows = pred.columns.at(pred.find("row")).numbers;
    const std::vector<double>& appPred = pred.columns.at(pred.find("pred_1")).numbers;
    QCOMPARE(rows.front(), 192.0);  // the first window ends after 183 + 10 rows
    std::vector<float> x;
    std::vector<double> expected;
    for (std::size_t i = 0; i < rows.size(); i += 10) {
        for (int t = 192; t >= 0; --t) {
            const std::size_t row = static_cast<std::size_t>(rows[i]) - static_cast<std::size_t>(t);
            x.push_back(static_cast<float>(close.at(row)));
            x.push_back(static_cast<float>(volume.at(row)));
        }
        expected.push_back(appPred[i]);
    }
    const std::int64_t n = static_cast<std::int64_t>(expected.size());
    const OrtReport ort = runOrt(onnxPath, {QJsonObject{{"input", tensor({n, 193, 2}, x)}}});
    QVERIFY2(ort.ok, qPrintable(ort.error));
    const double d = relativeMaxDiff(outputOf(ort, 0), expected);
    qInfo("S&P 500 with indicators, %lld windows: max |onnx - predict| / max |predict| = %.3g",
          static_cast<long long>(n), d);
    QVERIFY2(d <= kTolerance, qPrintable(QString::number(d)));

    // Row 150 of the first window lies before its last 10 rows; ema:20 (105 rows) reads it.
    std::vector<float> changed(x.begin(), x.begin() + 193 * 2);
    const std::vector<float> first(changed);
    changed[150 * 2] *= 1.2f;
    const OrtReport moved = runOrt(onnxPath, {QJsonObject{{"input", tensor({1, 193, 2}, first)}},
                                              QJsonObject{{"input", tensor({1, 193, 2}, changed)}}});
    QVERIFY2(moved.ok, qPrintable(moved.error));
    qInfo("a row of history 20%% higher: forecast %.6f -> %.6f", outputOf(moved, 0).at(0), outputOf(moved, 1).at(0));
    QVERIFY(std::abs(outputOf(moved, 0).at(0) - expected.front()) <= kTolerance * std::abs(expected.front()));
    QVERIFY(outputOf(moved, 0).at(0) != outputOf(moved, 1).at(0));
}

QTEST_APPLESS_MAIN(TestOnnxExport)
#include "test_onnx_export.moc"
