#!/usr/bin/python3
"""LSTM Studio's inference backends side by side with ONNX Runtime and PyTorch.

    bench/peers.py --project DIR [--cli build/app/lstm-studio-cli] [--iterations 1000]
                   [--rounds 3] [--batches 1,8,64] [--out peers.json]

In one run on this machine, on the same trained model and the same input windows (the
windows ending in the last 500 rows of the project's data), with one thread each:
  app      `lstm-studio-cli bench`: libtorch-fp32, onednn-fp32, onednn-int8
  ORT      the model from `lstm-studio-cli export-onnx` in ONNX Runtime (npm onnxruntime-node,
           NODE_PATH=/usr/local/lib/lstm-studio/node_modules), fp32
  PyTorch  /usr/bin/python3 with Debian's python3-torch: eager fp32, and
           torch.ao.quantization.quantize_dynamic({nn.LSTM, nn.Linear}, qint8, per-channel)
Every timed call goes from raw rows to forecasts in the target's units: the app scales in
C++, the exported ONNX graph holds the scaler, PyTorch scales with tensor ops. The peers
take turns in `rounds`; a figure is the median over the rounds of each round's mean.
Before timing, PyTorch fp32 must reproduce the app's test predictions (predictions.csv)
and ONNX Runtime PyTorch's, so all of them run the same model on the same inputs.
Without `export-onnx` in the CLI, or without onnxruntime-node, ONNX Runtime is skipped
with a message. Prints the figures and the ratios; --out writes them as JSON.

A text classifier project (task classify) is compared with ONNX Runtime only: the app's
calls tokenize `batch` raw test texts (bench), ONNX Runtime's take the same texts as
token ids tokenized here beforehand (ASCII letters, digits and _ or any non-ASCII
character form words, lowercased), padded to each call's longest text, with lengths.

A character language model (task charlm) likewise: a call of the app's bench encodes
`batch` raw chunks of the test split's characters and returns the next-character logits at
every step of each, the state starting at zero; ONNX Runtime's takes the same chunks as
character ids [batch, chunk] encoded here beforehand, with zero h0 and c0.
"""
import argparse
import csv
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from argparse import Namespace

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_MODULES = "/usr/local/lib/lstm-studio/node_modules"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---- the project ------------------------------------------------------------------------

class Project:
    def __init__(self, directory):
        self.dir = directory
        with open(os.path.join(directory, "project.json")) as f:
            p = json.load(f)
        self.json = p
        s = p["series"]
        self.features = s["features"]
        self.target = s["target"]
        self.window = s["window"]
        self.horizon = s["horizon"]
        self.missing = s.get("missing", "drop")
        self.fscaler = p["scaler"]["features"]
        self.tscaler = p["scaler"]["target"]
        self.model = p["model"]
        self.rows, self.target_values, self.file_rows = self._read(p["data"]["path"])

    def _read(self, path):
        """Raw feature rows and the target, missing cells handled as the project says;
        file_rows maps a data row of the file to its index here."""
        with open(path, newline="", encoding="utf-8-sig") as f:
            sample = f.read(4096)
            f.seek(0)
            delimiter = max([",", ";", "\t"], key=sample.split("\n")[0].count)
            reader = csv.reader(f, delimiter=delimiter)
            header = [h.strip() for h in next(reader)]
            lower = [h.lower() for h in header]

            def col(name):
                return header.index(name) if name in header else lower.index(name.lower())

            cols = [col(n) for n in self.features] + [col(self.target)]
            rows, target, file_rows, last = [], [], {}, [math.nan] * len(cols)
            for r, line in enumerate(r for r in reader if any(c.strip() for c in r)):
                values = []
                for c in cols:
                    try:
                        values.append(float(line[c]))
                    except (ValueError, IndexError):
                        values.append(math.nan)
                if self.missing == "ffill":
                    values = [v if math.isfinite(v) else last[i] for i, v in enumerate(values)]
                    last = values
                if not all(math.isfinite(v) for v in values):
                    continue
                file_rows[r] = len(rows)
                rows.append(values[:-1])
                target.append(values[-1])
        return np.array(rows, dtype=np.float64), np.array(target, dtype=np.float64), file_rows

    def windows(self, ends, batch):
        """Raw inputs [len(ends), batch, window, features] float32 and the target's last
        values [len(ends), batch] of the batches whose first window ends at each of ends."""
        T = self.window
        x = np.stack([np.stack([self.rows[e + b - T + 1:e + b + 1] for b in range(batch)]) for e in ends])
        last = np.stack([self.target_values[[e + b for b in range(batch)]] for e in ends])
        return x.astype(np.float32), last.astype(np.float32)

    def timing_ends(self, batch, count):
        last_end = len(self.target_values) - batch
        first_end = max(self.window - 1, last_end - 500)
        return [first_end + i % (last_end - first_end + 1) for i in range(count)]


