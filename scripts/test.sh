#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite, then checks the Debian package, runs the
# fuzzers briefly and runs the tests again under sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
(cd build && ctest --output-on-failure -j"$(nproc)")
# The Debian package, installed and run; the fuzzers; the suite under sanitizers.
scripts/check_package.sh build
scripts/check_fuzz.sh
scripts/check_sanitizers.sh asan tsan
