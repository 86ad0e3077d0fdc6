// The inference backends against the reference, LibTorch eager (studio::Model::predict):
// onednn-fp32 within 1e-5, onednn-int8 within a bound derived below, for LSTM and BiLSTM,
// 1-3 layers, both heads, input width unequal and equal to the hidden size, batch 1 and 7;
// and for text models (classifier with attention or last-state pooling, character LM)
// against TextModel's own packed-sequence LibTorch forward.
// int8 is also checked against an oracle written here in plain loops: the same u8/s8
// arithmetic as oneDNN's int8 LSTM, so a wrong layout, gate order, scale or shift shows
// up as a difference far above the rounding noise.

#include "int8_cpu.h"
#include "runtime/inference_engine.h"
#include "runtime/inference_network.h"
#include "tasks/text/text_inference_engine.h"
#include "runtime/quantized_model.h"
#include "tasks/text/quantized_text_model.h"
#include "nn/model.h"
#include "nn/text_model.h"

#include "base/error.h"
#include "base/threads.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace studio;

namespace {

constexpr int kHidden = 32;
constexpr int kTime = 11;

// Weights like PyTorch's initialization (uniform in ±1/sqrt(H)) scaled up 2x, so gates
// leave their linear range and the states reach magnitudes a trained model has.
void randomizeParameters(Model& model, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<NamedTensor> params = model.parameters();
    const float k = 2.0f / std::sqrt(float(model.spec().hidden));
    std::uniform_real_distribution<float> uniform(-k, k);
    for (auto& p : params)
        for (float& v : p.values) v = uniform(rng);
    model.setParameters(params);
}

// Windows like scaled prices: a level per window, a random walk on it, noise.
std::vector<float> randomWindows(int windows, int in, std::uint32_t seed, float levelSpread = 1.5f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(std::size_t(windows) * kTime * in);
    for (int w = 0; w < windows; ++w)
        for (int f = 0; f < in; ++f) {
            float level = levelSpread * normal(rng);
            for (int t = 0; t < kTime; ++t) {
                level += 0.2f * normal(rng);
                x[(std::size_t(w) * kTime + t) * in + f] = level + 0.3f * normal(rng);
            }
        }
    return x;
}

float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }
std::uint8_t toU8(float v) { return static_cast<std::uint8_t>(std::clamp(std::nearbyint(v), 0.0f, 255.0f)); }

// Variations of one window, so that a whole batch fits one int8 centre.
std::vector<float> windowsNearOne(int windows, int in, std::uint32_t seed) {
    const std::vector<float> one = randomWindows(1, in, seed, 0.0f);
    std::vector<float> x = randomWindows(windows, in, seed + 2, 0.0f);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = one[i % one.size()] + 0.05f * x[i];
    return x;
}

// The int8 model computed as oneDNN's int8 LSTM defines it: u8 activations
// (127 * x + 128), s8 weights, int32 sums dequantized by 1 / (127 * scale[channel]), fp32
// gates, cell and bias; hidden states re-quantized every step; the last layer's output
// fp32. Then the head as quantize_dynamic's Linear: the input to u8 over its own
// [min(0, min), max(0, max)], int32 sums, dequantized per row. One window at a time, so
// layer 0's centre is the documented one: the mid-range of each feature over the windows
// of a call, the call split in halves while that spread exceeds the calibrated range; a
// single window that still exceeds it runs layer 0 in fp32 on the unfolded weights.
//
// Alongside, a bound for |int8 - fp32|: if every readout feature is within one u8 step
// (1/127) of its fp32 value, a head layer moves its outputs by at most
// sum_i |w_ri| * (input error_i + half its own input step). The LSTM part of the claim is
// what oneDNN's int8 design gives: states live in [-1, 1] on a 1/127 grid, and the
// per-channel weight step is 1/127 of the row's largest weight.
struct Simulated {
    std::vector<float> y;
    std::vector<float> fp32Bound;  // per output value
};

void assignCentres(const QuantizedModel& q, const std::vector<float>& x, int begin, int count,
                   std::vector<std::vector<float>>& centres) {
    const int in = q.inputSize;
    std::vector<float> centre(in);
    bool fits = true;
    for (int f = 0; f < in; ++f) {
        float lo = 1e30f, hi = -1e30f;
        for (int r = begin * kTime; r < (begin + count) * kTime; ++r)
            lo = std::min(lo, x[r * in + f]), hi = std::max(hi, x[r * in + f]);
        centre[f] = 0.5f * (lo + hi);
        fits = fits && 0.5f * (hi - lo) <= q.inputScale[f];
    }
    if (fits || count == 1) {
        // An empty centre marks a window that runs layer 0 in fp32.
        for (int n = begin; n < begin + count; ++n) centres[n] = fits ? centre : std::vector<float>();
        return;
    }
    assignCentres(q, x, begin, count / 2, centres);
    assignCentres(q, x, begin + count / 2, count - count / 2, centres);
}

