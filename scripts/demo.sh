#!/usr/bin/env bash
# The main job: build leadpool and run the quickstart on an embedded SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target quickstart
build/examples/quickstart build/leadpool-quickstart.db
