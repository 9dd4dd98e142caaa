"""Transitions through the pyramid, batches, permissions and the funnel."""

from __future__ import annotations

import pytest

import leadpool
from conftest import T0, Company


def test_every_move_of_the_pyramid(company: Company) -> None:
    e = company.engine
    a, b, c = (company.capture(f"1380000000{i}") for i in range(3))

    lead = e.distribute("boss", a, company.east, "ann")
    assert (lead["tier"], lead["pool"], lead["owner"]) == ("sub", company.east, "ann")
    e.update_pool("boss", company.west, "west", managers=["bob"], members=["ann"])
    lead = e.transfer("boss", a, company.west, "bob")
    assert (lead["pool"], lead["owner"]) == (company.west, "bob")
    lead = e.transfer("boss", a, to_owner="ann")
    assert (lead["pool"], lead["owner"]) == (company.west, "ann")
    lead = e.return_to_master("boss", a, "no answer")
    assert (lead["tier"], lead["pool"]) == ("master", 1) and not lead["owner"]

    e.distribute("boss", b, company.east, "ann")
    lead = e.qualify("ann", b)
    assert (lead["tier"], lead["owner"]) == ("opportunity", "ann")
    lead = e.win("ann", b)
    assert lead["tier"] == "order"

    e.distribute("boss", c, company.east)
    e.qualify("ann", c)
    lead = e.lose("ann", c, "price")
    assert lead["tier"] == "lost"
    lead = e.reactivate("ann", c, company.east)
    assert (lead["tier"], lead["pool"]) == ("sub", company.east)
    e.qualify("ann", c)
    e.lose("ann", c, "price again")
    lead = e.reactivate("boss", c)
    assert (lead["tier"], lead["pool"]) == ("master", 1)

    lead = e.invalidate("boss", a, "test entry")
    assert lead["tier"] == "invalid"
    lead = e.restore("boss", a)
    assert lead["tier"] == "master"

    reasons = [r["reason"] for r in e.history("boss", c) if r["action"] == "lose"]
    assert reasons == ["price", "price again"]


def test_transition_takes_the_action_by_name_and_checks_the_version(company: Company) -> None:
    e = company.engine
    lead_id = company.capture("13800000001")
    version = e.lead("boss", lead_id)["version"]
    with pytest.raises(leadpool.Conflict):
        e.transition("boss", lead_id, "distribute", to_pool=company.east, expected_version=version + 1)
    lead = e.transition("boss", lead_id, "distribute", to_pool=company.east, to_owner="ann",
                        expected_version=version)
    assert lead["tier"] == "sub"
    with pytest.raises(leadpool.Conflict):
        e.qualify("ann", lead_id, expected_version=version)


def test_transition_batch_runs_in_order_all_or_nothing(company: Company) -> None:
    e = company.engine
    a, b = company.capture("13800000001"), company.capture("13800000002")
    leads = e.transition_batch("boss", [
        leadpool.transition_request(a, "distribute", to_pool=company.east, to_owner="ann"),
        leadpool.transition_request(a, "qualify"),
        leadpool.transition_request(a, "win"),
        {"lead": b, "action": "invalidate", "reason": "junk"},
    ])
    assert [l["tier"] for l in leads] == ["sub", "opportunity", "order", "invalid"]

    c = company.capture("13800000003")
    with pytest.raises(leadpool.IllegalTransition):
        e.transition_batch("boss", [
            leadpool.transition_request(c, "distribute", to_pool=company.east),
            leadpool.transition_request(c, "win"),
        ])
    assert e.lead("boss", c)["tier"] == "master"


def test_can_answers_for_lead_and_organisation_actions(company: Company) -> None:
    e = company.engine
    lead_id = company.capture("13800000001")
    assert e.can("boss", "distribute", lead_id) is True
    assert e.can("ann", "read", lead_id) is False
    e.distribute("boss", lead_id, company.east, "ann")
    assert e.can("ann", "qualify", lead_id) is True
    assert e.can("bob", "qualify", lead_id) is False
    assert e.can("ann", "report") is True
    assert e.can("ann", "manage_org") is False
    assert e.can("boss", "manage_org", 0) is True
    with pytest.raises(leadpool.InvalidArgument):
        e.can("boss", "fly", lead_id)
    with pytest.raises(leadpool.PermissionDenied):
        e.can("nobody", "read", lead_id)
    assert e.can("boss", "read", 999) is False  # as for a lead outside the actor's scope


