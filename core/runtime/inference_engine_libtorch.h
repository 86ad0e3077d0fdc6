#pragma once

// The libtorch-fp32 backend: LibTorch eager through studio::Model::predict on a private
// copy of the model, on the CPU. The reference the other backends are measured against.
// One thread at a time.

#include "runtime/inference_engine.h"
#include "nn/model.h"

#include <vector>

namespace studio {

class LibTorchEngine : public InferenceEngine {
public:
    explicit LibTorchEngine(const Model& model);

    Backend backend() const override { return Backend::LibTorchFp32; }
    int inputSize() const override { return model_.inputSize(); }
    int outputSize() const override { return model_.outputSize(); }
    std::int64_t weightBytes() const override { return 4 * model_.parameterCount(); }
    void predict(const float* x, int batch, int time, float* y) override;
    using InferenceEngine::predict;

private:
    Model model_;
    std::vector<float> input_;
};

}  // namespace studio
