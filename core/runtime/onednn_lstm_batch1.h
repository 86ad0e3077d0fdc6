#pragma once

// OnednnLstmStack's path for a single sequence: the LSTM in AVX-512 loops instead of
// oneDNN's primitive, fp32 and int8 (the same u8/s8 arithmetic as oneDNN's int8 LSTM, on
// VNNI: u8 activations, s8 weights, int32 sums less the zero point's, dequantized per
// channel; the states re-quantized every step; the last layer's output dequantized). At batch 1 every step is a
// matrix-vector product, where the primitive reaches about a third of a core's peak; here each layer's input projection
// runs for all steps at once (four steps per pass over the weights), the recurrent product keeps 128 gate sums in
// registers, and the gates use a vectorized exp accurate to a few units in the last place. Internal to core's deploy
// code.

#include "runtime/onednn_lstm_stack.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace studio {

class LstmBatch1 {
public:
    // nullptr where this path does not apply: a CPU without AVX-512 (int8: VNNI), or a
    // hidden size that is not a multiple of 32. STUDIO_LSTM_BATCH1=0 in the environment
    // turns it off, to compare it with the primitive.
    static std::unique_ptr<LstmBatch1> create(const OnednnLstmWeights& weights);
    ~LstmBatch1();

    // -> out: [time, dirs * hidden], as lstm_forward's dst_layer. A fp32 layer 0 reads x
    // [time, inputWidth]; an int8 layer 0 reads u8x [time, inputWidth] with bias0
    // [dirs, 4H] (the stack's per-call centre folded in; nullptr: the stored bias).
    void run(const float* x, const std::uint8_t* u8x, const float* bias0, int time, float* out);

private:
    LstmBatch1() = default;
    struct Layer;
    std::vector<Layer> layers_;
    int hidden_ = 0, dirs_ = 1;
    float dataScale_ = 127.0f, dataShift_ = 128.0f;
    std::vector<float> gx_, state_, ping_, pong_, bias0_;
    std::vector<std::int32_t> gxInt_;
    std::vector<std::uint8_t> u8In_, u8Ping_, u8Pong_, hq_;
};

}  // namespace studio
