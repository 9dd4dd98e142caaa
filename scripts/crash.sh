#!/usr/bin/env bash
# The long crash-consistency run: builds leadpool_crash (build/) and kills its worker 200 times.
# Arguments go to leadpool_crash: --kills N (default here 200), --seed S (default 1), --file PATH.
# A failure names its seed; the same arguments replay it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEADPOOL_BUILD_TESTS=ON
cmake --build build --target leadpool_crash
build/tests/crash/leadpool_crash --kills 200 "$@"
