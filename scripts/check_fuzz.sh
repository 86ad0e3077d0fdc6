#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang into build-fuzz and runs each one for
# STUDIO_FUZZ_SECONDS (default 20) from its seed corpus. A crash fails the run and leaves
# the input as build-fuzz/fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${STUDIO_FUZZ_SECONDS:-20}
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DSTUDIO_FUZZ=ON -DSTUDIO_GUI=OFF -DSTUDIO_TESTS=OFF -DSTUDIO_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build build-fuzz --target fuzz_csv fuzz_text fuzz_project fuzz_vectors fuzz_checkpoint
ctest --test-dir build-fuzz -L fuzz --output-on-failure
