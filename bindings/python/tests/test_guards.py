"""The guards that hold on every path, through the binding: a member's cap and a manager's
override (alone and in a batch), recycled and released opportunities back where members claim
them and the maintenance report's stranded list, and times from the future refused."""

from __future__ import annotations

import pytest

import leadpool
from conftest import T0, Company

SKEW_MS = 5 * 60 * 1000


@pytest.fixture
def bob_in_east(company: Company) -> Company:
    """east (run by ann) with bob as a member, whose cap there is one lead."""
    e = company.engine
    e.update_pool("boss", company.east, "east", managers=["ann"], members=["bob"])
    e.set_pool_settings("boss", company.east, max_held=1)
    return company


def test_a_transfer_at_the_cap_is_refused_unless_a_manager_gives_a_reason(bob_in_east: Company) -> None:
    c = bob_in_east
    e = c.engine
    leads = [c.capture(f"1390000000{i}") for i in range(3)]
    for lead in leads:
        e.distribute("boss", lead, c.east)
    e.transfer("ann", leads[0], to_owner="bob")

    with pytest.raises(leadpool.LimitExceeded, match=f"'bob' holds 1 lead in pool {c.east}, max_held is 1"):
        e.transfer("ann", leads[1], to_owner="bob")
    with pytest.raises(leadpool.LimitExceeded, match="transition batch item 0"):
        e.transition_batch("ann", [leadpool.transition_request(leads[1], "transfer", to_owner="bob")])
    assert e.lead("boss", leads[1])["owner"] is None

    moved = e.transfer("ann", leads[1], to_owner="bob", over_cap_reason="trade fair")
    assert moved["owner"] == "bob"
    detail = e.history("boss", leads[1])[-1]["detail"]
    assert detail == {"over_cap": {"owner": "bob", "held": 1, "cap": 1, "reason": "trade fair"}}
    batch = [leadpool.transition_request(leads[2], "transfer", to_owner="bob", over_cap_reason="still the fair")]
    assert e.transition_batch("ann", batch)[0]["owner"] == "bob"


def test_a_released_or_recycled_opportunity_is_claimable_again(bob_in_east: Company) -> None:
    c = bob_in_east
    e = c.engine
    e.set_pool_settings("boss", c.east, opportunity_idle_ms=1000)
    e.define_workflow("boss", "sale", ["call"], ["lathe"])
    dropped, idle = c.capture("13900000001"), c.capture("13900000002")
    for lead in (dropped, idle):
        e.distribute("boss", lead, c.east, "ann")
        e.open_opportunity("ann", lead, "lathe")

    released = e.release("ann", dropped, "handing it on")
    assert (released["tier"], released["owner"]) == ("sub", None)
    assert e.opportunities("boss", dropped)[-1]["status"] == "released"

    e.set_time(T0 + 1000)
    report = e.maintain("boss")
    assert [r["lead"] for r in report["recycled"]] == [idle]
    assert report["stranded"] == []
    assert e.lead("boss", idle)["tier"] == "sub"
    assert e.claim("bob", idle)["owner"] == "bob"


def test_a_deactivated_owners_leads_are_let_go_and_those_nobody_can_pick_up_reported(company: Company) -> None:
    e = company.engine
    e.add_user("boss", id="cy", name="Cy", roles=["salesperson"])
    solo = e.create_pool("boss", "solo", members=["cy"])["id"]
    lead = company.capture("13900000001")
    e.distribute("boss", lead, solo, "cy")
    e.update_user("boss", id="cy", name="Cy", roles=["salesperson"], active=False)
    report = e.maintain("boss")  # no idle limit: cy's lead goes anyway
    assert [(r["lead"], r["idle"]) for r in report["recycled"]] == [(lead, False)]
    assert report["stranded"] == [{"lead": lead, "pool": solo}]


def test_times_beyond_the_clock_skew_are_refused_on_every_path(company: Company) -> None:
    e = company.engine
    late = T0 + SKEW_MS + 1
    results = e.ingest(
        "boss",
        [
            {"channel": "web", "occurred_at": late, "identities": [{"kind": "phone", "value": "13900000001"}]},
            {"channel": "web", "identities": [{"kind": "phone", "value": "13900000002"}],
             "events": [{"type": "page_view", "at": late}]},
            {"channel": "web", "occurred_at": T0 + SKEW_MS, "identities": [{"kind": "phone", "value": "13900000003"}]},
        ],
    )
    assert [r["outcome"] for r in results] == ["rejected", "rejected", "created"]
    assert f"occurred_at: {late} is in the future: now is {T0}" in results[0]["reason"]
    assert "events[0].at: " in results[1]["reason"]
    assert e.lead("boss", results[2]["lead"])["last_seen_at"] == T0

    lead = company.capture("13900000004")
    e.distribute("boss", lead, company.east, "ann")
    with pytest.raises(leadpool.InvalidArgument, match="follow-up: at: "):
        e.follow_up("ann", lead, "call", at=late)
    assert e.follow_up("ann", lead, "call", at=T0 + SKEW_MS)["at"] == T0