Simulated simulateInt8(const QuantizedModel& q, const std::vector<float>& x, int batch) {
    const int H = q.spec.hidden, dirs = q.spec.bidirectional ? 2 : 1, in0 = q.inputSize;
    std::vector<std::vector<float>> centres(batch);
    if (q.layers[0].int8) assignCentres(q, x, 0, batch, centres);
    Simulated out;
    for (int n = 0; n < batch; ++n) {
        const float* win = x.data() + std::size_t(n) * kTime * in0;
        // Layer input as dequantized u8 values (int8 layers) or fp32 (a fp32 layer 0).
        std::vector<float> seq(win, win + kTime * in0);
        int width = in0;
        std::vector<double> biasShift(std::size_t(dirs) * 4 * H, 0.0);
        const bool wide = q.layers[0].int8 && centres[n].empty();
        auto layerInt8 = [&](int l) { return q.layers[l].int8 && !(wide && l == 0); };
        auto weightIh = [&](int l, int d) {
            std::vector<float> w = q.dequantizedIh(l, d);
            if (wide && l == 0)
                for (std::size_t i = 0; i < w.size(); ++i) w[i] /= q.inputScale[i % in0];
            return w;
        };
        if (layerInt8(0)) {
            for (int f = 0; f < in0; ++f) {
                const float c = centres[n][f];
                for (int t = 0; t < kTime; ++t) {
                    const float u = toU8((win[t * in0 + f] - c) / q.inputScale[f] * 127.0f + 128.0f);
                    seq[t * in0 + f] = (u - 128.0f) / 127.0f;
                }
                for (int d = 0; d < dirs; ++d) {
                    const std::vector<float> w = weightIh(0, d);
                    for (int g = 0; g < 4 * H; ++g)
                        biasShift[std::size_t(d) * 4 * H + g] += w[g * in0 + f] * c / q.inputScale[f];
                }
            }
        }
        for (int l = 0; l < q.spec.layers; ++l) {
            const QuantizedLstmLayer& L = q.layers[l];
            const bool last = l + 1 == q.spec.layers, int8 = layerInt8(l);
            const bool handsOverU8 = int8 || (!last && layerInt8(l + 1));
            std::vector<float> next(std::size_t(kTime) * dirs * H);
            for (int d = 0; d < dirs; ++d) {
                const std::vector<float> wih = weightIh(l, d), whh = q.dequantizedHh(l, d);
                std::vector<float> h(H, 0.0f), c(H, 0.0f), gates(4 * H);
                for (int s = 0; s < kTime; ++s) {
                    const int t = d == 0 ? s : kTime - 1 - s;
                    for (int g = 0; g < 4 * H; ++g) {
                        double acc = L.directions[d].bias[g] + (l == 0 ? biasShift[std::size_t(d) * 4 * H + g] : 0.0);
                        for (int i = 0; i < width; ++i) acc += double(wih[g * width + i]) * seq[t * width + i];
                        for (int j = 0; j < H; ++j) acc += double(whh[g * H + j]) * h[j];
                        gates[g] = float(acc);
                    }
                    for (int j = 0; j < H; ++j) {
                        const float i = sigmoid(gates[j]), f = sigmoid(gates[H + j]), g = std::tanh(gates[2 * H + j]),
                                    o = sigmoid(gates[3 * H + j]);
                        c[j] = f * c[j] + i * g;
                        const float hv = o * std::tanh(c[j]);
                        const float hq = (toU8(hv * 127.0f + 128.0f) - 128.0f) / 127.0f;
                        h[j] = int8 ? hq : hv;  // an int8 recurrence sees the u8 state
                        next[std::size_t(t) * dirs * H + d * H + j] = handsOverU8 ? hq : hv;
                    }
                }
            }
            seq = std::move(next);
            width = dirs * H;
        }
        // Readout: last step, and for a BiLSTM the backward direction's first step.
        std::vector<float> feat(seq.end() - dirs * H, seq.end());
        if (dirs == 2) std::copy(seq.begin() + H, seq.begin() + 2 * H, feat.begin() + H);
        std::vector<float> err(feat.size(), 1.0f / 127.0f);
        for (std::size_t k = 0; k < q.head.size(); ++k) {
            const QuantizedLinear& lin = q.head[k];
            float lo = 0.0f, hi = 0.0f;
            for (float v : feat) lo = std::min(lo, v), hi = std::max(hi, v);
            const float step = (hi - lo) / 255.0f;
            const int zero = int(std::nearbyint(-lo / step));
            std::vector<float> y(lin.out), e(lin.out);
            for (int r = 0; r < lin.out; ++r) {
                long long acc = 0;
                double bound = 0.0;
                for (int i = 0; i < lin.in; ++i) {
                    const int w = lin.weight[std::size_t(r) * lin.in + i];
                    const int u = std::clamp(int(std::nearbyint(feat[i] / step)) + zero, 0, 255);
                    acc += w * (u - zero);
                    bound += std::abs(w / lin.scales[r]) * (err[i] + 0.5 * step);
                }
                y[r] = float(acc) * step / lin.scales[r] + lin.bias[r];
                e[r] = float(bound);
                if (k + 1 < q.head.size()) y[r] = std::max(y[r], 0.0f);  // ReLU is 1-Lipschitz
            }
            feat = y, err = e;
        }
        out.y.insert(out.y.end(), feat.begin(), feat.end());
        out.fp32Bound.insert(out.fp32Bound.end(), err.begin(), err.end());
    }
    return out;
}

float maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    float m = 0.0f;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

