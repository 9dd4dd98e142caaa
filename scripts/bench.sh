#!/usr/bin/env bash
# The benchmarks: builds leadpool_bench in Release (build-bench/) and runs every figure against
# its raw baseline. Arguments go to leadpool_bench: --leads N (default 1000000), --json FILE,
# --dir DIR (scratch files; default in the temporary directory), --only FIGURE,... (names in
# bench/figures.cpp: capture_sqlite, ingest, assignment, postgres, ...). A throw-away PostgreSQL
# server serves the postgres figure.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DLEADPOOL_BUILD_TESTS=OFF \
      -DLEADPOOL_BUILD_EXAMPLES=OFF -DLEADPOOL_INSTALL=OFF -DLEADPOOL_BUILD_BENCH=ON
cmake --build build-bench --target leadpool_bench

# The PostgreSQL figures run against a throw-away server (scripts/postgres-server.sh), stopped on
# the way out whatever happens.
postgres_dir=$(mktemp -d)
trap 'scripts/postgres-server.sh stop "$postgres_dir"; rm -rf "$postgres_dir"' EXIT
postgres_uri=$(scripts/postgres-server.sh start "$postgres_dir")
build-bench/bench/leadpool_bench --postgres "$postgres_uri" "$@"
