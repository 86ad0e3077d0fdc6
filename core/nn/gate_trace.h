#pragma once

// The inside of a stacked (Bi)LSTM for one sequence: every layer's and direction's input gate
// i, forget gate f, candidate g, output gate o, cell state c and hidden state h at every time
// step, computed from the network's parameters (PyTorch's nn.LSTM names and gate order
// i, f, g, o) with the same equations as the model:
//   i = σ(W_ii x + b_ii + W_hi h' + b_hi)   f, o likewise   g = tanh(...)
//   c = f ⊙ c' + i ⊙ g                       h = o ⊙ tanh(c)
// where c', h' are the states of the step before (zeros before the first). Plain C++ (no
// LibTorch): sums in double, values stored as float. Pure function; any thread.

#include "nn/network.h"

#include <string>
#include <vector>

namespace studio {

struct GateStep {
    std::vector<float> i, f, g, o, c, h;  // one value per hidden unit
};

struct GateLayerTrace {
    int layer = 0;
    bool backward = false;  // the BiLSTM's backward direction: runs from the last step to the first
    std::vector<GateStep> steps;  // in input order, for both directions (a backward step's state
                                  // before is that of step t + 1)
    // Mean over units of f at each step: how much of the cell state the layer keeps.
    std::vector<double> meanForget() const;
};

struct LstmShape {
    int input = 0;
    int hidden = 0;
    int layers = 1;
    bool bidirectional = false;
    bool residual = false;  // layers after the first add their input to their output
};

// x: [time, shape.input] row-major. `params` holds <prefix>.weight_ih_l<k>[_reverse],
// weight_hh, bias_ih and bias_hh for every layer (other parameters are ignored). Layers above
// the first read the concatenated outputs of both directions, as nn.LSTM does, plus with
// shape.residual the previous layer's input (a GateStep's h is the layer's own). Returns the
// layers in order, forward before backward. Throws Error for a missing or misshapen parameter.
std::vector<GateLayerTrace> traceLstm(const std::vector<NamedTensor>& params, const std::string& prefix,
                                      const LstmShape& shape, const std::vector<float>& x, int time);

}  // namespace studio
