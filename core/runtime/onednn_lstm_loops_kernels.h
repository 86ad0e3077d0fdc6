#pragma once

// What onednn_lstm_loops.cpp (the fp32 loops and the driver) and onednn_lstm_loops_u8.cpp
// (the int8 loops) share: the blocked, interleaved weight layout, the vectorized gates and
// cell, and the int8 step's entry points. Only on x86-64 with GCC or Clang
// (STUDIO_LSTM_LOOPS_X86); the functions are compiled for AVX-512 by attribute and called
// only where the CPU has it (LstmLoops::create). Internal to the loops.

#if defined(__x86_64__) && defined(__GNUC__)
#define STUDIO_LSTM_LOOPS_X86 1

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

// GCC 12's AVX-512 headers start some intrinsics from an undefined register, which
// -Wmaybe-uninitialized (and, in functions inlined by force, -Wuninitialized) reports in
// every function that inlines them.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#define STUDIO_AVX512 __attribute__((target("avx512f,avx512dq,fma")))
#define STUDIO_VNNI __attribute__((target("avx512f,avx512dq,avx512bw,avx512vnni,fma")))

namespace studio::lstm_loops {

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

// The loops compute every gate's pre-activation times a factor, -log2(e) for the sigmoid
// gates (i, f, o) and -2 log2(e) for the cell input g, so that the cell (cell16) takes 2^x
// of the sums as they are: exp(-x) = 2^(-x log2 e). The factors are folded into the fp32
// weights and biases and into the int8 dequantization (one rounding each, where the
// unscaled sums would take one more in multiplying by log2 e).
inline float gateFactor(int r, int H) {
    constexpr float log2e = 1.44269504088896341f;
    return r / H == 2 ? -2.0f * log2e : -log2e;
}

// 2^y for y clamped to [-126, hi]: 2^n times 2^r on |r| <= 1/2, with y = n + r exact.
STUDIO_AVX512 inline __m512 exp2of(__m512 y, float hi) {
    y = _mm512_min_ps(_mm512_max_ps(y, _mm512_set1_ps(-126.0f)), _mm512_set1_ps(hi));
    const __m512 n = _mm512_roundscale_ps(y, _MM_FROUND_TO_NEAREST_INT);
    const __m512 r = _mm512_sub_ps(y, n);
    // The degree-5 polynomial of least relative error (Remez), its coefficients rounded to
    // float and then moved by a few units in the last place to the least error as
    // evaluated in float: 1.8e-7.
    __m512 p = _mm512_set1_ps(0.00132764725f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.00967554096f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.0555071309f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.240221202f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.693147004f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.00000012f));
    return _mm512_scalef_ps(p, n);
}

// The cell on 16 units, from the gate pre-activations times their factors: c (updated)
// and h. With e_i = exp(-i) = 2^(-i log2 e) and so on (e_g = exp(-2g)), sigmoid(i) = 1 /
// (1 + e_i) and tanh(g) = (1 - e_g) / (1 + e_g), so
//   c' = c / (1 + e_f) + (1 - e_g) / ((1 + e_i)(1 + e_g))
//      = (c (1 + e_i)(1 + e_g) + (1 - e_g)(1 + e_f)) / ((1 + e_f)(1 + e_i)(1 + e_g)),
//   h  = (1 - e_c) / ((1 + e_o)(1 + e_c)), with e_c = exp(-2c'):
// two divisions, where the gates one by one take five. The exponents are clamped at 40 so
// that a product of three factors stays finite (below 2e36); past 40 a sigmoid is below
// 1e-12 and tanh is 1 or -1 in float either way.
__attribute__((always_inline)) STUDIO_AVX512 inline __m512 cell16(__m512 i, __m512 f, __m512 g, __m512 o, float* c) {
    constexpr float hi = 40.0f;
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 eg = exp2of(g, hi);
    const __m512 ai = _mm512_add_ps(one, exp2of(i, hi)), af = _mm512_add_ps(one, exp2of(f, hi));
    const __m512 aig = _mm512_mul_ps(ai, _mm512_add_ps(one, eg));
    const __m512 num = _mm512_fmadd_ps(_mm512_loadu_ps(c), aig, _mm512_mul_ps(_mm512_sub_ps(one, eg), af));
    const __m512 cj = _mm512_div_ps(num, _mm512_mul_ps(aig, af));
    _mm512_storeu_ps(c, cj);
    const __m512 ec = exp2of(_mm512_mul_ps(cj, _mm512_set1_ps(gateFactor(2, 1))), hi);
    return _mm512_div_ps(_mm512_sub_ps(one, ec),
                         _mm512_mul_ps(_mm512_add_ps(one, exp2of(o, hi)), _mm512_add_ps(one, ec)));
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

// ---- int8 (onednn_lstm_loops_u8.cpp): u8 activations, s8 weights, int32 sums (VNNI), as
// oneDNN's int8 LSTM -----------------------------------------------------------------------

// PyTorch's [4H, in] dequantized weights -> s8 q = w * scale, four inputs of a row
// together, in blocks of 128 interleaved rows: [4H / 128][in / 4][128][4] (in padded to a
// multiple of 4 with zeros); and the row sums of q, in PyTorch's order.
void packS8(const std::vector<float>& w, int rows, int cols, const std::vector<float>& scales,
            std::vector<std::int8_t>& packed, std::vector<std::int32_t>& rowSums);

// Y[t][n] = start[n] + sum_k X[t][k] q[n][k] for T rows t (X rows 4 * K4 bytes apart), q
// packed.
void projectStepsU8(const std::int8_t* Wp, const std::uint8_t* X, int T, int K4, int N, const std::int32_t* start,
                    std::int32_t* Y);

// Layers with at most this many groups of four inputs have them multiplied in each step
// (InputU8) rather than projected for all steps beforehand.
constexpr int kNarrowK4 = 4;

// Where an int8 step's cell reads its dequantization (sum * mult + bias: the sums come
// with the zero point's part taken away, InputU8) and writes its state. Window v's state c,
// u8 hidden state and dequantized output start at c + v * H, hOut + v * H and hF + v *
// hFStride.
struct CellU8 {
    const float* mult;
    const float* bias;
    float dataScale, dataShift;
    float* c;
    std::uint8_t* hOut;
    float* hF;  // nullptr: not wanted
    std::size_t hFStride;
};

// What an int8 step adds to W_hh h: window v's input sums at gx + v * gxStride (the
// input projection, run for all steps beforehand), or, where ih is given, those of a
// narrow input formed in the step itself: the s8 weights ih (packed as W_hh, k4 groups of
// four inputs) times window v's u8 input at x + v * xStride. For a layer 0 of a few
// features that saves writing and reading back 2 KiB of sums per window and step.
// start [4H] is added to every window's sums (with gx it may be nullptr: nothing to add):
// with the projection's own start, it takes away what the zero point adds to the products
// (dataShift * the row sums of q), so that the cell need not.
struct InputU8 {
    const std::int32_t* gx;
    std::size_t gxStride;
    const std::int8_t* ih;  // nullptr: gx
    const std::uint8_t* x;
    std::size_t xStride;
    int k4;
    const std::int32_t* start;
};

// One recurrent int8 step of `windows` windows (hidden states hIn + v * H, input as in),
// block by block, two windows at a time on each block while it is in L1; backwards: the
// blocks and inputs in reverse order.
void stepU8(const std::int8_t* Wp, const std::uint8_t* hIn, int H, const InputU8& in, const CellU8& o, int windows,
            bool backwards);

}  // namespace studio::lstm_loops

#endif
