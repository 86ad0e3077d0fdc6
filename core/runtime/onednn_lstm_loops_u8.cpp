#include "runtime/onednn_lstm_loops_kernels.h"

#ifdef STUDIO_LSTM_LOOPS_X86

#include <cmath>
#include <cstring>

namespace studio::lstm_loops {

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

// Y[t][n] = start[n] + sum_k X[t][k] q[n][k] for S steps t (X rows 4 * K4 bytes apart),
// q packed: one pass over q.
template <int S>
STUDIO_VNNI void projectPassU8(const std::int8_t* Wp, const std::uint8_t* X, int K4, int N, const std::int32_t* start,
                               std::int32_t* Y) {
    for (int n0 = 0; n0 < N; n0 += 32) {
        __m512i acc[S][2];
        for (int s = 0; s < S; ++s)
            for (int j = 0; j < 2; ++j) acc[s][j] = _mm512_loadu_si512(start + n0 + 16 * j);
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
static STUDIO_VNNI void projectPassU8Full(const std::int8_t* Wp, const std::uint8_t* X, int K4, int N,
                                          const std::int32_t* start, std::int32_t* Y) {
    static_assert(kSteps == 8, "one pair of accumulators per step");
    const std::size_t stride = 4 * std::size_t(K4);
// M(s, as, bs) for each step s and its accumulators.
#define STUDIO_EACH_STEP(M) \
    M(0, a0, b0) M(1, a1, b1) M(2, a2, b2) M(3, a3, b3) M(4, a4, b4) M(5, a5, b5) M(6, a6, b6) M(7, a7, b7)
    for (int n0 = 0; n0 < N; n0 += 32) {
        __m512i a0 = _mm512_loadu_si512(start + n0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        __m512i b0 = _mm512_loadu_si512(start + n0 + 16), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0;
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
            STUDIO_EACH_STEP(STUDIO_PROJECT_STEP)
#undef STUDIO_PROJECT_STEP
        }
        // Stored from the named variables: gathered in an array first, they went through the
        // stack.
        std::int32_t* y = Y + n0;
#define STUDIO_STORE_STEP(s, as, bs)                 \
    _mm512_storeu_si512(y + std::size_t(s) * N, as); \
    _mm512_storeu_si512(y + std::size_t(s) * N + 16, bs);
        STUDIO_EACH_STEP(STUDIO_STORE_STEP)
#undef STUDIO_STORE_STEP
    }
#undef STUDIO_EACH_STEP
}

STUDIO_VNNI void projectStepsU8(const std::int8_t* Wp, const std::uint8_t* X, int T, int K4, int N,
                                const std::int32_t* start, std::int32_t* Y) {
    const std::size_t stride = 4 * std::size_t(K4);
    for (int t = 0; t < T; t += kSteps)
        if (T - t >= kSteps)
            projectPassU8Full(Wp, X + t * stride, K4, N, start, Y + std::size_t(t) * N);
        else
            withSteps<kSteps - 1>(T - t, [&](auto steps) {
                projectPassU8<decltype(steps)::value>(Wp, X + t * stride, K4, N, start, Y + std::size_t(t) * N);
            });
}

// Gate rows at to at + 15 from their int32 sums: sum * mult + bias.
__attribute__((always_inline)) STUDIO_VNNI static inline __m512 dequantized(__m512i sums, const CellU8& o, int at) {
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), _mm512_loadu_ps(o.mult + at), _mm512_loadu_ps(o.bias + at));
}

// Block b's cell for window v from its 128 int32 sums (gate rows 16j to 16j + 15 in aj,
// passed as values: gathered in an array they went through the stack): dequantized, the
// cell -> c, h as u8 and, when wanted, dequantized.
__attribute__((always_inline)) STUDIO_VNNI static inline void cellU8(__m512i a0, __m512i a1, __m512i a2, __m512i a3,
                                                                     __m512i a4, __m512i a5, __m512i a6, __m512i a7,
                                                                     int b, int H, const CellU8& o, int v) {
    const __m512 scale = _mm512_set1_ps(o.dataScale), shift = _mm512_set1_ps(o.dataShift);
    const int at = b * kBlock;
    const __m512 gates[2][4] = {
        {dequantized(a0, o, at), dequantized(a2, o, at + 32), dequantized(a4, o, at + 64), dequantized(a6, o, at + 96)},
        {dequantized(a1, o, at + 16), dequantized(a3, o, at + 48), dequantized(a5, o, at + 80),
         dequantized(a7, o, at + 112)}};
    for (int half = 0; half < 2; ++half) {
        const int u = 32 * b + 16 * half;
        const __m512 h = cell16(gates[half][0], gates[half][1], gates[half][2], gates[half][3], o.c + v * H + u);
        __m512i q = _mm512_cvtps_epi32(_mm512_fmadd_ps(h, scale, shift));
        q = _mm512_min_epi32(_mm512_max_epi32(q, _mm512_setzero_si512()), _mm512_set1_epi32(255));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o.hOut + v * H + u), _mm512_cvtepi32_epi8(q));
        if (o.hF)
            _mm512_storeu_ps(o.hF + v * o.hFStride + u, _mm512_mul_ps(_mm512_sub_ps(_mm512_cvtepi32_ps(q), shift),
                                                                      _mm512_set1_ps(1.0f / o.dataScale)));
    }
}

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
// acc0..acc7 += the 128 int32 values at g.
#define STUDIO_ADD_SUMS(acc, g)                                            \
    do {                                                                   \
        const std::int32_t* sums = (g);                                    \
        acc##0 = _mm512_add_epi32(acc##0, _mm512_loadu_si512(sums));       \
        acc##1 = _mm512_add_epi32(acc##1, _mm512_loadu_si512(sums + 16));  \
        acc##2 = _mm512_add_epi32(acc##2, _mm512_loadu_si512(sums + 32));  \
        acc##3 = _mm512_add_epi32(acc##3, _mm512_loadu_si512(sums + 48));  \
        acc##4 = _mm512_add_epi32(acc##4, _mm512_loadu_si512(sums + 64));  \
        acc##5 = _mm512_add_epi32(acc##5, _mm512_loadu_si512(sums + 80));  \
        acc##6 = _mm512_add_epi32(acc##6, _mm512_loadu_si512(sums + 96));  \
        acc##7 = _mm512_add_epi32(acc##7, _mm512_loadu_si512(sums + 112)); \
    } while (0)

