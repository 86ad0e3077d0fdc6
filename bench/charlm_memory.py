#!/usr/bin/python3
"""Peak memory of training a character language model on a long text, per character.

Writes a text of about MB megabytes (the bundled Pride and Prejudice, repeated), runs
`lstm-studio-cli train --task charlm` on it with the task's defaults for SECONDS of
training, stops it as Ctrl+C would (SIGINT: the epoch in progress ends there, the run is
kept and evaluated on the test split), and reads the process's peak resident memory
(getrusage of the child, ru_maxrss). The same run on a text of SMALL_MB megabytes gives
the cost that does not grow with the text (LibTorch, the model, a batch's activations);
the table shows both the peak per character and what each further character costs:

    (peak - peak on the small text) / (characters - characters of the small text)

    /usr/bin/python3 bench/charlm_memory.py [--cli build/app/lstm-studio-cli] [--mb 50]
        [--small-mb 5] [--seconds 40] [--json FILE]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def write_text(path, megabytes):
    """The bundled novel repeated to `megabytes` (10^6 bytes); returns its characters."""
    with open(os.path.join(ROOT, "datasets", "pride_and_prejudice.txt"), encoding="utf-8") as f:
        novel = f.read()
    target = int(megabytes * 1e6)
    copies = max(1, -(-target // len(novel.encode("utf-8"))))
    text = novel * copies
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return len(text), os.path.getsize(path)


def peak_of_run(cli, data, out, seconds):
    """Trains on `data` for `seconds` after start, stops with SIGINT, waits for the end;
    returns (peak resident bytes, exit code of a run that ended by itself, seconds in all)."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    start = time.monotonic()
    # A fresh process per measurement: ru_maxrss of RUSAGE_CHILDREN is the largest child
    # so far, so each run is measured from a child of its own.
    probe = ("import resource, subprocess, sys\n"
             "p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
             "import signal, time\n"
             "stopped = 0\n"
             "try:\n"
             "    p.wait(timeout=float(sys.argv[1]))\n"
             "except subprocess.TimeoutExpired:\n"
             "    p.send_signal(signal.SIGINT)\n"
             "    p.wait()\n"
             "    stopped = 1\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode, stopped)\n")
    cmd = [sys.executable, "-c", probe, str(seconds), cli, "train", "--task", "charlm", "--data", data,
           "--epochs", "1", "--out", out]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    kib, code, stopped = result.stdout.split()
    # Stopped in its first epoch, the CLI says so and exits 1; only an early end is a failure.
    return int(kib) * 1024, 0 if stopped == "1" else int(code), time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "lstm-studio-cli"))
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--small-mb", type=float, default=5.0)
    ap.add_argument("--seconds", type=float, default=40.0, help="training time before the SIGINT")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (args.small_mb, args.mb):
            data = os.path.join(tmp, f"text_{mb:g}mb.txt")
            chars, size = write_text(data, mb)
            peak, code, wall = peak_of_run(args.cli, data, os.path.join(tmp, f"run_{mb:g}"), args.seconds)
            os.remove(data)
            if code != 0:
                sys.exit(f"the CLI exited with {code} on the {mb:g} MB text")
            rows.append((chars, size, peak, wall))
            print(f"{size / 1e6:.1f} MB, {chars} characters: peak {peak / 2**20:.0f} MiB, "
                  f"{peak / chars:.1f} bytes per character ({wall:.0f} s)", file=sys.stderr, flush=True)
    (c0, _, p0, _), (c1, s1, p1, _) = rows
    print("| text | characters | peak resident | bytes per character | each further character |")
    print("|---|---|---|---|---|")
    print(f"| {args.small_mb:g} MB | {c0} | {p0 / 2**20:.0f} MiB | {p0 / c0:.1f} | |")
    print(f"| {s1 / 1e6:.1f} MB | {c1} | {p1 / 2**20:.0f} MiB | {p1 / c1:.1f} | {(p1 - p0) / (c1 - c0):.1f} bytes |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"characters": c1, "bytes": s1, "peak_bytes": p1, "bytes_per_character": p1 / c1,
                       "small": {"characters": c0, "peak_bytes": p0},
                       "further_bytes_per_character": (p1 - p0) / (c1 - c0)}, f, indent=1)


if __name__ == "__main__":
    main()
