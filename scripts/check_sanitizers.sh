#!/usr/bin/env bash
# Runs the tests under sanitizers, each in its own build folder:
#   asan      build-asan: core and CLI with AddressSanitizer + UndefinedBehaviorSanitizer, and
#             the tests in asan_tests below (the GUI is off: see sanitizers/README.md)
#   asan-all  the same build with every test of it
#   tsan      build-tsan: core and the threaded training tests with ThreadSanitizer (clang)
# LibTorch, Qt and OpenMP are not instrumented; sanitizers/*.supp name what is suppressed
# in them and why. Usage: scripts/check_sanitizers.sh [asan|asan-all] [tsan] (default: asan tsan).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(asan tsan)
# Line tables are enough for the reports' stacks and compile much faster than full -g.
flags=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DSTUDIO_GUI=OFF)
# The tests that reach our own buffers most directly: the readers, checkpoints, training and
# its threads, the hand-written int8/fp32 LSTM loops, bad input, full disks, SIGINT and kill -9.
# The other CLI tests drive the same code end to end and take most of an asan-all run.
asan_tests=(csv_reader sha256 series_dataset baselines metrics time_axis calendar_inputs
    technical_indicators trainer checkpoint text text_training training_threads sweep_plan
    project_fixtures inference_engine onednn_training bad_input cli_reliability cli_signals cli_kill)

for kind in "${kinds[@]}"; do
    start=$SECONDS
    case $kind in
    asan|asan-all)
        cmake -S . -B build-asan "${flags[@]}" -DSTUDIO_SANITIZE=address,undefined >/dev/null
        select=()
        if [ "$kind" = asan ]; then
            cmake --build build-asan --target lstm-studio-cli "${asan_tests[@]/#/test_}"
            select=(-R "^($(IFS='|'; echo "${asan_tests[*]}"))\$")
        else
            cmake --build build-asan
        fi
        built=$SECONDS
        export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1"
        export LSAN_OPTIONS="suppressions=$root/sanitizers/lsan.supp:print_suppressions=0"
        export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
        # Ten SIGINTs per engine and ten kill -9 per command: the instrumented CLI is slower,
        # and ASan sees heap damage directly where the plain run needs many signals to make
        # it abort.
        export STUDIO_SIGNAL_RUNS=10 STUDIO_KILL_RUNS=10
        ctest --test-dir build-asan --output-on-failure -LE package "${select[@]}" -j"$(nproc)" --timeout 1800
        ;;
    tsan)
        # oneDNN and ONNX stay out: the threaded tests use neither, and they would double
        # the build.
        cmake -S . -B build-tsan "${flags[@]}" -DCMAKE_CXX_COMPILER=clang++ -DSTUDIO_SANITIZE=thread \
            -DSTUDIO_ONEDNN=OFF -DCMAKE_DISABLE_FIND_PACKAGE_ONNX=ON >/dev/null
        cmake --build build-tsan --target test_training_threads
        built=$SECONDS
        export TSAN_OPTIONS="suppressions=$root/sanitizers/tsan.supp:halt_on_error=1:second_deadlock_stack=1"
        ctest --test-dir build-tsan --output-on-failure -R '^training_threads$' --timeout 1800
        ;;
    *)
        echo "unknown sanitizer run: $kind (asan, asan-all or tsan)" >&2
        exit 2
        ;;
    esac
    echo "$kind: build $((built - start)) s, tests $((SECONDS - built)) s"
done
