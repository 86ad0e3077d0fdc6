#!/usr/bin/python3
"""Every figure of the performance table in one run, each against its peer.

    /usr/bin/python3 bench/perf_table.py [--build build] [--rounds 3] [--iterations 300]
        [--batches 40] [--charlm-mb 50] [--json perf.json]

Runs, one after the other on this machine:
  1. a W project (LSTM I=5, H=128, 2 layers, T=30 on the S&P 500 data; `train` for 3 epochs,
     then `quantize`): bench/peers.py at batches 1 and 64, the app's oneDNN fp32 and int8
     against ONNX Runtime fp32 (one thread each);
  2. bench/train_speed.py for W, the large preset and the two text classifiers (the
     default one on the spam subjects, and texts of 20-60 tokens) against PyTorch;
  3. bench/charlm_memory.py: peak memory of a character LM on a CHARLM_MB text;
  4. two cores: a W training step (oneDNN) and `bench` at batch 64 with two threads
     against one, in turns; and the GUI's event-loop p99 while it trains W on two threads
     (offscreen scripted run).
Then prints the table (figure, measured, target, met) with the CPU and the date; --json
writes every figure. Ratios compare peers measured in the same run; absolute times on a
shared machine move by ±10-20% between runs, and a ratio with them.

    /usr/bin/python3 bench/perf_table.py --combine run1.json run2.json run3.json

prints instead the median of each figure over earlier runs' --json files, with the lowest
and the highest, and judges the median.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"
W_TRAIN = ["--data", os.path.join(ROOT, "datasets", "sp500_2000_2020.csv"), "--target", "close",
           "--features", "open,high,low,close,volume", "--window", "30", "--hidden", "128", "--layers", "2",
           "--scaler", "relative", "--device", "cpu"]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run(cmd, env=None):
    log("$ " + " ".join(cmd))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"{cmd[0]} exited with {done.returncode}:\n{done.stderr[-3000:]}")
    return done


def cpu_name():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def median_step(bench, case, engine, threads, steps):
    out = run([bench, "--case", case, "--engine", engine, "--threads", str(threads), "--batches", str(steps)])
    return statistics.median(json.loads(out.stdout)["ms"])


def bench_mean_us(cli, project, threads, iterations, tmp):
    """Mean µs per call at batch 64 of the oneDNN fp32 and int8 backends."""
    path = os.path.join(tmp, f"bench{threads}.json")
    run([cli, "bench", "--project", project, "--batches", "64", "--iterations", str(iterations), "--warmup", "10",
         "--train-batches", "0", "--threads", str(threads), "--backends", "onednn-fp32,onednn-int8", "--json", path])
    with open(path) as f:
        report = json.load(f)
    return {b["name"]: b["batches"][0]["mean_us"] for b in report["backends"]}


def two_cores(args, project, tmp):
    bench = os.path.join(args.build, "bench", "lstm-studio-train-bench")
    cli = os.path.join(args.build, "app", "lstm-studio-cli")
    train = {1: [], 2: []}
    infer = {1: [], 2: []}
    for _ in range(args.rounds):
        for threads in (1, 2):
            train[threads].append(median_step(bench, "w", "onednn", threads, args.batches))
            infer[threads].append(bench_mean_us(cli, project, threads, max(20, args.iterations // 10), tmp))
    result = {"train_ms": {t: statistics.median(v) for t, v in train.items()}}
    result["train_speedup"] = result["train_ms"][1] / result["train_ms"][2]
    for name in ("onednn-fp32", "onednn-int8"):
        one = statistics.median(r[name] for r in infer[1])
        two = statistics.median(r[name] for r in infer[2])
        result[name] = {"us_1": one, "us_2": two, "speedup": one / two}
    # The GUI trains a W project whose settings ask for two threads and reports its
    # event loop's 99th-percentile latency over the run.
    gui = os.path.join(args.build, "app", "lstm-studio")
    result["gui_p99_ms"] = None
    if os.path.exists(gui):
        two = os.path.join(tmp, "w_two_threads")
        run([cli, "train", *W_TRAIN, "--epochs", "1", "--threads", "2", "--out", two])
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        out = run([gui, two, "--train", "--epochs", "4", "--quit"], env=env)
        found = re.search(r"event_loop_p99_ms=([0-9.]+)", out.stdout)
        result["gui_p99_ms"] = float(found.group(1)) if found else None
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--batches", type=int, default=40, help="training steps per turn")
    ap.add_argument("--charlm-mb", type=float, default=50.0)
    ap.add_argument("--json")
    ap.add_argument("--combine", nargs="+", metavar="JSON", help="the median over these runs, measuring nothing")
    args = ap.parse_args()
    if args.combine:
        return combine(args.combine)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    os.environ.update(env)
    cli = os.path.join(args.build, "app", "lstm-studio-cli")
    figures = {"date": datetime.date.today().isoformat(), "cpu": cpu_name()}
    with tempfile.TemporaryDirectory() as tmp:
        project = os.path.join(tmp, "w")
        run([cli, "train", *W_TRAIN, "--epochs", "3", "--threads", "1", "--out", project])
        run([cli, "quantize", "--project", project])
        with open(os.path.join(project, "quantize.json")) as f:
            figures["int8_test_metric_change_percent"] = json.load(f)["test"]["difference"]["rmse_percent"]

        peers = os.path.join(tmp, "peers.json")
        run([PYTHON, os.path.join(HERE, "peers.py"), "--project", project, "--cli", cli, "--batches", "1,64",
             "--iterations", str(args.iterations), "--rounds", str(args.rounds), "--out", peers])
        with open(peers) as f:
            figures["peers"] = json.load(f)

        speed = os.path.join(tmp, "train_speed.json")
        run([PYTHON, os.path.join(HERE, "train_speed.py"), "--bench",
             os.path.join(args.build, "bench", "lstm-studio-train-bench"), "--cases", "w,large,spam,text",
             "--repeats", str(args.rounds), "--batches", str(args.batches), "--json", speed])
        with open(speed) as f:
            figures["train_speed"] = json.load(f)

        memory = os.path.join(tmp, "charlm_memory.json")
        run([PYTHON, os.path.join(HERE, "charlm_memory.py"), "--cli", cli, "--mb", str(args.charlm_mb),
             "--json", memory])
        with open(memory) as f:
            figures["charlm_memory"] = json.load(f)

        figures["two_cores"] = two_cores(args, project, tmp)

    rows = table(figures)
    print(f"{figures['date']}, {figures['cpu']}, {os.cpu_count()} cores; one thread unless said")
    print("| figure | measured | target | met |")
    print("|---|---|---|---|")
    for name, measured, target, met in rows:
        print(f"| {name} | {measured} | {target} | {'yes' if met else '**no**'} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({**figures, "rows": rows}, f, indent=1)
    return 0


def table(f):
    latency = f["peers"]["latency_us"]

    def ort_ratio(peer, batch):
        return latency[peer][str(batch)]["mean_us"] / latency["ort-fp32"][str(batch)]["mean_us"]

    speed, peaks = f["train_speed"]["results"], f["train_speed"]["sgemm_peak"]

    def step_ratio(case, engine):
        return statistics.median(speed[case][engine]) / statistics.median(speed[case]["pytorch"])

    flops = f["train_speed"]["flops"]["w"]
    w_share = flops / statistics.median(speed["w"]["app-onednn"]) / 1e6 / statistics.median(peaks["w"])
    cores = f["two_cores"]
    rows = [
        ("W int8, batch 1, vs ONNX Runtime fp32", ort_ratio("onednn-int8", 1), "<= 0.25"),
        ("W oneDNN fp32, batch 1, vs ONNX Runtime", ort_ratio("onednn-fp32", 1), "<= 0.5"),
        ("W fp32, batch 64, vs ONNX Runtime", ort_ratio("onednn-fp32", 64), "<= 0.7"),
        ("W int8, batch 64, vs ONNX Runtime fp32", ort_ratio("onednn-int8", 64), "<= 0.3"),
        ("W training step (oneDNN) vs PyTorch", step_ratio("w", "app-onednn"), "<= 0.45"),
        ("W training step, share of the sgemm peak", w_share, ">= 0.75"),
        ("text classifier step (default, spam subjects; auto engine) vs PyTorch", step_ratio("spam", "app-auto"),
         "<= 0.5"),
        ("text classifier step (texts of 20-60 tokens; auto engine) vs PyTorch", step_ratio("text", "app-auto"),
         "<= 0.5"),
        ("large preset step (oneDNN) vs PyTorch", step_ratio("large", "app-onednn"), "<= 0.6"),
        ("charlm on a 50 MB text: peak bytes per character", f["charlm_memory"]["bytes_per_character"], "<= 16"),
        ("W training, two threads: speed-up over one", cores["train_speedup"], ">= 1.6"),
        ("bench --threads 2, batch 64, oneDNN fp32: speed-up", cores["onednn-fp32"]["speedup"], ">= 1.6"),
        ("bench --threads 2, batch 64, oneDNN int8: speed-up", cores["onednn-int8"]["speedup"], ">= 1.6"),
        ("GUI event-loop p99 (ms) while training on two threads", cores["gui_p99_ms"], "< 50"),
        ("int8 test RMSE change (%)", f["int8_test_metric_change_percent"], "within ±1"),
    ]
    out = []
    for name, value, target in rows:
        if value is None:
            out.append((name, "not measured", target, False))
            continue
        out.append((name, f"{value:.3f}", target, meets(value, target)))
    return out


def meets(value, target):
    op, goal = target.split(" ", 1)
    if op == "within":
        return abs(value) <= float(goal.lstrip("±"))
    goal = float(goal)
    return {"<=": value <= goal, ">=": value >= goal, "<": value < goal}[op]


def combine(paths):
    runs = []
    for path in paths:
        with open(path) as f:
            runs.append(json.load(f))
    tables = [table(r) for r in runs]
    dates = sorted({r["date"] for r in runs})
    print(f"{' to '.join([dates[0], dates[-1]] if len(dates) > 1 else dates)}, {runs[0]['cpu']}, "
          f"{os.cpu_count()} cores; one thread unless said; the median of {len(runs)} runs (lowest-highest)")
    print("| figure | median (lowest-highest) | target | met |")
    print("|---|---|---|---|")
    for i, (name, _, target, _) in enumerate(tables[0]):
        values = [float(t[i][1]) for t in tables if t[i][1] != "not measured"]
        if not values:
            print(f"| {name} | not measured | {target} | **no** |")
            continue
        m = statistics.median(values)
        print(f"| {name} | {m:.3f} ({min(values):.3f}-{max(values):.3f}) | {target} | "
              f"{'yes' if meets(m, target) else '**no**'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
