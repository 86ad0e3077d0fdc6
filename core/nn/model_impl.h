#pragma once

// Internal to core: the LibTorch side of Model. Include only from core's .cpp files.

#include "nn/model.h"
#include "nn/network_impl.h"

#include <torch/torch.h>

#include <memory>
#include <string>

namespace studio {

class OnednnLstmTrainer;

// True when this build can train LSTM layers on oneDNN (built with it).
bool onednnTrainingAvailable();

// Whether a network whose weights are on the CPU (`cpu`) trains its LSTM on oneDNN for the
// training engine `engine` ("auto", "libtorch" or "onednn"; see LstmNetImpl::setEngine).
// Throws UsageError for an unknown engine and for "onednn" where it cannot run.
bool trainsOnOnednn(const std::string& engine, bool cpu);

// nn.LSTM(batch_first) + head, named as PyTorch names them.
struct LstmNetImpl : torch::nn::Module {
    LstmNetImpl(const ModelSpec& spec, int inputSize, int outputSize);

    // The last layer's output at every step, [batch, time, input] -> [batch, time, D*hidden]
    // (forward and backward halves for a BiLSTM); with spec.residual, each layer after the
    // first adds its input.
    torch::Tensor sequence(const torch::Tensor& x);
    // Features fed to the head: the last step's output, or for a BiLSTM the forward
    // direction's last step next to the backward direction's first step.
    // x: [batch, time, input] -> [batch, readoutWidth]
    torch::Tensor readout(const torch::Tensor& x);
    // x: [batch, time, input] -> [batch, output]
    torch::Tensor forward(const torch::Tensor& x);

    // The engine that runs the LSTM layers while gradients are recorded: "libtorch" (its
    // own LSTM, the reference), "onednn" (oneDNN's fused training primitives; CPU only,
    // builds with oneDNN) or "auto" (oneDNN where it can run, else LibTorch). Passes
    // without gradients (evaluation, prediction) always run LibTorch's LSTM. Call after
    // the module has moved to its device. Throws UsageError when "onednn" cannot run.
    void setEngine(const std::string& engine);
    // "libtorch" or "onednn": what setEngine chose.
    std::string engine() const;

    ModelSpec spec;
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Linear linear{nullptr};   // HeadKind::Linear
    torch::nn::Sequential mlp{nullptr};  // HeadKind::Mlp
    int inputSize = 0;
    std::shared_ptr<OnednnLstmTrainer> onednn;  // set when the oneDNN engine is chosen
};
TORCH_MODULE(LstmNet);

struct Model::Impl : Network::State {
    torch::nn::Module& module() override { return *net; }
    torch::nn::LSTMImpl& lstm() override { return *net->lstm; }
    ModelSpec spec;
    int inputSize = 0;
    int outputSize = 0;
    LstmNet net{nullptr};
};

// "auto" -> CUDA when available, else CPU; "cpu"; "cuda"; "cuda:N". Throws UsageError for
// a CUDA device LibTorch cannot see.
torch::Device resolveDevice(const std::string& name);

// Parameters of any module by name, and their replacement (names and shapes must match;
// `requireAll`: every parameter must be given). Shared by Model and TextModel.
std::vector<NamedTensor> namedParameters(torch::nn::Module& module);
void setNamedParameters(torch::nn::Module& module, const std::vector<NamedTensor>& params, bool requireAll);
std::int64_t countParameters(torch::nn::Module& module);
// Weights to and from a file; errors name the file (load: DataError).
void saveModule(torch::nn::Module& module, const std::string& path);
void loadModule(torch::nn::Module& module, const std::string& path, torch::Device device);

// Copies of every parameter and buffer, for restoring the best weights.
std::vector<torch::Tensor> snapshotState(torch::nn::Module& module);
void restoreState(torch::nn::Module& module, const std::vector<torch::Tensor>& state);

}  // namespace studio
