#pragma once

// The LSTM/BiLSTM layers of a forecaster or text model on oneDNN's fused lstm_forward
// primitives (forward_inference), fp32 or int8, ending in the readout the head consumes:
// the last layer's output at the last step, and for a BiLSTM the backward direction's
// output at the first step next to it (run), or the last layer's whole output
// (runSequence). Internal to core's deploy code; built only with oneDNN.
//
// One primitive per layer (a multi-layer primitive needs input width == hidden, and per
// layer measured fastest anyway); a BiLSTM layer is one bidirectional_concat primitive.
// For each (batch, time) a plan is built on first use and kept (the 48 most recently
// used): primitives, input/output buffers, a scratchpad shared by the layers, and the
// weights reordered into the format each primitive chose (shared between plans that chose
// the same format). With more than one OpenMP thread, a batch of at least 16 windows runs
// as parts, one per thread, each on a plan of its own whose primitives run single-threaded
// inside the parallel region (no barrier between the threads at every step). A single
// sequence (batch 1), and a batch of an all-int8 stack, run instead in onednn_lstm_loops.h's
// AVX-512 loops where the CPU has them: the same arithmetic, in 30-40% less time than the
// primitive at batch 1 and about a third less for int8 at batch 64 (split across threads the
// same way).
//
// int8 layers: u8 src/dst (u8 = dataScale * x + dataShift), s8 weights with per-channel
// scales (mask 24), fp32 bias; the last layer writes fp32 (oneDNN dequantizes its u8
// states into it). Layer 0's input is centred and scaled per call as quantized_model.h
// describes; a call whose windows spread wider than the calibrated range runs as two
// halves, and a single such window runs through a second stack whose layer 0 is fp32
// (the same dequantized weights, unfolded), so nothing is clipped. A fp32 layer 0
// followed by int8 layers hands over its output quantized in a plain loop.
// One caller at a time.

#include <cstdint>
#include <memory>
#include <vector>

namespace studio {

struct OnednnLstmLayerWeights {
    bool int8 = false;
    int inputWidth = 0;
    std::vector<float> scales;  // int8: [4H] per gate-output channel
    // A residual int8 layer after the first: its input range (QuantizedLstmLayer::inputScale),
    // folded into weightIh as layer 0's is.
    std::vector<float> inputScale;
    // Per direction (forward, reverse), PyTorch layout, gates i, f, g, o:
    // weightIh [4H, inputWidth], weightHh [4H, H], bias [4H] = b_ih + b_hh.
    // For an int8 layer, the dequantized values (q / scale): oneDNN's quantizing reorder
    // turns them back into exactly q.
    std::vector<std::vector<float>> weightIh, weightHh, bias;
};

struct OnednnLstmWeights {
    int hidden = 0;
    bool bidirectional = false;
    float dataScale = 127.0f, dataShift = 128.0f;  // int8 layers
    std::vector<float> inputScale;                 // int8 layer 0: [inputWidth]
    // int8 layer 0: a fixed centre [inputWidth] instead of each call's mid-range (inputs
    // known to lie within centre +- inputScale, as a text model's embedding rows), so the
    // bias is folded once rather than per call. Empty: per call.
    std::vector<float> inputCentre;
    std::vector<OnednnLstmLayerWeights> layers;
    // Every layer after the first adds its input to its output (ModelSpec::residual). Each
    // layer then runs as a stack of its own, fp32 in and out, the sums formed between them.
    bool residual = false;
};

class OnednnLstmStack {
public:
    explicit OnednnLstmStack(OnednnLstmWeights weights);  // throws Error for bad weights
    ~OnednnLstmStack();

    int inputWidth() const;
    int readoutWidth() const;  // hidden, or 2 * hidden for a BiLSTM
    // Bytes of the weights as stored (int8 values + fp32 biases and scales, or fp32).
    std::int64_t bytes() const;
    // int8: windows that ran with a fp32 layer 0 because their input spread exceeded the
    // calibrated range, over all calls.
    std::int64_t wideWindows() const;

    void prepare(int batch, int time);
    // x: [batch, time, inputWidth] -> features: [batch, readoutWidth]
    void run(const float* x, int batch, int time, float* features);
    // x: [batch, time, inputWidth] -> out: the last layer's output [batch, time, readoutWidth]
    // ([forward, backward] per step for a BiLSTM).
    void runSequence(const float* x, int batch, int time, float* out);

private:
    void forward(const float* x, int batch, int time, float* result, bool sequence);
    void forwardResidual(const float* x, int batch, int time, float* result, bool sequence);
    // The readout (or the whole sequence) of the last layer's output [batch, time, G].
    void finish(const float* out, int batch, int time, float* result, bool sequence) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace studio
