#pragma once

// Training an nn.LSTM's layers on oneDNN's fused LSTM primitives: lstm_forward with
// forward_training (keeping a workspace) and lstm_backward, each layer one LibTorch
// autograd function, so autograd runs the layers' backward passes in reverse order and
// gradients reach the LSTM's own parameters (.grad) exactly as with LibTorch's LSTM.
// Internal to core; built only with oneDNN (STUDIO_WITH_ONEDNN). CPU, float32.
//
// Layouts: every activation is batch-first ([batch, time, width], oneDNN's ntc) and a
// zero initial state; the weights are read from PyTorch's [4H, in] tensors (oneDNN's
// ldgoi) and reordered into the formats the primitives choose on every pass, since the
// optimizer changes them between steps. A BiLSTM layer is one bidirectional_concat
// primitive ([forward, backward] in the feature axis, as PyTorch).
// For each (batch, time) a plan is built on first use and kept per layer: primitives,
// reordered weights, diff-weight buffers, a scratchpad and a pool of workspaces (one per
// forward pass whose backward has not run yet).
// One thread at a time.

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace studio {

class OnednnLstmTrainer {
public:
    // residual: every layer after the first adds its input to its output (ModelSpec::residual).
    OnednnLstmTrainer(int inputSize, int hidden, int layers, bool bidirectional, bool residual = false);
    ~OnednnLstmTrainer();

    // x: [batch, time, inputSize] float32 on the CPU -> [batch, time, D * hidden], the
    // last layer's output. `weights`: nn::LSTM's all_weights() (per layer and direction:
    // weight_ih, weight_hh, bias_ih, bias_hh). `dropout` (training only) acts between
    // layers like nn.LSTM's.
    torch::Tensor forward(const torch::Tensor& x, const std::vector<torch::Tensor>& weights, double dropout,
                          bool training);

    struct Layer;

private:
    std::vector<std::unique_ptr<Layer>> layers_;
    bool bidirectional_ = false;
    bool residual_ = false;
};

}  // namespace studio
