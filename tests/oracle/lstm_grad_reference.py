#!/usr/bin/python3
"""Reference gradients of an LSTM's output sequence, computed by PyTorch.

Reads a JSON case written by the C++ test: the LSTM's shape, every parameter by its
state_dict name, an input batch [batch, time, input], a weighting r of the output
[batch, time, D*hidden], and the app's output and gradients of loss = sum(out * r).
Rebuilds nn.LSTM(batch_first=True), loads the weights, computes the same loss and its
gradients, and prints JSON: {"output": max abs diff, "input": rel diff, "params": {name: rel diff}},
each relative difference being max |app - torch| / max |torch|.
A residual spec stacks one single-layer nn.LSTM per layer, each after the first adding its
input to its output; the parameters keep nn.LSTM's names ("weight_ih_l<k>...").
"""
import json
import sys

import torch
from torch import nn


def tensor(entry):
    return torch.tensor(entry["values"], dtype=torch.float64).reshape(entry["shape"]).float()


def rel(got, ref):
    return float((got - ref).abs().max() / ref.abs().max().clamp_min(1e-30))


def main():
    with open(sys.argv[1]) as f:
        case = json.load(f)
    spec = case["spec"]
    x = tensor(case["input"]).requires_grad_(True)
    if spec.get("residual", False):
        width = spec["hidden"] * (2 if spec["bidirectional"] else 1)
        layers = [nn.LSTM(spec["input"] if k == 0 else width, spec["hidden"], batch_first=True,
                          bidirectional=spec["bidirectional"]) for k in range(spec["layers"])]
        named = {}
        for k, layer in enumerate(layers):
            for name, p in layer.named_parameters():
                named[name.replace("_l0", f"_l{k}")] = p
        with torch.no_grad():
            for name, p in named.items():
                p.copy_(tensor(case["params"][name]))
        assert len(named) == len(case["params"])
        out = layers[0](x)[0]
        for layer in layers[1:]:
            out = layer(out)[0] + out
    else:
        lstm = nn.LSTM(spec["input"], spec["hidden"], num_layers=spec["layers"], batch_first=True,
                       bidirectional=spec["bidirectional"])
        lstm.load_state_dict({name: tensor(p) for name, p in case["params"].items()}, strict=True)
        named = dict(lstm.named_parameters())
        out, _ = lstm(x)
    (out * tensor(case["weighting"])).sum().backward()
    answer = {
        "output": float((out.detach() - tensor(case["output"])).abs().max()),
        "input": rel(tensor(case["input_grad"]), x.grad),
        "params": {name: rel(tensor(case["grads"][name]), p.grad) for name, p in named.items()},
    }
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
