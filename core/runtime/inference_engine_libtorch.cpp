#include "runtime/inference_engine_libtorch.h"

#include <algorithm>

namespace studio {

LibTorchEngine::LibTorchEngine(const Model& model) : model_(model.spec(), model.inputSize(), model.outputSize()) {
    model_.setParameters(model.parameters());
}

void LibTorchEngine::predict(const float* x, int batch, int time, float* y) {
    input_.assign(x, x + std::size_t(batch) * time * model_.inputSize());
    const std::vector<float> out = model_.predict(input_, batch, time);
    std::copy(out.begin(), out.end(), y);
}

}  // namespace studio
