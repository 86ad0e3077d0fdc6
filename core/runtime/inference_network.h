#pragma once

// What the oneDNN engine (inference_engine.h: createOnednnEngine) runs, in one description
// for every LSTM network LSTM Studio trains, fp32 or int8:
//
//   input stage   dense features [batch, time, inputWidth], or token ids looked up in an
//                 embedding table (fp32, or int8 rows already dequantized)
//   LSTM stack    OnednnLstmWeights (onednn_lstm_stack.h): fp32 or int8 layers, LSTM or BiLSTM
//   readout       what the head reads: one row per sequence (the last step, or attention
//                 pooling over the steps) or a row per step
//   head          InferenceHead (inference_engine_head.h): Linear or Linear-ReLU-Linear,
//                 fp32 or int8, then an optional softmax over each output row
//
// The owner of a model fills it in (networkOf below for the forecaster; the text models'
// in tasks/text/text_inference_engine.h). Plain data, no LibTorch or oneDNN types; any thread.

#include "runtime/inference_engine_head.h"
#include "runtime/onednn_lstm_stack.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace studio {

class Model;
struct NamedTensor;
struct QuantizedModel;
struct QuantizedLstmLayer;

enum class Readout {
    // The last layer's output at the last step, and for a BiLSTM the backward direction's
    // output at the first step next to it (its final state): [dirs * hidden] per sequence.
    LastStep,
    // Additive attention over the last layer's outputs h_t [G = dirs * hidden]:
    // e_t = score(tanh(proj(h_t))), a = softmax_t(e), features = sum_t a_t h_t: [G] per sequence.
    Attention,
    // The last layer's output at every step: [G] per step.
    EveryStep,
};

// Attention pooling's two Linear layers: proj [G -> G], score [G -> 1].
struct AttentionLayers {
    InferenceHead proj;
    InferenceHead score;
};

struct InferenceNetwork {
    // Input stage: empty = dense features of lstm.layers[0].inputWidth per step; otherwise
    // the table [vocabSize, lstm.layers[0].inputWidth] token ids are looked up in.
    std::vector<float> embedding;
    int vocabSize = 0;
    OnednnLstmWeights lstm;
    Readout readout = Readout::LastStep;
    std::optional<AttentionLayers> attention;  // with Readout::Attention, and only then
    InferenceHead head;
    bool softmax = false;  // over each output row of the head
    bool int8 = false;     // the onednn-int8 backend (else onednn-fp32)
    // Bytes of the weights as the model stores them; 0: what the engine holds (the stack's
    // and the head layers' own count).
    std::int64_t bytes = 0;
};

// The `lstm.*` parameters (PyTorch's names) as fp32 stack weights.
OnednnLstmWeights fp32LstmWeights(const std::vector<NamedTensor>& params, int inputSize, int hidden, int layers,
                                  bool bidirectional);
// Quantized layers as stack weights (int8 layers carry their dequantized values).
OnednnLstmWeights int8LstmWeights(const std::vector<QuantizedLstmLayer>& layers, int hidden, bool bidirectional,
                                  float dataScale, float dataShift, const std::vector<float>& inputScale);

// The forecaster: dense features, the last step, its Linear or MLP head.
InferenceNetwork networkOf(const Model& model);
InferenceNetwork networkOf(const QuantizedModel& model);  // validates it first (DataError)

}  // namespace studio
