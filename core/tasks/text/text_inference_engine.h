#pragma once

// The inference backends of inference_engine.h for text models (text_model.h):
//   libtorch-fp32  TextModel itself (packed sequences): the reference
//   onednn-fp32    oneDNN's fused LSTM primitives, fp32, plain loops for the rest
//   onednn-int8    a QuantizedTextModel (quantized_model_text.h) on oneDNN's int8 LSTM
// oneDNN has no packed sequences: texts run in groups of equal length, each at exactly
// its own length, so no padding ever reaches a state and the answer is the packed one.
// An engine owns copies of the weights; one thread at a time.

#include "runtime/inference_engine.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace studio {

class TextModel;
struct QuantizedTextModel;

class TextInferenceEngine {
public:
    virtual ~TextInferenceEngine() = default;
    TextInferenceEngine() = default;
    TextInferenceEngine(const TextInferenceEngine&) = delete;
    TextInferenceEngine& operator=(const TextInferenceEngine&) = delete;

    virtual Backend backend() const = 0;
    virtual std::int64_t weightBytes() const = 0;
    // Classify: class probabilities [docs, classes] of token-id texts (none empty).
    virtual std::vector<float> classify(const std::vector<std::vector<int>>& docs) = 0;
    // CharLm: logits [batch, time, vocab] of the character after each position of
    // ids [batch, time] row-major, the state starting at zero.
    virtual std::vector<float> nextLogits(const std::vector<int>& ids, int batch, int time) = 0;
    // int8: texts whose layer-0 input ran in fp32 (quantized_model.h); 0 for fp32.
    virtual std::int64_t wideWindows() const { return 0; }
};

// fp32 backends (the model's weights are copied). Throws UsageError for onednn-int8 or a
// backend this build lacks.
std::unique_ptr<TextInferenceEngine> createTextEngine(Backend backend, const TextModel& model);
// onednn-int8. Throws UsageError in a build without oneDNN.
std::unique_ptr<TextInferenceEngine> createTextInt8Engine(const QuantizedTextModel& model);

// The most probable class of each row of probs [rows, classes].
std::vector<int> classesOf(const std::vector<float>& probs, std::size_t classes);

// Mean bits per character of predicting each id of `stream` from the ones before it, in
// chunks of `chunk` starting from a zero state (as TextModel::bitsPerChar), on any engine.
double bitsPerChar(TextInferenceEngine& engine, const std::vector<int>& stream, int chunk);

}  // namespace studio
