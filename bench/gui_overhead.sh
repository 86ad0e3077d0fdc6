#!/bin/sh
# What the desktop app's observer and live charts add to a training run: the same seeded
# W run (S&P 500, LSTM 128 x 2, window 30, batch 64, Adam, clip 1.0, one thread) trained
# by the CLI and by the GUI's scripted run (offscreen), in turns, ROUNDS times. Compares
# the epoch times both write to history.jsonl (training and validation, no start-up).
#
#   bench/gui_overhead.sh [BUILD_DIR] [ROUNDS] [EPOCHS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
rounds=${2:-3}
epochs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen

train_cli() {
    "$build/app/lstm-studio-cli" train --data "$here/../datasets/sp500_2000_2020.csv" --target close \
        --features open,high,low,close,volume --window 30 --hidden 128 --layers 2 --dropout 0 --batch-size 64 \
        --clip 1.0 --epochs "$epochs" --patience 0 --threads 1 --device cpu --out "$1" >/dev/null 2>&1
}

train_cli "$work/template"
for r in $(seq "$rounds"); do
    train_cli "$work/cli$r"
    # The GUI opens the project (same settings) and trains it again in place.
    cp -r "$work/template" "$work/gui$r"
    "$build/app/lstm-studio" "$work/gui$r" --train --epochs "$epochs" --quit >/dev/null 2>&1
done

/usr/bin/python3 - "$work" "$rounds" <<'EOF'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def seconds(path):
    with open(path) as f:
        return sum(json.loads(line)["seconds"] for line in f)
cli = [seconds(f"{work}/cli{r}/history.jsonl") for r in range(1, rounds + 1)]
gui = [seconds(f"{work}/gui{r}/history.jsonl") for r in range(1, rounds + 1)]
c, g = statistics.median(cli), statistics.median(gui)
print("seconds of training per run (sum of epochs)")
print("  CLI ", ", ".join(f"{v:.2f}" for v in cli), f"median {c:.2f}")
print("  GUI ", ", ".join(f"{v:.2f}" for v in gui), f"median {g:.2f}")
print(f"GUI / CLI = {g / c:.3f} (target <= 1.05)")
EOF
