#include "runtime/onednn_lstm_batch1.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define STUDIO_BATCH1_LOOPS 1
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#ifdef STUDIO_BATCH1_LOOPS

// GCC 12's AVX-512 headers start some intrinsics from an undefined register, which
// -Wmaybe-uninitialized reports in every function that inlines them.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace studio {
namespace {

#define STUDIO_AVX512 __attribute__((target("avx512f,avx512dq,fma")))
#define STUDIO_VNNI __attribute__((target("avx512f,avx512dq,avx512bw,avx512vnni,fma")))

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

// The loops read weights in blocks of 128 gate rows, each block whole for one input
// after the other: [4H / 128][in][128] holds PyTorch's w[r][c] at ((r / 128) * in + c) *
// 128 + r % 128. A block is one contiguous stream (16 KiB int8 and 64 KiB fp32 for 128
// inputs), which the prefetchers follow from L2 at nearly a load per cycle.
constexpr int kBlock = 128;

inline std::size_t blockedAt(int r, int c, int cols) {
    return (std::size_t(r / kBlock) * cols + c) * kBlock + r % kBlock;
}

// PyTorch's [4H, in] -> blocks of 128 rows, [4H / 128][in][128].
Floats blocked(const std::vector<float>& w, int rows, int cols) {
    Floats t(std::size_t(rows) * cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) t.data()[blockedAt(r, c, cols)] = w[std::size_t(r) * cols + c];
    return t;
}

STUDIO_AVX512 inline __m512 exp512(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.0f)), _mm512_set1_ps(88.0f));
    const __m512 n =
        _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    // Taylor to r^6 on |r| <= ln2/2: relative error below 2e-7.
    __m512 p = _mm512_set1_ps(1.0f / 720.0f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

STUDIO_AVX512 inline __m512 sigmoid512(__m512 x) {
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 d = _mm512_add_ps(one, exp512(_mm512_sub_ps(_mm512_setzero_ps(), x)));
    // 1 / d without a division: rcp14's 14 bits, then one Newton step r (2 - d r) to about
    // 28, past float's 24. d lies in [1, 1.7e38] (exp512 clamps), where rcp14 is defined.
    const __m512 r = _mm512_rcp14_ps(d);
    return _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(2.0f)));
}

STUDIO_AVX512 inline __m512 tanh512(__m512 x) {
    const __m512 two = _mm512_set1_ps(2.0f);
    return _mm512_fmsub_ps(two, sigmoid512(_mm512_mul_ps(two, x)), _mm512_set1_ps(1.0f));
}

// y[n] = init[n] + sum_k x[k] W[n][k], n < N (a multiple of 128), W blocked.
STUDIO_AVX512 void gemv(const float* W, const float* x, int K, int N, const float* init, float* y,
                        bool backwards = false) {
    for (int b0 = 0; b0 < N; b0 += kBlock) {
        const int n0 = backwards ? N - kBlock - b0 : b0;
        __m512 acc[8];
        for (int j = 0; j < 8; ++j) acc[j] = _mm512_loadu_ps(init + n0 + 16 * j);
        const float* block = W + std::size_t(n0) * K;
        for (int i = 0; i < K; ++i) {
            const int k = backwards ? K - 1 - i : i;
            const float* w = block + std::size_t(k) * kBlock;
            const __m512 b = _mm512_set1_ps(x[k]);
#pragma GCC unroll 8
            for (int j = 0; j < 8; ++j) acc[j] = _mm512_fmadd_ps(b, _mm512_load_ps(w + 16 * j), acc[j]);
        }
        for (int j = 0; j < 8; ++j) _mm512_storeu_ps(y + n0 + 16 * j, acc[j]);
    }
}

