#!/usr/bin/env bash
# Every test, in stages:
#  1. the optimised build (build/), all through ctest: concurrency, the 20-kill crash run, the
#     bench on a small workload, the C ABI test, the install consumer (which runs the store
#     conformance suite against the installed library), the examples, the Python binding (and
#     mypy on it), the Node.js binding (npm ci into build/ first) and the C ABI's generated files.
#     The C++ suites are left out here (LEADPOOL_BUILD_CXX_SUITES=OFF) to save their build:
#  2. every suite, the C++ ones included, under ASan + UBSan, and the concurrency suite under
#     TSan (scripts/test-sanitizers.sh);
#  3. 30 seconds of each libFuzzer target (scripts/fuzz.sh 30; clang comes with install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each stage says how long it took, so a slow CI run shows where its time went.
stage() {
    local name="$1" started=$SECONDS
    shift
    "$@"
    echo "== test.sh: $name took $((SECONDS - started)) s"
}

# -g1 (line tables and function names, no local variables) instead of RelWithDebInfo's -g: enough
# for a stack trace, and the build takes a quarter less time.
optimised() {
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEADPOOL_BUILD_TESTS=ON \
          -DLEADPOOL_BUILD_CXX_SUITES=OFF "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
          "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
    cmake --build build
    ctest --test-dir build --output-on-failure --parallel "$(nproc)"
}

stage "installing the dependencies" scripts/install-deps.sh
stage "the optimised build and its tests" optimised
stage "the sanitizers" scripts/test-sanitizers.sh
stage "fuzzing" scripts/fuzz.sh 30
