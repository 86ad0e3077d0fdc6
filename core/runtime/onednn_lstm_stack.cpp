#include "runtime/onednn_lstm_stack.h"

#include "runtime/onednn_lstm_loops.h"

#include "base/error.h"

#include <oneapi/dnnl/dnnl.hpp>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <unordered_map>

namespace studio {
namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;

// 64-byte aligned bytes for buffers handed to oneDNN as user memory.
class AlignedBuffer {
public:
    AlignedBuffer() = default;
    explicit AlignedBuffer(std::size_t bytes) {
        const std::size_t rounded = std::max<std::size_t>(64, (bytes + 63) / 64 * 64);
        data_.reset(static_cast<char*>(std::aligned_alloc(64, rounded)));
        if (!data_) throw Error("out of memory for a oneDNN buffer of " + std::to_string(bytes) + " bytes");
    }
    void* get() const { return data_.get(); }
    template <typename T>
    T* as() const {
        return static_cast<T*>(get());
    }

private:
    struct Free {
        void operator()(char* p) const { std::free(p); }
    };
    std::unique_ptr<char, Free> data_;
};

// y += a * x, vectorized (the default -O2 leaves it scalar).
__attribute__((optimize("O3"))) void addScaled(float* __restrict y, const float* __restrict x, float a, int n) {
    for (int i = 0; i < n; ++i) y[i] += a * x[i];
}

// v rounded to the nearest integer, ties to even (as nearbyint), within [0, 255]. Clamped
// first, which gives the same bytes; then adding and taking away 1.5 * 2^23 rounds it in
// two additions, where nearbyint is a call into the library on the baseline x86-64.
std::uint8_t toU8(float v) {
    constexpr float round = 12582912.0f;
    return static_cast<std::uint8_t>((std::clamp(v, 0.0f, 255.0f) + round) - round);
}

}  // namespace

struct OnednnLstmStack::Impl {
    OnednnLstmWeights w;
    int dirs = 1;
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
    // f32 ldigo copies of the weights, the source of every reorder.
    std::vector<memory> userIh, userHh;
    std::vector<AlignedBuffer> userBuffers;
    // Biases [dirs, 4H] (ldgo) per layer; layer 0's is rewritten per call in int8.
    std::vector<AlignedBuffer> biases;
    std::vector<float> bias0Base;          // layer 0's stored bias
    std::vector<std::vector<float>> ih0T;  // int8 layer 0: dequantized folded W' per direction, [in][4H]
    std::vector<float> centre;
    std::unique_ptr<OnednnLstmStack> wide;  // fp32 layer 0, for windows beyond the range
    std::unique_ptr<LstmLoops> loops;       // single sequences and int8 batches, where the CPU allows
    std::vector<float> loopsOut, loopsBias;
    std::vector<std::uint8_t> loopsU8;
    std::int64_t wideWindows = 0;
    // A residual stack: one single-layer stack per layer, fp32 in and out, the skips added
    // between them (w.residual with more than one layer).
    std::vector<std::unique_ptr<OnednnLstmStack>> residualLayers;
    std::vector<float> residualIn, residualOut;
    // Reordered weights, keyed by the descriptor a primitive chose.
    struct Reordered {
        memory::desc desc;
        memory mem;
    };
    std::vector<std::vector<Reordered>> layerWeights, iterWeights;

    struct LayerPlan {
        dnnl::lstm_forward prim;
        std::unordered_map<int, memory> args;
    };
    struct Plan {
        int batch = 0, time = 0, part = 0;
        std::vector<LayerPlan> layers;
        std::vector<AlignedBuffer> buffers;  // inputs and outputs of the layers
        std::vector<bool> dstU8;             // per layer
        AlignedBuffer scratch;
        void* layer0Src = nullptr;  // f32 or u8 [batch, time, input]
        std::vector<void*> dst;     // per layer
        void* requant = nullptr;    // u8 copy of a fp32 layer 0's output
    };
    std::vector<std::unique_ptr<Plan>> plans;

    bool int8(int l) const { return w.layers[l].int8; }
    int width(int l) const { return w.layers[l].inputWidth; }

