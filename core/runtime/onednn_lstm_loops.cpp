#include "runtime/onednn_lstm_loops.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define STUDIO_BATCH1_LOOPS 1
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#ifdef STUDIO_BATCH1_LOOPS

// GCC 12's AVX-512 headers start some intrinsics from an undefined register, which
// -Wmaybe-uninitialized (and, in functions inlined by force, -Wuninitialized) reports in
// every function that inlines them.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

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

// Gate rows are reordered so that a block holds the four gates of 32 units: PyTorch's row
// gate * H + u goes to (u / 32) * 128 + gate * 32 + u % 32. A block's 128 sums are then
// all a cell needs for its 32 units, and the cell runs on them in registers while the
// next block streams in.
inline int interleavedRow(int r, int H) {
    const int gate = r / H, u = r % H;
    return (u / 32) * kBlock + gate * 32 + u % 32;
}

// The loops compute every gate's pre-activation times a factor, -1 for the sigmoid gates
// (i, f, o) and -2 for the cell input g, so that sigmoid(x) = 1 / (1 + exp(-x)) and
// tanh(x) = 2 sigmoid(2x) - 1 take exp of the sum as it is. The factors are folded into
// the fp32 weights and biases and into the int8 dequantization. In float's normal range a
// power of two commutes with rounding, so the sums are those of the unscaled weights to
// the bit, times the factor.
inline float gateFactor(int r, int H) { return r / H == 2 ? -2.0f : -1.0f; }

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
        const float factor = gate == 2 ? -2.0f : -1.0f;
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

STUDIO_AVX512 inline __m512 exp512(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.0f)), _mm512_set1_ps(88.0f));
    const __m512 n =
        _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT);
    // One multiply-add for r = x - n ln2, with ln2 rounded to float: off by n * 1.9e-9,
    // below 3e-8 for the |x| < 10 where a gate is not saturated.
    const __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693147182f), x);
    // exp(r) on |r| <= ln2/2 by the degree-5 polynomial of least relative error (Remez;
    // coefficients rounded to float): 1.9e-7 as evaluated in float, where Taylor's degree 6
    // gives 2.2e-7, for one multiply-add less.
    __m512 p = _mm512_set1_ps(0.00829765480f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.0419153832f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.166675746f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.499988943f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.999999702f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.00000012f));
    return _mm512_scalef_ps(p, n);
}

// sigmoid(-x) = 1 / (1 + exp(x)).
STUDIO_AVX512 inline __m512 sigmoidOfNegated(__m512 x) {
    const __m512 d = _mm512_add_ps(_mm512_set1_ps(1.0f), exp512(x));
    // 1 / d without a division: rcp14's 14 bits, then one Newton step r (2 - d r) to about
    // 28, past float's 24. d lies in [1, 1.7e38] (exp512 clamps), where rcp14 is defined.
    return _mm512_div_ps(_mm512_set1_ps(1.0f), d);
}

// tanh(x) = 2 sigmoid(2x) - 1, from -2x.
STUDIO_AVX512 inline __m512 tanhOfMinusTwice(__m512 x) {
    return _mm512_fmsub_ps(_mm512_set1_ps(2.0f), sigmoidOfNegated(x), _mm512_set1_ps(1.0f));
}

// The input projections run kSteps steps per pass over the weights, 32 gate rows at a
// time: 16 accumulators, and each weight loaded from L2 once per kSteps steps.
constexpr int kSteps = 8;

