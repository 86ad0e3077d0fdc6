#!/usr/bin/python3
"""Training speed of workload W in LSTM Studio against PyTorch, in one run.

W: LSTM I=5, H=128, 2 layers, T=30, linear head, batch 64, Adam, clip 1.0, MSE; one
thread for both (OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=1). The app's figure is the mean time
of its real trainer's batches (`lstm-studio-cli bench --train-batches N`), PyTorch's the
same step in a plain Python loop on Debian's python3-torch (the same LibTorch build). Each
is measured REPEATS times, alternating, and the medians are compared. Achieved GFLOP/s are
put against a single-thread sgemm peak measured in the same run.

    /usr/bin/python3 bench/train_speed.py [--cli build/app/lstm-studio-cli] [--repeats 3] [--batches 100]
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

I, H, LAYERS, T, B = 5, 128, 2, 30, 64


def flops_per_step():
    # Forward multiply-adds of the LSTM layers and the head, counted as 2 flops each;
    # backward costs about twice the forward.
    forward = 0
    width = I
    for _ in range(LAYERS):
        forward += 2 * B * T * 4 * H * (width + H)
        width = H
    forward += 2 * B * H
    return 3 * forward


def sgemm_peak():
    n = 1024
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    times = []
    for _ in range(10):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * n ** 3 / min(times) / 1e9


class W(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(I, H, num_layers=LAYERS, batch_first=True)
        self.head = nn.Linear(H, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :])


def pytorch_ms_per_step(batches):
    torch.manual_seed(0)
    model = W()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.randn(batches + 3, B, T, I), torch.randn(batches + 3, B, 1)
    times = []
    for i in range(batches + 3):
        start = time.perf_counter()
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x[i]), y[i])
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss.item()
        if i >= 3:
            times.append(time.perf_counter() - start)
    return 1000 * statistics.mean(times)


def app_ms_per_step(cli, project, batches, work):
    out = os.path.join(work, "bench.json")
    subprocess.run([cli, "bench", "--project", project, "--train-batches", str(batches), "--iterations", "1",
                    "--warmup", "0", "--batches", "1", "--backends", "libtorch-fp32", "--threads", "1",
                    "--json", out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)["train"]["ms_per_batch"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default=os.path.join(here, "..", "build", "app", "lstm-studio-cli"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batches", type=int, default=100)
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = os.path.join(here, "..", "datasets", "sp500_2000_2020.csv")
    with tempfile.TemporaryDirectory() as work:
        project = os.path.join(work, "w")
        subprocess.run([args.cli, "train", "--data", data, "--target", "close", "--features",
                        "open,high,low,close,volume", "--window", str(T), "--hidden", str(H), "--layers",
                        str(LAYERS), "--dropout", "0", "--batch-size", str(B), "--clip", "1.0", "--epochs", "1",
                        "--threads", "1", "--device", "cpu", "--out", project],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        app, ref = [], []
        for _ in range(args.repeats):
            app.append(app_ms_per_step(args.cli, project, args.batches, work))
            ref.append(pytorch_ms_per_step(args.batches))
    peak = sgemm_peak()
    flops = flops_per_step()
    a, p = statistics.median(app), statistics.median(ref)
    print(f"W training step, one thread, median of {args.repeats} x {args.batches} batches")
    print(f"  LSTM Studio  {a:8.2f} ms  {flops / a / 1e6:6.1f} GFLOP/s  ({', '.join(f'{v:.1f}' for v in app)})")
    print(f"  PyTorch      {p:8.2f} ms  {flops / p / 1e6:6.1f} GFLOP/s  ({', '.join(f'{v:.1f}' for v in ref)})")
    print(f"  ratio app / PyTorch: {a / p:.3f} (target <= 0.8)")
    print(f"  sgemm peak, one thread: {peak:.1f} GFLOP/s; the app reaches {100 * flops / a / 1e6 / peak:.0f}% of it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