// Y[t][n] = bias[n] + sum_k X[t][k] W[n][k] for t < T, W blocked: four steps per pass over W.
STUDIO_AVX512 void projectSteps(const float* W, const float* X, int T, int K, int N, const float* bias, float* Y) {
    int t = 0;
    for (; t + 4 <= T; t += 4)
        for (int n0 = 0; n0 < N; n0 += 64) {
            __m512 acc[4][4];
            for (int s = 0; s < 4; ++s)
                for (int j = 0; j < 4; ++j) acc[s][j] = _mm512_load_ps(bias + n0 + 16 * j);
            const float* w = W + std::size_t(n0 / kBlock) * K * kBlock + n0 % kBlock;
            for (int k = 0; k < K; ++k, w += kBlock) {
                const __m512 w0 = _mm512_load_ps(w), w1 = _mm512_load_ps(w + 16), w2 = _mm512_load_ps(w + 32),
                             w3 = _mm512_load_ps(w + 48);
#pragma GCC unroll 4
                for (int s = 0; s < 4; ++s) {
                    const __m512 b = _mm512_set1_ps(X[std::size_t(t + s) * K + k]);
                    acc[s][0] = _mm512_fmadd_ps(b, w0, acc[s][0]);
                    acc[s][1] = _mm512_fmadd_ps(b, w1, acc[s][1]);
                    acc[s][2] = _mm512_fmadd_ps(b, w2, acc[s][2]);
                    acc[s][3] = _mm512_fmadd_ps(b, w3, acc[s][3]);
                }
            }
            for (int s = 0; s < 4; ++s)
                for (int j = 0; j < 4; ++j) _mm512_storeu_ps(Y + std::size_t(t + s) * N + n0 + 16 * j, acc[s][j]);
        }
    for (; t < T; ++t) gemv(W, X + std::size_t(t) * K, K, N, bias, Y + std::size_t(t) * N);
}

// gates [4H] (i, f, g, o) -> c, h [H]; H a multiple of 16.
STUDIO_AVX512 void cell(const float* gates, int H, float* c, float* h) {
    for (int j = 0; j < H; j += 16) {
        const __m512 i = sigmoid512(_mm512_loadu_ps(gates + j));
        const __m512 f = sigmoid512(_mm512_loadu_ps(gates + H + j));
        const __m512 g = tanh512(_mm512_loadu_ps(gates + 2 * H + j));
        const __m512 o = sigmoid512(_mm512_loadu_ps(gates + 3 * H + j));
        const __m512 cj = _mm512_fmadd_ps(f, _mm512_loadu_ps(c + j), _mm512_mul_ps(i, g));
        _mm512_storeu_ps(c + j, cj);
        _mm512_storeu_ps(h + j, _mm512_mul_ps(o, tanh512(cj)));
    }
}

// ---- int8: u8 activations, s8 weights, int32 sums (VNNI), as oneDNN's int8 LSTM ---------

// PyTorch's [4H, in] dequantized weights -> s8 q = w * scale, four inputs of a row
// together, in blocks of 128 rows: [4H / 128][in / 4][128][4] (in padded to a multiple of
// 4 with zeros); and the row sums of q.
void packS8(const std::vector<float>& w, int rows, int cols, const std::vector<float>& scales,
            std::vector<std::int8_t>& packed, std::vector<std::int32_t>& rowSums) {
    const int k4 = (cols + 3) / 4;
    packed.assign(std::size_t(k4) * rows * 4 + 64, 0);
    rowSums.assign(rows, 0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int q = static_cast<int>(std::nearbyint(w[std::size_t(r) * cols + c] * scales[r]));
            packed[blockedAt(r, c / 4, k4) * 4 + c % 4] = static_cast<std::int8_t>(q);
            rowSums[r] += q;
        }
}

// y[n] = init[n] + sum_k x[k] q[n][k], N a multiple of 128, q packed, x padded to 4 * K4 bytes.
STUDIO_VNNI void gemvU8(const std::int8_t* Wp, const std::uint8_t* x, int K4, int N, const std::int32_t* init,
                        std::int32_t* y, bool backwards = false) {
    for (int b0 = 0; b0 < N; b0 += kBlock) {
        const int n0 = backwards ? N - kBlock - b0 : b0;
        __m512i acc[8];
        for (int j = 0; j < 8; ++j) acc[j] = _mm512_loadu_si512(init + n0 + 16 * j);
        const std::int8_t* w = Wp + std::size_t(n0) * K4 * 4;
        for (int k = 0; k < K4; ++k, w += kBlock * 4) {
            std::int32_t four;
            std::memcpy(&four, x + 4 * k, 4);
            const __m512i b = _mm512_set1_epi32(four);
#pragma GCC unroll 8
            for (int j = 0; j < 8; ++j) acc[j] = _mm512_dpbusd_epi32(acc[j], b, _mm512_loadu_si512(w + 64 * j));
        }
        for (int j = 0; j < 8; ++j) _mm512_storeu_si512(y + n0 + 16 * j, acc[j]);
    }
}

