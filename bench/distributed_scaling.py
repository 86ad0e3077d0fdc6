#!/usr/bin/python3
"""Data-parallel scaling: an epoch of W trained by 2 processes x 1 thread against 1 process
x 1 thread, on this machine over loopback (Gloo).

W is the S&P 500 forecaster of bench/RESULTS.md: close from open, high, low, close and
volume, window 30, 2 layers of 128. Each configuration trains EPOCHS epochs; the figure is
the median epoch time as the project's history.jsonl records it (training and validation,
not start-up or the test split). The processes get their launcher variables from this
script (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT), as torchrun would set them.

    strong   2 processes x 32 samples per step = the same global batch of 64 as 1 x 64:
             the same training, split; speedup = t(1 x 64) / t(2 x 32)
    weak     2 processes x 64 = a global batch of 128: half the steps per epoch;
             throughput ratio = samples/s of 2 x 64 over samples/s of 1 x 64

Efficiency = speedup / 2. The rows alternate, ROUNDS times, so that a slow spell of the
machine falls on both.

    /usr/bin/python3 bench/distributed_scaling.py [--cli build/app/lstm-studio-cli]
        [--epochs 3] [--rounds 3] [--engine onednn]
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def epoch_seconds(project):
    with open(os.path.join(project, "history.jsonl"), encoding="utf-8") as f:
        return [json.loads(line)["seconds"] for line in f if line.strip()]


def train(cli, out, processes, batch, epochs, engine):
    """Trains W into `out` with `processes` ranks of `batch` samples; returns epoch seconds."""
    args = [cli, "train", "--data", os.path.join(ROOT, "datasets", "sp500_2000_2020.csv"), "--target", "close",
            "--features", "open,high,low,close,volume", "--hidden", "128", "--layers", "2", "--window", "30",
            "--epochs", str(epochs), "--patience", "0", "--batch-size", str(batch), "--threads", "1",
            "--engine", engine, "--out", out]
    base = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    port = free_port()
    procs = []
    for rank in range(processes):
        env = dict(base)
        if processes > 1:
            env.update(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(processes), MASTER_ADDR="127.0.0.1",
                       MASTER_PORT=str(port))
        procs.append(subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    for rank, p in enumerate(procs):
        _, err = p.communicate()
        if p.returncode != 0:
            sys.exit(f"rank {rank} of {processes} failed ({p.returncode}):\n{err}")
    return epoch_seconds(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "lstm-studio-cli"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--engine", default="onednn", help="libtorch or onednn")
    a = ap.parse_args()

    rows = [("1 x 64", 1, 64), ("2 x 32", 2, 32), ("2 x 64", 2, 64)]
    times = {name: [] for name, _, _ in rows}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(a.rounds):
            for name, processes, batch in rows:
                out = os.path.join(tmp, f"{name.replace(' ', '')}-{r}")
                times[name] += epoch_seconds_skip_first(train(a.cli, out, processes, batch, a.epochs, a.engine))
                print(f"round {r + 1}: {name}: {statistics.median(times[name]):.2f} s per epoch so far",
                      file=sys.stderr)

    t1, strong, weak = (statistics.median(times[n]) for n, _, _ in rows)
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((l.split(":", 1)[1].strip() for l in cpu.splitlines() if l.startswith("Model name")), "?")
    print(f"W epoch, engine {a.engine}, {os.cpu_count()} cores ({model}), median of {len(times['1 x 64'])} epochs")
    print(f"| processes x batch | global batch | epoch s | speedup | efficiency |")
    print(f"|---|---|---|---|---|")
    print(f"| 1 x 64 | 64 | {t1:.2f} | 1.00 | 1.00 |")
    print(f"| 2 x 32 | 64 | {strong:.2f} | {t1 / strong:.2f} | {t1 / strong / 2:.2f} |")
    # Weak scaling: an epoch of 2 x 64 has half the steps; compare samples per second.
    print(f"| 2 x 64 | 128 | {weak:.2f} | {t1 / weak:.2f} | {t1 / weak / 2:.2f} |")


def epoch_seconds_skip_first(seconds):
    """The first epoch also warms the allocator and oneDNN's primitive cache: left out when
    there are more."""
    return seconds[1:] if len(seconds) > 1 else seconds


if __name__ == "__main__":
    main()
