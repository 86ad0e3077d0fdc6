#pragma once

// The text models (text_model.h) on the inference engines of inference_engine.h:
//   libtorch-fp32  TextModel itself (packed sequences): the reference
//   onednn-fp32    the model described as an InferenceNetwork (embedding table, LSTM stack,
//                  last-state or attention readout for a classifier and a softmax, every
//                  step for a character LM) on the oneDNN engine
//   onednn-int8    a QuantizedTextModel (quantized_text_model.h) described the same way
// A classifier answers InferenceEngine::predictSequences (class probabilities
// [texts, classes]); a character LM predictSteps (logits [batch, time, vocab] of the
// character after each position).

#include "runtime/inference_engine.h"
#include "runtime/inference_network.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace studio {

class TextModel;
struct QuantizedTextModel;

// The model's description for the oneDNN engine (its weights are copied).
InferenceNetwork networkOf(const TextModel& model);
// The int8 model's; validates it first (DataError).
InferenceNetwork networkOf(const QuantizedTextModel& model);

// fp32 backends (the model's weights are copied). Throws UsageError for onednn-int8 or a
// backend this build lacks.
std::unique_ptr<InferenceEngine> createEngine(Backend backend, const TextModel& model);
// onednn-int8. Throws UsageError in a build without oneDNN.
std::unique_ptr<InferenceEngine> createInt8Engine(const QuantizedTextModel& model);

// The most probable class of each row of probs [rows, classes].
std::vector<int> classesOf(const std::vector<float>& probs, std::size_t classes);

// Mean bits per character of predicting each id of `stream` from the ones before it, in
// chunks of `chunk` starting from a zero state (as TextModel::bitsPerChar), on any engine
// of a character LM (predictSteps).
double bitsPerChar(InferenceEngine& engine, const std::vector<int>& stream, int chunk);

}  // namespace studio
