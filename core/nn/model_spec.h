#pragma once

#include "base/enum_names.h"

#include <string>

namespace studio {

enum class HeadKind { Linear, Mlp };

// The network: LSTM or BiLSTM layers, then a head on the last step's features.
// Input width and output width come from the data, not from here.
struct ModelSpec {
    int hidden = 64;  // units per direction
    int layers = 1;
    double dropout = 0.1;  // between LSTM layers (no effect with one layer)
    bool bidirectional = false;
    // Identity skips around every layer after the first: layer k's output plus its input
    // (the layers after the first all read and write D·hidden values, so no projection is
    // needed). No effect with one layer.
    bool residual = false;
    HeadKind head = HeadKind::Linear;  // Mlp: Linear(features, 32) - ReLU - Linear(32, out)

    // The presets of the article the product grew from; throws UsageError for others.
    static ModelSpec preset(const std::string& name);
    void validate() const;  // throws UsageError
    int readoutWidth() const { return bidirectional ? 2 * hidden : hidden; }
};

const EnumNames<HeadKind>& enumNames(HeadKind);

}  // namespace studio
