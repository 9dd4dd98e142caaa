"""The Python examples run: examples/stages.py finds the data unchanged through the four stages,
examples/ingest.py turns three channels into one lead, merges and unmerges, examples/campaign.py
runs a referral campaign over three generations, examples/notifier.py follows the change feed and
resumes after its last acknowledgement, examples/quarter.py reads a quarter back from the history."""

from __future__ import annotations

import os
import importlib.util
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
EXAMPLE = EXAMPLES / "stages.py"


@pytest.mark.parametrize("store", ["memory:", "sqlite"])
def test_stages_example(store: str, tmp_path: Path) -> None:
    uri = store if store == "memory:" else f"sqlite:{tmp_path / 'stages.db'}"
    env = dict(os.environ, PYTHONPATH="")  # the example finds the package of the source tree itself
    run = subprocess.run([sys.executable, str(EXAMPLE), uri], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for stage in ("factory_led", "sales_led", "marketing_led", "all_staff"):
        assert f"== stage: {stage} " in run.stdout
    assert "3 stage changes recorded; the data is the same: 12 leads, 3 pools, 6 users" in run.stdout


def _run_example(name: str, store: str, tmp_path: Path) -> str:
    """The example's output on the store ("memory:" or a new SQLite file); it exits non-zero when
    one of its own checks fails."""
    uri = store if store == "memory:" else f"sqlite:{tmp_path / (name + '.db')}"
    env = dict(os.environ, PYTHONPATH="")  # the example finds the package of the source tree itself
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), uri], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("store", ["memory:", "sqlite"])
def test_ingest_example(store: str, tmp_path: Path) -> None:
    output = _run_example("ingest", store, tmp_path)
    for step in ("Li on three channels", "an app record names both", "unmerged", "a JSON Lines feed"):
        assert step in output


@pytest.mark.parametrize("store", ["memory:", "sqlite"])
def test_campaign_example(store: str, tmp_path: Path) -> None:
    output = _run_example("campaign", store, tmp_path)
    for step in ("generation 3:", "left out: referrer:", "scored 9 leads", "routed by score:", "Mei's referral tree:",
                 "campaign 'spring' by first touch"):
        assert step in output


def _nearest_rank(values: List[int], percent: int) -> int:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent * len(ordered) / 100)) - 1]


def _stats_text(values: List[int], day: int) -> Tuple[str, str, str]:
    """Median, p90 and mean (rounded down to the ms) as the example prints them, in days."""
    return tuple(f"{ms / day:.1f}d" for ms in (_nearest_rank(values, 50), _nearest_rank(values, 90),
                                               sum(values) // len(values)))  # type: ignore[return-value]


@pytest.mark.parametrize("store", ["memory:", "sqlite"])
def test_quarter_example(store: str, tmp_path: Path) -> None:
    output = _run_example("quarter", store, tmp_path)
    spec = importlib.util.spec_from_file_location("quarter", EXAMPLES / "quarter.py")
    assert spec is not None and spec.loader is not None
    quarter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quarter)
    # The plan's own times, worked out here without the engine.
    when: Dict[Tuple[int, str], int] = {(k, what): at for at, k, what in quarter.plan()}
    captured = [k for (k, what) in when if what == "capture"]
    won = [k for (k, what) in when if what == "win"]
    in_sub = [when[k, "qualify"] - when[k, "distribute"] for (k, what) in when if what == "qualify"]
    to_order = [when[k, "win"] - when[k, "capture"] for k in won]
    still_in_sub = [k for (k, what) in when if what == "distribute" and (k, "qualify") not in when]
    revenue = sum(map(quarter.amount, won))

    assert f"a quarter: {len(captured)} leads captured, {len(won)} won" in output
    assert len(captured) == 64 and 0 < len(won) < len(captured)
    sub = next(line.split() for line in output.splitlines() if line.startswith("sub "))
    assert sub[1:5] == [str(len(in_sub)), *_stats_text(in_sub, quarter.DAY)]
    assert sub[5] == str(len(still_in_sub))
    median, p90, mean = _stats_text(to_order, quarter.DAY)
    assert f"capture to order: {len(won)} leads, median {median}, p90 {p90}, mean {mean}" in output
    assert f"revenue: {len(won)} orders, {revenue:,} in all, {revenue // len(won):,} each on average" in output
    # The funnel by pool and capture month: web leads in east, shop leads in west, every lead once.
    rows = re.findall(r"^(east|west) +(2026-\d\d) +(\d+) ", output, re.MULTILINE)
    assert sum(int(leads) for _, _, leads in rows) == len(captured)
    assert sum(int(leads) for pool, _, leads in rows if pool == "east") == len([k for k in captured if k % 2 == 0])
    # The cohort table: one row per capture week, its leads as the plan captured them.
    cohorts = re.findall(r"^week of (\S+): (\d+) leads", output, re.MULTILINE)
    assert [int(leads) for _, leads in cohorts] == [quarter.leads_of_week(w) for w in range(quarter.WEEKS)]


def _notifier(uri: str, days: int) -> str:
    env = dict(os.environ, PYTHONPATH="")
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / "notifier.py"), uri, str(days)], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _seqs(output: str) -> List[int]:
    return [int(seq) for seq in re.findall(r"\[change (\d+)\]", output)]


def test_notifier_example_resumes_after_its_last_ack(tmp_path: Path) -> None:
    uri = f"sqlite:{tmp_path / 'notifier.db'}"
    first = _notifier(uri, 4)
    assert "assigned to Ann" in first and "assigned to Bob" in first
    assert re.search(r"day 2: lead \d+ will be recycled in 3 days \(Ann\)", first)
    acked = int(re.findall(r"acknowledged up to change (\d+)", first)[-1])
    assert _seqs(first) and max(_seqs(first)) <= acked

    second = _notifier(uri, 4)
    assert f"notifier: resuming after change {acked}" in second
    assert "day 4:" in second and "day 3:" not in second  # the days after the first run's
    assert _seqs(second) and min(_seqs(second)) > acked  # nothing the first run acknowledged again
    assert re.search(r"lead \d+ recycled: Ann left it idle for 5 days", second)
    assert "won by Bob" in first + second


def test_notifier_example_on_the_memory_store() -> None:
    output = _notifier("memory:", 8)
    seqs = _seqs(output)
    assert seqs == sorted(set(seqs))  # each change told once, in order
    assert "recycled: Ann left it idle" in output and "won by Bob" in output