// Windows whose int8 outputs differ from the oracle's by more than 1e-5, and the largest
// such difference. The engines' tanh and sigmoid are approximations: now and then a state
// lands on the other side of a u8 rounding boundary than in the oracle and the window
// drifts by about one step. More than one such window means a real difference.
struct OracleMismatch {
    int windows = 0;
    float worst = 0.0f;
};

OracleMismatch oracleMismatch(const std::vector<float>& y8, const Simulated& sim, int batch, int outputs) {
    OracleMismatch m;
    for (int n = 0; n < batch; ++n) {
        float diff = 0.0f;
        for (int k = n * outputs; k < (n + 1) * outputs; ++k) diff = std::max(diff, std::abs(y8[k] - sim.y[k]));
        if (diff > 1e-5f) ++m.windows, m.worst = std::max(m.worst, diff);
    }
    return m;
}

// ---- text models ------------------------------------------------------------------------

constexpr int kVocab = 37, kClasses = 3;

// Embedding N(0, 1) as PyTorch initializes it; the rest as randomizeParameters.
void randomizeText(TextModel& model, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<NamedTensor> params = model.parameters();
    const float k = 2.0f / std::sqrt(float(model.spec().hidden));
    std::uniform_real_distribution<float> uniform(-k, k);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (auto& p : params)
        for (float& v : p.values) v = p.name == "embedding.weight" ? normal(rng) : uniform(rng);
    model.setParameters(params);
}

std::vector<std::vector<int>> randomDocs(int count, int longest, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> length(1, longest), id(0, kVocab - 1);
    std::vector<std::vector<int>> docs(count);
    for (auto& d : docs) {
        d.resize(length(rng));
        for (int& t : d) t = id(rng);
    }
    return docs;
}

// The forecasts' int8 bound carried through a text model: every LSTM output within one
// u8 step (1/127) of fp32; a Linear layer fed values in [-1, 1] quantizes its input with a
// step of at most 2/255, so output r moves by at most sum_i |w_ri| (input error + 1/255).
// The class probabilities move by at most half the largest logit change (softmax).
// Attention pooling: the pooled features are a weighted mean of outputs in [-1, 1] with
// weights int8 also moves; they are allowed two u8 steps rather than one (a rule, not a
// proof: carried through attn_proj and attn_score the first-order bound exceeds 1).
double linearBound(const QuantizedLinear& l, int row, double inputError) {
    double b = 0.0;
    for (int i = 0; i < l.in; ++i) b += std::abs(l.weight[std::size_t(row) * l.in + i] / l.scales[row]);
    return b * (inputError + 1.0 / 255.0);
}

double maxLinearBound(const QuantizedLinear& l, double inputError) {
    double m = 0.0;
    for (int r = 0; r < l.out; ++r) m = std::max(m, linearBound(l, r, inputError));
    return m;
}

double probabilityBound(const QuantizedTextModel& q) {
    return 0.5 * maxLinearBound(q.head, (q.attention.empty() ? 1.0 : 2.0) / 127.0);
}

}  // namespace

class TestInferenceEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void backendsMatchTheReference_data();
    void backendsMatchTheReference();
    void oracleNoticesAWrongScale();
    void batchesSpanningLevelsAreSplit();
    void batchesSplitAcrossThreads();
    void int8WindowGroupsMatchTheOracle();
    void wideWindowsRunLayer0InFp32();
    void int8BytesOfTheBenchmarkModel();
    void savedInt8ModelLoadsBack();
    void misuseIsReported();
    void oneEngineRefusesWhatItsNetworkLacks();
    void textBackendsMatchTheReference_data();
    void textBackendsMatchTheReference();
    void charLmBackendsMatchTheReference_data();
    void charLmBackendsMatchTheReference();
    void savedInt8TextModelLoadsBack();
};

void TestInferenceEngine::backendsMatchTheReference_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("mlp");
    QTest::addColumn<int>("input");
    QTest::addColumn<int>("batch");
    for (bool bi : {false, true})
        for (int layers : {1, 2, 3})
            for (bool mlp : {false, true})
                for (int input : {5, kHidden})
                    for (int batch : {1, 7})
                        QTest::newRow(qPrintable(QString("%1-L%2-%3-in%4-b%5")
                                                     .arg(bi ? "bilstm" : "lstm")
                                                     .arg(layers)
                                                     .arg(mlp ? "mlp" : "linear")
                                                     .arg(input)
                                                     .arg(batch)))
                            << bi << layers << mlp << input << batch;
}

