#pragma once

// Internal to core: the LibTorch side of TextModel. Include only from core's .cpp files.

#include "nn/network_impl.h"
#include "nn/text_model.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace studio {

class OnednnLstmTrainer;

struct TextNetImpl : torch::nn::Module {
    explicit TextNetImpl(const TextModelSpec& spec);

    // tokens [batch, time] int64 (padding = 0), lengths [batch] int64 on the CPU.
    // Returns logits [batch, classes]; `weights` receives the attention [batch, time].
    torch::Tensor classify(const torch::Tensor& tokens, const torch::Tensor& lengths,
                           torch::Tensor* weights = nullptr);
    // tokens [batch, time] -> logits [batch, time, vocab], and the final (h, c).
    std::tuple<torch::Tensor, std::tuple<torch::Tensor, torch::Tensor>> languageModel(
        const torch::Tensor& tokens, const torch::optional<std::tuple<torch::Tensor, torch::Tensor>>& state = {});
    // tokens [batch, time] from a zero state -> logits [batch, time, vocab], on the chosen
    // engine while gradients are recorded (training), else as languageModel.
    torch::Tensor nextTokenLogits(const torch::Tensor& tokens);

    // The classifier's LSTM over batches longer than timeSlice steps: layer by layer and
    // direction by direction, timeSlice steps at a time, each direction's state carried
    // from slice to slice. Returns the outputs [batch, time, width] (zeros past each end)
    // and the final states [layers*dirs, batch, hidden], as the whole LSTM would. Between
    // slices, forwards and backwards (through a gradient hook), a set `cancel` throws
    // CancelledError.
    std::pair<torch::Tensor, torch::Tensor> lstmInSlices(const torch::Tensor& x, const torch::Tensor& lengths);
    // One layer and direction's weight_ih, weight_hh, bias_ih, bias_hh.
    std::vector<torch::Tensor> directionWeights(int layer, int direction);

    // The engine that runs the LSTM while gradients are recorded, as LstmNetImpl::setEngine:
    // "libtorch", "onednn" or "auto". On oneDNN the classifier sorts a batch's texts by
    // length and runs each layer and direction as one primitive per group of kGroupRows
    // texts, for the group's longest text; the backward direction runs over each text
    // reversed in place (its padding still after it), so padding only ever follows a
    // text's steps, and its outputs are masked out. "auto" runs a batch there only while
    // those runs take at most kMostPadding times its texts' own steps; beyond that (one
    // long text among short ones) LibTorch's packed run is faster. Call after moving to
    // the device.
    void setEngine(const std::string& engine);
    std::string engine() const;  // "libtorch" or "onednn"
    // A batch for oneDNN: its texts sorted longest first, in groups of kGroupRows rows,
    // each group run for its longest text's steps (rounded up a little).
    struct LengthGroup {
        std::int64_t begin, rows, time;
    };
    struct LengthGroups {
        torch::Tensor order, inverse, sorted;  // sorted = lengths[order]; inverse undoes order
        std::vector<LengthGroup> groups;
        std::int64_t steps = 0, paddedSteps = 0;  // the texts' own steps, the runs' steps
    };
    static LengthGroups lengthGroups(const torch::Tensor& lengths);
    // The classifier's LSTM on oneDNN; returns what lstmInSlices returns.
    std::pair<torch::Tensor, torch::Tensor> lstmOnednn(const torch::Tensor& x, const LengthGroups& groups);

    TextModelSpec spec;
    int timeSlice = 512;
    const std::atomic<bool>* cancel = nullptr;
    torch::nn::Embedding embedding{nullptr};
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Linear attnProj{nullptr};  // additive attention: v^T tanh(W h + b)
    torch::nn::Linear attnScore{nullptr};
    torch::nn::Dropout dropout{nullptr};
    torch::nn::Linear head{nullptr};
    // oneDNN engine: the language model's whole LSTM, or one per layer and direction of
    // the classifier's; empty on LibTorch's.
    std::vector<std::shared_ptr<OnednnLstmTrainer>> onednn;
    bool onednnAlways = false;  // "onednn" chosen: every batch, however padded
    // Measured with bench/train_speed.py (batch 64): groups of 16 beat 8, 32 and 64 on both
    // its text cases; the spam subjects run 1.6 times their steps so, and there oneDNN was
    // 15-20% faster than LibTorch's packed run, level with it near twice.
    static constexpr std::int64_t kMostPadding = 2;
    static constexpr std::int64_t kGroupRows = 16;
};
TORCH_MODULE(TextNet);

struct TextModel::Impl : Network::State {
    Impl() { requireAll = false; }
    torch::nn::Module& module() override { return *net; }
    torch::nn::LSTMImpl& lstm() override { return *net->lstm; }
    TextModelSpec spec;
    TextNet net{nullptr};
};

// Pads token-id documents into [batch, longest] int64 with their lengths [batch].
std::pair<torch::Tensor, torch::Tensor> padBatch(const std::vector<const std::vector<int>*>& docs);

} // namespace studio
