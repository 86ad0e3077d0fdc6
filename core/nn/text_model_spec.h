#pragma once

#include "base/enum_names.h"

#include <string>

namespace studio {

enum class Pooling { Last, Attention };

// What a text network's head predicts: a class per text (pooled LSTM features), or the
// next token at every step. The tasks map themselves onto these (classify, charlm).
enum class TextHead { Classes, NextToken };

const EnumNames<Pooling>& enumNames(Pooling);

// Text networks. Classes: embedding -> LSTM/BiLSTM over packed sequences -> pooling
// (final states, or additive attention that masks padding) -> dropout -> linear -> classes.
// NextToken: embedding -> LSTM -> linear over the vocabulary at every step.
struct TextModelSpec {
    TextHead head = TextHead::Classes;
    int vocabSize = 0;
    int classes = 0;  // Classes only
    int embeddingDim = 64;
    int hidden = 64;
    int layers = 1;
    double dropout = 0.1;       // between LSTM layers, and before the classifier
    bool bidirectional = true;  // Classes only; predicting the next token reads left to right
    Pooling pooling = Pooling::Attention;
    bool freezeEmbedding = false;

    void validate() const;  // throws UsageError
    int featureWidth() const { return (bidirectional && head == TextHead::Classes ? 2 : 1) * hidden; }
};

}  // namespace studio
