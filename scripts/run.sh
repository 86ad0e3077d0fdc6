#!/usr/bin/env bash
# Sets up, builds and runs LSTM Studio on the bundled S&P 500 series: the desktop app when
# a display is available, otherwise the same training headless through the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
export OPENBLAS_NUM_THREADS=1
data=datasets/sp500_2000_2020.csv
if [ -x build/app/lstm-studio ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec build/app/lstm-studio "$data"
fi
# train never overwrites a project: each run gets a folder of its own.
out=build/sp500-project
n=1
while [ -e "$out" ]; do n=$((n + 1)); out=build/sp500-project-$n; done
echo "No display: training on $data with the CLI (lstm-studio-cli train --target close --scaler relative --out $out)."
exec build/app/lstm-studio-cli train --data "$data" --target close --scaler relative --out "$out"
