#!/usr/bin/python3
"""PyTorch's view of an LSTM's gates and states, for LSTM Studio's inspect tests.

Reads a JSON case written by the C++ test: the LSTM's shape ("hidden", "layer_count",
"bidirectional", optionally "residual"), its parameters by state_dict name ("lstm.weight_ih_l0" ...), the input
"x" [time][input] and the app's trace ("layers": [{"layer", "direction", "steps": [{"i",
"f", "g", "o", "c", "h"}]}]). Computes, with the same weights:
  - every layer's output at every step with torch.nn.LSTM (one module per layer, so the
    outputs of the layers below are seen too);
  - every step's cell state with torch.nn.LSTMCell, stepping each direction;
  - the gates from the pre-activations W_ih x + b_ih + W_hh h + b_hh split as i, f, g, o;
with "residual", every layer after the first reads the output plus the input of the one
below it;
and prints {"h": max |diff|, "c": ..., "gates": ...} as JSON.
"""
import json
import sys

import torch
from torch import nn


def load(module, params, names):
    with torch.no_grad():
        for attr, name in names.items():
            getattr(module, attr).copy_(torch.tensor(params[name]["values"]).reshape(params[name]["shape"]))


def main():
    with open(sys.argv[1]) as f:
        case = json.load(f)
    params = {p["name"]: p for p in case["params"]}
    hidden, dirs = case["hidden"], 2 if case["bidirectional"] else 1
    trace = {(l["layer"], l["direction"]): l["steps"] for l in case["layers"]}
    x = torch.tensor(case["x"], dtype=torch.float32)
    worst = {"h": 0.0, "c": 0.0, "gates": 0.0}

    def compare(key, want, got):
        worst[key] = max(worst[key], float((torch.tensor(got) - want).abs().max()))

    torch.set_num_threads(1)
    for layer in range(case["layer_count"]):
        width = x.shape[1]
        lstm = nn.LSTM(width, hidden, batch_first=True, bidirectional=case["bidirectional"])
        names = {}
        for d, suffix in enumerate(["", "_reverse"][:dirs]):
            for kind in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]:
                names[f"{kind}_l0{suffix}"] = f"lstm.{kind}_l{layer}{suffix}"
        load(lstm, params, names)
        with torch.no_grad():
            out, _ = lstm(x.unsqueeze(0))
        out = out[0]
        for d, direction in enumerate(["forward", "backward"][:dirs]):
            suffix = "_reverse" if d else ""
            steps = trace[(layer, direction)]
            cell = nn.LSTMCell(width, hidden)
            load(cell, params, {k: f"lstm.{k}_l{layer}{suffix}" for k in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]})
            h = torch.zeros(1, hidden)
            c = torch.zeros(1, hidden)
            order = range(x.shape[0]) if d == 0 else reversed(range(x.shape[0]))
            for t in order:
                with torch.no_grad():
                    pre = (x[t] @ cell.weight_ih.T + cell.bias_ih + h[0] @ cell.weight_hh.T + cell.bias_hh)
                    i, f, g, o = pre.chunk(4)
                    for name, value in (("i", torch.sigmoid(i)), ("f", torch.sigmoid(f)), ("g", torch.tanh(g)),
                                        ("o", torch.sigmoid(o))):
                        compare("gates", value, steps[t][name])
                    h, c = cell(x[t].unsqueeze(0), (h, c))
                compare("c", c[0], steps[t]["c"])
                compare("h", h[0], steps[t]["h"])
                compare("h", out[t, d * hidden:(d + 1) * hidden], steps[t]["h"])
        x = out + x if case.get("residual", False) and layer > 0 else out
    print(json.dumps(worst))


if __name__ == "__main__":
    main()