void TestInferenceEngine::backendsMatchTheReference() {
    QFETCH(bool, bidirectional);
    QFETCH(int, layers);
    QFETCH(bool, mlp);
    QFETCH(int, input);
    QFETCH(int, batch);
    if (!backendAvailable(Backend::OnednnFp32)) QSKIP("this build has no oneDNN");
    ModelSpec spec;
    spec.hidden = kHidden;
    spec.layers = layers;
    spec.bidirectional = bidirectional;
    spec.head = mlp ? HeadKind::Mlp : HeadKind::Linear;
    const int horizon = 3;
    Model model(spec, input, horizon);
    const std::uint32_t seed = 100 * layers + 10 * bidirectional + mlp + input;
    randomizeParameters(model, seed);
    const std::vector<float> x = randomWindows(batch, input, seed + 1);
    const std::vector<float> reference = model.predict(x, batch, kTime);

    auto torch = createEngine(Backend::LibTorchFp32, model);
    QCOMPARE(torch->predict(x, batch, kTime), reference);

    auto fp32 = createEngine(Backend::OnednnFp32, model);
    const float fp32Diff = maxAbsDiff(fp32->predict(x, batch, kTime), reference);
    QVERIFY2(fp32Diff <= 1e-5f, qPrintable(QString("onednn-fp32 differs by %1").arg(fp32Diff)));
    // A second call reuses the plan and must give the same answer.
    QCOMPARE(fp32->predict(x, batch, kTime), fp32->predict(x, batch, kTime));

    const std::vector<float> calibration = randomWindows(64, input, seed + 2);
    for (bool firstLayerFp32 : {false, true}) {
        Int8Options options;
        options.firstLayerFp32 = firstLayerFp32;
        const QuantizedModel q = quantizeModel(model, calibration, 64, kTime, options);
        auto int8 = createInt8Engine(q);
        const std::vector<float> y8 = int8->predict(x, batch, kTime);
        const Simulated sim = simulateInt8(q, x, batch);
        const int horizonOut = model.outputSize();
        // Without VNNI the bound derived for the oracle's arithmetic does not hold as it is
        // (int8_cpu.h): measured up to 1.7 times it on an AVX2 EPYC, so three times it.
        const float boundFactor = test::int8MatchesTheOracle() ? 1.0f : 3.0f;
        for (int n = 0; n < batch; ++n)
            for (int k = n * horizonOut; k < (n + 1) * horizonOut; ++k)
                QVERIFY2(std::abs(y8[k] - reference[k]) <= boundFactor * sim.fp32Bound[k],
                         qPrintable(QString("int8 (first layer %1) window %2 output %3: %4, fp32 %5, bound %6")
                                        .arg(firstLayerFp32 ? "fp32" : "int8")
                                        .arg(n)
                                        .arg(k)
                                        .arg(y8[k])
                                        .arg(reference[k])
                                        .arg(sim.fp32Bound[k])));
        const OracleMismatch m = oracleMismatch(y8, sim, batch, horizonOut);
        if (test::int8MatchesTheOracle()) {
            QVERIFY2(m.worst < 1e-2f, qPrintable(QString("int8 differs from the oracle by %1").arg(m.worst)));
            QVERIFY2(m.windows <= 1, qPrintable(QString("%1 windows differ from the int8 oracle").arg(m.windows)));
        }
    }
}

void TestInferenceEngine::oracleNoticesAWrongScale() {
    // The oracle comparison above is only worth something if a small mistake shows in it:
    // one channel's weight scale off by 2%.
    if (!backendAvailable(Backend::OnednnInt8)) QSKIP("this build has no oneDNN");
    if (!test::int8MatchesTheOracle()) QSKIP("this CPU has no VNNI: oneDNN's int8 does not follow the oracle (int8_cpu.h)");
    ModelSpec spec;
    spec.hidden = kHidden;
    spec.layers = 2;
    Model model(spec, 5, 1);
    randomizeParameters(model, 7);
    const std::vector<float> x = randomWindows(4, 5, 8);
    QuantizedModel q = quantizeModel(model, randomWindows(32, 5, 9), 32, kTime);
    QuantizedModel wrong = q;
    wrong.layers[0].scales[2 * kHidden + 2] *= 1.02f;  // a cell-input (g) channel of layer 0
    const std::vector<float> y = createInt8Engine(wrong)->predict(x, 4, kTime);
    const Simulated sim = simulateInt8(q, x, 4);
    qInfo("a 2%% scale error moves the output by %.2e", maxAbsDiff(y, sim.y));
    QVERIFY(maxAbsDiff(y, sim.y) > 1e-4f);
    QVERIFY(maxAbsDiff(createInt8Engine(q)->predict(x, 4, kTime), sim.y) <= 1e-5f);
}

void TestInferenceEngine::batchesSplitAcrossThreads() {
    // With two threads a batch runs as two parts at once (37 windows: 18 and 19), each on
    // its own single-threaded primitives (fp32) or in the loops with scratch of its own
    // (int8, where the CPU has VNNI); the answer must be the one-thread answer, and int8
    // must quantize the whole call with one centre as before.
    if (!backendAvailable(Backend::OnednnInt8)) QSKIP("this build has no oneDNN");
    ModelSpec spec;
    spec.hidden = kHidden;
    spec.layers = 2;
    spec.bidirectional = true;
    Model model(spec, 5, 2);
    randomizeParameters(model, 21);
    const int batch = 37;
    const std::vector<float> x = windowsNearOne(batch, 5, 22);
    const std::vector<float> reference = model.predict(x, batch, kTime);
    const QuantizedModel q = quantizeModel(model, randomWindows(64, 5, 23), 64, kTime);
    auto fp32 = createEngine(Backend::OnednnFp32, model);
    auto int8 = createInt8Engine(q);
    applyThreads(1);
    const std::vector<float> fp32One = fp32->predict(x, batch, kTime);
    const std::vector<float> int8One = int8->predict(x, batch, kTime);
    applyThreads(2);
    const std::vector<float> fp32Two = fp32->predict(x, batch, kTime);
    const std::vector<float> int8Two = int8->predict(x, batch, kTime);
    // Again, on the plans the first call built.
    QCOMPARE(fp32->predict(x, batch, kTime), fp32Two);
    QCOMPARE(int8->predict(x, batch, kTime), int8Two);
    applyThreads(1);
    qInfo("two threads vs one: fp32 %.2e, int8 %.2e", maxAbsDiff(fp32Two, fp32One), maxAbsDiff(int8Two, int8One));
    QVERIFY(maxAbsDiff(fp32Two, reference) <= 1e-5f);
    QVERIFY(maxAbsDiff(fp32Two, fp32One) <= 1e-5f);
    QVERIFY(maxAbsDiff(int8Two, int8One) <= 1e-5f);
    QVERIFY(int8->wideWindows() == 0);
}

