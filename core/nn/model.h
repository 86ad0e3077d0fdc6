#pragma once

#include "nn/model_spec.h"
#include "nn/network.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace studio {

// The LSTM/BiLSTM forecaster built from a ModelSpec. Tensors stay behind the pimpl; the
// trainer and the deploy code reach them through model_impl.h. Parameter names and layout
// equal PyTorch's nn.LSTM(batch_first=True) + nn.Linear / nn.Sequential head, so weights
// move between the two unchanged. One thread at a time.
class Model : public Network {
public:
    Model(const ModelSpec& spec, int inputSize, int outputSize);
    ~Model();
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;

    const ModelSpec& spec() const;
    int inputSize() const;
    int outputSize() const;

    // x: [batch, time, inputSize] row-major, scaled; returns [batch, outputSize].
    // Evaluation mode (no dropout), no gradients, on the model's device.
    std::vector<float> predict(const std::vector<float>& x, int batch, int time) const;

    // Network: setParameters() needs every parameter.

    struct Impl;  // a Network::State
    Impl& impl();
    const Impl& impl() const;
};

}  // namespace studio