// f(std::integral_constant<int, n>) for a run-time 0 < n <= S.
template <int S, typename F>
void withSteps(int n, F&& f) {
    if constexpr (S > 0) {
        if (n == S) return f(std::integral_constant<int, S>{});
        withSteps<S - 1>(n, f);
    }
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

// The cell on 16 units: gate pre-activations times their factors (-i, -f, -2g, -o) -> c
// (updated), and h.
__attribute__((always_inline)) STUDIO_AVX512 inline __m512 cell16(__m512 i, __m512 f, __m512 g, __m512 o, float* c) {
    const __m512 cj = _mm512_fmadd_ps(sigmoidOfNegated(f), _mm512_loadu_ps(c),
                                      _mm512_mul_ps(sigmoidOfNegated(i), tanhOfMinusTwice(g)));
    _mm512_storeu_ps(c, cj);
    return _mm512_mul_ps(sigmoidOfNegated(o), tanhOfMinusTwice(_mm512_mul_ps(cj, _mm512_set1_ps(-2.0f))));
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

// ---- int8: u8 activations, s8 weights, int32 sums (VNNI), as oneDNN's int8 LSTM ---------

// PyTorch's [4H, in] dequantized weights -> s8 q = w * scale, four inputs of a row
// together, in blocks of 128 interleaved rows: [4H / 128][in / 4][128][4] (in padded to a
// multiple of 4 with zeros); and the row sums of q, in PyTorch's order.
void packS8(const std::vector<float>& w, int rows, int cols, const std::vector<float>& scales,
            std::vector<std::int8_t>& packed, std::vector<std::int32_t>& rowSums) {
    const int k4 = (cols + 3) / 4;
    packed.assign(std::size_t(k4) * rows * 4 + 64, 0);
    rowSums.assign(rows, 0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int q = static_cast<int>(std::nearbyint(w[std::size_t(r) * cols + c] * scales[r]));
            packed[blockedAt(interleavedRow(r, rows / 4), c / 4, k4) * 4 + c % 4] = static_cast<std::int8_t>(q);
            rowSums[r] += q;
        }
}

// acc += the dot products of x's four u8 with the sixteen groups of four s8 in w
// (vpdpbusd), on named variables. Written with the intrinsic on 16 accumulators, GCC 12
// copies each one to another register around every instruction, runs out of registers
// and spills.
#define STUDIO_DPBUSD(acc, x, w) __asm__("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(x), "v"(w))

// Y[t][n] = sum_k X[t][k] q[n][k] for S steps t (X rows 4 * K4 bytes apart), q packed: one
// pass over q.
template <int S>
STUDIO_VNNI void projectPassU8(const std::int8_t* Wp, const std::uint8_t* X, int K4, int N, std::int32_t* Y) {
    for (int n0 = 0; n0 < N; n0 += 32) {
        __m512i acc[S][2];
        for (int s = 0; s < S; ++s)
            for (int j = 0; j < 2; ++j) acc[s][j] = _mm512_setzero_si512();
        const std::int8_t* w = Wp + (std::size_t(n0 / kBlock) * K4 * kBlock + n0 % kBlock) * 4;
        for (int k = 0; k < K4; ++k, w += kBlock * 4) {
            const __m512i w0 = _mm512_loadu_si512(w), w1 = _mm512_loadu_si512(w + 64);
#pragma GCC unroll 8
            for (int s = 0; s < S; ++s) {
                std::int32_t four;
                std::memcpy(&four, X + std::size_t(s) * 4 * K4 + 4 * k, 4);
                const __m512i b = _mm512_set1_epi32(four);
                acc[s][0] = _mm512_dpbusd_epi32(acc[s][0], b, w0);
                acc[s][1] = _mm512_dpbusd_epi32(acc[s][1], b, w1);
            }
        }
        for (int s = 0; s < S; ++s)
            for (int j = 0; j < 2; ++j) _mm512_storeu_si512(Y + std::size_t(s) * N + n0 + 16 * j, acc[s][j]);
    }
}

// projectPassU8<kSteps> with its 16 accumulators named (STUDIO_DPBUSD).
STUDIO_VNNI void projectPassU8Full(const std::int8_t* Wp, const std::uint8_t* X, int K4, int N, std::int32_t* Y) {
    static_assert(kSteps == 8, "one pair of accumulators per step");
    const std::size_t stride = 4 * std::size_t(K4);
    for (int n0 = 0; n0 < N; n0 += 32) {
        __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        __m512i b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        const std::int8_t* w = Wp + (std::size_t(n0 / kBlock) * K4 * kBlock + n0 % kBlock) * 4;
        const std::uint8_t* x = X;
        for (int k = 0; k < K4; ++k, w += kBlock * 4, x += 4) {
            const __m512i w0 = _mm512_loadu_si512(w), w1 = _mm512_loadu_si512(w + 64);
#define STUDIO_PROJECT_STEP(s, as, bs)             \
    {                                              \
        std::int32_t four;                         \
        std::memcpy(&four, x + (s)*stride, 4);     \
        const __m512i b = _mm512_set1_epi32(four); \
        STUDIO_DPBUSD(as, b, w0);                  \
        STUDIO_DPBUSD(bs, b, w1);                  \
    }
            STUDIO_PROJECT_STEP(0, a0, b0)
            STUDIO_PROJECT_STEP(1, a1, b1)
            STUDIO_PROJECT_STEP(2, a2, b2)
            STUDIO_PROJECT_STEP(3, a3, b3)
            STUDIO_PROJECT_STEP(4, a4, b4)
            STUDIO_PROJECT_STEP(5, a5, b5)
            STUDIO_PROJECT_STEP(6, a6, b6)
            STUDIO_PROJECT_STEP(7, a7, b7)
#undef STUDIO_PROJECT_STEP
        }
        const __m512i acc[8][2] = {{a0, b0}, {a1, b1}, {a2, b2}, {a3, b3}, {a4, b4}, {a5, b5}, {a6, b6}, {a7, b7}};
        for (int s = 0; s < 8; ++s)
            for (int j = 0; j < 2; ++j) _mm512_storeu_si512(Y + std::size_t(s) * N + n0 + 16 * j, acc[s][j]);
    }
}

STUDIO_VNNI void projectStepsU8(const std::int8_t* Wp, const std::uint8_t* X, int T, int K4, int N, std::int32_t* Y) {
    const std::size_t stride = 4 * std::size_t(K4);
    for (int t = 0; t < T; t += kSteps)
        if (T - t >= kSteps)
            projectPassU8Full(Wp, X + t * stride, K4, N, Y + std::size_t(t) * N);
        else
            withSteps<kSteps - 1>(T - t, [&](auto steps) {
                projectPassU8<decltype(steps)::value>(Wp, X + t * stride, K4, N, Y + std::size_t(t) * N);
            });
}

// Layers with at most this many groups of four inputs have them multiplied in each step
// (InputU8) rather than projected for all steps beforehand.
constexpr int kNarrowK4 = 4;

// Where an int8 step's cell reads its dequantization and writes its state. Window v's
// state c, u8 hidden state and dequantized output start at c + v * H, hOut + v * H and
// hF + v * hFStride.
struct CellU8 {
    const std::int32_t* comp;
    const float* mult;
    const float* bias;
    float dataScale, dataShift;
    float* c;
    std::uint8_t* hOut;
    float* hF;  // nullptr: not wanted
    std::size_t hFStride;
};

// Block b's cell for window v from its 128 int32 sums: dequantized (sum - comp) * mult +
// bias, the cell -> c, h as u8 and, when wanted, dequantized.
__attribute__((always_inline)) STUDIO_VNNI inline void cellU8(const __m512i (&acc)[8], int b, int H, const CellU8& o,
                                                              int v) {
    const __m512 scale = _mm512_set1_ps(o.dataScale), shift = _mm512_set1_ps(o.dataShift);
    __m512 gate[8];
    for (int j = 0; j < 8; ++j) {
        const int at = b * kBlock + 16 * j;
        gate[j] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(acc[j], _mm512_loadu_si512(o.comp + at))),
                                  _mm512_loadu_ps(o.mult + at), _mm512_loadu_ps(o.bias + at));
    }
    for (int half = 0; half < 2; ++half) {
        const int u = 32 * b + 16 * half;
        const __m512 h = cell16(gate[half], gate[2 + half], gate[4 + half], gate[6 + half], o.c + v * H + u);
        __m512i q = _mm512_cvtps_epi32(_mm512_fmadd_ps(h, scale, shift));
        q = _mm512_min_epi32(_mm512_max_epi32(q, _mm512_setzero_si512()), _mm512_set1_epi32(255));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o.hOut + v * H + u), _mm512_cvtepi32_epi8(q));
        if (o.hF)
            _mm512_storeu_ps(o.hF + v * o.hFStride + u, _mm512_mul_ps(_mm512_sub_ps(_mm512_cvtepi32_ps(q), shift),
                                                                      _mm512_set1_ps(1.0f / o.dataScale)));
    }
}

