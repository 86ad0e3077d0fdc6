#pragma once

// Internal to core/runtime: include only from the onnx_*.cpp files (needs ONNX's defines).

#include "runtime/onnx_graph_builder.h"
#include "nn/text_model.h"
#include "tasks/text/text_project.h"

#include <string>
#include <utility>
#include <vector>

namespace studio {

// The graph of a text classifier: token ids in, class scores out.
//   tokens         int64 [batch, seq]      ids of the project's vocabulary, one text per row,
//                                          padded after its end with any valid id (0 = <pad>)
//   lengths        int64 [batch]           each text's own length, 1..seq
//   logits         float32 [batch, classes]
//   probabilities  float32 [batch, classes]  softmax of the logits
// The LSTM nodes take the lengths as sequence_lens, so padding never reaches a state (as
// the app's packed sequences); attention pooling masks the padded steps out of its softmax.
void buildOnnxClassifierGraph(OnnxGraphBuilder& g, const TextProjectFile& project, const TextModel& model);

// The graph of a character language model, one call per chunk of text:
//   tokens  int64 [batch, seq]              character ids
//   h0, c0  float32 [layers, batch, hidden]  the states to start from: zeros for a new
//                                           text, else the previous run's hn, cn
//   logits  float32 [batch, seq, vocab]      scores of the next character after each step
//   hn, cn  float32 [layers, batch, hidden]  the states after the last step, to feed back as
//                                           h0, c0 with the next chunk
void buildOnnxCharLmGraph(OnnxGraphBuilder& g, const TextProjectFile& project, const TextModel& model);

// metadata_props of a text model: task, vocabulary and labels (JSON), tokenizer settings,
// model shape, inputs, the training data's SHA-256 and, when given, the test metrics
// (metrics.json's content).
std::vector<std::pair<std::string, std::string>> onnxTextMetadata(const TextProjectFile& project,
                                                                  const TextModel& model,
                                                                  const std::string& testMetricsJson);

}  // namespace studio
