"""The change feed through the binding: pages in the actor's scope, consumers that resume after
a restart, subscriptions with a Python callable, retention and bad input."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest

import leadpool
from conftest import DAY, T0, Company


def all_changes(e: leadpool.Engine, actor: str, **query: Any) -> List[Dict[str, Any]]:
    out: List[Dict[str, Any]] = []
    since = 0
    while True:
        page = e.changes(actor, since, **query)
        out.extend(page["changes"])
        if page["next"] == page["last"]:
            return out
        since = page["next"]


def test_every_change_is_numbered_and_each_actor_sees_their_own(company: Company) -> None:
    e = company.engine
    lead = company.capture("13800000001")
    other = company.capture("13800000002")
    e.distribute("boss", lead, company.east, to_owner="ann")
    changes = all_changes(e, "boss")
    assert [c["seq"] for c in changes] == list(range(1, len(changes) + 1))
    assert changes[0]["kind"] == "initialized" and changes[0]["subject"] == "organisation"
    last = changes[-1]
    assert last["kind"] == "distribute" and last["lead"] == lead
    assert last["before"] == {"tier": "master", "pool": 1, "owner": None}
    assert last["after"] == {"tier": "sub", "pool": company.east, "owner": "ann"}
    mine = all_changes(e, "ann")
    assert {c["lead"] for c in mine} == {lead}  # never the other lead, never the organisation
    assert other not in {c["lead"] for c in mine}
    assert [c["kind"] for c in all_changes(e, "boss", kinds=["capture"])] == ["capture", "capture"]


def test_a_consumer_resumes_from_its_last_ack(tmp_path: Path) -> None:
    path = str(tmp_path / "feed.db")
    with leadpool.Engine.sqlite(path, manual_clock_ms=T0) as e:
        e.initialize({"id": "boss", "name": "Wang", "department": "management", "roles": ["director"]}, "factory_led")
        e.add_consumer("boss", "warehouse")
        e.capture("boss", [("phone", "13800000001")], "web")
        page = e.changes("boss", consumer="warehouse")
        assert e.ack("boss", "warehouse", page["changes"][0]["seq"])["position"] == 1
    with leadpool.Engine.sqlite(path, manual_clock_ms=T0) as e:
        page = e.changes("boss", consumer="warehouse")
        assert [c["seq"] for c in page["changes"]] == [2, 3]  # consumer_added, capture
        assert e.consumer("boss", "warehouse")["position"] == 1
        assert [c["name"] for c in e.consumers("boss")] == ["warehouse"]


def test_a_python_callable_hears_each_commit_in_order(company: Company) -> None:
    e = company.engine
    heard: List[Dict[str, Any]] = []
    sub = e.subscribe("boss", heard.extend, kinds=["capture", "distribute"])
    lead = company.capture("13800000001")
    e.distribute("boss", lead, company.east)
    assert [c["kind"] for c in heard] == ["capture", "distribute"]
    assert heard[1]["seq"] == heard[0]["seq"] + 1
    assert e.unsubscribe(sub) is True
    assert e.unsubscribe(sub) is False
    company.capture("13800000002")
    assert len(heard) == 2


def test_wait_for_changes_wakes_on_a_commit_from_another_thread(company: Company) -> None:
    e = company.engine
    last = e.changes("boss")["last"]
    assert e.wait_for_changes(last, 10) is False
    writer = threading.Timer(0.05, lambda: company.capture("13800000003"))
    writer.start()
    assert e.wait_for_changes(last, 10_000) is True
    writer.join()


def test_retention_prunes_at_maintain(company: Company) -> None:
    e = company.engine
    company.capture("13800000001")
    assert e.set_feed_settings("boss", DAY) == {"retention_ms": DAY}
    e.set_time(T0 + 2 * DAY)
    company.capture("13800000002")
    assert e.maintain("boss")["pruned_changes"] > 0
    assert e.changes("boss")["pruned"] is True
    assert e.feed_settings() == {"retention_ms": DAY}


def test_bad_feed_input_gets_its_own_error(company: Company) -> None:
    e = company.engine
    with pytest.raises(leadpool.InvalidArgument):
        e.changes("boss", -1)
    with pytest.raises(leadpool.InvalidArgument):
        e.changes("boss", kinds=["teleport"])
    with pytest.raises(leadpool.LimitExceeded):
        e.changes("boss", limit=100_000)
    with pytest.raises(leadpool.NotFound):
        e.changes("boss", consumer="nobody")
    with pytest.raises(leadpool.NotFound):
        e.ack("ann", "nobody", 1)
    e.add_consumer("boss", "crm")
    with pytest.raises(leadpool.Conflict):
        e.add_consumer("boss", "crm")
    with pytest.raises(leadpool.NotFound):
        e.ack("ann", "crm", 1)  # boss's consumer is nothing to ann
    with pytest.raises(leadpool.InvalidArgument):
        e.ack("boss", "crm", 10**9)
    with pytest.raises(leadpool.PermissionDenied):
        e.set_feed_settings("ann", DAY)
    with pytest.raises(TypeError):
        e.subscribe("boss", "not callable")  # type: ignore[arg-type]