// What an int8 step adds to W_hh h: window v's input sums at gx + v * gxStride (the
// input projection, run for all steps beforehand), or, where ih is given, those of a
// narrow input formed in the step itself: the s8 weights ih (packed as W_hh, k4 groups of
// four inputs) times window v's u8 input at x + v * xStride. For a layer 0 of a few
// features that saves writing and reading back 2 KiB of sums per window and step.
struct InputU8 {
    const std::int32_t* gx;
    std::size_t gxStride;
    const std::int8_t* ih;  // nullptr: gx
    const std::uint8_t* x;
    std::size_t xStride;
    int k4;
};

// Window a's accumulators a0..a7 += its four u8 (xa) times the 8 rows of 64 bytes at w;
// in a pair, window b's b0..b7 too, each row loaded once for both.
#define STUDIO_DPBUSD_ROW(j, w, xa, ...)                      \
    {                                                         \
        const __m512i row = _mm512_loadu_si512((w) + 64 * j); \
        STUDIO_DPBUSD(a##j, xa, row);                         \
        __VA_ARGS__                                           \
    }
#define STUDIO_DPBUSD_ROWS(w, xa) \
    STUDIO_DPBUSD_ROW(0, w, xa)   \
    STUDIO_DPBUSD_ROW(1, w, xa)   \
    STUDIO_DPBUSD_ROW(2, w, xa)   \
    STUDIO_DPBUSD_ROW(3, w, xa)   \
    STUDIO_DPBUSD_ROW(4, w, xa)   \
    STUDIO_DPBUSD_ROW(5, w, xa)   \
    STUDIO_DPBUSD_ROW(6, w, xa)   \
    STUDIO_DPBUSD_ROW(7, w, xa)
#define STUDIO_DPBUSD_PAIR(w, xa, xb)                        \
    STUDIO_DPBUSD_ROW(0, w, xa, STUDIO_DPBUSD(b0, xb, row);) \
    STUDIO_DPBUSD_ROW(1, w, xa, STUDIO_DPBUSD(b1, xb, row);) \
    STUDIO_DPBUSD_ROW(2, w, xa, STUDIO_DPBUSD(b2, xb, row);) \
    STUDIO_DPBUSD_ROW(3, w, xa, STUDIO_DPBUSD(b3, xb, row);) \
    STUDIO_DPBUSD_ROW(4, w, xa, STUDIO_DPBUSD(b4, xb, row);) \
    STUDIO_DPBUSD_ROW(5, w, xa, STUDIO_DPBUSD(b5, xb, row);) \
    STUDIO_DPBUSD_ROW(6, w, xa, STUDIO_DPBUSD(b6, xb, row);) \
    STUDIO_DPBUSD_ROW(7, w, xa, STUDIO_DPBUSD(b7, xb, row);)

// acc0..acc7 = the 128 int32 sums at g.
#define STUDIO_LOAD_SUMS(acc, g)                                                         \
    do {                                                                                 \
        const std::int32_t* sums = (g);                                                  \
        acc##0 = _mm512_loadu_si512(sums), acc##1 = _mm512_loadu_si512(sums + 16);       \
        acc##2 = _mm512_loadu_si512(sums + 32), acc##3 = _mm512_loadu_si512(sums + 48);  \
        acc##4 = _mm512_loadu_si512(sums + 64), acc##5 = _mm512_loadu_si512(sums + 80);  \
        acc##6 = _mm512_loadu_si512(sums + 96), acc##7 = _mm512_loadu_si512(sums + 112); \
    } while (0)

// Block b of one int8 step for one window (v0): int32 sums of the input (in) + q h (hIn
// nullptr: h = 0 and comp leaves its W_hh part out), then its cell. Input k runs from
// K4 - 1 down to 0 when backwards.
STUDIO_VNNI void blockU8(const std::int8_t* block, int b, const std::uint8_t* hIn, int H, const InputU8& in,
                         const CellU8& o, int v0, bool backwards) {
    const int K4 = H / 4;
    __m512i a0, a1, a2, a3, a4, a5, a6, a7;
    if (in.ih) {
        a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = _mm512_setzero_si512();
        const std::int8_t* w = in.ih + std::size_t(b) * kBlock * 4 * in.k4;
        for (int k = 0; k < in.k4; ++k, w += kBlock * 4) {
            std::int32_t f;
            std::memcpy(&f, in.x + v0 * in.xStride + 4 * k, 4);
            const __m512i x = _mm512_set1_epi32(f);
            STUDIO_DPBUSD_ROWS(w, x)
        }
    } else {
        STUDIO_LOAD_SUMS(a, in.gx + v0 * in.gxStride + b * kBlock);
    }
    if (hIn) {
        const int first = backwards ? K4 - 1 : 0, dir = backwards ? -1 : 1;
        const std::uint8_t* h = hIn + v0 * H + 4 * first;
        const std::int8_t* w = block + std::size_t(first) * kBlock * 4;
        for (int i = 0; i < K4; ++i, h += 4 * dir, w += dir * kBlock * 4) {
            std::int32_t f;
            std::memcpy(&f, h, 4);
            const __m512i x = _mm512_set1_epi32(f);
            STUDIO_DPBUSD_ROWS(w, x)
        }
    }
    const __m512i acc[8] = {a0, a1, a2, a3, a4, a5, a6, a7};
    cellU8(acc, b, H, o, v0);
}

// The same for two windows (v0, v0 + 1), each row of weights loaded once for both.
STUDIO_VNNI void blockU8Pair(const std::int8_t* block, int b, const std::uint8_t* hIn, int H, const InputU8& in,
                             const CellU8& o, int v0, bool backwards) {
    const int K4 = H / 4;
    __m512i a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7;
    if (in.ih) {
        a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = _mm512_setzero_si512();
        b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = a0;
        const std::int8_t* w = in.ih + std::size_t(b) * kBlock * 4 * in.k4;
        const std::uint8_t* xa = in.x + v0 * in.xStride;
        for (int k = 0; k < in.k4; ++k, w += kBlock * 4) {
            std::int32_t fa, fb;
            std::memcpy(&fa, xa + 4 * k, 4);
            std::memcpy(&fb, xa + in.xStride + 4 * k, 4);
            const __m512i va = _mm512_set1_epi32(fa), vb = _mm512_set1_epi32(fb);
            STUDIO_DPBUSD_PAIR(w, va, vb)
        }
    } else {
        const std::int32_t* ga = in.gx + v0 * in.gxStride + b * kBlock;
        STUDIO_LOAD_SUMS(a, ga);
        STUDIO_LOAD_SUMS(b, ga + in.gxStride);
    }
    if (hIn) {
        const int first = backwards ? K4 - 1 : 0, dir = backwards ? -1 : 1;
        const std::uint8_t* ha = hIn + v0 * H + 4 * first;
        const std::int8_t* w = block + std::size_t(first) * kBlock * 4;
        for (int i = 0; i < K4; ++i, ha += 4 * dir, w += dir * kBlock * 4) {
            std::int32_t fa, fb;
            std::memcpy(&fa, ha, 4);
            std::memcpy(&fb, ha + H, 4);
            const __m512i xa = _mm512_set1_epi32(fa), xb = _mm512_set1_epi32(fb);
            STUDIO_DPBUSD_PAIR(w, xa, xb)
        }
    }
    const __m512i accA[8] = {a0, a1, a2, a3, a4, a5, a6, a7}, accB[8] = {b0, b1, b2, b3, b4, b5, b6, b7};
    cellU8(accA, b, H, o, v0);
    cellU8(accB, b, H, o, v0 + 1);
}
#undef STUDIO_DPBUSD_PAIR
#undef STUDIO_DPBUSD_ROWS
#undef STUDIO_DPBUSD_ROW
#undef STUDIO_LOAD_SUMS

// One recurrent int8 step of `windows` windows (hidden states hIn + v * H, input as in),
// block by block as stepF32, two windows at a time on each block while it is in L1.
STUDIO_VNNI void stepU8(const std::int8_t* Wp, const std::uint8_t* hIn, int H, const InputU8& in, const CellU8& o,
                        int windows, bool backwards) {
    for (int b0 = 0; b0 < H / 32; ++b0) {
        const int b = backwards ? H / 32 - 1 - b0 : b0;
        const std::int8_t* block = Wp + std::size_t(b) * kBlock * H;
        int v = 0;
        for (; v + 2 <= windows; v += 2) blockU8Pair(block, b, hIn, H, in, o, v, backwards);
        if (v < windows) blockU8(block, b, hIn, H, in, o, v, backwards);
    }
}

}  // namespace

