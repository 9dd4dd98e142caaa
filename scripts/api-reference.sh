#!/usr/bin/env bash
# The API reference: Doxygen over the public headers (docs/reference/Doxyfile) into OUTDIR
# (default build/api-reference): OUTDIR/html/index.html, and OUTDIR/warnings.log, which must be
# empty — the ctest test api_reference builds it and fails on any warning.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/api-reference}"

scripts/install-deps.sh
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(sed -n 's/^ *VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt | head -n 1)
LEADPOOL_REFERENCE_DIR="$out" LEADPOOL_VERSION="$version" doxygen docs/reference/Doxyfile
if [ -s "$out/warnings.log" ]; then
    cat "$out/warnings.log" >&2
    echo "api-reference: Doxygen warned (above)" >&2
    exit 1
fi
echo "api-reference: $out/html/index.html"
