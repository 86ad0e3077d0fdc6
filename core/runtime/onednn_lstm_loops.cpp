#include "runtime/onednn_lstm_loops.h"

#include "runtime/onednn_lstm_loops_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#ifdef STUDIO_LSTM_LOOPS_X86

namespace studio {
namespace {

using namespace lstm_loops;

// 64-byte aligned floats.
struct Floats {
    struct Free {
        void operator()(float* p) const { std::free(p); }
    };
    std::unique_ptr<float, Free> p;
    std::size_t n = 0;
    explicit Floats(std::size_t count = 0) : n(count) {
        if (count) p.reset(static_cast<float*>(std::aligned_alloc(64, (count * sizeof(float) + 63) / 64 * 64)));
    }
    float* data() const { return p.get(); }
};

std::vector<std::int32_t> interleaved(const std::vector<std::int32_t>& rows, int H) {
    std::vector<std::int32_t> out(std::size_t(4) * H);
    for (int r = 0; r < 4 * H; ++r) out[interleavedRow(r, H)] = rows[r];
    return out;
}

// Per-gate values (bias, dequantization multipliers) interleaved and times the gate's factor.
// Runs on every int8 call (the per-call bias), hence loops without a division.
void interleaveScaled(const float* rows, int H, std::vector<float>& out) {
    out.resize(std::size_t(4) * H);
    for (int gate = 0; gate < 4; ++gate) {
        const float factor = gateFactor(gate, 1);
        for (int u = 0; u < H; ++u) out[(u / 32) * kBlock + gate * 32 + u % 32] = factor * rows[gate * H + u];
    }
}

std::vector<float> interleavedScaled(const std::vector<float>& rows, int H) {
    std::vector<float> out;
    interleaveScaled(rows.data(), H, out);
    return out;
}

// PyTorch's [4H, in] times the gate factors -> blocks of 128 interleaved rows, [4H / 128][in][128].
Floats blocked(const std::vector<float>& w, int H, int cols) {
    Floats t(std::size_t(4) * H * cols);
    for (int r = 0; r < 4 * H; ++r)
        for (int c = 0; c < cols; ++c)
            t.data()[blockedAt(interleavedRow(r, H), c, cols)] = gateFactor(r, H) * w[std::size_t(r) * cols + c];
    return t;
}

// Y[t][n] = bias[n] + sum_k X[t][k] W[n][k] for S steps t, W blocked: one pass over W.
template <int S>
STUDIO_AVX512 void projectPass(const float* W, const float* X, int K, int N, const float* bias, float* Y) {
    for (int n0 = 0; n0 < N; n0 += 32) {
        __m512 acc[S][2];
        for (int s = 0; s < S; ++s)
            for (int j = 0; j < 2; ++j) acc[s][j] = _mm512_load_ps(bias + n0 + 16 * j);
        const float* w = W + std::size_t(n0 / kBlock) * K * kBlock + n0 % kBlock;
        for (int k = 0; k < K; ++k, w += kBlock) {
            const __m512 w0 = _mm512_load_ps(w), w1 = _mm512_load_ps(w + 16);
#pragma GCC unroll 8
            for (int s = 0; s < S; ++s) {
                const __m512 b = _mm512_set1_ps(X[std::size_t(s) * K + k]);
                acc[s][0] = _mm512_fmadd_ps(b, w0, acc[s][0]);
                acc[s][1] = _mm512_fmadd_ps(b, w1, acc[s][1]);
            }
        }
        for (int s = 0; s < S; ++s)
            for (int j = 0; j < 2; ++j) _mm512_storeu_ps(Y + std::size_t(s) * N + n0 + 16 * j, acc[s][j]);
    }
}

// The input projection of all T steps: kSteps steps per pass over W, then the rest.
STUDIO_AVX512 void projectSteps(const float* W, const float* X, int T, int K, int N, const float* bias, float* Y) {
    for (int t = 0; t < T; t += kSteps)
        withSteps<kSteps>(std::min(kSteps, T - t), [&](auto steps) {
            projectPass<decltype(steps)::value>(W, X + std::size_t(t) * K, K, N, bias, Y + std::size_t(t) * N);
        });
}

// One recurrent step: gates = gx + W_hh h (hIn nullptr: h = 0), then the cell -> c, hOut.
// Block by block (W_hh blocked and interleaved), backwards when asked: the blocks read
// last are still in L1 when the next step starts with them.
STUDIO_AVX512 void stepF32(const float* W, const float* hIn, int H, const float* gx, float* c, float* hOut,
                           bool backwards) {
    for (int b0 = 0; b0 < H / 32; ++b0) {
        const int b = backwards ? H / 32 - 1 - b0 : b0;
        __m512 acc[8];
        for (int j = 0; j < 8; ++j) acc[j] = _mm512_loadu_ps(gx + b * kBlock + 16 * j);
        if (hIn) {
            const float* block = W + std::size_t(b) * kBlock * H;
            for (int i = 0; i < H; ++i) {
                const int k = backwards ? H - 1 - i : i;
                const float* w = block + std::size_t(k) * kBlock;
                const __m512 x = _mm512_set1_ps(hIn[k]);
#pragma GCC unroll 8
                for (int j = 0; j < 8; ++j) acc[j] = _mm512_fmadd_ps(x, _mm512_load_ps(w + 16 * j), acc[j]);
            }
        }
        for (int half = 0; half < 2; ++half) {
            const int u = 32 * b + 16 * half;
            _mm512_storeu_ps(hOut + u, cell16(acc[half], acc[2 + half], acc[4 + half], acc[6 + half], c + u));
        }
    }
}

}  // namespace

struct LstmLoops::Layer {
    bool int8 = false;
    int in = 0, k4 = 0;                              // int8: input bytes per step = 4 * k4
    std::vector<Floats> ih, hh, bias;                // per direction, fp32: blocked; bias [4H] (both),
                                                     // interleaved and times the gate factors
    std::vector<std::vector<std::int8_t>> ihq, hhq;  // per direction, int8: packed
    // Per direction, interleaved: what the sums start from, -dataShift * the row sums of q
    // (W_ih and W_hh), which takes away the zero point's part of the products; startIh the
    // same over W_ih alone, for step 0 (h = 0, the zero point in every byte, which W_hh is
    // not run on); hhShift = dataShift * the row sums of W_hh's q, what step 0 gives back to
    // sums projected from start.
    std::vector<std::vector<std::int32_t>> start, startIh, hhShift;
    std::vector<float> mult;                         // [4H]: 1 / (dataScale * scale), as bias
};

LstmLoops::~LstmLoops() = default;

std::unique_ptr<LstmLoops> LstmLoops::create(const OnednnLstmWeights& w) {
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512dq")) return nullptr;
    if (w.hidden % 32 != 0) return nullptr;
    bool anyInt8 = false;
    for (const auto& l : w.layers) anyInt8 = anyInt8 || l.int8;
    if (anyInt8 && (!__builtin_cpu_supports("avx512bw") || !__builtin_cpu_supports("avx512vnni") ||
                    w.dataShift != std::nearbyint(w.dataShift)))
        return nullptr;
    const char* off = std::getenv("STUDIO_LSTM_LOOPS");
    if (off && std::strcmp(off, "0") == 0) return nullptr;
    std::unique_ptr<LstmLoops> k(new LstmLoops);
    k->scratch_.resize(1);
    k->hidden_ = w.hidden;
    k->dirs_ = w.bidirectional ? 2 : 1;
    k->dataScale_ = w.dataScale;
    k->dataShift_ = w.dataShift;
    const int h4 = 4 * w.hidden;
    for (const auto& l : w.layers) {
        Layer layer;
        layer.int8 = l.int8;
        layer.in = l.inputWidth;
        layer.k4 = (l.inputWidth + 3) / 4;
        for (int d = 0; d < k->dirs_; ++d) {
            const std::vector<float> bias = interleavedScaled(l.bias[d], w.hidden);
            Floats b(h4);
            std::copy(bias.begin(), bias.end(), b.data());
            layer.bias.push_back(std::move(b));
            if (!l.int8) {
                layer.ih.push_back(blocked(l.weightIh[d], w.hidden, l.inputWidth));
                layer.hh.push_back(blocked(l.weightHh[d], w.hidden, w.hidden));
                continue;
            }
            std::vector<std::int8_t> ih, hh;
            std::vector<std::int32_t> sumIh, sumHh;
            packS8(l.weightIh[d], h4, l.inputWidth, l.scales, ih, sumIh);
            packS8(l.weightHh[d], h4, w.hidden, l.scales, hh, sumHh);
            const auto shift = static_cast<std::int32_t>(w.dataShift);
            std::vector<std::int32_t> start(h4), startIh(h4), hhShift(h4);
            for (int r = 0; r < h4; ++r) {
                start[r] = -shift * (sumIh[r] + sumHh[r]);
                startIh[r] = -shift * sumIh[r];
                hhShift[r] = shift * sumHh[r];
            }
            layer.ihq.push_back(std::move(ih));
            layer.hhq.push_back(std::move(hh));
            layer.start.push_back(interleaved(start, w.hidden));
            layer.startIh.push_back(interleaved(startIh, w.hidden));
            layer.hhShift.push_back(interleaved(hhShift, w.hidden));
        }
        if (l.int8) {
            std::vector<float> mult(h4);
            for (int r = 0; r < h4; ++r) mult[r] = 1.0f / (w.dataScale * l.scales[r]);
            layer.mult = interleavedScaled(mult, w.hidden);
        }
        k->layers_.push_back(std::move(layer));
    }
    return k;
}

bool LstmLoops::int8Only() const {
    for (const Layer& l : layers_)
        if (!l.int8) return false;
    return true;
}

void LstmLoops::reserve(int parts) {
    if (static_cast<int>(scratch_.size()) < parts) scratch_.resize(parts);
}

void LstmLoops::run(const float* x, const std::uint8_t* u8x, const float* bias0, int windows, int time, float* out,
                    bool sequence, int part) {
    const int in = layers_[0].in, G = dirs_ * hidden_;
    for (int v = 0; v < windows; v += kGroup) {
        const std::size_t rows = std::size_t(v) * time;
        runGroup(scratch_[part], x ? x + rows * in : nullptr, u8x ? u8x + rows * in : nullptr, bias0,
                 std::min(kGroup, windows - v), time, out + rows * G, sequence);
    }
}

void LstmLoops::runGroup(Scratch& m, const float* x, const std::uint8_t* u8x, const float* bias0, int windows, int time,
                         float* out, bool sequence) {
    const int H = hidden_, h4 = 4 * H, G = dirs_ * H;
    const int layers = static_cast<int>(layers_.size());
    // Rows are (window, step), window-major, as the stack's [batch, time, width].
    const std::size_t rows = std::size_t(windows) * time;
    m.state.resize(std::size_t(windows) * H);
    m.ping.resize(rows * G);
    m.pong.resize(rows * G);
    // The input of the current layer: fp32 rows, or u8 rows of 4 * k4 bytes.
    const float* input = x;
    const std::uint8_t* inputU8 = nullptr;
    if (layers_[0].int8) {
        const int in = layers_[0].in, stride = 4 * layers_[0].k4;
        m.u8In.assign(rows * stride, 0);
        for (std::size_t r = 0; r < rows; ++r) std::copy(u8x + r * in, u8x + (r + 1) * in, m.u8In.data() + r * stride);
        inputU8 = m.u8In.data();
    }
    for (int l = 0; l < layers; ++l) {
        const Layer& L = layers_[l];
        const bool last = l + 1 == layers;
        const bool nextInt8 = !last && layers_[l + 1].int8;
        float* dst = last ? out : (l % 2 == 0 ? m.ping.data() : m.pong.data());
        std::uint8_t* dstU8 = nullptr;
        if (nextInt8) {
            (l % 2 == 0 ? m.u8Ping : m.u8Pong).resize(rows * G);
            dstU8 = (l % 2 == 0 ? m.u8Ping : m.u8Pong).data();
        }
        for (int d = 0; d < dirs_; ++d) {
            float* c = m.state.data();
            std::fill(c, c + std::size_t(windows) * H, 0.0f);
            auto row = [&](int t) { return dst + std::size_t(t) * G + d * H; };
            if (!L.int8) {  // one window (int8Only)
                m.gx.resize(std::size_t(time) * h4);
                projectSteps(L.ih[d].data(), input, time, L.in, h4, L.bias[d].data(), m.gx.data());
                for (int s = 0; s < time; ++s) {
                    const int t = d == 0 ? s : time - 1 - s;
                    const float* hIn = s > 0 ? row(d == 0 ? t - 1 : t + 1) : nullptr;
                    stepF32(L.hh[d].data(), hIn, H, m.gx.data() + std::size_t(t) * h4, c, row(t), s % 2 == 1);
                    if (dstU8)
                        for (int j = 0; j < H; ++j)
                            dstU8[std::size_t(t) * G + d * H + j] = static_cast<std::uint8_t>(
                                std::clamp(std::nearbyint(row(t)[j] * dataScale_ + dataShift_), 0.0f, 255.0f));
                }
                continue;
            }
            m.hq.resize(2 * std::size_t(windows) * H);
            // A narrow input (a few features) is multiplied in the steps themselves.
            const bool narrow = L.k4 <= kNarrowK4;
            if (!narrow) {
                m.gxInt.resize(rows * h4);
                projectStepsU8(L.ihq[d].data(), inputU8, static_cast<int>(rows), L.k4, h4, L.start[d].data(),
                               m.gxInt.data());
            }
            const float* bias = L.bias[d].data();
            if (l == 0 && bias0) {
                interleaveScaled(bias0 + std::size_t(d) * h4, H, m.bias0);
                bias = m.bias0.data();
            }
            const std::size_t hqSize = std::size_t(windows) * H;
            for (int s = 0; s < time; ++s) {
                const int t = d == 0 ? s : time - 1 - s;
                std::uint8_t* hq = m.hq.data() + (s % 2) * hqSize;
                const CellU8 cell{L.mult.data(),
                                  bias,
                                  dataScale_,
                                  dataShift_,
                                  c,
                                  hq,
                                  last && (sequence || s + 1 == time) ? row(t) : nullptr,
                                  std::size_t(time) * G};
                const std::size_t xRow = 4 * std::size_t(L.k4);
                const InputU8 input{
                    narrow ? nullptr : m.gxInt.data() + std::size_t(t) * h4, std::size_t(time) * h4,
                    narrow ? L.ihq[d].data() : nullptr, inputU8 + t * xRow, time * xRow, L.k4,
                    // Step 0 reads h = 0, the zero point in every byte: its W_hh
                    // sums are exactly dataShift * the row sums, which startIh
                    // leaves out instead of taking them away.
                    narrow ? (s > 0 ? L.start : L.startIh)[d].data() : (s > 0 ? nullptr : L.hhShift[d].data())};
                stepU8(L.hhq[d].data(), s > 0 ? m.hq.data() + (1 - s % 2) * hqSize : nullptr, H, input, cell, windows,
                       s % 2 == 1);
                if (dstU8)
                    for (int v = 0; v < windows; ++v)
                        std::copy(hq + v * H, hq + (v + 1) * H, dstU8 + (std::size_t(v) * time + t) * G + d * H);
            }
        }
        input = dst;
        inputU8 = dstU8;
    }
}

}  // namespace studio

#else

namespace studio {

// Other CPUs: the primitive runs every batch.
struct LstmLoops::Layer {};
LstmLoops::~LstmLoops() = default;
std::unique_ptr<LstmLoops> LstmLoops::create(const OnednnLstmWeights&) { return nullptr; }
bool LstmLoops::int8Only() const { return false; }
void LstmLoops::reserve(int) {}
void LstmLoops::run(const float*, const std::uint8_t*, const float*, int, int, float*, bool, int) {}
void LstmLoops::runGroup(Scratch&, const float*, const std::uint8_t*, const float*, int, int, float*, bool) {}

}  // namespace studio

#endif
