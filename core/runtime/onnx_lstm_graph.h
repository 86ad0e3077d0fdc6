#pragma once

// Internal to core/runtime: include only from the onnx_*.cpp files (needs ONNX's defines).
// The network part of an exported graph, shared by every task that runs nn.LSTM + a head
// (forecasting; text models put an embedding in front of the same layers).

#include "runtime/onnx_graph_builder.h"
#include "nn/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

// PyTorch orders an LSTM's gate blocks i, f, g, o; ONNX wants i, o, f, c. Returns the rows
// [0:H] [3H:4H] [H:2H] [2H:3H] of a [4H, cols] matrix (cols = 1 for a bias vector).
std::vector<float> onnxGateOrder(const std::vector<float>& pytorch, int hidden, std::int64_t cols);

// One nn.LSTM layer ("lstm.*_l<layer>" in `params`) as an ONNX LSTM node (default layout:
// time-major). Every field but x may stay empty.
struct OnnxLstmLayerIo {
    std::string x;             // [time, batch, inputWidth]
    std::string sequenceLens;  // int32 [batch]: each sequence's own length (padding after it)
    std::string initialH;      // [dirs, batch, hidden]; zeros when empty
    std::string initialC;
    // Outputs to produce, by the names wanted for them ("" leaves one out):
    std::string y;   // [time, dirs, batch, hidden]
    std::string yh;  // [dirs, batch, hidden] the final states
    std::string yc;
};

// Returns the names given to {Y, Y_h, Y_c} ("" for those left out).
std::vector<std::string> addOnnxLstmLayer(OnnxGraphBuilder& g, const std::vector<NamedTensor>& params, int layer,
                                          int inputWidth, int hidden, bool bidirectional, const OnnxLstmLayerIo& io,
                                          bool int8Weights = false);

// An LSTM node's Y [time, dirs, batch, hidden] as the next layer's input [time, batch,
// dirs * hidden]: Squeeze for one direction, Transpose + Reshape for two (nn.LSTM's
// concatenation, forward half first).
std::string addOnnxLstmSequence(OnnxGraphBuilder& g, const std::string& y, int hidden, bool bidirectional,
                                const std::string& name);

// An LSTM node's final states Y_h [dirs, batch, hidden] as [batch, dirs * hidden], forward
// direction first.
std::string addOnnxFinalStates(OnnxGraphBuilder& g, const std::string& yh, int hidden, bool bidirectional,
                               const std::string& name);

// The parameter `name` of Model::parameters() or TextModel::parameters(); throws Error when
// it is missing or not of `shape`.
const NamedTensor& onnxParameter(const std::vector<NamedTensor>& params, const std::string& name,
                                 const std::vector<std::int64_t>& shape);

// PyTorch's Linear y = x W^T + b on [batch, in] (one Gemm), from params "<prefix>.weight"
// [out, in] and "<prefix>.bias" [out].
std::string addOnnxLinear(OnnxGraphBuilder& g, const std::vector<NamedTensor>& params, const std::string& prefix,
                          std::int64_t in, std::int64_t out, const std::string& x, const std::string& y);
// The same on a tensor of any rank [..., in]: MatMul with W^T, then Add of the bias unless
// the Linear has none (hasBias false).
std::string addOnnxLinearNd(OnnxGraphBuilder& g, const std::vector<NamedTensor>& params, const std::string& prefix,
                            std::int64_t in, std::int64_t out, const std::string& x, const std::string& y,
                            bool hasBias = true);

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
