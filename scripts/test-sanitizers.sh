#!/usr/bin/env bash
# The suites under sanitizers (scripts/test.sh runs this after the plain suite):
#  1. everything but the bench built with ASan + UBSan (-fno-sanitize-recover=all: the first
#     report fails the run) in build-asan/, and every ctest test but those that load or link the
#     library from outside a sanitized process: the Python and Node.js bindings and the Node.js
#     example (interpreters without the ASan runtime) and the install consumer (a project built
#     without the sanitizer flags); the Node.js dependencies and the TypeScript check, which use
#     no library, run in the plain stage only. The bench is left out to save its build: it
#     measures, and the plain stage runs its smoke test;
#  2. the concurrency suite built with TSan in build-tsan/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1" TSAN_OPTIONS="halt_on_error=1"

# -O1 -g1: fast enough for the suites and enough debug information for the sanitizers' stack
# traces (function names and lines); the test files build in about a third of the -O2 -g time.
# The tests and the command line, which only call the library, are built at -O0: they compile in
# half the time (a test file: 15 s at -O1, 7 s at -O0) and the library keeps -O1.
sanitized_build=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
                 -DLEADPOOL_CALLER_FLAGS=-O0)

cmake -S . -B build-asan -G Ninja "${sanitized_build[@]}" -DLEADPOOL_BUILD_TESTS=ON \
      -DLEADPOOL_BUILD_BENCH=OFF -DLEADPOOL_SANITIZE=address,undefined
cmake --build build-asan
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" \
      -E '^(python_binding|install_consumer|node_dependencies|node_binding|node_types|example_capture_node)$'

cmake -S . -B build-tsan -G Ninja "${sanitized_build[@]}" -DLEADPOOL_BUILD_TESTS=ON \
      -DLEADPOOL_BUILD_EXAMPLES=OFF -DLEADPOOL_BUILD_BENCH=OFF -DLEADPOOL_SANITIZE=thread
cmake --build build-tsan --target leadpool_concurrency_tests
ctest --test-dir build-tsan --output-on-failure --no-tests=error -R '^concurrency:'
