"""Lead scoring through the Python binding: rules as data, scores kept current and explained."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import leadpool
from conftest import DAY, T0, Company

RULES: Dict[str, Any] = {"models": [
    {"name": "fit", "cap": 50, "rules": [
        {"name": "big company", "points": 30,
         "when": [{"field": "attributes.employees", "op": "range", "min": 500}]},
        {"name": "vip", "points": 30, "when": [{"field": "tags", "op": "in", "values": ["vip"]}]}]},
    {"name": "engagement", "rules": [
        {"name": "recent demo", "points": 10, "decay_days": 5, "event": {"type": "demo"}}]}]}


def test_scores_follow_the_lead_and_explain_themselves(company: Company) -> None:
    e = company.engine
    old = company.capture("13800000001", attributes={"employees": 900})
    report = e.set_scoring_rules("boss", RULES)
    assert report == {"needed": True, "leads": 1, "changed": 2}
    assert e.scoring_rules()["models"][0]["cap"] == 50
    assert e.org_history("boss")[-1]["kind"] == "scores_rescored"

    fit, = [s for s in e.scores("boss", old) if s["model"] == "fit"]
    assert fit["points"] == 30 and fit["rules"] == [{"rule": "big company", "points": 30}]
    e.update_lead("boss", old, add_tags=["vip"])
    fit, = [s for s in e.scores("boss", old) if s["model"] == "fit"]
    assert fit["points"] == 50  # 60, held at the cap
    row = [h for h in e.history("boss", old) if h["action"] == "score"][-1]
    assert row["detail"]["from"] == 30 and row["detail"]["to"] == 50
    assert row["from"] == row["to"]  # no move
    other = company.capture("13800000002")
    assert [lead["id"] for lead in e.leads("boss", score={"model": "fit", "min": 40})["leads"]] == [old]
    assert [lead["id"] for lead in e.iter_leads("boss", score={"model": "fit", "max": 0})] == [other]
    assert e.funnel("boss", score={"model": "fit", "min": 1})["leads"] == 1
    with pytest.raises(leadpool.InvalidArgument, match="min 5 is above max 4"):
        e.leads("boss", score={"model": "fit", "min": 5, "max": 4})

    [result] = e.ingest("boss", [{"channel": "web", "identities": [{"kind": "phone", "value": "13800000001"}],
                                  "events": [{"type": "demo"}]}])
    engagement, = [s for s in e.scores("boss", old) if s["model"] == "engagement"]
    assert engagement["points"] == 10 and engagement["next_change"] == T0 + DAY
    e.set_time(T0 + 3 * DAY)
    assert e.maintain("boss")["rescored"] == 1
    engagement, = [s for s in e.scores("boss", old) if s["model"] == "engagement"]
    assert engagement["points"] == 4  # 10 * 2 / 5


def test_lead_list_sorts_by_score_and_pages_through_equal_scores(company: Company) -> None:
    e = company.engine
    small = company.capture("13800000001", attributes={"employees": 10})
    big = company.capture("13800000002", attributes={"employees": 900})
    big_too = company.capture("13800000003", attributes={"employees": 600})
    e.set_scoring_rules("boss", RULES)
    e.update_lead("boss", small, add_tags=["vip"])  # 30 as well
    walked = []
    page = e.leads("boss", sort="score", score_model="fit", descending=True, limit=2)
    while True:
        walked += [lead["id"] for lead in page["leads"]]
        if page["next_cursor"] is None:
            break
        assert page["next_cursor"]["key"] == 30  # the points of the page's last lead
        page = e.leads("boss", sort="score", score_model="fit", descending=True, limit=2,
                       cursor=page["next_cursor"])
    assert walked == [big_too, big, small]  # equal scores by id, descending too
    e.update_lead("boss", big, attributes={"employees": 20})
    ascending = e.leads("boss", sort="score", score_model="fit", score={"model": "fit", "min": 1})
    assert [lead["id"] for lead in ascending["leads"]] == [small, big_too]
    with pytest.raises(leadpool.InvalidArgument, match="score_model"):
        e.leads("boss", sort="score")
    with pytest.raises(leadpool.InvalidArgument, match="score_model"):
        e.leads("boss", sort="created", score_model="fit")


def test_a_rescore_reports_its_progress_after_each_batch(company: Company) -> None:
    e = company.engine
    e.capture_batch("boss", [{"channel": "web", "identities": [{"kind": "phone", "value": f"1390000{i:04d}"}]}
                             for i in range(1001)])
    heard = []
    report = e.set_scoring_rules("boss", RULES, progress=heard.append)
    assert report["leads"] == 1001
    assert [so_far["leads"] for so_far in heard] == [1000, 1001]
    with pytest.raises(TypeError, match="progress"):
        e.set_scoring_rules("boss", RULES, progress=3)  # type: ignore[arg-type]
    with pytest.raises(leadpool.PermissionDenied):
        e.set_scoring_rules("ann", RULES, progress=heard.append)
    assert len(heard) == 2


def test_bad_rules_are_refused_naming_the_field(company: Company) -> None:
    e = company.engine
    with pytest.raises(leadpool.InvalidArgument, match=r"models\[0\].rules\[0\].when\[0\]: unknown field 'colour'"):
        e.set_scoring_rules("boss", {"models": [{"name": "fit", "rules": [
            {"name": "a", "points": 1, "when": [{"field": "colour", "op": "exists"}]}]}]})
    with pytest.raises(leadpool.InvalidArgument, match="appears twice"):
        e.set_scoring_rules("boss", {"models": [{"name": "fit"}, {"name": "fit"}]})
    with pytest.raises(leadpool.PermissionDenied):
        e.set_scoring_rules("ann", RULES)
    assert e.scoring_rules() == {"models": []}
