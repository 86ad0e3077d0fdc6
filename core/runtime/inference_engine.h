#pragma once

// One interface over the ways LSTM Studio runs a trained LSTM network for inference:
//   libtorch-fp32  LibTorch eager, the model's own forward: the reference
//   onednn-fp32    oneDNN's fused LSTM primitives, fp32: the reference's answer within 1e-5
//   onednn-int8    oneDNN's int8 LSTM primitives + int8 head layers (quantized_model.h)
// The oneDNN backends are one class, OnednnEngine, built from an InferenceNetwork
// (inference_network.h): an input stage (dense features or an embedding table), the LSTM
// stack, a readout and the head layers. Whoever owns a model describes it (the forecaster's
// below, the text models' in tasks/text/text_inference_engine.h); the engine names no task.
// The oneDNN backends exist in builds with STUDIO_WITH_ONEDNN; backendAvailable() says
// whether this build has one. Headers carry no LibTorch or oneDNN types.
//
// An engine owns copies of the weights (it does not refer to the model it was made from).
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
struct InferenceNetwork;

enum class Backend { LibTorchFp32, OnednnFp32, OnednnInt8 };

const EnumNames<Backend>& enumNames(Backend);
bool backendAvailable(Backend backend);
std::vector<Backend> allBackends();

// Three entry points, by what the network reads and how many rows it answers with. Each
// engine serves the ones its network has; the others throw Error naming what it reads.
// Outputs are the head's, through a softmax over each row where the network ends in one.
class InferenceEngine {
public:
    virtual ~InferenceEngine() = default;
    InferenceEngine() = default;
    InferenceEngine(const InferenceEngine&) = delete;
    InferenceEngine& operator=(const InferenceEngine&) = delete;

    virtual Backend backend() const = 0;
    // Width of a dense input step; 0 for a network that reads token ids.
    virtual int inputSize() const = 0;
    // Values per output row (a sequence's, or a step's).
    virtual int outputSize() const = 0;
    // Bytes of the weights this engine computes with, as stored (fp32: 4 per parameter).
    virtual std::int64_t weightBytes() const = 0;

    // Dense input, one row per sequence. x: [batch, time, inputSize] row-major (for a
    // forecaster scaled like the training inputs) -> y: [batch, outputSize].
    virtual void predict(const float* x, int batch, int time, float* y);
    std::vector<float> predict(const std::vector<float>& x, int batch, int time);

    // Token ids, one row per sequence: sequences of any lengths (none empty) ->
    // [sequences, outputSize]. Sequences run in groups of equal length, each at exactly its
    // own length, so no padding reaches a state (the packed-sequence answer).
    virtual std::vector<float> predictSequences(const std::vector<std::vector<int>>& ids);

    // Token ids, a row per step: ids [batch, time] row-major, the state starting at zero ->
    // [batch, time, outputSize].
    virtual std::vector<float> predictSteps(const std::vector<int>& ids, int batch, int time);

    // Builds what a call of this shape needs now rather than on the first call.
    virtual void prepare(int batch, int time) {}
    // int8: sequences whose layer-0 input spread exceeded the calibrated range, so that
    // layer 0 ran in fp32 for them (quantized_model.h), over all calls so far; in a residual
    // stack, where every layer reads a calibrated range, once per layer it happened in. 0 for fp32.
    virtual std::int64_t wideWindows() const { return 0; }
};

// onednn-fp32 or onednn-int8 (network.int8) from a description. Throws Error for a
// description that does not hold together, UsageError in a build without oneDNN.
std::unique_ptr<InferenceEngine> createOnednnEngine(InferenceNetwork network);

// The forecaster (nn/model.h): fp32 backends from a Model (its weights are copied; CPU).
// Throws UsageError for onednn-int8 (it needs a QuantizedModel) or a backend this build lacks.
std::unique_ptr<InferenceEngine> createEngine(Backend backend, const Model& model);
// onednn-int8 from a quantized forecaster. Throws UsageError in a build without oneDNN.
std::unique_ptr<InferenceEngine> createInt8Engine(const QuantizedModel& model);

// "oneDNN 2.6.3 (cpu runtime OpenMP, isa ...)" or "" without oneDNN.
std::string onednnVersion();

}  // namespace studio
