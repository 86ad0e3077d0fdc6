#pragma once

// Internal to core: the LibTorch side of a Network. Include only from core's .cpp files.

#include "nn/network.h"

#include <torch/torch.h>

namespace studio {

// The base of each network's pimpl: its module, the LSTM in it, and its device.
struct Network::State {
    virtual ~State() = default;
    virtual torch::nn::Module& module() = 0;
    virtual torch::nn::LSTMImpl& lstm() = 0;
    torch::Device device{torch::kCPU};
    bool requireAll = true;  // setParameters() must be given every parameter
};

}  // namespace studio
