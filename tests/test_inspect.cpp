// inspect: the gates and states inside a trained LSTM for one window or text. Checked three
// ways: the equations c_t = f⊙c' + i⊙g and h_t = o⊙tanh(c_t) at every step; the last layer's
// h at every step against the model's own LibTorch LSTM on the same input; and every layer's
// h, c and gates against PyTorch (tests/oracle/gate_reference.py) with the same weights.

#include "base/json_io.h"
#include "nn/model_impl.h"
#include "nn/text_model_impl.h"
#include "tasks/forecast/forecast_job.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/text/text_job.h"
#include "tasks/text/text_project.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_runner.h"

#include <cmath>
#include <fstream>

using studio::Json;
using studio::test::CliResult;
using studio::test::dataset;
using studio::test::readLines;
using studio::test::runCli;

namespace {

constexpr double kTolerance = 1e-5;

std::vector<float> floats(const Json& a) { return a.get<std::vector<float>>(); }

// c_t = f⊙c' + i⊙g, h_t = o⊙tanh(c_t), with c' the state of the step before in the layer's
// direction (zeros before its first step); gates in their ranges. Returns the largest error.
double equationError(const Json& layer, int hidden) {
    const Json& steps = layer["steps"];
    const bool backward = layer["direction"] == "backward";
    const int n = static_cast<int>(steps.size());
    double worst = 0;
    for (int t = 0; t < n; ++t) {
        const Json& s = steps[t];
        const int before = backward ? t + 1 : t - 1;
        const std::vector<float> i = floats(s["i"]), f = floats(s["f"]), g = floats(s["g"]), o = floats(s["o"]),
                                 c = floats(s["c"]), h = floats(s["h"]);
        const std::vector<float> prev =
            before >= 0 && before < n ? floats(steps[before]["c"]) : std::vector<float>(hidden, 0.0f);
        if (static_cast<int>(c.size()) != hidden) return INFINITY;
        for (int u = 0; u < hidden; ++u) {
            if (i[u] < 0 || i[u] > 1 || f[u] < 0 || f[u] > 1 || o[u] < 0 || o[u] > 1 || std::abs(g[u]) > 1)
                return INFINITY;
            worst = std::max(worst, std::abs(double(c[u]) - (double(f[u]) * prev[u] + double(i[u]) * g[u])));
            worst = std::max(worst, std::abs(double(h[u]) - double(o[u]) * std::tanh(double(c[u]))));
        }
    }
    return worst;
}

// The last layer's h at every step of both directions against LibTorch's LSTM on x.
double libtorchError(torch::nn::LSTMImpl& lstm, const Json& doc, int hidden, bool bidirectional) {
    const Json& layers = doc["layers"];
    const Json& first = layers[0]["steps"];
    const std::int64_t time = first.size(), width = first[0]["x"].size();
    std::vector<float> x;
    for (const Json& s : first) {
        const std::vector<float> row = floats(s["x"]);
        x.insert(x.end(), row.begin(), row.end());
    }
    torch::NoGradGuard noGrad;
    lstm.eval();
    const torch::Tensor out = std::get<0>(lstm.forward(torch::from_blob(x.data(), {1, time, width}).clone()));
    const int dirs = bidirectional ? 2 : 1;
    double worst = 0;
    for (int d = 0; d < dirs; ++d) {
        const Json& steps = layers[layers.size() - dirs + d]["steps"];
        for (std::int64_t t = 0; t < time; ++t) {
            const std::vector<float> h = floats(steps[t]["h"]);
            for (int u = 0; u < hidden; ++u)
                worst = std::max(worst, std::abs(double(h[u]) - out[0][t][d * hidden + u].item<double>()));
        }
    }
    return worst;
}

// PyTorch's largest differences {"h","c","gates"} for the trace in `doc`.
Json pytorchErrors(const std::vector<studio::NamedTensor>& params, const Json& doc, int layers, bool bidirectional,
                   const QString& file, bool residual = false) {
    Json p = Json::array();
    for (const auto& t : params) p.push_back({{"name", t.name}, {"shape", t.shape}, {"values", t.values}});
    Json x = Json::array();
    for (const Json& s : doc["layers"][0]["steps"]) x.push_back(s["x"]);
    Json caseJson = {
        {"hidden", doc["hidden"]}, {"layer_count", layers}, {"bidirectional", bidirectional}, {"residual", residual}};
    caseJson["params"] = std::move(p);
    caseJson["x"] = std::move(x);
    caseJson["layers"] = doc["layers"];
    std::ofstream(file.toStdString()) << caseJson.dump();
    QProcess py;
    py.start(STUDIO_PYTHON, {STUDIO_ORACLE_DIR "/gate_reference.py", file});
    if (!py.waitForFinished(300000) || py.exitCode() != 0) {
        qWarning("%s", py.readAllStandardError().constData());
        return Json();
    }
    return Json::parse(py.readAllStandardOutput().toStdString());
}

}  // namespace

class TestInspect : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(tmp_.isValid()); }
    void forecastWindow();
    void classifierText();
    void refusals();
    void residualForecast();

