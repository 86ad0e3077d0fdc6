#!/usr/bin/python3
"""Training speed of LSTM Studio against PyTorch, in one run.

Each case trains the same shapes three (text: four) ways, one thread each (OMP_NUM_THREADS =
OPENBLAS_NUM_THREADS = 1, torch.set_num_threads(1)):
  app-libtorch  LSTM Studio's Trainer with LibTorch's LSTM autograd (the reference engine),
  app-onednn    the same Trainer with oneDNN's fused LSTM training primitives,
  app-auto      (text cases) the engine the app chooses per batch: oneDNN while a batch's
                padded steps are at most twice its texts' own, else LibTorch's,
  pytorch       the same step in a plain Python loop on Debian's python3-torch (same LibTorch).
The app's figures come from bench/train_bench.cpp (lstm-studio-train-bench), which times
its real Trainer's steps (batch assembly, forward, backward, clipping, Adam, observer).
A step: batch 64, Adam lr 1e-3, clip 1.0. Forecast cases: T=30 windows of 5 features, MSE,
linear head. W: LSTM H=128, 2 layers, dropout 0. bilstm: W as a BiLSTM. small/medium/large:
the app's presets (dropout included). text: the classifier (embedding 64, BiLSTM 64,
attention pooling, 4 classes) on texts of 20-60 tokens: packed sequences in PyTorch and the
app's LibTorch engine, the padded batch with each text reversed in place for the backward
direction on oneDNN. spam: the classifier `train --task classify` builds by default
(embedding 128, BiLSTM 128, final states) on the bundled spam subjects' training split as
the app tokenizes it (the bench writes the token ids; PyTorch draws its batches from them).

The three take turns REPEATS times; each turn's figure is the median step of BATCHES
steps (after 3 warm-up steps), and the table shows the median over turns. Achieved
GFLOP/s count the LSTM's matrix products (forward 2*B*T*4H*(in+H) per layer and
direction, backward twice that) against a single-thread sgemm peak measured in the same
run (1024^3 sgemm through the same OpenBLAS, best of 10) before every turn: each case is
put against the median of its own turns' peaks, so a busy machine slows both alike.

    /usr/bin/python3 bench/train_speed.py [--bench build/bench/lstm-studio-train-bench]
        [--repeats 3] [--batches 40] [--cases w,bilstm,small,medium,large,text,spam]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import torch  # noqa: E402  (after the thread settings)
from torch import nn  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "oracle"))
from text_reference import Classifier  # noqa: E402

T, F, B = 30, 5, 64
# case: (hidden, layers, bidirectional, dropout); the presets as core/nn/model_spec.cpp
FORECAST = {
    "w": (128, 2, False, 0.0),
    "bilstm": (128, 2, True, 0.0),
    "small": (64, 1, False, 0.1),
    "medium": (128, 2, False, 0.2),
    "large": (256, 3, True, 0.3),
}
TEXT = {"vocab": 2000, "embedding": 64, "hidden": 64, "layers": 1, "bidirectional": True,
        "pooling": "attention", "classes": 4}
SPAM = {"embedding": 128, "hidden": 128, "layers": 1, "bidirectional": True, "pooling": "last"}
SPAM_DATA = os.path.join(HERE, "..", "datasets", "spam_subjects.csv")
TEXT_CASES = ("text", "spam")
SPAM_TEXTS = []  # (label, token ids) of the training split, filled by load_spam
# Fewer steps for the slow cases keep a run within minutes.
STEP_SHARE = {"large": 0.25, "bilstm": 0.5}


def lstm_flops(width, hidden, layers, dirs, steps):
    forward = 0
    for _ in range(layers):
        forward += 2 * B * steps * 4 * hidden * (width + hidden) * dirs
        width = hidden * dirs
    return 3 * forward


def load_spam(program):
    """The spam subjects' training split, tokenized by the app (lstm-studio-train-bench --ids)."""
    if SPAM_TEXTS:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ids.txt")
        subprocess.run([program, "--case", "spam", "--data", SPAM_DATA, "--ids", path, "--batches", "1"],
                       check=True, capture_output=True)
        with open(path) as f:
            for line in f:
                numbers = [int(v) for v in line.split()]
                SPAM_TEXTS.append((numbers[0], numbers[1:]))


def case_flops(case):
    if case == "spam":
        mean = statistics.mean(len(ids) for _, ids in SPAM_TEXTS)
        return lstm_flops(SPAM["embedding"], SPAM["hidden"], 1, 2, mean)
    if case == "text":
        return lstm_flops(TEXT["embedding"], TEXT["hidden"], 1, 2, 40)  # mean length 40
    hidden, layers, bi, _ = FORECAST[case]
    return lstm_flops(F, hidden, layers, 2 if bi else 1, T)


def sgemm_peak():
    n = 1024
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    best = float("inf")
    for _ in range(10):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * n ** 3 / best / 1e9


