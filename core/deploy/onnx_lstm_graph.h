#pragma once

// Internal to core/deploy: include only from the onnx_*.cpp files (needs ONNX's defines).
// The network part of an exported graph, shared by every task that runs nn.LSTM + a head
// (forecasting now; text models later put an embedding in front of the same layers).

#include "deploy/onnx_graph_builder.h"
#include "model/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

// PyTorch orders an LSTM's gate blocks i, f, g, o; ONNX wants i, o, f, c. Returns the rows
// [0:H] [3H:4H] [H:2H] [2H:3H] of a [4H, cols] matrix (cols = 1 for a bias vector).
std::vector<float> onnxGateOrder(const std::vector<float>& pytorch, int hidden, std::int64_t cols);

// The LSTM layers as ONNX LSTM nodes (default layout: time-major) and the model's readout.
// x: [time, batch, inputSize]. Returns the readout [batch, spec.readoutWidth()]: the last
// step's output, or for a BiLSTM the forward direction's last step next to the backward
// direction's first step (both are the directions' final states, LSTM's Y_h).
// `params` are Model::parameters(); a missing or misshaped one throws Error.
// int8Weights: com.microsoft.DynamicQuantizeLSTM nodes (ONNX Runtime's contrib domain, which
// the model must import) with symmetric per-channel int8 weights; ONNX Runtime quantizes
// the activations to uint8 on the fly. Biases stay float32.
std::string addOnnxLstmReadout(OnnxGraphBuilder& g, const ModelSpec& spec, int inputSize,
                               const std::vector<NamedTensor>& params, const std::string& x, bool int8Weights = false);

// The head on the readout: [batch, spec.readoutWidth()] -> [batch, outputSize].
// Linear: one Gemm. Mlp: Gemm (32 units) - Relu - Gemm.
std::string addOnnxHead(OnnxGraphBuilder& g, const ModelSpec& spec, int outputSize,
                        const std::vector<NamedTensor>& params, const std::string& features);

}  // namespace studio
