#pragma once

// Head layers on the LSTM's readout features (and attention pooling's layers), without
// LibTorch: Linear, or Linear-ReLU-Linear, in fp32 or int8. Plain loops: the head is a
// few thousand multiply-adds, far below what a BLAS or a oneDNN primitive call costs to
// set up.
// int8 follows quantize_dynamic's Linear: int8 weights with per-row scales, the input
// quantized at run time to u8 with its own min/max (per sample here, so a prediction does
// not depend on what else is in the batch), int32 accumulation, fp32 bias.
// One thread at a time per object (run() writes scratch buffers).

#include "runtime/quantized_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

struct NamedTensor;

class InferenceHead {
public:
    // No layers: a placeholder to assign to (run() throws on it).
    InferenceHead() = default;
    // fp32 from the model's parameters (head.weight/head.bias or head.0.*, head.2.*).
    InferenceHead(HeadKind kind, const std::vector<NamedTensor>& params);
    // fp32, one Linear layer from `name`.weight and `name`.bias (zeros when it has none).
    InferenceHead(const std::vector<NamedTensor>& params, const std::string& name);
    // int8 from a quantized model's head.
    explicit InferenceHead(const std::vector<QuantizedLinear>& layers);

    bool empty() const { return layers_.empty(); }
    int inputWidth() const { return layers_.empty() ? 0 : layers_.front().in; }
    int outputWidth() const { return layers_.empty() ? 0 : layers_.back().out; }
    std::int64_t bytes() const;

    // features: [batch, inputWidth] -> y: [batch, outputWidth]
    void run(const float* features, int batch, float* y);

private:
    struct Layer {
        int in = 0, out = 0;
        std::vector<float> weight;   // fp32 [out, in]
        std::vector<float> weightT;  // fp32 [in, out]: the loops run along the outputs
        std::vector<std::int8_t> q;  // int8 [out, in]
        std::vector<float> scales;   // int8: [out]
        std::vector<float> bias;     // [out]
    };
    void runLayer(const Layer& layer, const float* x, float* y);
    static void transpose(Layer& layer);

    std::vector<Layer> layers_;
    bool int8_ = false;
    std::vector<float> scratch_;  // the MLP's hidden activations
    std::vector<int> quantized_;  // int8: the input as (u8 - zero point)
};

}  // namespace studio
