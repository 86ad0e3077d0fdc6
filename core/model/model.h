#pragma once

#include "model/model_spec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace studio {

// A parameter by its PyTorch state_dict name ("lstm.weight_ih_l0", "head.2.bias" ...).
struct NamedTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> values;  // row-major
};

// The LSTM/BiLSTM forecaster built from a ModelSpec. Tensors stay behind the pimpl; the
// trainer and the deploy code reach them through model_impl.h. Parameter names and layout
// equal PyTorch's nn.LSTM(batch_first=True) + nn.Linear / nn.Sequential head, so weights
// move between the two unchanged. One thread at a time.
class Model {
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

    std::vector<NamedTensor> parameters() const;
    // Replaces every parameter; throws Error when a name or shape does not match.
    void setParameters(const std::vector<NamedTensor>& params);
    std::int64_t parameterCount() const;

    // "cpu", "cuda", "cuda:1" or "auto" (CUDA when LibTorch sees a GPU).
    void to(const std::string& device);
    std::string device() const;

    void save(const std::string& path) const;  // weights only
    void load(const std::string& path);        // throws DataError for a bad file

    struct Impl;
    Impl& impl() { return *impl_; }
    const Impl& impl() const { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace studio
