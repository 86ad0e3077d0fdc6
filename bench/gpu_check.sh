#!/usr/bin/env bash
# The CUDA check. On a machine with an NVIDIA GPU and PyTorch: builds core + CLI against
# PyTorch's CUDA LibTorch (no Qt, no ONNX, no oneDNN), trains workload W and the large
# preset on the GPU and on one CPU thread, compares the loss curves and prints epoch times
# and their ratio.
#
#   bench/gpu_check.sh --prepare   # on a Debian machine: copy the header-only
#                                  # dependencies (nlohmann-json, CLI11, date) into .deps/include,
#                                  # and OpenSSL's headers and libcrypto into .deps/openssl;
#                                  # zlib's headers too
#   bench/gpu_check.sh [OUT]       # on the GPU machine (with .deps carried along)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--prepare" ]; then
  mkdir -p .deps/include
  cp -r /usr/include/nlohmann /usr/include/CLI /usr/include/date /usr/include/zlib.h .deps/include/
  cp /usr/include/x86_64-linux-gnu/zconf.h .deps/include/ 2>/dev/null || cp /usr/include/zconf.h .deps/include/
  # SHA-256 comes from OpenSSL's libcrypto; the GPU machine's image may lack its headers.
  mkdir -p .deps/openssl/include .deps/openssl/lib
  cp -r /usr/include/openssl .deps/openssl/include/
  cp -r /usr/include/x86_64-linux-gnu/openssl/. .deps/openssl/include/openssl/
  cp -L /usr/lib/x86_64-linux-gnu/libcrypto.so.3 .deps/openssl/lib/
  ln -sf libcrypto.so.3 .deps/openssl/lib/libcrypto.so
  exit 0
fi
out=$(realpath -m "${1:-build-cuda/gpu-check}")
rm -rf "$out" && mkdir -p "$out"

prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
# The machine's own OpenSSL when it has the headers, else the one carried in .deps.
openssl=()
[ -f /usr/include/openssl/evp.h ] || openssl=(-DOPENSSL_ROOT_DIR="$PWD/.deps/openssl")
# zlib (CRC-32 of weights files): every Linux has libz.so.1; its headers may be missing.
if [ ! -f /usr/include/zlib.h ]; then
  libz=$(ls /lib/x86_64-linux-gnu/libz.so.1 /usr/lib/x86_64-linux-gnu/libz.so.1 /usr/lib64/libz.so.1 2>/dev/null | head -1)
  openssl+=(-DZLIB_INCLUDE_DIR="$PWD/.deps/include" -DZLIB_LIBRARY="$libz")
fi
echo "== configure against $prefix"
cmake -S . -B build-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTUDIO_GUI=OFF -DSTUDIO_TESTS=OFF \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_INCLUDE_PATH="$PWD/.deps/include" "${openssl[@]}" >"$out/configure.log" 2>&1 ||
  { tail -40 "$out/configure.log"; exit 1; }
echo "== build"
cmake --build build-cuda --target lstm-studio-cli >"$out/build.log" 2>&1 || { grep -m20 -A5 error "$out/build.log"; exit 1; }
cli=build-cuda/app/lstm-studio-cli
$cli info
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true

export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
data=datasets/sp500_2000_2020.csv
# W: LSTM I=5, H=128, 2 layers, T=30, Linear head, batch 64, Adam, clip 1.0.
W=(--data "$data" --target close --features open,high,low,close,volume --window 30 --hidden 128 --layers 2
   --dropout 0 --head linear --batch-size 64 --optimizer adam --clip 1.0 --patience 0 --seed 42)
# The large preset (256 units, 3 layers, bidirectional). Dropout is switched off for the
# comparison: its masks come from different generators on the GPU and the CPU.
LARGE=(--data "$data" --target close --features open,high,low,close,volume --window 30 --preset large
   --dropout 0 --batch-size 64 --patience 0 --seed 42)

run() {  # name, then CLI arguments
  local name=$1; shift
  echo "== $name"
  $cli train "$@" --out "$out/$name" 2>"$out/$name.log" >"$out/$name.out" || { tail -5 "$out/$name.log"; return 1; }
  grep -h "CUDA memory" "$out/$name.out" | sed 's/^/  /' || true
  tail -n +1 "$out/$name/history.jsonl" | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    print("  epoch %d  train %.6f  val %.6f  %.2fs" % (e["epoch"], e["train_loss"], e["val_loss"], e["seconds"]))'
}

run w-cuda "${W[@]}" --epochs 5 --device cuda
run w-cpu "${W[@]}" --epochs 5 --device cpu --threads 1
run large-cuda "${LARGE[@]}" --epochs 5 --device cuda
run large-cpu "${LARGE[@]}" --epochs 2 --device cpu --threads 1

echo "== resume w-cuda to 7 epochs from its checkpoint on the GPU, then evaluate"
$cli resume --project "$out/w-cuda" --epochs 7 2>"$out/w-resume.log" | grep -E "trained|CUDA memory|MAE"
$cli evaluate --project "$out/w-cuda" | grep -E "MAE|RMSE"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def history(name):
    with open(f"{out}/{name}/history.jsonl") as f:
        return [json.loads(l) for l in f if l.strip()]
def epoch_seconds(h):
    # The first epoch carries CUDA start-up and cuDNN autotuning: leave it out when we can.
    s = [e["seconds"] for e in h[1:]] or [h[0]["seconds"]]
    return sum(s) / len(s)
ok = True
for model, tol in (("w", 0.02), ("large", 0.25)):
    gpu, cpu = history(f"{model}-cuda"), history(f"{model}-cpu")
    n = min(len(gpu), len(cpu))
    worst = max(abs(g["train_loss"] - c["train_loss"]) / c["train_loss"] for g, c in zip(gpu[:n], cpu[:n]))
    worst_val = max(abs(g["val_loss"] - c["val_loss"]) / c["val_loss"] for g, c in zip(gpu[:n], cpu[:n]))
    tg, tc = epoch_seconds(gpu), epoch_seconds(cpu)
    same = worst <= tol and worst_val <= max(tol, 0.1)
    ok &= same
    print(f"{model}: epoch GPU {tg:.3f}s, CPU 1 thread {tc:.3f}s, GPU {tc / tg:.1f}x faster; "
          f"loss curves over {n} epoch(s): max rel diff train {worst:.4f}, val {worst_val:.4f} "
          f"({'agree' if same else 'DIFFER'} within {tol})")
sys.exit(0 if ok else 1)
PY
