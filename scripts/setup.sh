#!/usr/bin/env bash
# Installs every Debian (bookworm) package LSTM Studio needs to build, test and run.
# Idempotent: quiet and quick when everything is already there.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config
  # tensors and autograd; OpenBLAS under it (the reference BLAS is ~13x slower); Gloo's
  # headers for data-parallel training (LibTorch links Gloo itself)
  libtorch-dev libopenblas0-pthread libgloo-dev
  # GUI, live plots, tests, screenshots
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-qpa-plugins libqcustomplot-dev libgl-dev
  xvfb xauth fonts-dejavu-core
  # the Chinese interface: lupdate/lrelease, Qt's own translations, a font with CJK glyphs
  qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk
  # ONNX export, fused inference
  libonnx-dev libprotobuf-dev protobuf-compiler libdnnl-dev
  # SHA-256 (OpenSSL's libcrypto); CRC-32 of weights files (zlib)
  libssl-dev zlib1g-dev
  # the run ledger (runs.sqlite); sqlite3 for the tests' queries
  libsqlite3-dev sqlite3
  # header-only: JSON, command line, calendar dates
  nlohmann-json3-dev libcli11-dev libhowardhinnant-date-dev
  # reference oracles for the tests
  python3-torch
  # fuzzers and the ThreadSanitizer build (clang, libFuzzer and sanitizer runtimes)
  clang libclang-rt-dev
  # the Debian package and its checks
  dpkg-dev file desktop-file-utils appstream groff-base man-db
)
# Node.js runs ONNX Runtime for the export tests; a Node.js from elsewhere brings its own npm.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# LibTorch links the generic libblas.so.3: make sure it resolves to OpenBLAS.
blas_link=libblas.so.3-x86_64-linux-gnu
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
if [ -e "$openblas" ] && [ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" != "$(readlink -f "$openblas")" ]; then
  echo "setup: pointing $blas_link at OpenBLAS"
  $sudo update-alternatives --quiet --set "$blas_link" "$openblas"
fi

# ONNX Runtime for Node.js checks exported models in the tests and runs the peer
# benchmarks. Its install script tries to download from a host that may be unreachable;
# the Linux x64 library ships inside the package, so scripts are skipped.
ort_dir=/usr/local/lib/lstm-studio
ort_version=1.30.0
if [ ! -f "$ort_dir/node_modules/onnxruntime-node/package.json" ] ||
   ! grep -q "\"version\": \"$ort_version\"" "$ort_dir/node_modules/onnxruntime-node/package.json"; then
  echo "setup: installing onnxruntime-node@$ort_version into $ort_dir"
  $sudo mkdir -p "$ort_dir"
  $sudo npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$ort_dir" "onnxruntime-node@$ort_version" >/dev/null
fi