// Y[t][n] = sum_k X[t][k] q[n][k] for t < T (X rows 4 * K4 bytes apart): four steps per pass.
STUDIO_VNNI void projectStepsU8(const std::int8_t* Wp, const std::uint8_t* X, int T, int K4, int N, std::int32_t* Y) {
    const std::size_t stride = 4 * std::size_t(K4);
    int t = 0;
    for (; t + 4 <= T; t += 4)
        for (int n0 = 0; n0 < N; n0 += 64) {
            __m512i acc[4][4];
            for (int s = 0; s < 4; ++s)
                for (int j = 0; j < 4; ++j) acc[s][j] = _mm512_setzero_si512();
            const std::int8_t* w = Wp + (std::size_t(n0 / kBlock) * K4 * kBlock + n0 % kBlock) * 4;
            for (int k = 0; k < K4; ++k, w += kBlock * 4) {
                const __m512i w0 = _mm512_loadu_si512(w), w1 = _mm512_loadu_si512(w + 64),
                              w2 = _mm512_loadu_si512(w + 128), w3 = _mm512_loadu_si512(w + 192);
#pragma GCC unroll 4
                for (int s = 0; s < 4; ++s) {
                    std::int32_t four;
                    std::memcpy(&four, X + (t + s) * stride + 4 * k, 4);
                    const __m512i b = _mm512_set1_epi32(four);
                    acc[s][0] = _mm512_dpbusd_epi32(acc[s][0], b, w0);
                    acc[s][1] = _mm512_dpbusd_epi32(acc[s][1], b, w1);
                    acc[s][2] = _mm512_dpbusd_epi32(acc[s][2], b, w2);
                    acc[s][3] = _mm512_dpbusd_epi32(acc[s][3], b, w3);
                }
            }
            for (int s = 0; s < 4; ++s)
                for (int j = 0; j < 4; ++j) _mm512_storeu_si512(Y + std::size_t(t + s) * N + n0 + 16 * j, acc[s][j]);
        }
    static const std::int32_t zeros[4096] = {};
    for (; t < T; ++t) {
        if (N > 4096) {
            std::fill(Y + std::size_t(t) * N, Y + std::size_t(t + 1) * N, 0);
            gemvU8(Wp, X + t * stride, K4, N, Y + std::size_t(t) * N, Y + std::size_t(t) * N);
        } else {
            gemvU8(Wp, X + t * stride, K4, N, zeros, Y + std::size_t(t) * N);
        }
    }
}

STUDIO_VNNI inline __m512 gateU8(const std::int32_t* acc, const std::int32_t* comp, const float* mult,
                                 const float* bias, int at) {
    const __m512i a = _mm512_sub_epi32(_mm512_loadu_si512(acc + at), _mm512_loadu_si512(comp + at));
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(a), _mm512_loadu_ps(mult + at), _mm512_loadu_ps(bias + at));
}