def four_leads_down_the_funnel(company: Company) -> list[int]:
    """Three web leads (two in east with ann, one won; one in west with bob) and a shop lead in
    the master pool."""
    e = company.engine
    ids = [company.capture(f"1380000000{i}", "web" if i < 3 else "shop") for i in range(4)]
    e.distribute("boss", ids[0], company.east, "ann")
    e.distribute("boss", ids[1], company.east, "ann")
    e.distribute("boss", ids[2], company.west, "bob")
    e.qualify("ann", ids[0])
    e.win("ann", ids[0])
    return ids


def test_funnel_reads_both_ways_and_filters(company: Company) -> None:
    e = company.engine
    ids = four_leads_down_the_funnel(company)
    e.qualify("ann", ids[1])
    e.lose("ann", ids[1], "price")

    report = e.funnel("boss")
    assert report["leads"] == 4
    tiers = {t["tier"]: (t["at"], t["reached"]) for t in report["tiers"]}
    assert tiers["master"] == (1, 4)
    assert tiers["sub"] == (1, 3)
    assert tiers["opportunity"] == (0, 2)
    assert tiers["order"] == (1, 1)
    assert tiers["lost"] == (1, 1)
    assert report["main_line_conversion"] == pytest.approx(0.25)
    conversions = {(c["from"], c["to"]): c["rate"] for c in report["conversions"]}
    assert conversions[("sub", "opportunity")] == pytest.approx(2 / 3)

    assert e.funnel("boss", pool=company.east)["leads"] == 2
    assert e.funnel("boss", owner="bob")["leads"] == 1
    assert e.funnel("boss", channel="shop")["leads"] == 1
    assert e.funnel("ann")["leads"] == 2  # only what Ann may read
    assert e.funnel("boss", captured_to=0)["leads"] == 0
    assert e.funnel("boss", captured_from=0)["leads"] == 4
    with pytest.raises(leadpool.NotFound):
        e.funnel("boss", pool=999)


def test_funnel_breakdown_groups_in_one_call(company: Company) -> None:
    e = company.engine
    four_leads_down_the_funnel(company)

    breakdown = e.funnel_breakdown("boss", ("pool", "channel"))
    assert breakdown["keys"] == ["pool", "channel"]
    groups = [(row["group"]["pool"], row["group"]["channel"], row["report"]["leads"]) for row in breakdown["rows"]]
    assert groups == [(1, "shop", 1), (company.east, "web", 2), (company.west, "web", 1)]
    assert breakdown["total"] == e.funnel("boss")

    rows = leadpool.breakdown_rows(breakdown)
    assert rows[1]["pool"] == company.east
    assert rows[1]["channel"] == "web"
    assert (rows[1]["leads"], rows[1]["at_order"], rows[1]["reached_sub"]) == (2, 1, 2)
    assert rows[1]["sub_to_opportunity"] == pytest.approx(0.5)
    assert rows[1]["main_line_conversion"] == pytest.approx(0.5)
    assert leadpool.report_row(breakdown["total"])["leads"] == 4

    owners = e.funnel_breakdown("boss", "owner", channel="web")
    assert [(row["group"]["owner"], row["report"]["leads"]) for row in owners["rows"]] == [("ann", 2), ("bob", 1)]
    assert [row["group"] for row in e.funnel_breakdown("ann", "pool")["rows"]] == [{"pool": company.east}]
    month = e.funnel_breakdown("boss", "capture_month")["rows"]
    assert len(month) == 1 and month[0]["report"]["leads"] == 4

    with pytest.raises(leadpool.InvalidArgument, match="breakdown keys"):
        e.funnel_breakdown("boss", ())
    with pytest.raises(leadpool.InvalidArgument, match="breakdown score_model"):
        e.funnel_breakdown("boss", "score_band")
    with pytest.raises(leadpool.InvalidArgument, match="region"):
        e.funnel_breakdown("boss", "region")  # type: ignore[arg-type]
    with pytest.raises(leadpool.PermissionDenied):
        e.funnel_breakdown("nobody", "pool")


def test_capture_cohorts_follow_each_capture_period(company: Company) -> None:
    e = company.engine
    four_leads_down_the_funnel(company)
    table = e.capture_cohorts("boss", "week", 1)
    assert (table["period"], table["periods_after"]) == ("week", 1)
    assert len(table["cohorts"]) == 1
    cohort = table["cohorts"][0]
    assert cohort["leads"] == 4
    assert cohort["reached"] == [{"sub": 3, "opportunity": 1, "order": 1}] * 2
    rows = leadpool.cohort_rows(table)
    assert [(row["periods_after"], row["sub"], row["order"]) for row in rows] == [(0, 3, 1), (1, 3, 1)]
    assert len(e.capture_cohorts("boss")["cohorts"][0]["reached"]) == 4  # a month and the three after
    assert e.capture_cohorts("boss", channel="none")["cohorts"] == []
    with pytest.raises(leadpool.InvalidArgument, match="periods_after"):
        e.capture_cohorts("boss", "month", 25)
    with pytest.raises(leadpool.PermissionDenied):
        e.capture_cohorts("nobody")