class Forecaster(nn.Module):
    def __init__(self, hidden, layers, bi, dropout):
        super().__init__()
        self.hidden, self.bi = hidden, bi
        self.lstm = nn.LSTM(F, hidden, num_layers=layers, batch_first=True, bidirectional=bi,
                            dropout=dropout if layers > 1 else 0.0)
        self.head = nn.Linear(hidden * (2 if bi else 1), 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        if self.bi:
            h = self.hidden
            return self.head(torch.cat((out[:, -1, :h], out[:, 0, h:]), dim=1))
        return self.head(out[:, -1, :])


def pytorch_steps(case, steps, skip=3):
    torch.manual_seed(0)
    n = steps + skip + 1
    if case == "text":
        model = Classifier({**TEXT, "vocab": TEXT["vocab"]})
        lengths = torch.randint(20, 61, (n, B))
        tokens = torch.randint(2, TEXT["vocab"], (n, B, 60))
        labels = torch.randint(0, TEXT["classes"], (n, B))

        def loss_of(i):
            width = int(lengths[i].max())
            # Classifier returns probabilities; the training loss is cross-entropy on them.
            p = model(tokens[i, :, :width], lengths[i])
            return nn.functional.nll_loss(torch.log(p), labels[i])
    elif case == "spam":
        vocab = 1 + max(max(ids) for _, ids in SPAM_TEXTS)
        classes = 1 + max(label for label, _ in SPAM_TEXTS)
        model = Classifier({**SPAM, "vocab": vocab, "classes": classes})
        picks = torch.randint(0, len(SPAM_TEXTS), (n, B)).tolist()
        batches = []
        for rows in picks:
            texts = [SPAM_TEXTS[j] for j in rows]
            lengths = torch.tensor([len(ids) for _, ids in texts])
            tokens = torch.zeros(B, int(lengths.max()), dtype=torch.long)
            for r, (_, ids) in enumerate(texts):
                tokens[r, :len(ids)] = torch.tensor(ids)
            batches.append((tokens, lengths, torch.tensor([label for label, _ in texts])))

        def loss_of(i):
            tokens, lengths, labels = batches[i]
            return nn.functional.nll_loss(torch.log(model(tokens, lengths)), labels)
    else:
        model = Forecaster(*FORECAST[case])
        x, y = torch.randn(n, B, T, F), torch.randn(n, B, 1)

        def loss_of(i):
            return nn.functional.mse_loss(model(x[i]), y[i])
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times = []
    for i in range(n):
        start = time.perf_counter()
        opt.zero_grad()
        loss = loss_of(i)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss.item()
        times.append(time.perf_counter() - start)
    return [1000 * t for t in times[skip + 1:]]


def app_steps(program, case, engine, steps):
    extra = ["--data", SPAM_DATA] if case == "spam" else []
    out = subprocess.run([program, "--case", case, "--engine", engine, "--batches", str(steps), "--threads", "1", *extra],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["ms"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", default=os.path.join(HERE, "..", "build", "bench", "lstm-studio-train-bench"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--cases", default="w,bilstm,small,medium,large,text,spam")
    parser.add_argument("--json", help="also write every figure to this file")
    args = parser.parse_args()
    torch.set_num_threads(1)
    peaks = {}
    runners = {
        "app-libtorch": lambda c, s: app_steps(args.bench, c, "libtorch", s),
        "app-onednn": lambda c, s: app_steps(args.bench, c, "onednn", s),
        "app-auto": lambda c, s: app_steps(args.bench, c, "auto", s),
        "pytorch": pytorch_steps,
    }
    results = {}
    for case in args.cases.split(","):
        if case == "spam":
            load_spam(args.bench)
        steps = max(8, int(args.batches * STEP_SHARE.get(case, 1.0)))
        runs = {name: [] for name in runners}
        peaks[case] = []
        for _ in range(args.repeats):
            peaks[case].append(sgemm_peak())
            for name, run in runners.items():
                if name == "app-auto" and case not in TEXT_CASES:
                    continue  # forecasts: auto is oneDNN
                runs[name].append(statistics.median(run(case, steps)))
        results[case] = {name: v for name, v in runs.items() if v}

    print(f"one thread; each figure: median over {args.repeats} turns of the median step (ms)")
    print(f"{'case':8} {'engine':13} {'ms/step':>9} {'GFLOP/s':>8} {'% peak':>7} {'/ pytorch':>10}  turns")
    for case, runs in results.items():
        flops = case_flops(case)
        peak = statistics.median(peaks[case])
        print(f"{case:8} {'sgemm peak':13} {'':9} {peak:8.1f}  ({', '.join(f'{p:.1f}' for p in peaks[case])})")
        ref = statistics.median(runs["pytorch"])
        for name, v in runs.items():
            ms = statistics.median(v)
            gflops = flops / ms / 1e6
            print(f"{case:8} {name:13} {ms:9.2f} {gflops:8.1f} {100 * gflops / peak:6.0f}% {ms / ref:10.3f}  "
                  + ", ".join(f"{t:.1f}" for t in v))
    if "w" in results:
        w = results["w"]
        ratio = statistics.median(w["app-onednn"]) / statistics.median(w["pytorch"])
        print(f"W: app-onednn / pytorch = {ratio:.3f} (target <= 0.8); "
              f"app-libtorch / pytorch = {statistics.median(w['app-libtorch']) / statistics.median(w['pytorch']):.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"sgemm_peak": peaks, "results": results,
                       "flops": {case: case_flops(case) for case in results}}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
