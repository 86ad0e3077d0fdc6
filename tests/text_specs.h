#pragma once

// Small text-model specs shared by the text tests.

#include "nn/text_model_spec.h"

namespace studio::test {

// A classifier over a 30-token vocabulary into 3 classes: embedding 8, 10 hidden units.
inline TextModelSpec classifierSpec(bool bidirectional, Pooling pooling, int layers = 1) {
    TextModelSpec s;
    s.head = TextHead::Classes;
    s.vocabSize = 30;
    s.classes = 3;
    s.embeddingDim = 8;
    s.hidden = 10;
    s.layers = layers;
    s.bidirectional = bidirectional;
    s.pooling = pooling;
    return s;
}

}  // namespace studio::test
