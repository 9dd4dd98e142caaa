"""Shared fixtures. The suite runs against the C library named by LEADPOOL_LIBRARY and refuses
to run (it does not skip) without it."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

# Test the package of this source tree, installed or not.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import leadpool  # noqa: E402

T0 = 1_700_000_000_000  # a fixed time (ms since the epoch) for the manual clock
DAY = 86_400_000


def pytest_configure(config: pytest.Config) -> None:
    path = os.environ.get("LEADPOOL_LIBRARY", "")
    if not path:
        raise pytest.UsageError(
            "LEADPOOL_LIBRARY is not set: the leadpool Python tests run against the C library. "
            "Build it (cmake -S . -B build -G Ninja && cmake --build build) and run "
            "LEADPOOL_LIBRARY=$PWD/build/capi/libleadpool_c.so /usr/bin/python3 -m pytest bindings/python/tests"
        )
    if not os.path.isfile(path):
        raise pytest.UsageError(f"LEADPOOL_LIBRARY={path} names no file")


@pytest.fixture
def library_path() -> str:
    return os.environ["LEADPOOL_LIBRARY"]


@pytest.fixture
def engine() -> Iterator[leadpool.Engine]:
    """An initialised factory-led lead pool in memory, on a manual clock at T0; actor "boss"."""
    with leadpool.Engine("memory:", manual_clock_ms=T0) as e:
        e.initialize({"id": "boss", "name": "Wang", "department": "management", "roles": ["director"]}, "factory_led")
        yield e


@dataclass
class Company:
    """A factory-led company: boss (director), ann and bob (salespeople) each running a pool."""

    engine: leadpool.Engine
    east: int
    west: int

    def capture(self, phone: str, channel: str = "web", **kwargs: Any) -> int:
        return self.engine.capture("boss", [("phone", phone)], channel, **kwargs)["lead"]["id"]


@pytest.fixture
def company(engine: leadpool.Engine) -> Company:
    engine.add_user("boss", id="ann", name="Ann", department="sales", roles=["salesperson"])
    engine.add_user("boss", id="bob", name="Bob", department="sales", roles=["salesperson"])
    east = engine.create_pool("boss", "east", managers=["ann"])["id"]
    west = engine.create_pool("boss", "west", managers=["bob"])["id"]
    return Company(engine, east, west)