    dnnl::primitive_attr makeAttr(int l, bool forPrimitive) const {
        // A fresh object per use: primitive_attr is a shared handle, and a scratchpad mode
        // set through an alias reached a later reorder and crashed it.
        dnnl::primitive_attr attr;
        if (int8(l)) {
            attr.set_rnn_data_qparams(w.dataScale, w.dataShift);
            attr.set_rnn_weights_qparams(/*mask=gates and outputs*/ (1 << 3) | (1 << 4), w.layers[l].scales);
        }
        if (forPrimitive) attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
        return attr;
    }

    // PyTorch's [4H, in] per direction -> ldigo [1][d][in][4][H]: element [d][i][g][o] is
    // W_d[g*H + o][i]. The s8 reorder rejects PyTorch's own (ldgoi) layout, so both
    // precisions start from this one.
    memory userWeights(const std::vector<std::vector<float>>& perDir, int in) {
        const int h = w.hidden;
        AlignedBuffer buf(sizeof(float) * std::size_t(dirs) * in * 4 * h);
        float* p = buf.as<float>();
        for (int d = 0; d < dirs; ++d)
            for (int i = 0; i < in; ++i)
                for (int g = 0; g < 4 * h; ++g)
                    p[(std::size_t(d) * in + i) * 4 * h + g] = perDir[d][std::size_t(g) * in + i];
        memory m({{1, dirs, in, 4, h}, dt::f32, tag::ldigo}, engine, buf.get());
        userBuffers.push_back(std::move(buf));
        return m;
    }

    memory reordered(std::vector<Reordered>& cache, const memory::desc& desc, memory user, int l) {
        for (const auto& r : cache)
            if (r.desc == desc) return r.mem;
        memory out(desc, engine);
        dnnl::reorder(user, out, makeAttr(l, false)).execute(stream, user, out);
        stream.wait();
        cache.push_back({desc, out});
        return out;
    }

    // The plan for `batch` windows of `time` steps; `part` tells apart the plans of a call
    // split across threads, which run at once and so need buffers of their own.
    Plan& plan(int batch, int time, int part = 0) {
        for (auto it = plans.begin(); it != plans.end(); ++it)
            if ((*it)->batch == batch && (*it)->time == time && (*it)->part == part) {
                // Most recently used last: the oldest go first.
                std::rotate(it, it + 1, plans.end());
                return *plans.back();
            }
        // Texts of many lengths would keep a plan each: the least recently used go beyond a bound.
        constexpr std::size_t kMaxPlans = 48;
        if (plans.size() >= kMaxPlans) plans.erase(plans.begin());
        plans.push_back(build(batch, time));
        plans.back()->part = part;
        return *plans.back();
    }

    // A call of `batch` windows runs as this many parts, one per thread, each with its own
    // single-threaded primitives: no barrier between the threads at every step, as the
    // primitive's own threading has. A part gets at least kPartRows windows.
    static constexpr int kPartRows = 8;
    static int parts(int batch) {
#ifdef _OPENMP
        return std::max(1, std::min(omp_get_max_threads(), batch / kPartRows));
#else
        return 1;
#endif
    }
    static int partBegin(int batch, int parts, int k) { return static_cast<int>(std::int64_t(batch) * k / parts); }
    // fn(k, begin, end) for each part k, windows [begin, end), one OpenMP thread each; a
    // part's failure is thrown once every part has finished.
    template <typename F>
    static void inParts(int batch, int parts, F&& fn) {
        std::vector<std::string> failures(parts);
#pragma omp parallel for num_threads(parts) schedule(static, 1)
        for (int k = 0; k < parts; ++k) {
            try {
                fn(k, partBegin(batch, parts, k), partBegin(batch, parts, k + 1));
            } catch (const std::exception& e) {
                failures[k] = e.what();
            }
        }
        for (const std::string& failure : failures)
            if (!failure.empty()) throw Error(failure);
    }
    std::vector<dnnl::stream> partStreams;
    std::vector<std::uint8_t> partU8;

    // One part: windows [begin, end) of x, already quantized into u8 for an int8 layer 0.
    void runPart(Plan& p, dnnl::stream& s, const float* x, const std::uint8_t* u8, int begin, int end, int time);