// Block b of one int8 step for one window (v0): int32 sums of the input (in) + q h (hIn
// nullptr: h = 0, and in.start takes away only the zero point's part of the input's), then
// its cell. Input k runs from K4 - 1 down to 0 when backwards.
static STUDIO_VNNI void blockU8(const std::int8_t* block, int b, const std::uint8_t* hIn, int H, const InputU8& in,
                                const CellU8& o, int v0, bool backwards) {
    const int K4 = H / 4;
    __m512i a0, a1, a2, a3, a4, a5, a6, a7;
    if (in.ih) {
        STUDIO_LOAD_SUMS(a, in.start + b * kBlock);
        const std::int8_t* w = in.ih + std::size_t(b) * kBlock * 4 * in.k4;
        for (int k = 0; k < in.k4; ++k, w += kBlock * 4) {
            std::int32_t f;
            std::memcpy(&f, in.x + v0 * in.xStride + 4 * k, 4);
            const __m512i x = _mm512_set1_epi32(f);
            STUDIO_DPBUSD_ROWS(w, x)
        }
    } else {
        STUDIO_LOAD_SUMS(a, in.gx + v0 * in.gxStride + b * kBlock);
        if (in.start) STUDIO_ADD_SUMS(a, in.start + b * kBlock);
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
    cellU8(a0, a1, a2, a3, a4, a5, a6, a7, b, H, o, v0);
}

// The same for two windows (v0, v0 + 1), each row of weights loaded once for both.
static STUDIO_VNNI void blockU8Pair(const std::int8_t* block, int b, const std::uint8_t* hIn, int H, const InputU8& in,
                                    const CellU8& o, int v0, bool backwards) {
    const int K4 = H / 4;
    __m512i a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7;
    if (in.ih) {
        STUDIO_LOAD_SUMS(a, in.start + b * kBlock);
        b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
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
        if (in.start) {
            STUDIO_ADD_SUMS(a, in.start + b * kBlock);
            STUDIO_ADD_SUMS(b, in.start + b * kBlock);
        }
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
    cellU8(a0, a1, a2, a3, a4, a5, a6, a7, b, H, o, v0);
    cellU8(b0, b1, b2, b3, b4, b5, b6, b7, b, H, o, v0 + 1);
}
#undef STUDIO_DPBUSD_PAIR
#undef STUDIO_DPBUSD_ROWS
#undef STUDIO_DPBUSD_ROW
#undef STUDIO_ADD_SUMS
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

}  // namespace studio::lstm_loops

#endif
