"""The typed shapes name exactly the fields the library writes, the enumerations hold the names it
uses, and times go in and out as datetimes too."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Mapping, get_args

import pytest

import leadpool
from conftest import DAY, T0, Company

UTC = timezone.utc


def _keys(shape: Any) -> set:
    return set(shape.__required_keys__) | set(shape.__optional_keys__)


def _matches(shape: Any, value: Mapping[str, Any]) -> None:
    """Every field written is in the shape, and every required field of the shape is written."""
    assert set(value) <= _keys(shape), set(value) - _keys(shape)
    assert set(shape.__required_keys__) <= set(value), set(shape.__required_keys__) - set(value)


def test_the_shapes_have_the_fields_the_library_writes(company: Company) -> None:
    e = company.engine
    captured = e.capture("boss", [("phone", "13800000001")], "web", attributes={"city": "Hangzhou"})
    _matches(leadpool.CaptureResult, captured)
    lead = captured["lead"]
    _matches(leadpool.Lead, lead)
    _matches(leadpool.Identity, lead["identities"][0])
    _matches(leadpool.Attribution, lead["attribution"])
    _matches(leadpool.LeadPage, e.leads("boss"))
    _matches(leadpool.HistoryEntry, e.history("boss", lead["id"])[0])
    _matches(leadpool.Place, e.history("boss", lead["id"])[0]["to"])
    _matches(leadpool.User, e.user("boss", "ann"))
    _matches(leadpool.Pool, e.pool("boss", company.east))
    _matches(leadpool.StageInfo, e.stage_info())
    _matches(leadpool.OrgEvent, e.org_history("boss")[0])
    _matches(leadpool.NormalizedIdentity, leadpool.normalize_identity("phone", "13800000001"))
    _matches(leadpool.IdentityRules, e.identity_rules())
    _matches(leadpool.KindRules, e.identity_rules()["kinds"]["phone"])
    _matches(leadpool.RekeyReport, e.set_identity_rules("boss", {"default_region": "CN"}))

    second = company.capture("13800000002", attributes={"city": "Ningbo"})
    ingested = e.ingest("boss", [{"channel": "shop", "identities": [("phone", "13800000001"), ("phone", "13800000002")],
                                  "events": [{"type": "order_paid"}]}])
    _matches(leadpool.IngestResult, ingested[0])
    merge = e.merges("boss")[0]
    _matches(leadpool.MergeRecord, merge)
    _matches(leadpool.LeadEvent, e.events("boss", lead["id"])[0])
    _matches(leadpool.AttributeValue, e.attribute_history("boss", second)[0])

    funnel = e.funnel("boss")
    _matches(leadpool.FunnelReport, funnel)
    _matches(leadpool.TierCount, funnel["tiers"][0])
    _matches(leadpool.Conversion, funnel["conversions"][0])
    breakdown = e.funnel_breakdown("boss", ["pool", "capture_week"])
    _matches(leadpool.FunnelBreakdown, breakdown)
    _matches(leadpool.FunnelBreakdownRow, breakdown["rows"][0])
    moves = e.tier_moves("boss", 0, 2**62, by="owner")
    _matches(leadpool.TierMoves, moves)
    _matches(leadpool.TierMovesRow, moves["rows"][0])
    cohorts = e.capture_cohorts("boss")
    _matches(leadpool.CaptureCohorts, cohorts)
    _matches(leadpool.Cohort, cohorts["cohorts"][0])
    _matches(leadpool.CohortReached, cohorts["cohorts"][0]["reached"][0])
    times = e.tier_times("boss", by="owner")
    _matches(leadpool.TierTimes, times)
    _matches(leadpool.TierTimesRow, times["rows"][0])
    _matches(leadpool.TierTimesPart, times["total"])
    _matches(leadpool.TierTime, times["total"]["tiers"]["sub"])
    _matches(leadpool.DurationStats, times["total"]["to_order"])
    _matches(leadpool.Revenue, times["total"]["revenue"])

    table = e.set_routing("boss", [{"name": "hz", "pool": company.east,
                                    "when": [{"field": "attributes.city", "op": "in", "values": ["Hangzhou", "Ningbo"]}]}])
    _matches(leadpool.RoutingTable, table)
    _matches(leadpool.RoutingRule, table["rules"][0])
    _matches(leadpool.Condition, table["rules"][0]["when"][0])
    routed = e.route("boss", all_unrouted=True)
    _matches(leadpool.RouteResult, routed[0])
    _matches(leadpool.PoolSettings, e.pool_settings("boss", company.east))
    e.update_pool("boss", company.east, "east", managers=["ann"], members=["bob"])
    assigned = e.assign("boss", company.east)
    _matches(leadpool.AssignResult, assigned)
    _matches(leadpool.Assignment, assigned["assigned"][0])
    _matches(leadpool.Activity, e.follow_up("bob", lead["id"], "call"))
    e.set_pool_settings("boss", company.east, held_idle_ms=DAY, warning_ms=DAY)
    e.set_time(T0 + 3 * DAY)
    report = e.maintain("boss")
    _matches(leadpool.MaintenanceReport, report)
    _matches(leadpool.RecycledLead, report["recycled"][0])

    workflow = e.define_workflow("boss", "sale", ["contact", {"name": "demo", "collaborators": ["bob"]}], ["lathe"])
    _matches(leadpool.Workflow, workflow)
    _matches(leadpool.WorkflowStep, workflow["steps"][0])
    e.claim("ann", lead["id"])
    opportunity = e.open_opportunity("ann", lead["id"], "lathe", 100)
    _matches(leadpool.Opportunity, opportunity)
    _matches(leadpool.OpportunityOwner, opportunity["owner"])
    _matches(leadpool.Collaborator, e.add_collaborator("ann", lead["id"], "bob")["collaborators"][0])

    page = e.changes("boss")
    _matches(leadpool.ChangePage, page)
    for change in page["changes"]:
        _matches(leadpool.Change, change)
    _matches(leadpool.Consumer, e.add_consumer("boss", "crm"))
    _matches(leadpool.FeedSettings, e.feed_settings())

    _matches(leadpool.PersonalData, e.personal_data("boss", ("phone", "13800000001")))
    _matches(leadpool.ErasureReport, e.erase("boss", lead["id"], "asked"))


def test_the_enumerations_hold_the_names_the_library_uses(company: Company) -> None:
    e = company.engine
    assert [tier["tier"] for tier in e.funnel("boss")["tiers"]] == list(get_args(leadpool.Tier))
    assert set(e.default_policies()) == set(get_args(leadpool.Stage))
    assert set(e.identity_rules()["kinds"]) == set(get_args(leadpool.IdentityKind))
    for code in range(1, 12):
        assert leadpool.status_name(code) in get_args(leadpool.StatusName)
    for action in get_args(leadpool.TransitionAction):
        assert action in get_args(leadpool.Action)
    for action in get_args(leadpool.Action):
        if action != "rekey":  # a history row's action only, never granted
            e.can("boss", action, 0)  # an unknown action name would raise InvalidArgument


def test_times_are_offered_as_datetimes() -> None:
    assert leadpool.to_datetime(0) == leadpool.EPOCH == datetime(1970, 1, 1, tzinfo=UTC)
    moment = datetime(2024, 1, 1, 8, 30, 0, 123456, tzinfo=timezone(timedelta(hours=8)))
    ms = leadpool.to_milliseconds(moment)
    assert ms == 1_704_069_000_123
    assert leadpool.to_datetime(ms) == moment - timedelta(microseconds=456)
    assert leadpool.to_milliseconds(ms) == ms and leadpool.to_milliseconds(None) is None


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(leadpool.InvalidArgument, match="without a timezone"):
        leadpool.to_milliseconds(datetime(2024, 1, 1))


def test_methods_that_take_a_time_take_a_datetime(company: Company) -> None:
    e = company.engine
    start = leadpool.to_datetime(T0)
    lead = company.capture("13800000001")
    e.set_time(start + timedelta(days=1))
    later = company.capture("13800000002")
    assert e.lead("boss", later)["created_at"] == T0 + DAY
    ids = [x["id"] for x in e.leads("boss", created_from=start + timedelta(hours=1))["leads"]]
    assert ids == [later]
    assert [x["id"] for x in e.iter_leads("boss", created_to=start + timedelta(hours=1))] == [lead]
    assert e.funnel("boss", captured_from=start + timedelta(hours=1))["leads"] == 1
    e.distribute("boss", lead, company.east, "ann")
    activity = e.follow_up("ann", lead, "call", at=start + timedelta(hours=2))
    assert activity["at"] == T0 + 2 * 3_600_000
    with leadpool.Engine.memory(manual_clock_ms=start) as other:
        other.initialize({"id": "boss", "name": "Wang", "roles": ["director"]}, "factory_led")
        assert other.org_history("boss")[0]["at"] == T0
    with pytest.raises(leadpool.InvalidArgument):
        e.set_time(datetime(2024, 1, 1))
