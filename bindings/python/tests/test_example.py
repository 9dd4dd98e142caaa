"""The Python examples run: examples/stages.py finds the data unchanged through the four stages,
examples/ingest.py turns three channels into one lead, merges and unmerges."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.parametrize("store", ["memory:", "sqlite"])
def test_ingest_example(store: str, tmp_path: Path) -> None:
    uri = store if store == "memory:" else f"sqlite:{tmp_path / 'ingest.db'}"
    env = dict(os.environ, PYTHONPATH="")
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / "ingest.py"), uri], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    # the example checks its own outcomes and exits non-zero when one differs; these are its steps
    for step in ("Li on three channels", "an app record names both", "unmerged", "a JSON Lines feed"):
        assert step in run.stdout
