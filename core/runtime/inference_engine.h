#pragma once

// One interface over the ways LSTM Studio can run a trained forecaster for inference:
//   libtorch-fp32  LibTorch eager, studio::Model::predict: the reference
//   onednn-fp32    oneDNN's fused LSTM primitives, fp32: the reference's answer within 1e-5
//   onednn-int8    oneDNN's int8 LSTM primitives + an int8 head (see quantized_model.h)
// Text models have the same three backends behind TextInferenceEngine
// (inference_engine_text.h). The oneDNN backends exist in builds with STUDIO_WITH_ONEDNN; backendAvailable() says
// whether this build has one. Headers carry no LibTorch or oneDNN types.
//
// An engine owns copies of the weights (it does not refer to the Model it was made from).
// Primitives, buffers and scratchpads are built on the first call with a given
// (batch, time) and reused by later calls with the same shape. An engine is used by one
// thread at a time; oneDNN and LibTorch take their thread counts from the calling thread
// (call applyThreads() on it first).

#include "base/enum_names.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace studio {

class Model;
struct QuantizedModel;

enum class Backend { LibTorchFp32, OnednnFp32, OnednnInt8 };

const EnumNames<Backend>& enumNames(Backend);
bool backendAvailable(Backend backend);
std::vector<Backend> allBackends();

class InferenceEngine {
public:
    virtual ~InferenceEngine() = default;
    InferenceEngine() = default;
    InferenceEngine(const InferenceEngine&) = delete;
    InferenceEngine& operator=(const InferenceEngine&) = delete;

    virtual Backend backend() const = 0;
    virtual int inputSize() const = 0;
    virtual int outputSize() const = 0;
    // Bytes of the weights this engine computes with, as stored (fp32: 4 per parameter).
    virtual std::int64_t weightBytes() const = 0;

    // x: [batch, time, inputSize] row-major, scaled like the training inputs;
    // y: [batch, outputSize], scaled like the training targets.
    virtual void predict(const float* x, int batch, int time, float* y) = 0;
    std::vector<float> predict(const std::vector<float>& x, int batch, int time);

    // Builds what predict needs for this shape now rather than on the first call.
    virtual void prepare(int batch, int time) {}
    // int8: windows whose layer-0 input spread exceeded the calibrated range, so that
    // layer 0 ran in fp32 for them (quantized_model.h), over all calls so far. 0 for fp32.
    virtual std::int64_t wideWindows() const { return 0; }
};

// fp32 backends from a Model (its weights are copied; CPU). Throws UsageError for
// onednn-int8 (it needs a QuantizedModel) or a backend this build lacks.
std::unique_ptr<InferenceEngine> createEngine(Backend backend, const Model& model);
// onednn-int8 from a quantized model. Throws UsageError in a build without oneDNN.
std::unique_ptr<InferenceEngine> createInt8Engine(const QuantizedModel& model);

// "oneDNN 2.6.3 (cpu runtime OpenMP, isa ...)" or "" without oneDNN.
std::string onednnVersion();

}  // namespace studio