void TestInferenceEngine::int8WindowGroupsMatchTheOracle() {
    // Where the CPU has VNNI, int8 batches run in the project's loops: groups of up to 8
    // windows, two windows at a time on each block of 128 gate rows, an odd one alone.
    // 19 windows (8 + 8 + 3) of a BiLSTM with 96 units (three blocks, read in alternating
    // order) against the oracle, and oneDNN's primitive (STUDIO_LSTM_LOOPS=0) against it
    // too, as a check of the check.
    if (!backendAvailable(Backend::OnednnInt8)) QSKIP("this build has no oneDNN");
    if (!test::int8MatchesTheOracle())
        QSKIP("this CPU has no VNNI: oneDNN's int8 does not follow the oracle (int8_cpu.h)");
    ModelSpec spec;
    spec.hidden = 96;
    spec.layers = 2;
    spec.bidirectional = true;
    Model model(spec, 5, 2);
    randomizeParameters(model, 31);
    const int batch = 19;
    const std::vector<float> x = windowsNearOne(batch, 5, 32);
    const QuantizedModel q = quantizeModel(model, randomWindows(64, 5, 34), 64, kTime);
    const Simulated sim = simulateInt8(q, x, batch);
    const std::vector<float> loops = createInt8Engine(q)->predict(x, batch, kTime);
    qputenv("STUDIO_LSTM_LOOPS", "0");
    const std::vector<float> primitive = createInt8Engine(q)->predict(x, batch, kTime);
    qunsetenv("STUDIO_LSTM_LOOPS");
    const int outputs = model.outputSize();
    for (const auto& [name, y] : {std::pair{"loops", &loops}, std::pair{"primitive", &primitive}}) {
        const OracleMismatch m = oracleMismatch(*y, sim, batch, outputs);
        qInfo("%s: %d of %d windows off the oracle, by up to %.2e", name, m.windows, batch, m.worst);
        QVERIFY2(m.windows <= 1 && m.worst < 1e-2f, name);
    }
    // Each window's answer does not depend on its place in a group: the same windows
    // reversed give the same answers reversed.
    std::vector<float> reversed(x.size());
    const std::size_t perWindow = std::size_t(kTime) * 5;
    for (int n = 0; n < batch; ++n)
        std::copy(x.begin() + n * perWindow, x.begin() + (n + 1) * perWindow,
                  reversed.begin() + (batch - 1 - n) * perWindow);
    const std::vector<float> back = createInt8Engine(q)->predict(reversed, batch, kTime);
    for (int n = 0; n < batch; ++n)
        for (int k = 0; k < outputs; ++k) QCOMPARE(back[(batch - 1 - n) * outputs + k], loops[n * outputs + k]);
}

void TestInferenceEngine::batchesSpanningLevelsAreSplit() {
    // Windows at levels far apart cannot share one centre within the calibrated range:
    // the batch must give each window the answer it gets alone, not a saturated one.
    if (!backendAvailable(Backend::OnednnInt8)) QSKIP("this build has no oneDNN");
    ModelSpec spec;
    spec.hidden = kHidden;
    Model model(spec, 3, 2);
    randomizeParameters(model, 11);
    std::vector<float> x = randomWindows(5, 3, 12, /*levelSpread=*/0.0f);
    for (int n = 0; n < 5; ++n)
        for (int i = 0; i < kTime * 3; ++i) x[n * kTime * 3 + i] += 10.0f * n;
    auto int8 = createInt8Engine(quantizeModel(model, randomWindows(16, 3, 13, 0.0f), 16, kTime));
    const std::vector<float> together = int8->predict(x, 5, kTime);
    for (int n = 0; n < 5; ++n) {
        const std::vector<float> one(x.begin() + n * kTime * 3, x.begin() + (n + 1) * kTime * 3);
        const std::vector<float> alone = int8->predict(one, 1, kTime);
        QCOMPARE(together[2 * n], alone[0]);
        QCOMPARE(together[2 * n + 1], alone[1]);
    }
}

