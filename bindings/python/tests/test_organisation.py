"""Organisation, users and pools: stage, policies, the organisation log."""

from __future__ import annotations

import leadpool
import pytest
from conftest import T0, Company


def test_initialize_sets_the_first_user_and_stage(engine: leadpool.Engine) -> None:
    assert engine.initialized is True
    assert engine.stage == "factory_led"
    assert engine.stage_info() == {"initialized": True, "stage": "factory_led"}
    assert engine.user("boss", "boss") == {
        "id": "boss",
        "name": "Wang",
        "department": "management",
        "roles": ["director"],
        "active": True,
    }
    with pytest.raises(leadpool.Conflict):
        engine.initialize({"id": "x", "name": "X", "roles": ["director"]}, "factory_led")


def test_set_stage_is_recorded_and_keeps_the_data(company: Company) -> None:
    e = company.engine
    lead = company.capture("13800000001")
    e.distribute("boss", lead, company.east, "ann")
    leads_before = e.leads("boss")
    e.set_stage("boss", "sales_led")
    assert e.stage == "sales_led"
    assert e.leads("boss") == leads_before
    last = e.org_history("boss")[-1]
    assert last["kind"] == "stage_changed"
    assert last["actor"] == "boss"
    assert last["at"] == T0
    with pytest.raises(leadpool.PermissionDenied):
        e.set_stage("ann", "all_staff")
    with pytest.raises(leadpool.InvalidArgument):
        e.set_stage("boss", "startup")
    assert e.stage == "sales_led"


def test_policies_read_set_and_reset(engine: leadpool.Engine) -> None:
    defaults = engine.default_policies()
    assert set(defaults) == {"factory_led", "sales_led", "marketing_led", "all_staff"}
    assert defaults == leadpool.default_policies()
    # The policy in force is written normalised; loading the shipped default gives it back.
    in_force = engine.policy("sales_led")
    assert set(in_force["roles"]) == set(defaults["sales_led"]["roles"])
    engine.set_policy("boss", "sales_led", defaults["sales_led"])
    assert engine.policy("sales_led") == in_force

    factory_default = engine.policy("factory_led")
    engine.add_user("boss", id="ann", name="Ann", roles=["salesperson"])
    own = {
        "roles": {
            "director": [{"actions": ["*"], "tiers": ["*"], "scope": "all"}],
            "salesperson": [{"actions": ["read"], "tiers": ["*"], "scope": "all"}],
        }
    }
    engine.set_policy("boss", "factory_led", own)
    policy = engine.policy("factory_led")
    assert list(policy["roles"]) == ["director", "salesperson"]
    assert engine.can("ann", "read", engine.capture("boss", [("phone", "13800000001")], "web")["lead"]["id"])
    assert not engine.can("ann", "report")
    assert engine.org_history("boss")[-1]["kind"] == "policy_changed"

    engine.reset_policy("boss", "factory_led")
    assert engine.policy("factory_led") == factory_default
    assert engine.can("ann", "report")

    with pytest.raises(leadpool.InvalidArgument):
        engine.set_policy("boss", "factory_led", {"roles": {"x": [{"actions": ["fly"]}]}})
    with pytest.raises(leadpool.PermissionDenied):
        engine.set_policy("ann", "factory_led", own)
    with pytest.raises(leadpool.PermissionDenied):
        engine.reset_policy("ann", "factory_led")
    with pytest.raises(leadpool.InvalidArgument):
        engine.policy("nonsense")


def test_org_history_lists_every_change_oldest_first(company: Company) -> None:
    kinds = [event["kind"] for event in company.engine.org_history("boss")]
    assert kinds == ["initialized", "user_added", "user_added", "pool_created", "pool_created"]
    seqs = [event["seq"] for event in company.engine.org_history("boss")]
    assert seqs == sorted(seqs)
    with pytest.raises(leadpool.PermissionDenied):
        company.engine.org_history("ann")


def test_users_add_update_get_list(engine: leadpool.Engine) -> None:
    engine.add_user("boss", id="ann", name="Ann", department="sales", roles=["salesperson"])
    engine.add_user("boss", id="cat", name="Cat")
    assert engine.user("ann", "ann")["roles"] == ["salesperson"]
    assert engine.user("boss", "cat")["roles"] == []
    assert [u["id"] for u in engine.users("ann")] == ["ann", "boss", "cat"]

    engine.update_user("boss", id="ann", name="Ann Li", department="sales", roles=["salesperson"], active=False)
    assert engine.user("boss", "ann")["name"] == "Ann Li"
    assert engine.user("boss", "ann")["active"] is False
    with pytest.raises(leadpool.PermissionDenied):  # inactive users may no longer act
        engine.users("ann")
    with pytest.raises(leadpool.Conflict):
        engine.add_user("boss", id="cat", name="Cat again")
    with pytest.raises(leadpool.NotFound):
        engine.update_user("boss", id="dan", name="Dan")
    with pytest.raises(leadpool.NotFound):
        engine.user("boss", "dan")
    with pytest.raises(leadpool.PermissionDenied):
        engine.add_user("cat", id="eve", name="Eve")


def test_pools_create_update_move_get_list(company: Company) -> None:
    e = company.engine
    pools = e.pools("boss")
    assert [p["id"] for p in pools][0] == 1
    assert [p["name"] for p in pools][1:] == ["east", "west"]

    hangzhou = e.create_pool("boss", "hangzhou", parent=company.east, members=["ann"])
    assert hangzhou["parent"] == company.east
    assert hangzhou["members"] == ["ann"] and hangzhou["managers"] == []
    assert e.pool("ann", hangzhou["id"]) == hangzhou

    renamed = e.update_pool("boss", hangzhou["id"], "hangzhou-city", parent=company.east, managers=["ann"])
    assert renamed["name"] == "hangzhou-city" and renamed["managers"] == ["ann"] and renamed["members"] == []

    moved = e.move_pool("boss", hangzhou["id"], company.west)
    assert moved["parent"] == company.west
    top = e.move_pool("boss", hangzhou["id"])
    assert top.get("parent") is None
    assert e.pool("boss", hangzhou["id"]) == top

    with pytest.raises(leadpool.Conflict):
        e.create_pool("boss", "east")
    with pytest.raises(leadpool.NotFound):
        e.pool("boss", 999)
    with pytest.raises(leadpool.NotFound):
        e.create_pool("boss", "north", parent=999)
    # A salesperson manages pools below their own pool only.
    e.create_pool("ann", "east-sub", parent=company.east)
    with pytest.raises(leadpool.PermissionDenied):
        e.create_pool("ann", "west-sub", parent=company.west)