    bool fitsOneCentre(const float* x, std::size_t rows) const {
        const int in = width(0);
        for (int f = 0; f < in; ++f) {
            float lo = std::numeric_limits<float>::infinity(), hi = -lo;
            bool finite = true;
            for (std::size_t r = 0; r < rows; ++r) {
                const float v = x[r * in + f];
                finite = finite && std::isfinite(v);
                lo = std::min(lo, v), hi = std::max(hi, v);
            }
            // A NaN or an infinity has no u8 code: the fp32 paths pass it on, here it would
            // become an arbitrary number.
            if (!finite) throw Error("int8 inference: the input holds NaN or infinity");
            const float limit = w.inputScale[f];
            if (!w.inputCentre.empty()) {
                // A fixed centre: every value within the range (one part in 10^5 for rounding).
                const float c = w.inputCentre[f];
                if (std::max(hi - c, c - lo) > limit * (1.0f + 1e-5f)) return false;
                continue;
            }
            if (0.5f * (hi - lo) > limit) return false;
        }
        return true;
    }

    // The same stack with layer 0 in fp32: its dequantized weights with the input scaling
    // taken back out, so any input range is fine.
    OnednnLstmWeights unfoldedLayer0() const {
        OnednnLstmWeights u = w;
        OnednnLstmLayerWeights& l0 = u.layers[0];
        l0.int8 = false;
        l0.scales.clear();
        for (auto& m : l0.weightIh)
            for (std::size_t i = 0; i < m.size(); ++i) m[i] /= w.inputScale[i % l0.inputWidth];
        u.inputScale.clear();
        u.inputCentre.clear();
        return u;
    }

    std::unique_ptr<Plan> build(int batch, int time);
    // rows of x -> u8 [rows, inputWidth] and layer 0's bias with the centre folded in.
    void quantizeInput(const float* x, std::size_t rows, std::uint8_t* u8, float* bias);
};

std::unique_ptr<OnednnLstmStack::Impl::Plan> OnednnLstmStack::Impl::build(int batch, int time) {
    auto p = std::make_unique<Plan>();
    p->batch = batch, p->time = time;
    const int layers = static_cast<int>(w.layers.size()), h = w.hidden;
    const memory::dim T = time, N = batch, G = dirs * h;
    const auto direction =
        dirs == 2 ? dnnl::rnn_direction::bidirectional_concat : dnnl::rnn_direction::unidirectional_left2right;

    auto buffer = [&](std::size_t bytes) {
        p->buffers.emplace_back(bytes);
        return p->buffers.back().get();
    };
    const bool u8In0 = int8(0);
    p->layer0Src = buffer(std::size_t(T) * N * width(0) * (u8In0 ? 1 : sizeof(float)));
    p->dst.resize(layers);
    p->dstU8.resize(layers);
    for (int l = 0; l < layers; ++l) {
        // An int8 layer hands u8 straight to an int8 successor; the last layer writes fp32
        // for the readout.
        p->dstU8[l] = l + 1 < layers && int8(l) && int8(l + 1);
        p->dst[l] = buffer(std::size_t(T) * N * G * (p->dstU8[l] ? 1 : sizeof(float)));
    }
    if (layers > 1 && !int8(0) && int8(1)) p->requant = buffer(std::size_t(T) * N * G);

    std::size_t scratchBytes = 0;
    std::vector<dnnl::lstm_forward::primitive_desc> pds;
    for (int l = 0; l < layers; ++l) {
        const bool q = int8(l);
        const bool srcU8 = l == 0 ? u8In0 : (p->dstU8[l - 1] || p->requant);
        memory::desc src({T, N, width(l)}, srcU8 ? dt::u8 : dt::f32, tag::ntc);
        memory::desc wl({1, dirs, width(l), 4, h}, q ? dt::s8 : dt::f32, tag::any);
        memory::desc wi({1, dirs, h, 4, h}, q ? dt::s8 : dt::f32, tag::any);
        memory::desc bias({1, dirs, 4, h}, dt::f32, tag::ldgo);
        memory::desc dst({T, N, G}, p->dstU8[l] ? dt::u8 : dt::f32, tag::ntc);
        dnnl::lstm_forward::desc desc(dnnl::prop_kind::forward_inference, direction, src, memory::desc(),
                                      memory::desc(), wl, wi, bias, dst, memory::desc(), memory::desc());
        pds.emplace_back(desc, makeAttr(l, true), engine);
        scratchBytes = std::max(scratchBytes, pds.back().scratchpad_desc().get_size());
    }
    p->scratch = AlignedBuffer(scratchBytes);
    for (int l = 0; l < layers; ++l) {
        const auto& pd = pds[l];
        LayerPlan lp;
        lp.prim = dnnl::lstm_forward(pd);
        void* src = l == 0 ? p->layer0Src : (p->requant && l == 1 ? p->requant : p->dst[l - 1]);
        lp.args[DNNL_ARG_SRC_LAYER] = memory(pd.src_layer_desc(), engine, src);
        lp.args[DNNL_ARG_WEIGHTS_LAYER] = reordered(layerWeights[l], pd.weights_layer_desc(), userIh[l], l);
        lp.args[DNNL_ARG_WEIGHTS_ITER] = reordered(iterWeights[l], pd.weights_iter_desc(), userHh[l], l);
        lp.args[DNNL_ARG_BIAS] = memory(pd.bias_desc(), engine, biases[l].get());
        lp.args[DNNL_ARG_DST_LAYER] = memory(pd.dst_layer_desc(), engine, p->dst[l]);
        lp.args[DNNL_ARG_SCRATCHPAD] = memory(pd.scratchpad_desc(), engine, p->scratch.get());
        p->layers.push_back(std::move(lp));
    }
    return p;
}

