#!/usr/bin/python3
"""Reference probabilities for LSTM Studio's text classifier, computed by PyTorch.

Reads a JSON case (model spec, every parameter by its state_dict name, a padded batch of
token ids with lengths, and the app's probabilities), rebuilds the network from torch.nn
modules with pack_padded_sequence, and prints {"max_abs_diff": x}.
"""
import json
import sys

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class Classifier(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.bidirectional = spec["bidirectional"]
        self.pooling = spec["pooling"]
        width = spec["hidden"] * (2 if self.bidirectional else 1)
        self.embedding = nn.Embedding(spec["vocab"], spec["embedding"])
        self.lstm = nn.LSTM(spec["embedding"], spec["hidden"], num_layers=spec["layers"],
                            batch_first=True, bidirectional=self.bidirectional)
        if self.pooling == "attention":
            self.attn_proj = nn.Linear(width, width)
            self.attn_score = nn.Linear(width, 1, bias=False)
        self.head = nn.Linear(width, spec["classes"])

    def forward(self, tokens, lengths):
        packed = pack_padded_sequence(self.embedding(tokens), lengths, batch_first=True, enforce_sorted=False)
        out, (h, _) = self.lstm(packed)
        if self.pooling == "last":
            feat = torch.cat((h[-2], h[-1]), dim=1) if self.bidirectional else h[-1]
        else:
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=tokens.size(1))
            scores = self.attn_score(torch.tanh(self.attn_proj(out))).squeeze(-1)
            pad = torch.arange(tokens.size(1)).unsqueeze(0) >= lengths.unsqueeze(1)
            weights = torch.softmax(scores.masked_fill(pad, float("-inf")), dim=1)
            feat = (weights.unsqueeze(-1) * out).sum(1)
        return torch.softmax(self.head(feat), dim=1)


def main():
    with open(sys.argv[1]) as f:
        case = json.load(f)
    model = Classifier(case["spec"]).eval()
    state = {name: torch.tensor(p["values"], dtype=torch.float32).reshape(p["shape"])
             for name, p in case["params"].items()}
    model.load_state_dict(state, strict=True)
    tokens = torch.tensor(case["tokens"], dtype=torch.int64).reshape(case["shape"])
    lengths = torch.tensor(case["lengths"], dtype=torch.int64)
    with torch.no_grad():
        ref = model(tokens, lengths)
    got = torch.tensor(case["output"], dtype=torch.float32).reshape(ref.shape)
    print(json.dumps({"max_abs_diff": float((ref - got).abs().max())}))


if __name__ == "__main__":
    main()
