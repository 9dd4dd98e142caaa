#!/usr/bin/env bash
# Every test: build leadpool with its test suites and run them all through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEADPOOL_BUILD_TESTS=ON
cmake --build build
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