void TestInferenceEngine::wideWindowsRunLayer0InFp32() {
    // A window whose own spread exceeds the calibrated range (here 4x the calibration's)
    // is not clipped: layer 0 runs in fp32 for it, and the answer stays within the bound.
    if (!backendAvailable(Backend::OnednnInt8)) QSKIP("this build has no oneDNN");
    ModelSpec spec;
    spec.hidden = kHidden;
    spec.layers = 2;
    Model model(spec, 3, 1);
    randomizeParameters(model, 41);
    const QuantizedModel q = quantizeModel(model, randomWindows(16, 3, 42, 0.0f), 16, kTime);
    std::vector<float> x = randomWindows(3, 3, 43, 0.0f);
    for (int i = kTime * 3; i < 2 * kTime * 3; ++i) x[i] *= 4.0f;  // window 1
    auto int8 = createInt8Engine(q);
    const std::vector<float> y = int8->predict(x, 3, kTime);
    QCOMPARE(int8->wideWindows(), std::int64_t(1));
    const Simulated sim = simulateInt8(q, x, 3);
    const std::vector<float> reference = model.predict(x, 3, kTime);
    for (int n = 0; n < 3; ++n) {
        if (test::int8MatchesTheOracle())
            QVERIFY2(std::abs(y[n] - sim.y[n]) <= 1e-5f,
                     qPrintable(QString("window %1: %2 vs oracle %3").arg(n).arg(y[n]).arg(sim.y[n])));
        QVERIFY(std::abs(y[n] - reference[n]) <= (test::int8MatchesTheOracle() ? 1.0f : 3.0f) * sim.fp32Bound[n]);
    }
}

void TestInferenceEngine::int8BytesOfTheBenchmarkModel() {
    // Workload W of the benchmark: LSTM I=5, H=128, 2 layers, Linear head. By hand:
    // int8 weights 512*5 + 3 * 512*128 = 199,168 and 128 in the head; fp32 scales 2 * 512, biases (b_ih + b_hh)
    // 2 * 512, input scales 5, head 128 int8 + 1 scale + 1 bias: 4 * 2,055 = 8,220.
    ModelSpec spec;
    spec.hidden = 128;
    spec.layers = 2;
    Model model(spec, 5, 1);
    randomizeParameters(model, 21);
    const QuantizedModel q = quantizeModel(model, randomWindows(8, 5, 22), 8, kTime);
    QCOMPARE(q.bytes(), std::int64_t(199168 + 128 + 8220));
    QCOMPARE(4 * model.parameterCount(), std::int64_t(805380));
    QVERIFY(double(q.bytes()) / (4 * model.parameterCount()) <= 0.27);
}

void TestInferenceEngine::savedInt8ModelLoadsBack() {
    ModelSpec spec;
    spec.hidden = kHidden;
    spec.layers = 2;
    spec.bidirectional = true;
    spec.head = HeadKind::Mlp;
    Model model(spec, 4, 2);
    randomizeParameters(model, 31);
    const QuantizedModel q = quantizeModel(model, randomWindows(16, 4, 32), 16, kTime);
    QTemporaryDir dir;
    const std::string bin = dir.filePath("m.int8.bin").toStdString(), json = dir.filePath("m.int8.json").toStdString();
    saveQuantizedModel(q, bin, json);
    const QuantizedModel back = loadQuantizedModel(bin, json);
    QCOMPARE(back.bytes(), q.bytes());
    QCOMPARE(back.inputScale, q.inputScale);
    QCOMPARE(back.layers[1].scales, q.layers[1].scales);
    QCOMPARE(back.layers[1].directions[1].weightHh, q.layers[1].directions[1].weightHh);
    QCOMPARE(back.head[1].weight, q.head[1].weight);
    const std::vector<float> x = randomWindows(3, 4, 33);
    if (backendAvailable(Backend::OnednnInt8))
        QCOMPARE(createInt8Engine(back)->predict(x, 3, kTime), createInt8Engine(q)->predict(x, 3, kTime));

    // A binary that does not belong to its description is refused, naming the file.
    QFile f(QString::fromStdString(bin));
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.resize(f.size() - 1));
    f.close();
    try {
        loadQuantizedModel(bin, json);
        QFAIL("a truncated int8 model loaded");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("m.int8.bin"), e.what());
    }
}

void TestInferenceEngine::misuseIsReported() {
    ModelSpec spec;
    spec.hidden = 8;
    Model model(spec, 2, 1);
    QVERIFY_THROWS_EXCEPTION(UsageError, createEngine(Backend::OnednnInt8, model));
    QVERIFY_THROWS_EXCEPTION(UsageError, parseEnum<Backend>("tensorrt"));
    QVERIFY(parseEnum<Backend>("onednn-int8") == Backend::OnednnInt8);
    auto engine = createEngine(Backend::LibTorchFp32, model);
    QVERIFY_THROWS_EXCEPTION(Error, engine->predict(std::vector<float>(7), 1, 4));
    // Layer 0 in int8 needs calibration windows to know its input range.
    QVERIFY_THROWS_EXCEPTION(UsageError, quantizeModel(model, {}, 0, 4));
    Int8Options fp32First;
    fp32First.firstLayerFp32 = true;
    QCOMPARE(quantizeModel(model, {}, 0, 4, fp32First).layers[0].int8, false);
}