// Layer 0 of an int8 stack: x' = (x - centre) / inputScale with centre the mid-range of
// each feature over this call, so the u8 steps resolve the variation inside the windows
// rather than the level they sit at; W centre goes into the bias instead.
void OnednnLstmStack::Impl::quantizeInput(const float* x, std::size_t rows, std::uint8_t* u8, float* bias) {
    const int in = width(0), h4 = 4 * w.hidden;
    if (!w.inputCentre.empty()) {
        // The bias was folded once for this centre (the constructor); bias stays as it is.
        for (std::size_t r = 0; r < rows; ++r)
            for (int f = 0; f < in; ++f)
                u8[r * in + f] = toU8((x[r * in + f] - w.inputCentre[f]) / w.inputScale[f] * w.dataScale + w.dataShift);
        return;
    }
    centre.assign(in, 0.0f);
    for (int f = 0; f < in; ++f) {
        float lo = std::numeric_limits<float>::infinity(), hi = -lo;
        for (std::size_t r = 0; r < rows; ++r) lo = std::min(lo, x[r * in + f]), hi = std::max(hi, x[r * in + f]);
        centre[f] = 0.5f * (lo + hi);
    }
    for (std::size_t r = 0; r < rows; ++r)
        for (int f = 0; f < in; ++f) {
            const float v = (x[r * in + f] - centre[f]) / w.inputScale[f] * w.dataScale + w.dataShift;
            u8[r * in + f] = toU8(v);
        }
    // bias = base + W' (centre / inputScale), over W' transposed so the loop runs along
    // the gates.
    std::copy(bias0Base.begin(), bias0Base.end(), bias);
    for (int d = 0; d < dirs; ++d) {
        float* b = bias + std::size_t(d) * h4;
        for (int f = 0; f < in; ++f) {
            const float shift = centre[f] / w.inputScale[f];
            addScaled(b, ih0T[d].data() + std::size_t(f) * h4, shift, h4);
        }
    }
}

