#pragma once

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

// What every network of LSTM Studio has, whatever its head: parameters by their PyTorch
// names, a device and a weights file. Model (forecasts) and TextModel (classify, charlm)
// add their own passes. The LibTorch side, Network::State (model_impl.h), is the base of
// each network's pimpl.
class Network {
public:
    std::vector<NamedTensor> parameters() const;
    // Replaces the parameters given by name; throws Error when a name or shape does not
    // match, or when the network needs every parameter and one is missing.
    void setParameters(const std::vector<NamedTensor>& params);
    std::int64_t parameterCount() const;

    // "cpu", "cuda", "cuda:1" or "auto" (CUDA when LibTorch sees a GPU).
    void to(const std::string& device);
    std::string device() const;

    void save(const std::string& path) const;  // weights only
    void load(const std::string& path);        // throws DataError for a bad file

    struct State;

protected:
    explicit Network(std::unique_ptr<State> state);
    Network(Network&&) noexcept;
    Network& operator=(Network&&) noexcept;
    ~Network();
    // The derived network's pimpl (a State), for its own .cpp.
    template <class Impl>
    Impl& stateAs() const {
        return static_cast<Impl&>(*state_);
    }

private:
    std::unique_ptr<State> state_;
};

}  // namespace studio