class Forecaster(nn.Module):
    """The app's network (as tests/oracle/lstm_reference.py builds it) with the project's
    scaling around it: raw rows in, the target's units out."""

    def __init__(self, project):
        super().__init__()
        m = project.model
        self.hidden, self.bidirectional = m["hidden"], m["bidirectional"]
        self.lstm = nn.LSTM(len(project.features), m["hidden"], num_layers=m["layers"], batch_first=True,
                            bidirectional=m["bidirectional"])
        width = m["hidden"] * (2 if m["bidirectional"] else 1)
        if m["head"] == "linear":
            self.head = nn.Linear(width, project.horizon)
        else:
            self.head = nn.Sequential(nn.Linear(width, 32), nn.ReLU(), nn.Linear(32, project.horizon))
        fs, ts = project.fscaler, project.tscaler
        self.relative = fs["kind"] == "relative"
        self.register_buffer("f_off", torch.tensor(fs["offset"], dtype=torch.float32))
        self.register_buffer("f_scale", torch.tensor(fs["scale"], dtype=torch.float32))
        self.t_off, self.t_scale = float(ts["offset"][0]), float(ts["scale"][0])
        saved = torch.jit.load(os.path.join(project.dir, "model.pt"))
        state = {name: p.detach().clone() for name, p in saved.named_parameters()}
        self.load_state_dict({**self.state_dict(), **state}, strict=True)

    def network(self, x):
        out, _ = self.lstm(x)
        if self.bidirectional:
            h = self.hidden
            feat = torch.cat((out[:, -1, :h], out[:, 0, h:]), dim=1)
        else:
            feat = out[:, -1, :]
        return self.head(feat)

    def forward(self, raw, last_target):
        base = raw / raw[:, -1:, :] - 1.0 if self.relative else raw
        y = self.network((base - self.f_off) / self.f_scale) * self.t_scale + self.t_off
        return last_target[:, None] * (1.0 + y) if self.relative else y


def quantized(model):
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic
    return quantize_dynamic(model, {nn.LSTM: per_channel_dynamic_qconfig, nn.Linear: per_channel_dynamic_qconfig},
                            dtype=torch.qint8)


# ---- peers ------------------------------------------------------------------------------

def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r.stdout


def time_torch(model, inputs, iterations, warmup):
    """mean/p50/p95/p99 in µs of model(*inputs[i % len]) over `iterations` calls."""
    with torch.no_grad():
        for i in range(warmup):
            model(*inputs[i % len(inputs)])
        us = []
        for i in range(iterations):
            args = inputs[i % len(inputs)]
            t0 = time.perf_counter_ns()
            model(*args)
            us.append((time.perf_counter_ns() - t0) / 1000.0)
    us.sort()
    pick = lambda q: us[min(len(us) - 1, math.ceil(q * len(us)) - 1)]  # noqa: E731
    mean = sum(us) / len(us)
    return {"mean_us": mean, "p50_us": pick(0.5), "p95_us": pick(0.95), "p99_us": pick(0.99)}