OnednnLstmStack::OnednnLstmStack(OnednnLstmWeights weights) : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.w = std::move(weights);
    d.dirs = d.w.bidirectional ? 2 : 1;
    const int layers = static_cast<int>(d.w.layers.size()), h = d.w.hidden, h4 = 4 * h;
    if (layers < 1 || h < 1) throw Error("oneDNN LSTM: no layers");
    if (d.w.residual && layers > 1) {
        // Each layer a stack of its own, reading fp32 and writing fp32: an int8 layer after
        // the first brings its input into range as layer 0 does, with its own scales.
        for (int l = 0; l < layers; ++l) {
            OnednnLstmWeights one;
            one.hidden = h;
            one.bidirectional = d.w.bidirectional;
            one.dataScale = d.w.dataScale;
            one.dataShift = d.w.dataShift;
            one.inputScale = l == 0 ? d.w.inputScale : d.w.layers[l].inputScale;
            one.layers = {d.w.layers[l]};
            d.residualLayers.push_back(std::make_unique<OnednnLstmStack>(std::move(one)));
        }
        return;
    }
    for (int l = 1; l < layers; ++l)
        if (!d.w.layers[l].int8 && d.w.layers[0].int8)
            throw Error("oneDNN LSTM: only layer 0 may stay fp32 in an int8 stack");
    try {
        for (int l = 0; l < layers; ++l) {
            const auto& L = d.w.layers[l];
            if (L.inputWidth != (l == 0 ? L.inputWidth : d.dirs * h) || int(L.weightIh.size()) != d.dirs ||
                int(L.weightHh.size()) != d.dirs || int(L.bias.size()) != d.dirs ||
                (L.int8 && int(L.scales.size()) != h4))
                throw Error("oneDNN LSTM: layer " + std::to_string(l) + " weights do not fit the shape");
            d.userIh.push_back(d.userWeights(L.weightIh, L.inputWidth));
            d.userHh.push_back(d.userWeights(L.weightHh, h));
            d.biases.emplace_back(sizeof(float) * d.dirs * h4);
            for (int k = 0; k < d.dirs; ++k)
                std::copy(L.bias[k].begin(), L.bias[k].end(), d.biases.back().as<float>() + std::size_t(k) * h4);
        }
        d.layerWeights.resize(layers);
        d.iterWeights.resize(layers);
        if (d.w.layers[0].int8) {
            if (int(d.w.inputScale.size()) != d.w.layers[0].inputWidth)
                throw Error("oneDNN LSTM: int8 layer 0 needs one input scale per feature");
            const int in = d.w.layers[0].inputWidth;
            for (const auto& m : d.w.layers[0].weightIh) {
                std::vector<float> t(m.size());
                for (int g = 0; g < h4; ++g)
                    for (int f = 0; f < in; ++f) t[std::size_t(f) * h4 + g] = m[std::size_t(g) * in + f];
                d.ih0T.push_back(std::move(t));
            }
            d.bias0Base.assign(d.biases[0].as<float>(), d.biases[0].as<float>() + d.dirs * h4);
        }
        if (d.w.layers[0].int8 && !d.w.inputCentre.empty()) {
            if (int(d.w.inputCentre.size()) != d.w.layers[0].inputWidth)
                throw Error("oneDNN LSTM: a fixed layer-0 centre needs one value per feature");
            // Fold it once: bias = base + W' (centre / inputScale).
            for (int k = 0; k < d.dirs; ++k)
                for (int f = 0; f < d.w.layers[0].inputWidth; ++f)
                    addScaled(d.biases[0].as<float>() + std::size_t(k) * h4, d.ih0T[k].data() + std::size_t(f) * h4,
                              d.w.inputCentre[f] / d.w.inputScale[f], h4);
        }
        d.loops = LstmLoops::create(d.w);
    } catch (const dnnl::error& e) {
        throw Error(std::string("oneDNN: ") + e.what());
    }
}

OnednnLstmStack::~OnednnLstmStack() = default;

int OnednnLstmStack::inputWidth() const { return impl_->w.layers[0].inputWidth; }
int OnednnLstmStack::readoutWidth() const { return impl_->dirs * impl_->w.hidden; }
std::int64_t OnednnLstmStack::wideWindows() const {
    std::int64_t n = impl_->wideWindows;
    for (const auto& layer : impl_->residualLayers) n += layer->wideWindows();
    return n;
}

