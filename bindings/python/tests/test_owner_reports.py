"""The owner reports: collisions (撞单), holdings (囤积) and the public share over time."""

from __future__ import annotations

import pytest

import leadpool
from conftest import DAY, T0, Company

HOUR = 3_600_000


def a_lead_passed_from_ann_to_bob(company: Company) -> tuple[int, int]:
    """A pool ann and bob both belong to; lead one: ann claims it, follows it up and releases it,
    bob claims it an hour later; lead two: ann's, never followed up. Returns the pool and lead one."""
    e = company.engine
    shared = e.create_pool("boss", "shared", members=["ann", "bob"])["id"]
    lead = company.capture("13800000001")
    idle = company.capture("13800000002")
    e.distribute("boss", lead, shared)
    e.distribute("boss", idle, shared, "ann")
    e.set_time(T0 + HOUR)
    e.claim("ann", lead)
    e.set_time(T0 + 2 * HOUR)
    e.follow_up("ann", lead, "call")
    e.release("ann", lead)
    e.set_time(T0 + 3 * HOUR)
    e.claim("bob", lead)
    e.set_time(T0 + 10 * DAY + 2 * HOUR)
    return shared, lead


def test_collisions_name_the_lead_and_its_users(company: Company) -> None:
    e = company.engine
    _, lead = a_lead_passed_from_ann_to_bob(company)
    page = e.collisions("boss", T0, T0 + DAY, 2 * HOUR)
    assert page["next_after"] is None
    assert page["collisions"] == [{"lead": lead, "users": ["ann", "bob"], "first": T0 + HOUR,
                                   "last": T0 + 3 * HOUR, "kind": "both", "merges": []}]
    assert leadpool.collision_rows(page)[0]["users"] == "ann, bob"
    # An hour is too short: ann's follow-up at 2h and bob's claim at 3h meet at exactly one hour.
    assert e.collisions("boss", T0, T0 + DAY, HOUR - 1)["collisions"] == []
    assert e.collisions("boss", T0, T0 + DAY, HOUR, limit=1)["collisions"][0]["kind"] == "both"
    with pytest.raises(leadpool.InvalidArgument, match="window"):
        e.collisions("boss", T0, T0 + DAY, 0)


def test_holdings_count_idle_leads_and_churn(company: Company) -> None:
    e = company.engine
    a_lead_passed_from_ann_to_bob(company)
    holdings = e.owner_holdings("boss", T0, T0 + DAY, idle_days=7)
    assert (holdings["now"], holdings["idle_days"]) == (T0 + 10 * DAY + 2 * HOUR, 7)
    rows = {row["owner"]: row for row in leadpool.holding_rows(holdings)}
    assert (rows["ann"]["held"], rows["ann"]["idle"], rows["ann"]["claims"], rows["ann"]["releases"],
            rows["ann"]["churned"]) == (1, 1, 1, 1, 1)
    assert (rows["bob"]["held_sub"], rows["bob"]["idle"], rows["bob"]["claims"], rows["bob"]["churned"]) == (1, 1, 1, 0)
    # Bob took his lead 10 days minus an hour ago: not idle after 10 days; ann's idle lead is.
    assert {line["owner"]: line["idle"] for line in e.owner_holdings("boss", T0, T0 + DAY, idle_days=10)["owners"]} == {
        "ann": 1, "bob": 0}
    with pytest.raises(leadpool.InvalidArgument, match="idle_days"):
        e.owner_holdings("boss", T0, T0 + DAY, idle_days=0)


def test_public_share_follows_the_owner_changes(company: Company) -> None:
    e = company.engine
    shared, _ = a_lead_passed_from_ann_to_bob(company)
    # T0 is a Tuesday evening: the week holds the whole story.
    share = e.public_share("boss", shared, T0, T0 + 4 * HOUR, interval="week")
    assert (share["pool"], share["subtree"], share["interval"]) == (shared, False, "week")
    assert [(p["leads"], p["unowned"]) for p in share["points"]] == [(2, 0)]
    # At the end of the first hour (before ann's claim) and of the third (after her release, before
    # bob's claim) only ann's idle lead was held.
    hours = [e.public_share("boss", shared, T0, T0 + h * HOUR)["points"][0] for h in (1, 3)]
    assert [(p["leads"], p["unowned"], p["share"]) for p in hours] == [(2, 1, 0.5), (2, 1, 0.5)]
    assert leadpool.share_rows(share)[0]["at"] == T0 + 4 * HOUR
    with pytest.raises(leadpool.NotFound):
        e.public_share("boss", 9999, T0, T0 + DAY)
