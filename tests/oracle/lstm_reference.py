#!/usr/bin/python3
"""Reference outputs for LSTM Studio's forecaster, computed by PyTorch.

Reads a JSON case written by the C++ test (model spec, every parameter by its state_dict
name, an input batch and the app's output), rebuilds the network from torch.nn modules,
loads the same weights, runs the same input and prints the largest absolute difference
as JSON: {"max_abs_diff": x, "reference": [...]}.

A residual spec ("residual": true) is built from one single-layer nn.LSTM per layer, each
layer after the first adding its input to its output; the app's "lstm.*_l<k>" parameters
are loaded into layer k's "*_l0".
"""
import json
import sys

import torch
from torch import nn


class Forecaster(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.hidden = spec["hidden"]
        self.bidirectional = spec["bidirectional"]
        self.residual = spec.get("residual", False)
        width = spec["hidden"] * (2 if spec["bidirectional"] else 1)
        if self.residual:
            self.stack = nn.ModuleList(
                nn.LSTM(spec["input"] if k == 0 else width, spec["hidden"], batch_first=True,
                        bidirectional=spec["bidirectional"]) for k in range(spec["layers"]))
        else:
            self.lstm = nn.LSTM(spec["input"], spec["hidden"], num_layers=spec["layers"],
                                batch_first=True, bidirectional=spec["bidirectional"])
        if spec["head"] == "linear":
            self.head = nn.Linear(width, spec["output"])
        else:
            self.head = nn.Sequential(nn.Linear(width, 32), nn.ReLU(), nn.Linear(32, spec["output"]))

    def sequence(self, x):
        if not self.residual:
            return self.lstm(x)[0]
        out = self.stack[0](x)[0]
        for layer in self.stack[1:]:
            out = layer(out)[0] + out
        return out

    def forward(self, x):
        out = self.sequence(x)
        if self.bidirectional:
            h = self.hidden
            feat = torch.cat((out[:, -1, :h], out[:, 0, h:]), dim=1)
        else:
            feat = out[:, -1, :]
        return self.head(feat)


def main():
    with open(sys.argv[1]) as f:
        case = json.load(f)
    torch.manual_seed(0)
    model = Forecaster(case["spec"]).eval()
    state = {name: torch.tensor(p["values"], dtype=torch.float32).reshape(p["shape"])
             for name, p in case["params"].items()}
    if model.residual:
        # lstm.weight_ih_l2_reverse -> stack.2.weight_ih_l0_reverse
        renamed = {}
        for name, value in state.items():
            if name.startswith("lstm."):
                base, _, rest = name[len("lstm."):].partition("_l")
                layer, _, reverse = rest.partition("_")
                name = f"stack.{layer}.{base}_l0" + (f"_{reverse}" if reverse else "")
            renamed[name] = value
        state = renamed
    model.load_state_dict(state, strict=True)
    x = torch.tensor(case["input"]["values"], dtype=torch.float32).reshape(case["input"]["shape"])
    with torch.no_grad():
        ref = model(x)
    got = torch.tensor(case["output"], dtype=torch.float32).reshape(ref.shape)
    print(json.dumps({"max_abs_diff": float((ref - got).abs().max()),
                      "reference": ref.flatten().tolist()}))


if __name__ == "__main__":
    main()
