#pragma once

// The onednn-fp32 and onednn-int8 backends of InferenceEngine: OnednnLstmStack for the
// LSTM layers, InferenceHead for the head. Internal to core (inference_engine.h is the
// public face); built only with oneDNN. One thread at a time.

#include "runtime/inference_engine.h"
#include "runtime/inference_engine_head.h"
#include "runtime/onednn_lstm_stack.h"

#include <vector>

namespace studio {

class Model;
struct NamedTensor;
struct QuantizedModel;
struct QuantizedLstmLayer;

// The `lstm.*` parameters (PyTorch's names) as fp32 stack weights.
OnednnLstmWeights fp32LstmWeights(const std::vector<NamedTensor>& params, int inputSize, int hidden, int layers,
                                  bool bidirectional);
// Quantized layers as stack weights (int8 layers carry their dequantized values).
OnednnLstmWeights int8LstmWeights(const std::vector<QuantizedLstmLayer>& layers, int hidden, bool bidirectional,
                                  float dataScale, float dataShift, const std::vector<float>& inputScale);

class OnednnEngine : public InferenceEngine {
public:
    explicit OnednnEngine(const Model& model);           // fp32
    explicit OnednnEngine(const QuantizedModel& model);  // int8

    Backend backend() const override { return int8_ ? Backend::OnednnInt8 : Backend::OnednnFp32; }
    int inputSize() const override { return stack_.inputWidth(); }
    int outputSize() const override { return head_.outputWidth(); }
    std::int64_t weightBytes() const override { return stack_.bytes() + head_.bytes(); }
    void predict(const float* x, int batch, int time, float* y) override;
    void prepare(int batch, int time) override { stack_.prepare(batch, time); }
    using InferenceEngine::predict;

    std::int64_t wideWindows() const override { return stack_.wideWindows(); }

private:
    bool int8_;
    OnednnLstmStack stack_;
    InferenceHead head_;
    std::vector<float> features_;  // [batch, readoutWidth]
};

}  // namespace studio
