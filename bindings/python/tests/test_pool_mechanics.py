"""Public-pool mechanics through the binding: routing, pool settings and assignment, claims
(also racing from threads over one SQLite file), follow-ups, recycling on the manual clock and
opportunity workflows."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import List, Optional

import pytest

import leadpool
from conftest import DAY, T0, Company


@pytest.fixture
def north(company: Company) -> int:
    """A sub pool whose members are ann and bob."""
    return company.engine.create_pool("boss", "north", members=["ann", "bob"])["id"]


def test_routing_rules_send_leads_to_sub_pools_and_say_why(company: Company, north: int) -> None:
    e = company.engine
    table = e.set_routing(
        "boss",
        [
            {"name": "hangzhou", "pool": company.east, "when": [{"field": "attributes.city", "op": "equals", "values": ["Hangzhou"]}]},
            {"name": "big", "pool": north, "when": [{"field": "attributes.budget", "op": "range", "min": 10000}]},
        ],
        default_pool=company.west,
    )
    assert [rule["name"] for rule in table["rules"]] == ["hangzhou", "big"]
    assert e.routing("ann") == table
    hz = company.capture("13800000001", attributes={"city": "Hangzhou", "budget": 50000})
    big = company.capture("13800000002", attributes={"budget": 50000})
    other = company.capture("13800000003")
    decisions = e.route("boss", all_unrouted=True)
    assert decisions == [
        {"lead": hz, "pool": company.east, "rule": "hangzhou"},
        {"lead": big, "pool": north, "rule": "big"},
        {"lead": other, "pool": company.west, "rule": None},
    ]
    assert e.history("boss", hz)[-1]["action"] == "route"
    assert e.history("boss", hz)[-1]["detail"] == {"rule": "hangzhou", "default": False}
    with pytest.raises(leadpool.IllegalTransition):
        e.route("boss", [hz])
    with pytest.raises(leadpool.InvalidArgument):
        e.set_routing("boss", [{"name": "x", "pool": north, "when": [{"field": "zip", "op": "exists"}]}])
    with pytest.raises(leadpool.PermissionDenied):
        e.set_routing("ann", [])


def test_assignment_strategies_and_claims(company: Company, north: int) -> None:
    e = company.engine
    leads = [company.capture(f"1380000{i:04d}") for i in range(4)]
    for lead in leads:
        e.distribute("boss", lead, north)
    settings = e.set_pool_settings("boss", north, strategy="weighted", capacity={"ann": 1, "bob": 2})
    assert settings["strategy"] == "weighted" and settings["capacity"] == {"ann": 1, "bob": 2}
    assert e.pool_settings("ann", north) == settings
    result = e.assign("boss", north)
    assert [a["owner"] for a in result["assigned"]] == ["bob", "ann", "bob"]
    assert result["unassigned"] == [leads[3]]

    e.set_pool_settings("boss", north, max_held=3, claim_cooldown_ms=DAY)
    assert e.claim("ann", leads[3])["owner"] == "ann"
    with pytest.raises(leadpool.Conflict):
        e.claim("bob", leads[3])
    assert e.release("boss", leads[3], "rebalance")["owner"] is None
    with pytest.raises(leadpool.PermissionDenied):
        e.claim("ann", leads[3])  # cool-down
    e.set_time(T0 + DAY)
    assert e.claim("ann", leads[3])["owner"] == "ann"
    with pytest.raises(leadpool.InvalidArgument):
        e.set_pool_settings("boss", north, strategy="lottery")


def test_follow_ups_reset_the_idle_clock_and_maintenance_recycles(company: Company, north: int) -> None:
    e = company.engine
    e.set_pool_settings("boss", north, held_idle_ms=3 * DAY, warning_ms=DAY, recycle_to="master")
    quiet = company.capture("13800000001")
    busy = company.capture("13800000002")
    e.distribute("boss", quiet, north, "ann")
    e.distribute("boss", busy, north, "bob")
    e.set_time(T0 + DAY)
    activity = e.follow_up("bob", busy, "visit", outcome="demo booked", note="bring samples")
    assert (activity["kind"], activity["at"], activity["outcome"]) == ("visit", T0 + DAY, "demo booked")
    assert e.activities("boss", busy) == [activity]
    assert e.lead("boss", busy)["last_activity_at"] == T0 + DAY
    with pytest.raises(leadpool.InvalidArgument):
        e.follow_up("bob", busy, "call", at=T0 + 2 * DAY)  # in the future

    e.set_time(T0 + 2 * DAY)
    report = e.maintain("boss")
    assert report["recycled"] == []
    assert [(d["lead"], d["due_at"]) for d in report["due_soon"]] == [(quiet, T0 + 3 * DAY)]
    e.set_time(T0 + 3 * DAY)
    report = e.maintain("boss")
    assert [(r["lead"], r["from_owner"], r["to"]) for r in report["recycled"]] == [(quiet, "ann", "master")]
    assert e.lead("boss", quiet)["tier"] == "master"
    assert e.lead("boss", busy)["owner"] == "bob"
    with pytest.raises(leadpool.PermissionDenied):
        e.maintain("ann")


def test_an_opportunity_follows_its_workflow(company: Company, north: int) -> None:
    e = company.engine
    workflow = e.define_workflow(
        "boss", "machine sale", ["contact", {"name": "demo", "collaborators": ["bob"]}, "contract"], ["lathe"]
    )
    assert [s["name"] for s in workflow["steps"]] == ["contact", "demo", "contract"]
    assert e.workflows("ann") == [workflow]
    with pytest.raises(leadpool.Conflict):
        e.define_workflow("boss", "machine sale", ["x"])
    lead = company.capture("13800000001")
    e.distribute("boss", lead, company.east, "ann")
    opened = e.open_opportunity("ann", lead, "lathe", 5000)
    assert (opened["step"], opened["amount"], opened["owner"]) == ("contact", 5000, {"user": "ann", "team": None})
    moved = e.advance_opportunity("ann", lead, "demo")
    assert moved["collaborators"] == [{"user": "bob", "step": "demo", "joined_at": T0}]
    assert e.add_collaborator("ann", lead, "boss")["collaborators"][-1]["user"] == "boss"
    won = e.win_opportunity("ann", lead, order_amount=4800)
    assert (won["status"], won["order_amount"]) == ("won", 4800)
    assert e.opportunities("boss", lead) == [won]
    with pytest.raises(leadpool.NotFound):
        e.open_opportunity("boss", company.capture("13800000002"), "drill")


def test_a_workflow_is_updated_and_retired_while_its_opportunities_run_on(company: Company) -> None:
    e = company.engine
    e.define_workflow("boss", "machine sale", ["contact", "demo", "contract"], ["lathe"])
    lead = company.capture("13800000001")
    e.distribute("boss", lead, company.east, "ann")
    e.open_opportunity("ann", lead, "lathe", 5000)
    e.advance_opportunity("ann", lead, "demo")
    with pytest.raises(leadpool.Conflict, match=f"step 'demo' has 1 open opportunities \\(leads {lead}\\)"):
        e.update_workflow("boss", "machine sale", ["contact", "contract"], ["lathe"])
    updated = e.update_workflow("boss", "machine sale", ["contact", "demo", "quote", "contract"], ["lathe", "mill"])
    assert [s["name"] for s in updated["steps"]] == ["contact", "demo", "quote", "contract"]
    assert e.advance_opportunity("ann", lead, "quote")["step"] == "quote"

    retired = e.retire_workflow("boss", "machine sale")
    assert retired["retired"] is True and e.workflows("ann") == [retired]
    with pytest.raises(leadpool.Conflict):
        e.retire_workflow("boss", "machine sale")
    with pytest.raises(leadpool.NotFound):
        e.retire_workflow("boss", "no such workflow")
    with pytest.raises(leadpool.PermissionDenied):
        e.retire_workflow("ann", "machine sale")
    assert e.win_opportunity("ann", lead)["status"] == "won"  # its open opportunity ran on
    other = company.capture("13800000002")
    e.distribute("boss", other, company.east, "ann")
    with pytest.raises(leadpool.NotFound):
        e.open_opportunity("ann", other, "lathe")
    e.define_workflow("boss", "lathe sale", ["contact"], ["lathe"])  # the product type is free again
    assert e.open_opportunity("ann", other, "lathe")["workflow"] == "lathe sale"


def test_racing_claims_from_two_engines_on_one_file(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    with leadpool.Engine.sqlite(path, synchronous="normal", manual_clock_ms=T0) as first:
        first.initialize({"id": "boss", "name": "Wang", "roles": ["director"]}, "sales_led")
        for user in ("ann", "bob"):
            first.add_user("boss", id=user, name=user, roles=["salesperson"])
        pool = first.create_pool("boss", "north", members=["ann", "bob"])["id"]
        leads = [first.capture("boss", [("phone", f"1380000{i:04d}")], "web")["lead"]["id"] for i in range(10)]
        for lead in leads:
            first.distribute("boss", lead, pool)
        with leadpool.Engine.sqlite(path, synchronous="normal", manual_clock_ms=T0) as second:
            for lead in leads:
                start = threading.Barrier(2)
                errors: List[Optional[leadpool.Error]] = [None, None]

                def claim(index: int, engine: leadpool.Engine, actor: str) -> None:
                    start.wait()
                    try:
                        engine.claim(actor, lead)
                    except leadpool.Error as error:
                        errors[index] = error

                threads = [
                    threading.Thread(target=claim, args=(0, first, "ann")),
                    threading.Thread(target=claim, args=(1, second, "bob")),
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                failed = [error for error in errors if error is not None]
                assert len(failed) == 1 and isinstance(failed[0], leadpool.Conflict)
                winner = "bob" if errors[0] is not None else "ann"
                assert first.lead("boss", lead)["owner"] == winner


def test_the_pipeline_lists_opportunities_across_leads_and_pages_by_cursor(company: Company) -> None:
    e = company.engine
    e.define_workflow("boss", "machine sale", ["contact", "demo"], ["lathe"])
    leads = []
    for n, (pool, owner, amount) in enumerate(
        [(company.east, "ann", 5000), (company.east, "ann", 9000), (company.west, "bob", 7000)]
    ):
        lead = company.capture(f"1380000010{n}")
        e.distribute("boss", lead, pool, owner)
        e.open_opportunity(owner, lead, "lathe", amount)
        leads.append(lead)
    e.advance_opportunity("ann", leads[1], "demo")

    def keyed(page: leadpool.OpportunityPage) -> List[int]:
        return [o["lead"] for o in page["opportunities"]]

    everything = e.pipeline("boss")
    assert keyed(everything) == leads and everything["next_cursor"] is None
    assert keyed(e.pipeline("boss", step="demo", workflow="machine sale")) == [leads[1]]
    assert keyed(e.pipeline("boss", status="open", amount_min=6000, amount_max=9000)) == leads[1:]
    assert keyed(e.pipeline("boss", status="won")) == []
    assert keyed(e.pipeline("boss", owner="bob")) == [leads[2]]
    assert keyed(e.pipeline("boss", pool=company.west)) == [leads[2]]
    assert keyed(e.pipeline("bob")) == [leads[2]]  # a salesperson sees the opportunities of their own leads

    first = e.pipeline("boss", limit=2)
    assert keyed(first) == leads[:2]
    assert first["next_cursor"] == {"lead": leads[1], "number": 1}
    rest = e.pipeline("boss", limit=2, after=first["next_cursor"])
    assert keyed(rest) == leads[2:] and rest["next_cursor"] is None

    with pytest.raises(leadpool.InvalidArgument, match="amount_min"):
        e.pipeline("boss", amount_min=-1)
    with pytest.raises(leadpool.InvalidArgument, match="status"):
        e.pipeline("boss", status="pending")  # type: ignore[arg-type]
    with pytest.raises(leadpool.InvalidArgument, match="limit"):
        e.pipeline("boss", limit=0)
    with pytest.raises(leadpool.NotFound):
        e.pipeline("boss", pool=999)