void TestInferenceEngine::oneEngineRefusesWhatItsNetworkLacks() {
    // The engine serves the entry points its description has: features in, a row per
    // sequence for the forecaster; token ids for the text models. A description whose
    // parts do not fit together is refused when the engine is built.
    if (!backendAvailable(Backend::OnednnFp32)) QSKIP("this build has no oneDNN");
    ModelSpec spec;
    spec.hidden = 8;
    Model model(spec, 2, 1);
    auto forecaster = createEngine(Backend::OnednnFp32, model);
    QCOMPARE(forecaster->inputSize(), 2);
    QVERIFY_THROWS_EXCEPTION(Error, forecaster->predictSteps({1, 2}, 1, 2));
    QVERIFY_THROWS_EXCEPTION(Error, forecaster->predictSequences({{1, 2}}));

    TextModelSpec lm;
    lm.head = TextHead::NextToken;
    lm.vocabSize = kVocab;
    lm.embeddingDim = 4;
    lm.hidden = 8;
    lm.bidirectional = false;
    TextModel charLm(lm);
    auto steps = createEngine(Backend::OnednnFp32, charLm);
    QCOMPARE(steps->inputSize(), 0);
    QCOMPARE(steps->outputSize(), kVocab);
    QVERIFY_THROWS_EXCEPTION(Error, steps->predict(std::vector<float>(8), 1, 2));
    QVERIFY_THROWS_EXCEPTION(Error, steps->predictSequences({{1, 2}}));
    QVERIFY_THROWS_EXCEPTION(Error, steps->predictSteps({1, kVocab}, 1, 2));  // outside the vocabulary
    QCOMPARE(steps->predictSteps({1, 2}, 1, 2).size(), std::size_t(2 * kVocab));

    InferenceNetwork attentionWithoutLayers = networkOf(model);
    attentionWithoutLayers.readout = Readout::Attention;
    QVERIFY_THROWS_EXCEPTION(Error, createOnednnEngine(attentionWithoutLayers));
    InferenceNetwork noHead = networkOf(model);
    noHead.head = InferenceHead();
    QVERIFY_THROWS_EXCEPTION(Error, createOnednnEngine(noHead));
}

void TestInferenceEngine::textBackendsMatchTheReference_data() {
    QTest::addColumn<bool>("bidirectional");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("attention");
    for (bool bi : {false, true})
        for (int layers : {1, 2})
            for (bool attention : {false, true})
                QTest::newRow(qPrintable(
                    QString("%1-L%2-%3").arg(bi ? "bilstm" : "lstm").arg(layers).arg(attention ? "attention" : "last")))
                    << bi << layers << attention;
}

void TestInferenceEngine::textBackendsMatchTheReference() {
    QFETCH(bool, bidirectional);
    QFETCH(int, layers);
    QFETCH(bool, attention);
    if (!backendAvailable(Backend::OnednnFp32)) QSKIP("this build has no oneDNN");
    TextModelSpec spec;
    spec.head = TextHead::Classes;
    spec.vocabSize = kVocab;
    spec.classes = kClasses;
    spec.embeddingDim = 12;
    spec.hidden =
        32;  // a single text (and an int8 group) runs in onednn_lstm_loops's loops, an fp32 group in the primitive
    spec.layers = layers;
    spec.bidirectional = bidirectional;
    spec.pooling = attention ? Pooling::Attention : Pooling::Last;
    TextModel model(spec);
    const std::uint32_t seed = 500 + 10 * layers + 2 * bidirectional + attention;
    randomizeText(model, seed);
    // Lengths 1..9 in one call: equal lengths share a group, the rest run alone.
    const std::vector<std::vector<int>> docs = randomDocs(23, 9, seed + 1);
    const std::vector<float> reference = model.classify(docs);

    auto torch = createEngine(Backend::LibTorchFp32, model);
    QCOMPARE(torch->predictSequences(docs), reference);
    auto fp32 = createEngine(Backend::OnednnFp32, model);
    const std::vector<float> p32 = fp32->predictSequences(docs);
    const float fp32Diff = maxAbsDiff(p32, reference);
    QVERIFY2(fp32Diff <= 1e-5f, qPrintable(QString("onednn-fp32 differs by %1").arg(fp32Diff)));
    // One text alone gets the answer it gets among others.
    QVERIFY(maxAbsDiff(fp32->predictSequences({docs[3]}),
                       std::vector<float>(p32.begin() + 3 * kClasses, p32.begin() + 4 * kClasses)) <= 1e-6f);

    const QuantizedTextModel q = quantizeTextModel(model);
    auto int8 = createInt8Engine(q);
    const std::vector<float> p8 = int8->predictSequences(docs);
    const double bound = probabilityBound(q);
    const float int8Diff = maxAbsDiff(p8, reference);
    qInfo("int8 probabilities within %.4f of fp32 (bound %.4f)", int8Diff, bound);
    QVERIFY2(int8Diff <= bound, qPrintable(QString("int8 differs by %1, bound %2").arg(int8Diff).arg(bound)));
    QCOMPARE(int8->wideWindows(), std::int64_t(0));  // the table's range bounds every text
    // int8 is not fp32 in disguise.
    QVERIFY(int8Diff > 1e-6f);
}

void TestInferenceEngine::charLmBackendsMatchTheReference_data() {
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("batch");
    for (int layers : {1, 2})
        for (int batch : {1, 4})
            QTest::newRow(qPrintable(QString("L%1-b%2").arg(layers).arg(batch))) << layers << batch;
}