struct LstmLoops::Layer {
    bool int8 = false;
    int in = 0, k4 = 0;                              // int8: input bytes per step = 4 * k4
    std::vector<Floats> ih, hh, bias;                // per direction, fp32: blocked; bias [4H] (both),
                                                     // interleaved and times the gate factors
    std::vector<std::vector<std::int8_t>> ihq, hhq;  // per direction, int8: packed
    std::vector<std::vector<std::int32_t>> comp;     // per direction: dataShift * row sums of q
    std::vector<std::vector<std::int32_t>> compIh;   // per direction: the same over W_ih alone (step 0)
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
            std::vector<std::int32_t> comp(h4), compIh(h4);
            for (int r = 0; r < h4; ++r) {
                comp[r] = static_cast<std::int32_t>(w.dataShift) * (sumIh[r] + sumHh[r]);
                compIh[r] = static_cast<std::int32_t>(w.dataShift) * sumIh[r];
            }
            layer.ihq.push_back(std::move(ih));
            layer.hhq.push_back(std::move(hh));
            layer.comp.push_back(interleaved(comp, w.hidden));
            layer.compIh.push_back(interleaved(compIh, w.hidden));
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
                    int part) {
    const int in = layers_[0].in, G = dirs_ * hidden_;
    for (int v = 0; v < windows; v += kGroup) {
        const std::size_t rows = std::size_t(v) * time;
        runGroup(scratch_[part], x ? x + rows * in : nullptr, u8x ? u8x + rows * in : nullptr, bias0,
                 std::min(kGroup, windows - v), time, out + rows * G);
    }
}

