#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets with clang (build-fuzz/) and runs each for SECONDS
# (default 300), starting from its seed corpus in fuzz/corpus/. New inputs go to
# build-fuzz/corpus/; a crash leaves its input in build-fuzz/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"

scripts/install-deps.sh
# -O1 -g1, as the sanitized suites: fast enough to fuzz, quicker to build, and enough debug
# information for a crash's stack trace.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" \
    -DLEADPOOL_BUILD_FUZZERS=ON -DLEADPOOL_BUILD_TESTS=OFF -DLEADPOOL_BUILD_EXAMPLES=OFF \
    -DLEADPOOL_BUILD_BENCH=OFF -DLEADPOOL_INSTALL=OFF
targets=(fuzz_capture fuzz_transition fuzz_query fuzz_org fuzz_pool)
cmake --build build-fuzz --target "${targets[@]}"
for target in "${targets[@]}"; do
    family="${target#fuzz_}"
    mkdir -p "build-fuzz/corpus/$family"
    echo "== $target for ${seconds}s"
    (cd build-fuzz && "./fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 "corpus/$family" "../fuzz/corpus/$family" 2>&1 | tail -n 12)
done