void TestInferenceEngine::charLmBackendsMatchTheReference() {
    QFETCH(int, layers);
    QFETCH(int, batch);
    if (!backendAvailable(Backend::OnednnFp32)) QSKIP("this build has no oneDNN");
    TextModelSpec spec;
    spec.head = TextHead::NextToken;
    spec.vocabSize = kVocab;
    spec.embeddingDim = 10;
    spec.hidden = 32;
    spec.layers = layers;
    spec.bidirectional = false;
    TextModel model(spec);
    randomizeText(model, 900 + layers);
    const int time = 13;
    std::vector<int> ids;
    for (const auto& d : randomDocs(batch * time, 1, 901)) ids.push_back(d[0]);
    // The reference: LibTorch's forward, whose bits per character must be TextModel's own.
    auto torch = createEngine(Backend::LibTorchFp32, model);
    const std::vector<float> reference = torch->predictSteps(ids, batch, time);
    QVERIFY(std::abs(bitsPerChar(*torch, ids, time) - model.bitsPerChar(ids, time)) <= 1e-5);
    auto fp32 = createEngine(Backend::OnednnFp32, model);
    const float fp32Diff = maxAbsDiff(fp32->predictSteps(ids, batch, time), reference);
    QVERIFY2(fp32Diff <= 1e-5f, qPrintable(QString("onednn-fp32 differs by %1").arg(fp32Diff)));

    const QuantizedTextModel q = quantizeTextModel(model);
    auto int8 = createInt8Engine(q);
    const std::vector<float> y8 = int8->predictSteps(ids, batch, time);
    float int8Diff = 0.0f;
    for (std::size_t i = 0; i < y8.size(); ++i) {
        const int v = static_cast<int>(i % kVocab);
        const double bound = linearBound(q.head, v, 1.0 / 127.0);
        int8Diff = std::max(int8Diff, std::abs(y8[i] - reference[i]));
        if (test::int8MatchesTheOracle())
            QVERIFY2(std::abs(y8[i] - reference[i]) <= bound,
                     qPrintable(QString("logit %1: int8 %2, fp32 %3, bound %4")
                                    .arg(i).arg(y8[i]).arg(reference[i]).arg(bound)));
    }
    QVERIFY(int8Diff > 1e-6f);
    if (!test::int8MatchesTheOracle()) {
        // Without VNNI: the int8 model still predicts about as well as the fp32 one.
        const double b8 = bitsPerChar(*int8, ids, time), b32 = bitsPerChar(*fp32, ids, time);
        qInfo("no VNNI: int8 %.4f, fp32 %.4f bits per character", b8, b32);
        QVERIFY2(std::abs(b8 - b32) <= 0.05 * b32, qPrintable(QString("%1 vs %2").arg(b8).arg(b32)));
    }

    // Bits per character in chunks of 5 (a shorter last one) on the engines.
    QVERIFY(std::abs(bitsPerChar(*torch, ids, 5) - model.bitsPerChar(ids, 5)) <= 1e-5);
    QVERIFY(std::abs(bitsPerChar(*fp32, ids, 5) - model.bitsPerChar(ids, 5)) <= 1e-4);
}

void TestInferenceEngine::savedInt8TextModelLoadsBack() {
    TextModelSpec spec;
    spec.vocabSize = kVocab;
    spec.classes = kClasses;
    spec.embeddingDim = 8;
    spec.hidden = 8;
    spec.layers = 2;
    TextModel model(spec);
    randomizeText(model, 77);
    const QuantizedTextModel q = quantizeTextModel(model);
    // By hand: int8 embedding 37x8, LSTM 2 layers x 2 directions (4H x (in + H)), attention
    // 16x16 + 1x16, head 3x16; fp32 per-row scales, biases, input scales.
    const std::int64_t int8Values = 37 * 8 + 2 * 32 * (8 + 8) + 2 * 32 * (16 + 8) + 16 * 16 + 16 + 3 * 16;
    const std::int64_t floats = 37 + 8 + 2 * (32 + 2 * 32) + (16 + 16) + (1 + 1) + (3 + 3);
    QCOMPARE(q.bytes(), int8Values + 4 * floats);
    QTemporaryDir dir;
    const std::string bin = dir.filePath("t.int8.bin").toStdString(), json = dir.filePath("t.int8.json").toStdString();
    saveQuantizedTextModel(q, bin, json);
    const QuantizedTextModel back = loadQuantizedTextModel(bin, json);
    QCOMPARE(back.bytes(), q.bytes());
    QCOMPARE(back.embedding, q.embedding);
    QCOMPARE(back.layers[1].directions[1].weightHh, q.layers[1].directions[1].weightHh);
    QCOMPARE(back.attention[0].weight, q.attention[0].weight);
    if (backendAvailable(Backend::OnednnInt8)) {
        const auto docs = randomDocs(5, 6, 78);
        QCOMPARE(createInt8Engine(back)->predictSequences(docs), createInt8Engine(q)->predictSequences(docs));
    }
    // A forecast model's loader refuses a text model's files.
    QVERIFY_THROWS_EXCEPTION(DataError, loadQuantizedModel(bin, json));
}

QTEST_GUILESS_MAIN(TestInferenceEngine)
#include "test_inference_engine.moc"
