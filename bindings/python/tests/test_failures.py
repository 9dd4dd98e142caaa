"""Each exception class, raised by a real failure of the engine; a failure changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import leadpool
from conftest import Company

BOSS = {"id": "boss", "name": "Wang", "roles": ["director"]}


def test_null_and_malformed_input_is_invalid_argument(company: Company) -> None:
    e = company.engine
    with pytest.raises(leadpool.InvalidArgument) as info:
        e.users(None)  # type: ignore[arg-type]  # a NULL actor
    assert info.value.status == 1 and info.value.message
    with pytest.raises(leadpool.InvalidArgument):
        e.capture("boss", [], "web")  # no identity
    with pytest.raises(leadpool.InvalidArgument):
        e.capture("boss", [("fax", "123")], "web")
    with pytest.raises(leadpool.InvalidArgument):
        e.capture("boss", "13800000001", "web")  # type: ignore[arg-type]  # not a list
    with pytest.raises(leadpool.InvalidArgument):
        e.capture_batch("boss", [{"identities": [("phone", "13800000001")], "channel": "web", "colour": "red"}])
    with pytest.raises(leadpool.InvalidArgument):
        e.transition("boss", 1, "teleport")
    with pytest.raises(leadpool.InvalidArgument):
        e.capture("boss", [("phone", "13800000001")], "web", tags="vip")  # type: ignore[arg-type]  # not a list
    with pytest.raises(leadpool.InvalidArgument):
        e.users("bo\0ss")  # a C string would end at the NUL
    assert e.funnel("boss")["leads"] == 0


def test_unknown_ids_are_not_found(company: Company) -> None:
    with pytest.raises(leadpool.NotFound) as info:
        company.engine.win("boss", 424242)
    assert info.value.status == 2
    assert isinstance(info.value, LookupError)


def test_a_denied_actor_is_permission_denied(company: Company) -> None:
    lead_id = company.capture("13800000001")
    ann_s = company.capture("13800000002")
    company.engine.distribute("boss", ann_s, company.east, "ann")
    with pytest.raises(leadpool.PermissionDenied) as info:
        company.engine.transition("ann", ann_s, "transfer", to_pool=company.west)  # hers, not into bob's pool
    assert info.value.status == 3
    # A master lead ann may not read is, to her, an id that names nothing.
    with pytest.raises(leadpool.NotFound, match=f"^no lead {lead_id}$"):
        company.engine.distribute("ann", lead_id, company.east)
    assert company.engine.lead("boss", lead_id)["tier"] == "master"
    with pytest.raises(leadpool.PermissionDenied):
        company.engine.users("stranger")


def test_a_move_the_pyramid_does_not_list_is_illegal(company: Company) -> None:
    lead_id = company.capture("13800000001")
    before = company.engine.lead("boss", lead_id)
    with pytest.raises(leadpool.IllegalTransition) as info:
        company.engine.win("boss", lead_id)  # master -> order
    assert info.value.status == 4
    assert company.engine.lead("boss", lead_id) == before
    assert len(company.engine.history("boss", lead_id)) == 1


def test_a_duplicate_pool_is_a_conflict(company: Company) -> None:
    with pytest.raises(leadpool.Conflict) as info:
        company.engine.create_pool("boss", "east")
    assert info.value.status == 5
    assert len(company.engine.pools("boss")) == 3


def test_a_foreign_file_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"this is not a database, just some notes\n" * 200)
    with pytest.raises(leadpool.Storage) as info:
        with leadpool.Engine.sqlite(path) as engine:
            engine.initialize(BOSS, "factory_led")
    assert info.value.status == 6
    assert path.read_bytes().startswith(b"this is not a database")


def test_a_batch_over_10000_exceeds_the_limit(company: Company) -> None:
    lead_id = company.capture("13800000001")
    requests = [leadpool.transition_request(lead_id, "invalidate", reason="x")] * 10001
    with pytest.raises(leadpool.LimitExceeded) as info:
        company.engine.transition_batch("boss", requests)
    assert info.value.status == 7
    inputs = [{"identities": [("phone", str(n))], "channel": "web"} for n in range(10001)]
    with pytest.raises(leadpool.LimitExceeded):
        company.engine.capture_batch("boss", inputs)
    assert company.engine.funnel("boss")["leads"] == 1


def test_a_store_locked_by_another_writer_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with leadpool.Engine.sqlite(path) as first:
        first.initialize(BOSS, "factory_led")
    with leadpool.Engine.sqlite(path, busy_timeout_ms=50) as engine:
        holder = sqlite3.connect(str(path), isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # holds the write lock
            with pytest.raises(leadpool.Busy) as info:
                engine.capture("boss", [("phone", "13800000001")], "web")
            assert info.value.status == 8
            assert engine.users("boss")  # reads do not wait for the writer
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert engine.capture("boss", [("phone", "13800000001")], "web")["created"] is True


def test_internal_has_its_class() -> None:
    # No input makes a correct engine fail inside; the mapping of status 9 is checked here.
    with pytest.raises(leadpool.Internal):
        leadpool.check_error(9, lambda: "bug")


# Every method that takes an actor, with None (a NULL pointer) in its place.
NULL_ACTOR_CALLS = {
    "set_stage": lambda e: e.set_stage(None, "sales_led"),
    "set_policy": lambda e: e.set_policy(None, "sales_led", {"roles": {}}),
    "reset_policy": lambda e: e.reset_policy(None, "sales_led"),
    "org_history": lambda e: e.org_history(None),
    "add_user": lambda e: e.add_user(None, id="x", name="X"),
    "update_user": lambda e: e.update_user(None, id="boss", name="X"),
    "user": lambda e: e.user(None, "boss"),
    "users": lambda e: e.users(None),
    "create_pool": lambda e: e.create_pool(None, "north"),
    "update_pool": lambda e: e.update_pool(None, 2, "north"),
    "move_pool": lambda e: e.move_pool(None, 2),
    "pool": lambda e: e.pool(None, 1),
    "pools": lambda e: e.pools(None),
    "capture": lambda e: e.capture(None, [("phone", "13800000001")], "web"),
    "capture_batch": lambda e: e.capture_batch(None, []),
    "lead": lambda e: e.lead(None, 1),
    "find_lead": lambda e: e.find_lead(None, "phone", "13800000001"),
    "leads": lambda e: e.leads(None),
    "iter_leads": lambda e: e.iter_leads(None),
    "update_lead": lambda e: e.update_lead(None, 1),
    "history": lambda e: e.history(None, 1),
    "transition": lambda e: e.transition(None, 1, "win"),
    "transition_batch": lambda e: e.transition_batch(None, []),
    "can": lambda e: e.can(None, "read", 1),
    "funnel": lambda e: e.funnel(None),
    "ingest": lambda e: e.ingest(None, []),
    "merge_leads": lambda e: e.merge_leads(None, 1, 2),
    "unmerge": lambda e: e.unmerge(None, 1),
    "merges": lambda e: e.merges(None),
    "identity_conflicts": lambda e: e.identity_conflicts(None),
    "events": lambda e: e.events(None, 1),
    "attribute_history": lambda e: e.attribute_history(None, 1),
    "set_identity_rules": lambda e: e.set_identity_rules(None, {}),
}


@pytest.mark.parametrize("method", sorted(NULL_ACTOR_CALLS))
def test_a_null_actor_is_invalid_argument_for_every_method(company: Company, method: str) -> None:
    with pytest.raises(leadpool.InvalidArgument) as info:
        NULL_ACTOR_CALLS[method](company.engine)
    assert "actor" in info.value.message


def test_null_stage_and_ids_are_invalid_argument(engine: leadpool.Engine) -> None:
    with pytest.raises(leadpool.InvalidArgument, match="stage"):
        engine.policy(None)  # type: ignore[arg-type]
    with pytest.raises(leadpool.InvalidArgument, match="user_id"):
        engine.user("boss", None)  # type: ignore[arg-type]
    with pytest.raises(leadpool.InvalidArgument, match="action"):
        engine.can("boss", None)  # type: ignore[arg-type]


def test_attributes_nested_too_deep_exceed_the_limit(company: Company) -> None:
    deep: dict = {}
    for _ in range(100):
        deep = {"x": deep}
    with pytest.raises(leadpool.LimitExceeded):
        company.engine.capture("boss", [("phone", "13800000001")], "web", attributes=deep)
    assert company.engine.find_lead("boss", "phone", "13800000001") is None


def test_a_file_in_a_missing_directory_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(leadpool.Storage):
        leadpool.Engine.sqlite(tmp_path / "missing" / "leads.db")
