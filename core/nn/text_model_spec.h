#pragma once

#include "tasks/task_kind.h"
#include "base/enum_names.h"

#include <string>

namespace studio {

enum class Pooling { Last, Attention };

const EnumNames<Pooling>& enumNames(Pooling);

// Text networks. Classify: embedding -> LSTM/BiLSTM over packed sequences -> pooling
// (final states, or additive attention that masks padding) -> dropout -> linear -> classes.
// CharLm: embedding -> LSTM -> linear over the vocabulary at every step.
struct TextModelSpec {
    TaskKind task = TaskKind::Classify;  // Classify or CharLm: the head
    int vocabSize = 0;
    int classes = 0;  // Classify only
    int embeddingDim = 64;
    int hidden = 64;
    int layers = 1;
    double dropout = 0.1;       // between LSTM layers, and before the classifier
    bool bidirectional = true;  // Classify only; a language model reads left to right
    Pooling pooling = Pooling::Attention;
    bool freezeEmbedding = false;

    void validate() const;  // throws UsageError
    int featureWidth() const { return (bidirectional && task == TaskKind::Classify ? 2 : 1) * hidden; }
};

}  // namespace studio