// The int32 sums of one step -> gates (acc - zero-point sum) * mult + bias -> c, and h as
// u8 (hq) and, when hOut is given, dequantized.
STUDIO_VNNI void cellU8(const std::int32_t* acc, const std::int32_t* comp, const float* mult, const float* bias, int H,
                        float dataScale, float dataShift, float* c, std::uint8_t* hq, float* hOut) {
    const __m512 scale = _mm512_set1_ps(dataScale), shift = _mm512_set1_ps(dataShift);
    const __m512 inv = _mm512_set1_ps(1.0f / dataScale);
    for (int j = 0; j < H; j += 16) {
        const __m512 i = sigmoid512(gateU8(acc, comp, mult, bias, j));
        const __m512 f = sigmoid512(gateU8(acc, comp, mult, bias, H + j));
        const __m512 g = tanh512(gateU8(acc, comp, mult, bias, 2 * H + j));
        const __m512 o = sigmoid512(gateU8(acc, comp, mult, bias, 3 * H + j));
        const __m512 cj = _mm512_fmadd_ps(f, _mm512_loadu_ps(c + j), _mm512_mul_ps(i, g));
        _mm512_storeu_ps(c + j, cj);
        const __m512 h = _mm512_mul_ps(o, tanh512(cj));
        __m512i u = _mm512_cvtps_epi32(_mm512_fmadd_ps(h, scale, shift));
        u = _mm512_min_epi32(_mm512_max_epi32(u, _mm512_setzero_si512()), _mm512_set1_epi32(255));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(hq + j), _mm512_cvtepi32_epi8(u));
        if (hOut) _mm512_storeu_ps(hOut + j, _mm512_mul_ps(_mm512_sub_ps(_mm512_cvtepi32_ps(u), shift), inv));
    }
}

}  // namespace

struct LstmBatch1::Layer {
    bool int8 = false;
    int in = 0, k4 = 0;                              // int8: input bytes per step = 4 * k4
    std::vector<Floats> ih, hh, bias;                // per direction, fp32: blocked; bias [4H] (both)
    std::vector<std::vector<std::int8_t>> ihq, hhq;  // per direction, int8: packed
    std::vector<std::vector<std::int32_t>> comp;     // per direction: dataShift * row sums of q
    std::vector<std::vector<std::int32_t>> compIh;   // per direction: the same over W_ih alone (step 0)
    std::vector<float> mult;                         // [4H]: 1 / (dataScale * scale)
};

LstmBatch1::~LstmBatch1() = default;

std::unique_ptr<LstmBatch1> LstmBatch1::create(const OnednnLstmWeights& w) {
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512dq")) return nullptr;
    if (w.hidden % 32 != 0) return nullptr;
    bool anyInt8 = false;
    for (const auto& l : w.layers) anyInt8 = anyInt8 || l.int8;
    if (anyInt8 && (!__builtin_cpu_supports("avx512bw") || !__builtin_cpu_supports("avx512vnni") ||
                    w.dataShift != std::nearbyint(w.dataShift)))
        return nullptr;
    const char* off = std::getenv("STUDIO_LSTM_BATCH1");
    if (off && std::strcmp(off, "0") == 0) return nullptr;
    std::unique_ptr<LstmBatch1> k(new LstmBatch1);
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
            Floats b(h4);
            std::copy(l.bias[d].begin(), l.bias[d].end(), b.data());
            layer.bias.push_back(std::move(b));
            if (!l.int8) {
                layer.ih.push_back(blocked(l.weightIh[d], h4, l.inputWidth));
                layer.hh.push_back(blocked(l.weightHh[d], h4, w.hidden));
                continue;
            }
            std::vector<std::int8_t> ih, hh;
            std::vector<std::int32_t> sumIh, sumHh;
            packS8(l.weightIh[d], h4, l.inputWidth, l.scales, ih, sumIh);
            packS8(l.weightHh[d], h4, w.hidden, l.scales, hh, sumHh);
            std::vector<std::int32_t> comp(h4), compIh(h4);
            for (int r = 0; r < h4; ++r) {
                comp[r] = static_cast<std::int32_t>(w.dataShift) * (sumIh[r] + sumHh[r]);
                compIh[r] = static_cast<std::int32_t>(w.dataShift) * sumIh[r];
            }
            layer.ihq.push_back(std::move(ih));
            layer.hhq.push_back(std::move(hh));
            layer.comp.push_back(std::move(comp));
            layer.compIh.push_back(std::move(compIh));
        }
        if (l.int8)
            for (int r = 0; r < h4; ++r) layer.mult.push_back(1.0f / (w.dataScale * l.scales[r]));
        k->layers_.push_back(std::move(layer));
    }
    return k;
}

