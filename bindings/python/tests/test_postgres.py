"""The PostgreSQL store through the C ABI: ctest starts a throw-away server and names it in
LEADPOOL_TEST_POSTGRES_URI (scripts/postgres-server.sh); without it these tests are skipped, and
say so."""

from __future__ import annotations

import os

import pytest

import leadpool

from conftest import T0

URI = os.environ.get("LEADPOOL_TEST_POSTGRES_URI", "")
BOSS = {"id": "boss", "name": "Wang", "department": "management", "roles": ["director"]}
needs_server = pytest.mark.skipif(not URI, reason="LEADPOOL_TEST_POSTGRES_URI is not set (ctest sets it)")


def schema_uri(name: str) -> str:
    """The server's URI with a schema of this test run's own (the server is wiped after the run)."""
    separator = "&" if "?" in URI else "?"
    return f"{URI}{separator}schema=py_{os.getpid()}_{name}"


@needs_server
def test_a_postgresql_uri_opens_a_lead_pool_that_a_second_engine_shares() -> None:
    uri = schema_uri("shared")
    with leadpool.Engine(uri, manual_clock_ms=T0) as first, leadpool.Engine(uri, manual_clock_ms=T0) as second:
        first.initialize(BOSS, "factory_led")
        lead = first.capture("boss", [("phone", "13800000001")], "web", attributes={"city": "Hangzhou"})["lead"]
        assert second.stage == "factory_led"
        assert second.lead("boss", lead["id"]) == first.lead("boss", lead["id"])
        assert second.find_lead("boss", "phone", "13800000001")["id"] == lead["id"]


@needs_server
def test_a_bad_schema_name_is_refused() -> None:
    with pytest.raises(leadpool.InvalidArgument):
        leadpool.Engine(schema_uri("Not-A-Name"))