def test_tier_times_measure_stays_velocity_and_revenue(company: Company) -> None:
    e = company.engine
    hour = 3_600_000
    a, b = (company.capture(f"1380000000{i}") for i in range(2))
    e.set_time(T0 + hour)
    e.distribute("boss", a, company.east, "ann")
    e.distribute("boss", b, company.east, "ann")
    e.set_time(T0 + 3 * hour)
    e.define_workflow("boss", "deal", ["quote"], ["crm"])
    e.open_opportunity("ann", a, "crm", 500)
    e.set_time(T0 + 7 * hour)
    e.win_opportunity("ann", a, 700)
    e.set_time(T0 + 10 * hour)

    times = e.tier_times("boss")
    assert (times["from"], times["to"], times["at"], times["by"], times["rows"]) == (None, None, T0 + 10 * hour, None, [])
    total = times["total"]
    assert total["tiers"]["master"]["finished"] == {"count": 2, "median_ms": hour, "p90_ms": hour, "mean_ms": hour}
    assert total["tiers"]["sub"]["finished"]["median_ms"] == 2 * hour  # a, until qualified
    assert total["tiers"]["sub"]["open"] == {"count": 1, "median_ms": 9 * hour, "p90_ms": 9 * hour, "mean_ms": 9 * hour}
    assert total["tiers"]["opportunity"]["finished"]["mean_ms"] == 4 * hour
    assert total["tiers"]["order"]["open"]["median_ms"] == 3 * hour
    assert total["to_order"] == {"count": 1, "median_ms": 7 * hour, "p90_ms": 7 * hour, "mean_ms": 7 * hour}
    assert total["revenue"] == {"orders": 1, "sum": 700, "mean": 700}

    [row] = leadpool.times_rows(times)
    assert (row["sub_open_count"], row["to_order_median_ms"], row["orders"], row["revenue"]) == (1, 7 * hour, 1, 700)
    by_owner = e.tier_times("boss", by="owner")
    assert [r["group"] for r in by_owner["rows"]] == ["ann"]
    [ann] = leadpool.times_rows(by_owner)
    assert (ann["owner"], ann["master_finished_count"], ann["mean_order"]) == ("ann", 2, 700)
    later = e.tier_times("boss", start=T0 + 8 * hour, at=T0 + 2 * hour)["total"]
    assert (later["to_order"]["count"], later["revenue"]["orders"]) == (0, 0)
    assert later["tiers"]["sub"]["open"]["count"] == 2  # both in sub at 02:00
    assert e.tier_times("boss", channel="shop")["total"]["tiers"]["master"]["finished"]["count"] == 0

    with pytest.raises(leadpool.InvalidArgument, match="by"):
        e.tier_times("boss", by="score_band")  # type: ignore[arg-type]
    with pytest.raises(leadpool.InvalidArgument, match="tier times to"):
        e.tier_times("boss", start=T0 + hour, end=T0)
    with pytest.raises(leadpool.PermissionDenied):
        e.tier_times("nobody")


def test_tier_moves_count_the_moves_of_a_period(company: Company) -> None:
    e = company.engine
    four_leads_down_the_funnel(company)
    day = 86_400_000
    moves = e.tier_moves("boss", T0, T0 + day, by="pool")
    assert (moves["from"], moves["to"], moves["by"]) == (T0, T0 + day, "pool")
    assert moves["into"] == {"master": 4, "sub": 3, "opportunity": 1, "order": 1, "lost": 0, "invalid": 0}
    assert [(row["group"], row["into"]["sub"]) for row in moves["rows"]] == [(1, 0), (company.east, 2), (company.west, 1)]
    rows = leadpool.moves_rows(moves)
    assert rows[1]["pool"] == company.east and rows[1]["into_order"] == 1
    assert leadpool.moves_rows(e.tier_moves("boss", T0, T0 + day, channel="shop")) == [
        {"into_master": 1, "into_sub": 0, "into_opportunity": 0, "into_order": 0, "into_lost": 0, "into_invalid": 0}]
    assert e.tier_moves("boss", T0 + day, T0 + 2 * day)["into"]["master"] == 0
    with pytest.raises(leadpool.InvalidArgument, match="moves to"):
        e.tier_moves("boss", T0, T0)
    with pytest.raises(leadpool.InvalidArgument, match="week"):
        e.tier_moves("boss", T0, T0 + day, by="week")  # type: ignore[arg-type]
    with pytest.raises(leadpool.PermissionDenied):
        e.tier_moves("nobody", T0, T0 + day)