def app_round(args, project, tmp):
    out = os.path.join(tmp, "app.json")
    run([args.cli, "bench", "--project", project.dir, "--json", out, "--iterations", str(args.iterations),
         "--warmup", str(args.warmup), "--train-batches", "0", "--batches", args.batches, "--threads", "1"])
    with open(out) as f:
        report = json.load(f)
    return {b["name"]: {t["batch"]: t for t in b["batches"]} for b in report["backends"]}, report


def ort_prepare(args, project, tmp, batches):
    """Exports the model and writes the inputs; returns the case file or a reason to skip."""
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(NODE_MODULES, "onnxruntime-node")):
        return None, f"ONNX Runtime skipped: node or {NODE_MODULES}/onnxruntime-node is missing"
    help_text = subprocess.run([args.cli, "--help"], capture_output=True, text=True).stdout
    if "export-onnx" not in help_text:
        return None, "ONNX Runtime skipped: this lstm-studio-cli has no export-onnx (built without ONNX?)"
    onnx_path = os.path.join(tmp, "model.onnx")
    run([args.cli, "export-onnx", "--project", project.dir, "--out", onnx_path])
    cases = []
    for b in batches:
        x, last = project.windows(project.timing_ends(b, 64), b)
        x.tofile(os.path.join(tmp, f"x_{b}.bin"))
        last.tofile(os.path.join(tmp, f"lv_{b}.bin"))
        cases.append({"batch": b, "file": f"x_{b}.bin", "count": len(x), "dims": list(x.shape[1:]),
                      "last_value_file": f"lv_{b}.bin"})
    spec = os.path.join(tmp, "cases.json")
    with open(spec, "w") as f:
        json.dump({"iterations": args.iterations, "warmup": args.warmup, "cases": cases}, f)
    return (onnx_path, spec), None


def ort_round(prepared):
    env = dict(os.environ, NODE_PATH=NODE_MODULES)
    out = json.loads(run(["node", os.path.join(HERE, "peers_ort.js"), *prepared], env=env))
    return {b["batch"]: b for b in out["batches"]}, out


# ---- accuracy ---------------------------------------------------------------------------

def test_split(project):
    """The app's test windows (predictions.csv), as raw inputs, with its predictions."""
    rows, pred, truth = [], [], []
    with open(os.path.join(project.dir, "predictions.csv")) as f:
        for r in csv.DictReader(f):
            rows.append(project.file_rows[int(r["row"])])
            pred.append([float(r[f"pred_{h + 1}"]) for h in range(project.horizon)])
            truth.append([float(r[f"true_{h + 1}"]) for h in range(project.horizon)])
    x, last = project.windows([e - 0 for e in rows], 1)
    return torch.from_numpy(x[:, 0]), torch.from_numpy(last[:, 0]), np.array(pred), np.array(truth)


def rmse(pred, truth):
    return float(np.sqrt(np.mean((pred - truth) ** 2)))



# ---- text classifiers ---------------------------------------------------------------------

def text_ids(text, vocab, lowercase, max_length):
    import re
    words = re.findall(r"[A-Za-z0-9_\u0080-\U0010ffff]+(?:'[A-Za-z0-9_\u0080-\U0010ffff]+)*", text)
    ids = [vocab.get(w.lower() if lowercase else w, 1) for w in words]
    if max_length:
        ids = ids[:max_length]
    return ids or [1]


def charlm_chunks(p):
    """Character ids of the test split's chunks as the app's bench cuts them: the last
    split[2] of the text's characters (lowercased where the project says), in chunks of
    `chunk` characters, at most 512."""
    t = p["text"]
    with open(p["data"]["path"], "rb") as f:
        text = f.read().decode("utf-8-sig", errors="replace")
    chars = [c.lower() if t["lowercase"] and len(c.lower()) == 1 else c for c in text]
    n = len(chars)
    test = chars[math.floor(n * t["split"][0]) + math.floor(n * t["split"][1]):]
    vocab = {w: i for i, w in enumerate(p["vocab"])}
    ids = [vocab.get(c, 1) for c in test]
    chunk = t["chunk"]
    return [ids[s:s + chunk] for s in range(0, len(ids) - chunk + 1, chunk)][:512]


