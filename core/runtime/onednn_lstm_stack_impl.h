#pragma once

// OnednnLstmStack's state, shared by onednn_lstm_stack.cpp (the calls) and
// onednn_lstm_stack_plan.cpp (a plan's primitives and buffers, layer 0's quantized input,
// one part of a call on the primitives). Internal to those two files, which are compiled
// with the same OpenMP flags (parts() reads the OpenMP runtime where there is one).

#include "runtime/onednn_lstm_loops.h"
#include "runtime/onednn_lstm_stack.h"

#include "base/error.h"

#include <oneapi/dnnl/dnnl.hpp>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace studio {
namespace onednn_stack {

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
inline __attribute__((optimize("O3"))) void addScaled(float* __restrict y, const float* __restrict x, float a, int n) {
    for (int i = 0; i < n; ++i) y[i] += a * x[i];
}

}  // namespace onednn_stack

struct OnednnLstmStack::Impl {
    using memory = dnnl::memory;
    using dt = memory::data_type;
    using tag = memory::format_tag;
    using AlignedBuffer = onednn_stack::AlignedBuffer;

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

}  // namespace studio