private:
    QTemporaryDir tmp_;
    QString forecast_;
};

void TestInspect::forecastWindow() {
    forecast_ = tmp_.filePath("sunspots");
    CliResult r = runCli({"train", "--data", dataset("sunspots_monthly.csv"), "--target", "sunspots", "--epochs", "2",
                          "--window", "12", "--horizon", "2", "--hidden", "8", "--layers", "2", "--bidirectional",
                          "--out", forecast_});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString out = tmp_.filePath("inspect.json");
    r = runCli({"inspect", "--project", forecast_, "--row", "3000", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("layer 1 backward mean forget gate"), qPrintable(r.out));
    const Json doc = studio::parseJsonFile(out.toStdString());
    QCOMPARE(doc["task"], "forecast");
    QCOMPARE(doc["run"], "r1");
    QCOMPARE(doc["hidden"].get<int>(), 8);
    QCOMPARE(doc["layers"].size(), std::size_t(4));
    const char* directions[] = {"forward", "backward", "forward", "backward"};
    for (int k = 0; k < 4; ++k) {
        const Json& layer = doc["layers"][k];
        QCOMPARE(layer["layer"].get<int>(), k / 2);
        QCOMPARE(layer["direction"].get<std::string>(), std::string(directions[k]));
        QCOMPARE(layer["steps"].size(), std::size_t(12));
        QCOMPARE(layer["mean_forget"].size(), std::size_t(12));
        const double error = equationError(layer, 8);
        QVERIFY2(error <= kTolerance, qPrintable(QString("layer %1: %2").arg(k).arg(error)));
    }
    // The window's steps: data rows 2989..3000 of the monthly file, with their months.
    const Json& steps = doc["layers"][0]["steps"];
    QCOMPARE(steps[11]["row"].get<int>(), 3000);
    QCOMPARE(steps[0]["row"].get<int>(), 2989);
    const QStringList lines = readLines(dataset("sunspots_monthly.csv"));
    const QString month = lines[3001].section(',', 0, 0).remove('"');  // "1999-01" in the file
    QVERIFY(month.size() == 7);
    QCOMPARE(QString::fromStdString(steps[11]["t"].get<std::string>()), month + "-01");

    // The forecast beside the trace is predict's for the window ending at row 3000.
    const QString predictions = tmp_.filePath("predictions.csv");
    QCOMPARE(runCli({"predict", "--project", forecast_, "--out", predictions}).code, 0);
    QString want;
    for (const QString& line : readLines(predictions))
        if (line.startsWith("3000,")) want = line;
    QVERIFY(!want.isEmpty());
    for (int h = 0; h < 2; ++h) {
        const double got = doc["outputs"]["pred_" + std::to_string(h + 1)].get<double>();
        QVERIFY2(std::abs(got - want.section(',', h + 1, h + 1).toDouble()) <= 1e-4 * std::max(1.0, std::abs(got)),
                 qPrintable(QString::number(got) + " vs " + want));
    }

    const studio::ProjectFile project = studio::loadProjectFile(forecast_.toStdString());
    studio::Model model = studio::loadForecastModel(forecast_.toStdString(), project, "cpu");
    const double libtorch = libtorchError(*model.impl().net->lstm, doc, 8, true);
    qInfo("forecast: max |h - LibTorch| = %.3g", libtorch);
    QVERIFY2(libtorch <= kTolerance, qPrintable(QString::number(libtorch)));
    const Json pytorch = pytorchErrors(model.parameters(), doc, 2, true, tmp_.filePath("forecast-case.json"));
    QVERIFY(pytorch.is_object());
    qInfo("forecast: PyTorch max diffs %s", pytorch.dump().c_str());
    for (const char* key : {"h", "c", "gates"}) QVERIFY2(pytorch[key].get<double>() <= kTolerance, key);
}

void TestInspect::classifierText() {
    const QString project = tmp_.filePath("spam");
    CliResult r = runCli({"train", "--task", "classify", "--data", dataset("spam_subjects.csv"), "--text-column",
                          "subject", "--label-column", "label", "--epochs", "1", "--hidden", "16", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString out = tmp_.filePath("text.json");
    const QString text = "Re: FREE money, won't last!";
    r = runCli({"inspect", "--project", project, "--text", text, "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const Json doc = studio::parseJsonFile(out.toStdString());
    QCOMPARE(doc["task"], "classify");
    QCOMPARE(doc["input"]["text"].get<std::string>(), text.toStdString());
    // The tokens as the model reads them: lowercased words, punctuation of its own.
    std::vector<std::string> tokens;
    for (const Json& s : doc["layers"][0]["steps"]) tokens.push_back(s["t"]);
    const std::vector<std::string> want = {"re", ":", "free", "money", ",", "won't", "last", "!"};
    QCOMPARE(tokens.size(), want.size());
    const studio::TextProjectFile file = studio::loadTextProjectFile(project.toStdString());
    for (std::size_t k = 0; k < want.size(); ++k) {
        const bool known = std::find(file.vocab.begin(), file.vocab.end(), want[k]) != file.vocab.end();
        QCOMPARE(tokens[k], known ? want[k] : std::string("<unk>"));
    }
    const int hidden = doc["hidden"];
    QCOMPARE(hidden, 16);
    for (const Json& layer : doc["layers"]) QVERIFY(equationError(layer, hidden) <= kTolerance);
    double sum = 0;
    for (const auto& [name, p] : doc["outputs"].items()) sum += p.get<double>();
    QVERIFY(std::abs(sum - 1) < 1e-5);

    studio::TextModel model = studio::loadTextModel(project.toStdString(), file, "cpu");
    const bool bidirectional = model.spec().bidirectional;
    const double libtorch = libtorchError(*model.impl().net->lstm, doc, hidden, bidirectional);
    qInfo("classifier: max |h - LibTorch| = %.3g", libtorch);
    QVERIFY2(libtorch <= kTolerance, qPrintable(QString::number(libtorch)));
    const Json pytorch =
        pytorchErrors(model.parameters(), doc, model.spec().layers, bidirectional, tmp_.filePath("text-case.json"));
    QVERIFY(pytorch.is_object());
    qInfo("classifier: PyTorch max diffs %s", pytorch.dump().c_str());
    for (const char* key : {"h", "c", "gates"}) QVERIFY2(pytorch[key].get<double>() <= kTolerance, key);
}

void TestInspect::refusals() {
    QVERIFY(!forecast_.isEmpty());
    const QString out = tmp_.filePath("refused.json");
    // The first windows end at row 11 (window 12): row 5 ends none, and the message says where they do.
    CliResult r = runCli({"inspect", "--project", forecast_, "--row", "5", "--out", out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("windows end at rows 11 to"), qPrintable(r.err));
    r = runCli({"inspect", "--project", forecast_, "--text", "hello", "--out", out});
    QCOMPARE(r.code, 2);
    r = runCli({"inspect", "--project", forecast_, "--row", "3000", "--run", "r9", "--out", out});
    QCOMPARE(r.code, 2);
    QVERIFY(!QFile::exists(out));
    r = runCli({"inspect", "--project", forecast_, "--row", "3000", "--run", "r1", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
}

// A residual stack: each layer's own gates and states, every layer after the first reading
// the output plus the input of the one below, so the network's output is the sum of every
// layer's h.
void TestInspect::residualForecast() {
    const QString project = tmp_.filePath("residual");
    CliResult r = runCli({"train", "--data", dataset("sunspots_monthly.csv"), "--target", "sunspots", "--epochs", "1",
                          "--window", "10", "--hidden", "6", "--layers", "3", "--residual", "--out", project});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString out = tmp_.filePath("residual.json");
    r = runCli({"inspect", "--project", project, "--row", "2000", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const Json doc = studio::parseJsonFile(out.toStdString());
    QCOMPARE(doc["layers"].size(), std::size_t(3));
    for (const Json& layer : doc["layers"]) QVERIFY(equationError(layer, 6) <= kTolerance);

    const studio::ProjectFile file = studio::loadProjectFile(project.toStdString());
    QVERIFY(file.model.residual);
    studio::Model model = studio::loadForecastModel(project.toStdString(), file, "cpu");
    std::vector<float> x;
    for (const Json& s : doc["layers"][0]["steps"]) {
        const std::vector<float> row = floats(s["x"]);
        x.insert(x.end(), row.begin(), row.end());
    }
    const std::int64_t time = doc["layers"][0]["steps"].size();
    torch::NoGradGuard noGrad;
    auto& net = *model.impl().net;
    net.eval();
    const torch::Tensor seq = net.sequence(torch::from_blob(x.data(), {1, time, std::int64_t(x.size() / time)}).clone());
    double worst = 0;
    for (std::int64_t t = 0; t < time; ++t)
        for (int u = 0; u < 6; ++u) {
            double sum = 0;
            for (const Json& layer : doc["layers"]) sum += layer["steps"][t]["h"][u].get<double>();
            worst = std::max(worst, std::abs(sum - seq[0][t][u].item<double>()));
        }
    qInfo("residual: max |sum of h - LibTorch| = %.3g", worst);
    QVERIFY2(worst <= kTolerance, qPrintable(QString::number(worst)));
    const Json pytorch =
        pytorchErrors(model.parameters(), doc, 3, false, tmp_.filePath("residual-case.json"), /*residual=*/true);
    QVERIFY(pytorch.is_object());
    qInfo("residual: PyTorch max diffs %s", pytorch.dump().c_str());
    for (const char* key : {"h", "c", "gates"}) QVERIFY2(pytorch[key].get<double>() <= kTolerance, key);
    // The oracle tells the difference: read as a plain stack, layers 2 and 3 disagree.
    const Json plain = pytorchErrors(model.parameters(), doc, 3, false, tmp_.filePath("plain-case.json"));
    QVERIFY(plain.is_object() && plain["h"].get<double>() > 1e-3);
}

QTEST_APPLESS_MAIN(TestInspect)
#include "test_inspect.moc"