std::int64_t OnednnLstmStack::bytes() const {
    std::int64_t n = 4 * static_cast<std::int64_t>(impl_->w.inputScale.size());
    for (const auto& l : impl_->w.layers) {
        const std::int64_t perValue = l.int8 ? 1 : 4;
        n += 4 * static_cast<std::int64_t>(l.scales.size() + l.inputScale.size());
        for (int k = 0; k < impl_->dirs; ++k)
            n += perValue * (l.weightIh[k].size() + l.weightHh[k].size()) + 4 * l.bias[k].size();
    }
    return n;
}

void OnednnLstmStack::prepare(int batch, int time) {
    if (batch < 1 || time < 1) throw Error("oneDNN LSTM: batch and time must be positive");
    if (!impl_->residualLayers.empty()) {
        for (const auto& layer : impl_->residualLayers) layer->prepare(batch, time);
        return;
    }
    try {
        Impl& d = *impl_;
        const int parts = Impl::parts(batch);
        if (parts == 1) {
            d.plan(batch, time);
            return;
        }
        for (int k = 0; k < parts; ++k)
            d.plan(Impl::partBegin(batch, parts, k + 1) - Impl::partBegin(batch, parts, k), time, k);
    } catch (const dnnl::error& e) {
        throw Error(std::string("oneDNN: cannot build the LSTM primitives: ") + e.what());
    }
}

void OnednnLstmStack::run(const float* x, int batch, int time, float* features) {
    forward(x, batch, time, features, false);
}

void OnednnLstmStack::runSequence(const float* x, int batch, int time, float* out) {
    forward(x, batch, time, out, true);
}

void OnednnLstmStack::forward(const float* x, int batch, int time, float* result, bool sequence) {
    Impl& d = *impl_;
    if (!d.residualLayers.empty()) {
        forwardResidual(x, batch, time, result, sequence);
        return;
    }
    const int in = inputWidth(), h = d.w.hidden, G = d.dirs * h;
    const std::size_t resultPerWindow = sequence ? std::size_t(time) * G : std::size_t(G);
    // One centre serves a whole call. Windows at different levels (a batch spanning a
    // trend) can spread wider than the calibrated range: such a batch runs as two halves,
    // each with its own centre, down to single windows, rather than saturating.
    if (d.w.layers[0].int8 && !d.fitsOneCentre(x, std::size_t(batch) * time)) {
        if (batch == 1) {
            if (!d.wide) d.wide = std::make_unique<OnednnLstmStack>(d.unfoldedLayer0());
            ++d.wideWindows;
            d.wide->forward(x, 1, time, result, sequence);
            return;
        }
        const int half = batch / 2;
        forward(x, half, time, result, sequence);
        forward(x + std::size_t(half) * time * in, batch - half, time, result + half * resultPerWindow, sequence);
        return;
    }
    if (d.loops && (batch == 1 || d.loops->int8Only())) {
        const std::uint8_t* u8 = nullptr;
        const float* bias0 = nullptr;
        const std::size_t rows = std::size_t(batch) * time;
        if (d.w.layers[0].int8) {
            d.loopsU8.resize(rows * in);
            d.loopsBias.resize(std::size_t(d.dirs) * 4 * h);
            // A fixed centre leaves the bias alone: the stored one has it folded in.
            bias0 = d.w.inputCentre.empty() ? d.loopsBias.data() : d.biases[0].as<float>();
            d.quantizeInput(x, rows, d.loopsU8.data(), d.loopsBias.data());
            u8 = d.loopsU8.data();
        }
        if (!sequence) d.loopsOut.resize(rows * G);
        float* out = sequence ? result : d.loopsOut.data();
        const int parts = Impl::parts(batch);
        if (parts == 1) {
            d.loops->run(x, u8, bias0, batch, time, out, sequence);
        } else {
            d.loops->reserve(parts);
            const std::size_t rowValues = std::size_t(time) * in;
            Impl::inParts(batch, parts, [&](int k, int begin, int end) {
                d.loops->run(x + begin * rowValues, u8 ? u8 + begin * rowValues : nullptr, bias0, end - begin, time,
                             out + std::size_t(begin) * time * G, sequence, k);
            });
        }
        if (!sequence) finish(out, batch, time, result, false);
        return;
    }
    prepare(batch, time);
    // The whole call is quantized at once, one centre for all its windows, so the answer
    // does not depend on how many threads share the call.
    const std::uint8_t* u8 = nullptr;
    if (d.w.layers[0].int8) {
        d.partU8.resize(std::size_t(batch) * time * in);
        d.quantizeInput(x, std::size_t(batch) * time, d.partU8.data(), d.biases[0].as<float>());
        u8 = d.partU8.data();
    }
    const int parts = Impl::parts(batch);
    if (parts == 1) {
        Impl::Plan& p = d.plan(batch, time);
        d.runPart(p, d.stream, x, u8, 0, batch, time);
        finish(static_cast<const float*>(p.dst.back()), batch, time, result, sequence);
        return;
    }
    std::vector<Impl::Plan*> plans;
    for (int k = 0; k < parts; ++k)
        plans.push_back(&d.plan(Impl::partBegin(batch, parts, k + 1) - Impl::partBegin(batch, parts, k), time, k));
    while (static_cast<int>(d.partStreams.size()) < parts) d.partStreams.emplace_back(d.engine);
    Impl::inParts(batch, parts, [&](int k, int begin, int end) {
        d.runPart(*plans[k], d.partStreams[k], x, u8, begin, end, time);
        finish(static_cast<const float*>(plans[k]->dst.back()), end - begin, time,
               result + std::size_t(begin) * resultPerWindow, sequence);
    });
}

