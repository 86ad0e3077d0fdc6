#pragma once

// OnednnLstmStack's path for a single sequence, and for int8 batches: the LSTM in AVX-512
// loops instead of oneDNN's primitive, fp32 and int8 (the same u8/s8 arithmetic as
// oneDNN's int8 LSTM, on VNNI: u8 activations, s8 weights, int32 sums less the zero
// point's, dequantized per channel; the states re-quantized every step; the last layer's
// output dequantized). At batch 1 every step is a matrix-vector product, where the
// primitive reaches about a third of a core's peak; here each layer's input projection runs
// for all steps at once (eight steps per pass over the weights), the recurrent product keeps
// 128 gate sums in registers, and the gates use a vectorized exp accurate to a few units in
// the last place. An int8 batch runs as groups of windows, two at a time on each block of
// weights. Internal to core's deploy code.

#include "runtime/onednn_lstm_stack.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace studio {

class LstmLoops {
public:
    // nullptr where this path does not apply: a CPU without AVX-512 (int8: VNNI), or a
    // hidden size that is not a multiple of 32. STUDIO_LSTM_LOOPS=0 in the environment
    // turns it off, to compare it with the primitive.
    static std::unique_ptr<LstmLoops> create(const OnednnLstmWeights& weights);
    ~LstmLoops();

    // Whether every layer is int8: only then does run take more than one window.
    bool int8Only() const;
    // Scratch for calls of run with part 0 to parts - 1 at the same time (threads); call it
    // before they start.
    void reserve(int parts);

    // -> out: [windows, time, dirs * hidden], as lstm_forward's dst_layer in ntc; with
    // sequence false, an int8 last layer writes only the readout there (each direction's
    // last step: t = time - 1 forward, t = 0 backward) and leaves the rest as it was. A
    // fp32 layer 0 reads x [windows, time, inputWidth]; an int8 layer 0 reads u8x [windows,
    // time, inputWidth] with bias0 [dirs, 4H] (the stack's per-call centre folded in;
    // nullptr: the stored bias). Windows run kGroup at a time: each group's input
    // projections (window-major rows) stay in L2, and each int8 step reads a block of
    // weights once for every two windows.
    void run(const float* x, const std::uint8_t* u8x, const float* bias0, int windows, int time, float* out,
             bool sequence, int part = 0);

private:
    static constexpr int kGroup = 8;
    struct Scratch {
        std::vector<float> gx, state, ping, pong, bias0;
        std::vector<std::int32_t> gxInt;
        std::vector<std::uint8_t> u8In, u8Ping, u8Pong, hq;
    };
    LstmLoops() = default;
    void runGroup(Scratch& m, const float* x, const std::uint8_t* u8x, const float* bias0, int windows, int time,
                  float* out, bool sequence);
    struct Layer;
    std::vector<Layer> layers_;
    int hidden_ = 0, dirs_ = 1;
    float dataScale_ = 127.0f, dataShift_ = 128.0f;
    std::vector<Scratch> scratch_;
};

}  // namespace studio