class CharLm(nn.Module):
    """The project's character language model in PyTorch, from model.pt's parameters."""

    def __init__(self, project_dir, m):
        super().__init__()
        self.embedding = nn.Embedding(m["vocab_size"], m["embedding_dim"])
        self.lstm = nn.LSTM(m["embedding_dim"], m["hidden"], num_layers=m["layers"], batch_first=True)
        self.head = nn.Linear(m["hidden"], m["vocab_size"])
        saved = torch.jit.load(os.path.join(project_dir, "model.pt"))
        self.load_state_dict({n: p.detach().clone() for n, p in saved.named_parameters()}, strict=True)

    def forward(self, ids):
        return self.head(self.lstm(self.embedding(ids))[0])


def text_cases(args, p, tmp, batches):
    """The inputs of ONNX Runtime's calls for a classifier or a character language model."""
    cases = []
    if p["task"] == "charlm":
        chunks, m = charlm_chunks(p), p["model"]
        for b in batches:
            span = len(chunks) - b + 1
            blob = [x for i in range(64) for c in chunks[(i * b) % span:(i * b) % span + b] for x in c]
            np.array(blob, dtype=np.int64).tofile(os.path.join(tmp, f"t_{b}.bin"))
            cases.append({"batch": b, "charlm": True, "file": f"t_{b}.bin", "count": 64,
                          "dims": [b, len(chunks[0])], "state": [m["layers"], b, m["hidden"]]})
        return cases
    t = p["text"]
    vocab = {w: i for i, w in enumerate(p["vocab"])}
    with open(p["data"]["path"], newline="", encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    with open(os.path.join(args.project, "predictions.csv")) as f:
        rows = [int(r["row"]) for r in csv.DictReader(f)]
    docs = [text_ids(table[r][t["text_column"]], vocab, t["lowercase"], t["max_length"]) for r in rows]
    for b in batches:
        span = len(docs) - b + 1
        blob, shapes = [], []
        for i in range(64):
            first = (i * b) % span
            batch = docs[first:first + b]
            longest = max(len(d) for d in batch)
            blob += [x for d in batch for x in d + [0] * (longest - len(d))] + [len(d) for d in batch]
            shapes.append([b, longest])
        np.array(blob, dtype=np.int64).tofile(os.path.join(tmp, f"t_{b}.bin"))
        cases.append({"batch": b, "text": True, "file": f"t_{b}.bin", "shapes": shapes})
    return cases


def text_main(args, p):
    batches = [int(b) for b in args.batches.split(",")]
    charlm = p["task"] == "charlm"
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        onnx_path = os.path.join(tmp, "model.onnx")
        run([args.cli, "export-onnx", "--project", args.project, "--out", onnx_path])
        cases = text_cases(args, p, tmp, batches)
        spec = os.path.join(tmp, "cases.json")
        with open(spec, "w") as f:
            json.dump({"iterations": args.iterations, "warmup": args.warmup, "cases": cases}, f)
        for r in range(args.rounds):
            log(f"round {r + 1}/{args.rounds}: app")
            app, app_report = app_round(args, Namespace(dir=args.project), tmp)
            for name, per in app.items():
                for b, tm in per.items():
                    results.setdefault(name, {}).setdefault(b, []).append(tm)
            log(f"round {r + 1}/{args.rounds}: ONNX Runtime")
            ort, ort_info = ort_round((onnx_path, spec))
            for b, tm in ort.items():
                results.setdefault("ort-fp32", {}).setdefault(b, []).append(tm)
        if charlm:  # ONNX Runtime must run the model PyTorch runs on the same characters
            first = np.fromfile(os.path.join(tmp, f"t_{batches[0]}.bin"), dtype=np.int64)[:cases[0]["dims"][1]]
            with torch.no_grad():
                expect = CharLm(args.project, p["model"]).eval()(torch.from_numpy(first)[None])[0, -1].numpy()
            got = np.array(ort[batches[0]]["first_output"])
            if float(np.abs(got - expect).max()) > 1e-4 * max(1.0, float(np.abs(expect).max())):
                sys.exit(f"ONNX Runtime's logits differ from PyTorch's: {got[:4]} vs {expect[:4]}")
            log(f"ONNX Runtime vs PyTorch, last step of a chunk: max |difference| {np.abs(got - expect).max():.3g}")
    summary = {peer: {b: {k: statistics.median(x[k] for x in rounds) for k in ("mean_us", "p50_us")}
                      for b, rounds in per.items()} for peer, per in results.items()}
    m = app_report["model"]
    if charlm:
        print(f"character language model: vocabulary {m['vocab']}, embedding {m['embedding']}, LSTM H={m['hidden']} "
              f"L={m['layers']}, chunks of {m['window']} characters, logits at every step; one thread, "
              f"{app_report['cpu']}; median of {args.rounds} rounds x {args.iterations} calls; µs per call "
              f"(app: raw characters in; ONNX Runtime {ort_info.get('ort_version')}: character ids and zero states in)")
    else:
        print(f"text classifier: vocabulary {m['vocab']}, embedding {m['embedding']}, "
              f"{'BiLSTM' if m['bidirectional'] else 'LSTM'} H={m['hidden']} L={m['layers']}, {m['pooling']} pooling; "
              f"one thread, {app_report['cpu']}; median of {args.rounds} rounds x {args.iterations} calls; µs per call "
              f"(app: raw texts in; ONNX Runtime {ort_info.get('ort_version')}: token ids in)")
    peers = [x for x in ("libtorch-fp32", "onednn-fp32", "onednn-int8", "ort-fp32") if x in summary]
    print(f"{'batch':>5} " + " ".join(f"{x:>14}" for x in peers))
    for b in batches:
        print(f"{b:>5} " + " ".join(f"{summary[x][b]['mean_us']:>14.1f}" for x in peers))
    print("\nratios of times, mean (p50)")
    ratios = {}
    for b in batches:
        for a in ("onednn-fp32", "onednn-int8", "libtorch-fp32"):
            mean = summary[a][b]["mean_us"] / summary["ort-fp32"][b]["mean_us"]
            p50 = summary[a][b]["p50_us"] / summary["ort-fp32"][b]["p50_us"]
            ratios.setdefault(b, {})[f"{a} / ort-fp32"] = mean
            print(f"  batch {b:>2}  {a + ' / ort-fp32':<28} {mean:6.2f} ({p50:.2f})")
        if charlm:
            mean = summary["libtorch-fp32"][b]["mean_us"] / summary["onednn-int8"][b]["mean_us"]
            p50 = summary["libtorch-fp32"][b]["p50_us"] / summary["onednn-int8"][b]["p50_us"]
            ratios[b]["libtorch-fp32 / onednn-int8"] = mean
            print(f"  batch {b:>2}  {'libtorch-fp32 / onednn-int8':<28} {mean:6.2f} ({p50:.2f})")
    bytes_ = {b["name"]: b["bytes"] for b in app_report["backends"]}
    print(f"\nbytes: fp32 {bytes_['libtorch-fp32']}, int8 {bytes_['onednn-int8']} = "
          f"{bytes_['onednn-int8'] / bytes_['libtorch-fp32']:.3f} of fp32")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"project": args.project, "cpu": app_report["cpu"], "latency_us": summary, "ratios": ratios,
                       "bytes": bytes_, "model": m}, f, indent=2)
            f.write("\n")