void LstmLoops::runGroup(Scratch& m, const float* x, const std::uint8_t* u8x, const float* bias0, int windows, int time,
                         float* out) {
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
                projectStepsU8(L.ihq[d].data(), inputU8, static_cast<int>(rows), L.k4, h4, m.gxInt.data());
            }
            const float* bias = L.bias[d].data();
            if (l == 0 && bias0) {
                interleaveScaled(bias0 + std::size_t(d) * h4, H, m.bias0);
                bias = m.bias0.data();
            }
            const std::size_t hqSize = std::size_t(windows) * H;
            for (int s = 0; s < time; ++s) {
                const int t = d == 0 ? s : time - 1 - s;
                // Step 0 reads h = 0, the zero point in every byte: its W_hh sum is exactly
                // dataShift * the row sums, which compIh leaves out instead of subtracting.
                std::uint8_t* hq = m.hq.data() + (s % 2) * hqSize;
                const CellU8 cell{(s > 0 ? L.comp : L.compIh)[d].data(),
                                  L.mult.data(),
                                  bias,
                                  dataScale_,
                                  dataShift_,
                                  c,
                                  hq,
                                  last ? row(t) : nullptr,
                                  std::size_t(time) * G};
                const std::size_t xRow = 4 * std::size_t(L.k4);
                const InputU8 input{narrow ? nullptr : m.gxInt.data() + std::size_t(t) * h4,
                                    std::size_t(time) * h4,
                                    narrow ? L.ihq[d].data() : nullptr,
                                    inputU8 + t * xRow,
                                    time * xRow,
                                    L.k4};
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
void LstmLoops::run(const float*, const std::uint8_t*, const float*, int, int, float*, int) {}
void LstmLoops::runGroup(Scratch&, const float*, const std::uint8_t*, const float*, int, int, float*) {}

}  // namespace studio

#endif
