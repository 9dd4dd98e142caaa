"""examples/stages.py runs, and finds the data unchanged through the four stages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "stages.py"


@pytest.mark.parametrize("store", ["memory:", "sqlite"])
def test_stages_example(store: str, tmp_path: Path) -> None:
    uri = store if store == "memory:" else f"sqlite:{tmp_path / 'stages.db'}"
    env = dict(os.environ, PYTHONPATH="")  # the example finds the package of the source tree itself
    run = subprocess.run([sys.executable, str(EXAMPLE), uri], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for stage in ("factory_led", "sales_led", "marketing_led", "all_staff"):
        assert f"== stage: {stage} " in run.stdout
    assert "3 stage changes recorded; the data is the same: 12 leads, 3 pools, 6 users" in run.stdout
