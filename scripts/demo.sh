#!/usr/bin/env bash
# The main job: build leadpool, run the quickstart on an embedded SQLite file, then the
# command-line tool's demo: a sample of 100,000 CSV rows and 20,000 mini-program records
# (scripts/demo/generate_sample.py) imported with `leadpool import`, a month of distribution on
# the manual clock (scripts/demo/month.py: route, assign, follow-ups, claims, moves, maintain),
# and the HTML report, build/demo/report.html (with a screenshot beside it when Chromium is there).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --target quickstart leadpool_cli
build/examples/quickstart build/leadpool-quickstart.db

started=$SECONDS
leadpool="$PWD/build/cli/leadpool"
demo="$PWD/build/demo"
rm -rf "$demo" && mkdir -p "$demo"
cd "$demo"
store="sqlite:$demo/crm.db"
lp() { "$leadpool" --store "$store" --as boss "$@"; }

echo "== the sample"
python3 ../../scripts/demo/generate_sample.py . --rows "${LEADPOOL_DEMO_ROWS:-100000}"
echo "== the company (scripts/demo/company.py)"
python3 ../../scripts/demo/company.py "$leadpool" "$store" 2026-03-01T08:00+08:00 | tail -3
echo "== the import"
# Exit code 3: the import finished with rejected rows (in rejects.csv), as an old CRM's export has.
code=0
lp --now 2026-03-01T08:30+08:00 import leads.csv --mapping ../../scripts/demo/mapping.json \
    --rejects rejects.csv || code=$?
[ "$code" -eq 0 ] || [ "$code" -eq 3 ]
lp --now 2026-03-01T08:40+08:00 import miniprogram.jsonl --rejects rejects-miniprogram.csv
echo "== a month of distribution (scripts/demo/month.py)"
python3 ../../scripts/demo/month.py "$leadpool" "$store" 2026-03-02 30 | grep -v '^\$ leadpool .* \(follow-up\|claim\) '
echo "== the funnel on 2026-03-31"
lp --now 2026-03-31T20:00+08:00 funnel
lp --now 2026-03-31T20:00+08:00 funnel --by pool
lp --now 2026-03-31T20:00+08:00 report --html report.html --lang zh --title 示例公司
if command -v chromium >/dev/null; then
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
             --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
             --window-size=1100,1290 --screenshot="$demo/report.png" "file://$demo/report.html" 2>/dev/null
    rm -rf "$profile"
fi
echo "== the demo took $((SECONDS - started)) s; the report: build/demo/report.html"
