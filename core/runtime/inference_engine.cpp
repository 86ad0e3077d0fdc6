#include "runtime/inference_engine.h"

#include "runtime/inference_engine_libtorch.h"
#include "runtime/inference_network.h"
#include "base/error.h"

#ifdef STUDIO_WITH_ONEDNN
#include "runtime/onednn_engine.h"

#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace studio {

const EnumNames<Backend>& enumNames(Backend) {
    static const EnumNames<Backend> names{"backend",
                                          {{Backend::LibTorchFp32, "libtorch-fp32"},
                                           {Backend::OnednnFp32, "onednn-fp32"},
                                           {Backend::OnednnInt8, "onednn-int8"}}};
    return names;
}

std::vector<Backend> allBackends() { return {Backend::LibTorchFp32, Backend::OnednnFp32, Backend::OnednnInt8}; }

bool backendAvailable(Backend backend) {
#ifdef STUDIO_WITH_ONEDNN
    return true;
#else
    return backend == Backend::LibTorchFp32;
#endif
}

void InferenceEngine::predict(const float*, int, int, float*) {
    throw Error("predict: this network reads token ids, not features");
}

std::vector<float> InferenceEngine::predictSequences(const std::vector<std::vector<int>>&) {
    throw Error("predictSequences: this network does not read token ids one row per sequence");
}

std::vector<float> InferenceEngine::predictSteps(const std::vector<int>&, int, int) {
    throw Error("predictSteps: this network does not read token ids a row per step");
}

std::vector<float> InferenceEngine::predict(const std::vector<float>& x, int batch, int time) {
    const std::size_t expected = std::size_t(batch) * time * inputSize();
    if (batch < 1 || time < 1 || x.size() != expected)
        throw Error("predict: expected " + std::to_string(expected) + " values for [" + std::to_string(batch) + ", " +
                    std::to_string(time) + ", " + std::to_string(inputSize()) + "], got " + std::to_string(x.size()));
    std::vector<float> y(std::size_t(batch) * outputSize());
    predict(x.data(), batch, time, y.data());
    return y;
}

namespace {

[[noreturn]] void noOnednnFor(Backend backend) {
    throw UsageError("backend " + toString(backend) +
                     " needs oneDNN, and this build has none (install libdnnl-dev and rebuild)");
}

}  // namespace

std::unique_ptr<InferenceEngine> createOnednnEngine(InferenceNetwork network) {
#ifdef STUDIO_WITH_ONEDNN
    return std::make_unique<OnednnEngine>(std::move(network));
#else
    noOnednnFor(network.int8 ? Backend::OnednnInt8 : Backend::OnednnFp32);
#endif
}

std::unique_ptr<InferenceEngine> createEngine(Backend backend, const Model& model) {
    switch (backend) {
        case Backend::LibTorchFp32:
            return std::make_unique<LibTorchEngine>(model);
        case Backend::OnednnFp32:
            if (!backendAvailable(backend)) noOnednnFor(backend);
            return createOnednnEngine(networkOf(model));
        case Backend::OnednnInt8:
            throw UsageError(
                "onednn-int8 runs a quantized model: quantize the project first (lstm-studio-cli quantize)");
    }
    throw UsageError("unknown backend");
}

std::unique_ptr<InferenceEngine> createInt8Engine(const QuantizedModel& model) {
    if (!backendAvailable(Backend::OnednnInt8)) noOnednnFor(Backend::OnednnInt8);
    return createOnednnEngine(networkOf(model));
}

std::string onednnVersion() {
#ifdef STUDIO_WITH_ONEDNN
    const dnnl_version_t* v = dnnl_version();
    std::string runtime = v->cpu_runtime == DNNL_RUNTIME_OMP   ? "OpenMP"
                          : v->cpu_runtime == DNNL_RUNTIME_SEQ ? "sequential"
                          : v->cpu_runtime == DNNL_RUNTIME_TBB ? "TBB"
                                                               : "other";
    const std::string hash = v->hash && std::string(v->hash) != "N/A" ? std::string(v->hash) + ", " : "";
    return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
           " (" + hash + "cpu runtime " + runtime + ")";
#else
    return "";
#endif
}

}  // namespace studio