void LstmBatch1::run(const float* x, const std::uint8_t* u8x, const float* bias0, int time, float* out) {
    const int H = hidden_, h4 = 4 * H, G = dirs_ * H;
    const int layers = static_cast<int>(layers_.size());
    gates_.resize(h4);
    state_.resize(2 * std::size_t(H));
    ping_.resize(std::size_t(time) * G);
    pong_.resize(std::size_t(time) * G);
    // The input of the current layer: fp32 rows, or u8 rows of 4 * k4 bytes.
    const float* input = x;
    const std::uint8_t* inputU8 = nullptr;
    if (layers_[0].int8) {
        const int in = layers_[0].in, stride = 4 * layers_[0].k4;
        u8In_.assign(std::size_t(time) * stride, 0);
        for (int t = 0; t < time; ++t)
            std::copy(u8x + std::size_t(t) * in, u8x + std::size_t(t + 1) * in, u8In_.data() + std::size_t(t) * stride);
        inputU8 = u8In_.data();
    }
    for (int l = 0; l < layers; ++l) {
        const Layer& L = layers_[l];
        const bool last = l + 1 == layers;
        const bool nextInt8 = !last && layers_[l + 1].int8;
        float* dst = last ? out : (l % 2 == 0 ? ping_.data() : pong_.data());
        std::uint8_t* dstU8 = nullptr;
        if (nextInt8) {
            (l % 2 == 0 ? u8Ping_ : u8Pong_).resize(std::size_t(time) * G);
            dstU8 = (l % 2 == 0 ? u8Ping_ : u8Pong_).data();
        }
        for (int d = 0; d < dirs_; ++d) {
            float* c = state_.data();
            float* h = c + H;
            std::fill(c, c + 2 * H, 0.0f);
            if (!L.int8) {
                gx_.resize(std::size_t(time) * h4);
                projectSteps(L.ih[d].data(), input, time, L.in, h4, L.bias[d].data(), gx_.data());
                for (int s = 0; s < time; ++s) {
                    const int t = d == 0 ? s : time - 1 - s;
                    const float* g = gx_.data() + std::size_t(t) * h4;
                    if (s > 0) {
                        gemv(L.hh[d].data(), h, H, h4, g, gates_.data(), s % 2 == 1);
                        g = gates_.data();
                    }
                    cell(g, H, c, h);
                    std::copy(h, h + H, dst + std::size_t(t) * G + d * H);
                    if (dstU8)
                        for (int j = 0; j < H; ++j)
                            dstU8[std::size_t(t) * G + d * H + j] = static_cast<std::uint8_t>(
                                std::clamp(std::nearbyint(h[j] * dataScale_ + dataShift_), 0.0f, 255.0f));
                }
                continue;
            }
            gxInt_.resize(std::size_t(time) * h4);
            accInt_.resize(h4);
            hq_.assign(H, static_cast<std::uint8_t>(dataShift_));  // h = 0
            projectStepsU8(L.ihq[d].data(), inputU8, time, L.k4, h4, gxInt_.data());
            const float* bias = l == 0 && bias0 ? bias0 + std::size_t(d) * h4 : L.bias[d].data();
            for (int s = 0; s < time; ++s) {
                const int t = d == 0 ? s : time - 1 - s;
                // Step 0 reads h = 0, the zero point in every byte: its W_hh sum is exactly
                // dataShift * the row sums, which compIh leaves out instead of subtracting.
                const std::int32_t* gx = gxInt_.data() + std::size_t(t) * h4;
                if (s > 0) gemvU8(L.hhq[d].data(), hq_.data(), H / 4, h4, gx, accInt_.data(), s % 2 == 1);
                cellU8(s > 0 ? accInt_.data() : gx, (s > 0 ? L.comp : L.compIh)[d].data(), L.mult.data(), bias, H,
                       dataScale_, dataShift_, c, hq_.data(), last ? dst + std::size_t(t) * G + d * H : nullptr);
                if (dstU8) std::copy(hq_.begin(), hq_.end(), dstU8 + std::size_t(t) * G + d * H);
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
struct LstmBatch1::Layer {};
LstmBatch1::~LstmBatch1() = default;
std::unique_ptr<LstmBatch1> LstmBatch1::create(const OnednnLstmWeights&) { return nullptr; }
void LstmBatch1::run(const float*, const std::uint8_t*, const float*, int, float*) {}

}  // namespace studio

#endif