# ---- main -------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--project", required=True)
    ap.add_argument("--cli", default=os.path.join(HERE, "..", "build", "app", "lstm-studio-cli"))
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3, help="0: only the accuracy comparison")
    ap.add_argument("--batches", default="1,8,64")
    ap.add_argument("--out")
    args = ap.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    torch.set_num_threads(1)
    with open(os.path.join(args.project, "project.json")) as f:
        p = json.load(f)
    if p.get("task", "forecast") in ("classify", "charlm"):
        args.project = os.path.abspath(args.project)
        return text_main(args, p)
    project = Project(os.path.abspath(args.project))

    fp32 = Forecaster(project).eval()
    int8 = quantized(fp32)
    x_test, last_test, app_pred, truth = test_split(project)
    with torch.no_grad():
        torch_pred = fp32(x_test, last_test).numpy()
        torch_int8_pred = int8(x_test, last_test).numpy()
    scale = max(1e-9, float(np.abs(app_pred).max()))
    same = float(np.abs(torch_pred - app_pred).max())
    log(f"PyTorch fp32 vs the app's predictions.csv: max |difference| {same:.3g} (of values up to {scale:.4g})")
    if same > 1e-4 * scale:
        sys.exit("PyTorch does not reproduce the app's predictions: not the same model or inputs")
    accuracy = {"pytorch_fp32_rmse": rmse(torch_pred, truth), "pytorch_int8_rmse": rmse(torch_int8_pred, truth)}
    accuracy["pytorch_int8_rmse_change_percent"] = 100 * (accuracy["pytorch_int8_rmse"] / accuracy["pytorch_fp32_rmse"] - 1)
    quantize_json = os.path.join(project.dir, "quantize.json")
    if os.path.exists(quantize_json):
        with open(quantize_json) as f:
            q = json.load(f)["test"]
        accuracy["app_int8_rmse_change_percent"] = q["difference"]["rmse_percent"]

    if args.rounds < 1:  # accuracy only
        print(json.dumps(accuracy, indent=2))
        return

    torch_inputs = {b: [(torch.from_numpy(x), torch.from_numpy(lv))
                        for x, lv in zip(*project.windows(project.timing_ends(b, 64), b))] for b in batches}
    results = {}  # peer -> batch -> list of per-round timings

    def add(peer, batch, t):
        results.setdefault(peer, {}).setdefault(batch, []).append(t)

    with tempfile.TemporaryDirectory() as tmp:
        prepared, skip = ort_prepare(args, project, tmp, batches)
        if skip:
            log(skip)
        ort_info = None
        for r in range(args.rounds):
            log(f"round {r + 1}/{args.rounds}: app")
            app, app_report = app_round(args, project, tmp)
            for name, per in app.items():
                for b, t in per.items():
                    add(name, b, t)
            if prepared:
                log(f"round {r + 1}/{args.rounds}: ONNX Runtime")
                ort, ort_info = ort_round(prepared)
                for b, t in ort.items():
                    add("ort-fp32", b, t)
                    first = np.array(t["first_output"])
                    with torch.no_grad():
                        expect = fp32(*torch_inputs[b][0]).numpy().ravel()
                    if float(np.abs(first - expect).max()) > 1e-4 * max(1e-9, float(np.abs(expect).max())):
                        sys.exit(f"ONNX Runtime's answer differs from PyTorch's at batch {b}: {first[:4]} vs {expect[:4]}")
            log(f"round {r + 1}/{args.rounds}: PyTorch")
            for b in batches:
                add("pytorch-fp32", b, time_torch(fp32, torch_inputs[b], args.iterations, args.warmup))
                add("pytorch-int8", b, time_torch(int8, torch_inputs[b], args.iterations, args.warmup))

    summary = {peer: {b: {k: statistics.median(t[k] for t in rounds) for k in ("mean_us", "p50_us", "p95_us", "p99_us")}
                      for b, rounds in per.items()} for peer, per in results.items()}
    bytes_ = {b["name"]: b["bytes"] for b in app_report["backends"]}
    report = {"project": project.dir, "cpu": app_report["cpu"], "threads": 1, "rounds": args.rounds,
              "iterations": args.iterations, "model": app_report["model"], "versions": app_report["versions"],
              "torch_version": torch.__version__, "ort_version": ort_info and ort_info.get("ort_version"),
              "ort_skipped": skip, "latency_us": summary, "bytes": bytes_, "accuracy": accuracy}

    peers = [p for p in ("libtorch-fp32", "onednn-fp32", "onednn-int8", "ort-fp32", "pytorch-fp32", "pytorch-int8")
             if p in summary]
    m = app_report["model"]
    print(f"{'BiLSTM' if m['bidirectional'] else 'LSTM'} I={m['input']} H={m['hidden']} L={m['layers']} "
          f"T={m['window']} head={m['head']}, one thread, {app_report['cpu']}; median of {args.rounds} rounds "
          f"x {args.iterations} calls; µs per call, raw rows in, forecasts out")
    print(f"{'batch':>5} " + " ".join(f"{p:>14}" for p in peers))
    for b in batches:
        print(f"{b:>5} " + " ".join(f"{summary[p][b]['mean_us']:>14.1f}" if b in summary[p] else f"{'':>14}"
                                    for p in peers))
    ratios, p50_ratios = {}, {}
    for b in batches:
        def r(a, c, key="mean_us"):
            if a in summary and c in summary and b in summary[a] and b in summary[c]:
                return summary[a][b][key] / summary[c][b][key]
            return None
        p50_ratios[b] = {name: r(*name.split(" / "), key="p50_us") for name in (
            "onednn-fp32 / ort-fp32", "onednn-int8 / ort-fp32", "libtorch-fp32 / onednn-int8")}
        ratios[b] = {
            "onednn-fp32 / ort-fp32": r("onednn-fp32", "ort-fp32"),
            "onednn-int8 / ort-fp32": r("onednn-int8", "ort-fp32"),
            "libtorch-fp32 / onednn-int8": r("libtorch-fp32", "onednn-int8"),
            "onednn-fp32 / pytorch-fp32": r("onednn-fp32", "pytorch-fp32"),
            "onednn-int8 / pytorch-int8": r("onednn-int8", "pytorch-int8"),
            "libtorch-fp32 / pytorch-fp32": r("libtorch-fp32", "pytorch-fp32"),
        }
    report["ratios"] = ratios
    report["p50_ratios"] = p50_ratios
    targets = {"onednn-fp32 / ort-fp32": ("<=", 1.0), "onednn-int8 / ort-fp32": ("<=", 0.4),
               "libtorch-fp32 / onednn-int8": (">=", 2.5)}
    def verdict(name, v):
        goal = targets.get(name)
        if not goal or v is None:
            return ""
        return "met" if (v <= goal[1] if goal[0] == "<=" else v >= goal[1]) else "NOT met"

    print("\nratios of times (below 1: the first is faster); targets apply to batch 1, on means")
    print(f"  {'':>8}  {'':<28} {'mean':>6} {'':<8} {'p50':>6} {'':<8}")
    for b in batches:
        for name, v in ratios[b].items():
            if v is None:
                continue
            p50 = p50_ratios[b].get(name)
            goal = targets.get(name)
            print(f"  batch {b:>2}  {name:<28} {v:6.2f} {verdict(name, v) if b == 1 else '':<8} " +
                  (f"{p50:6.2f} {verdict(name, p50) if b == 1 else '':<8}" if p50 is not None else "") +
                  (f" (target {goal[0]} {goal[1]})" if goal and b == 1 else ""))
    if "onednn-int8" in bytes_:
        ratio = bytes_["onednn-int8"] / bytes_["libtorch-fp32"]
        print(f"\nbytes: fp32 {bytes_['libtorch-fp32']}, int8 {bytes_['onednn-int8']} = {ratio:.3f} of fp32 "
              f"(target <= 0.27: {'met' if ratio <= 0.27 else 'NOT met'})")
    print("test RMSE change of int8: " +
          (f"app {accuracy['app_int8_rmse_change_percent']:+.3f}%, " if "app_int8_rmse_change_percent" in accuracy else "") +
          f"PyTorch quantize_dynamic {accuracy['pytorch_int8_rmse_change_percent']:+.3f}%")
    if skip:
        print(skip)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