void OnednnLstmStack::Impl::runPart(Plan& p, dnnl::stream& s, const float* x, const std::uint8_t* u8, int begin,
                                    int end, int time) {
    const std::size_t rowValues = std::size_t(time) * width(0);
    if (u8)
        std::copy(u8 + begin * rowValues, u8 + end * rowValues, static_cast<std::uint8_t*>(p.layer0Src));
    else
        std::copy(x + begin * rowValues, x + end * rowValues, static_cast<float*>(p.layer0Src));
    try {
        const int layers = static_cast<int>(p.layers.size());
        for (int l = 0; l < layers; ++l) {
            if (l == 1 && p.requant) {
                s.wait();
                const float* h0 = static_cast<const float*>(p.dst[0]);
                auto* q = static_cast<std::uint8_t*>(p.requant);
                const std::size_t n = std::size_t(end - begin) * time * dirs * w.hidden;
                for (std::size_t i = 0; i < n; ++i) q[i] = toU8(h0[i] * w.dataScale + w.dataShift);
            }
            p.layers[l].prim.execute(s, p.layers[l].args);
        }
        s.wait();
    } catch (const dnnl::error& e) {
        throw Error(std::string("oneDNN: LSTM execution failed: ") + e.what());
    }
}

void OnednnLstmStack::finish(const float* out, int batch, int time, float* result, bool sequence) const {
    const int h = impl_->w.hidden, G = impl_->dirs * h;
    if (sequence) {
        std::copy(out, out + std::size_t(batch) * time * G, result);
        return;
    }
    for (int n = 0; n < batch; ++n) {
        const float* last = out + (std::size_t(n) * time + (time - 1)) * G;
        std::copy(last, last + h, result + std::size_t(n) * G);
        if (impl_->dirs == 2) {
            const float* first = out + std::size_t(n) * time * G;
            std::copy(first + h, first + G, result + std::size_t(n) * G + h);
        }
    }
}

void OnednnLstmStack::forwardResidual(const float* x, int batch, int time, float* result, bool sequence) {
    Impl& d = *impl_;
    const std::size_t n = std::size_t(batch) * time * readoutWidth();
    d.residualIn.resize(n);
    d.residualOut.resize(n);
    d.residualLayers[0]->runSequence(x, batch, time, d.residualIn.data());
    for (std::size_t l = 1; l < d.residualLayers.size(); ++l) {
        d.residualLayers[l]->runSequence(d.residualIn.data(), batch, time, d.residualOut.data());
        addScaled(d.residualOut.data(), d.residualIn.data(), 1.0f, static_cast<int>(n));
        d.residualIn.swap(d.residualOut);
    }
    finish(d.residualIn.data(), batch, time, result, sequence);
}

}  // namespace studio
