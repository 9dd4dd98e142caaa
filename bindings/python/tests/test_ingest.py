"""Ingestion from many channels, identity resolution, merge and unmerge, identity rules."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

import leadpool
from conftest import T0, Company


def record(channel: str, *identities: Any, **fields: Any) -> Dict[str, Any]:
    """A channel record with identities given as tuples."""
    return {"channel": channel, "identities": list(identities), **fields}


def outcomes(results: List[Dict[str, Any]]) -> List[str]:
    return [r["outcome"] for r in results]


def test_three_channels_of_one_person_become_one_lead(engine: leadpool.Engine) -> None:
    results = engine.ingest(
        "boss",
        [
            record("web", ("phone", "138 0000 0001"), record_id="w-1", attributes={"city": "Hangzhou"}),
            record("shop", ("phone", "138-0000-0001"), ("email", "Li@Example.com"), attributes={"name": "Li"}),
            record("wechat_mini_program", ("email", "li@example.com"), ("wechat_openid", "o-1", "wx-shop")),
        ],
    )
    assert outcomes(results) == ["created", "updated", "updated"]
    lead_id = results[0]["lead"]
    assert {r["lead"] for r in results} == {lead_id}
    assert all(r["error"] is None and r["absorbed"] == [] for r in results)
    lead = engine.lead("boss", lead_id)
    assert lead["channels"] == ["web", "shop", "wechat_mini_program"]
    assert lead["attributes"] == {"city": "Hangzhou", "name": "Li"}
    assert {"kind": "email", "value": "li@example.com"} in lead["identities"]
    assert lead["last_seen_at"] == T0 and lead["referred_by"] is None
    assert engine.find_lead("boss", "wechat_openid", "o-1", "wx-shop")["id"] == lead_id
    assert engine.funnel("boss")["leads"] == 1


def test_a_redelivered_record_is_a_duplicate(engine: leadpool.Engine) -> None:
    first = engine.ingest("boss", [record("web", ("phone", "13800000001"), record_id="w-1", tags=["a"])])
    again = engine.ingest("boss", [record("web", ("phone", "13800000001"), record_id="w-1", tags=["b"])])
    assert outcomes(again) == ["duplicate"] and again[0]["lead"] == first[0]["lead"]
    assert engine.lead("boss", first[0]["lead"])["tags"] == ["a"]


def bridged(company: Company) -> Dict[str, Any]:
    """Wu on the web (phone), later in the shop (e-mail), then an app record naming both."""
    e = company.engine
    wu = e.ingest(
        "boss",
        [record("web", ("phone", "13900000001"), attributes={"city": "Hangzhou"},
                events=[{"type": "page_view", "payload": {"path": "/pricing"}}])],
    )[0]["lead"]
    e.set_time(T0 + 1000)
    shop = e.ingest(
        "boss",
        [record("shop", ("email", "wu@example.com"), attributes={"city": "Shanghai"},
                events=[{"type": "order_paid", "payload": {"amount": 320}}])],
    )[0]["lead"]
    e.set_time(T0 + 2000)
    merged = e.ingest("boss", [record("app", ("phone", "139 0000 0001"), ("email", "wu@example.com"))])
    return {"wu": wu, "shop": shop, "result": merged[0]}


def test_a_bridging_record_merges_and_the_absorbed_id_names_the_survivor(company: Company) -> None:
    e = company.engine
    b = bridged(company)
    assert b["result"]["outcome"] == "merged"
    assert b["result"]["lead"] == b["wu"] and b["result"]["absorbed"] == [b["shop"]]
    survivor = e.lead("boss", b["shop"])
    assert survivor["id"] == b["wu"]
    assert survivor["channels"] == ["web", "shop", "app"]
    assert survivor["attributes"]["city"] == "Shanghai"  # the latest record wins
    [merge] = e.merges("boss")
    assert (merge["survivor"], merge["absorbed"], merge["reason"]) == (b["wu"], b["shop"], "ingest")
    assert merge["identities"] == [{"kind": "email", "value": "wu@example.com"}]
    assert merge["unmerged_at"] is None and merge["collision"] is False
    assert e.merges("boss", lead=b["shop"]) == [merge]
    assert e.merges("boss", collisions_only=True) == []
    assert e.funnel("boss")["leads"] == 1


def test_a_merge_loses_nothing(company: Company) -> None:
    e = company.engine
    b = bridged(company)
    cities = e.attribute_history("boss", b["wu"], "city")
    assert [(v["value"], v["channel"], v["lead"]) for v in cities] == [
        ("Hangzhou", "web", b["wu"]),
        ("Shanghai", "shop", b["shop"]),
    ]
    assert [v["occurred_at"] for v in cities] == [T0, T0 + 1000]
    assert {v["field"] for v in e.attribute_history("boss", b["wu"])} == {"city"}
    assert e.attribute_history("boss", b["wu"], "budget") == []
    events = e.events("boss", b["shop"])
    assert [(ev["type"], ev["channel"], ev["lead"]) for ev in events] == [
        ("page_view", "web", b["wu"]),
        ("order_paid", "shop", b["shop"]),
    ]
    assert events[1]["payload"] == {"amount": 320}
    assert {row["lead"] for row in e.history("boss", b["wu"])} == {b["wu"], b["shop"]}


def test_unmerge_restores_both_leads(company: Company) -> None:
    e = company.engine
    b = bridged(company)
    [merge] = e.merges("boss")
    restored = e.unmerge("boss", merge["id"], reason="two people")
    assert restored["id"] == b["shop"]
    assert restored["identities"] == [{"kind": "email", "value": "wu@example.com"}]
    assert restored["attributes"] == {"city": "Shanghai"}
    assert [ev["type"] for ev in e.events("boss", b["shop"])] == ["order_paid"]
    wu = e.lead("boss", b["wu"])
    assert all(i["kind"] == "phone" for i in wu["identities"])
    assert e.find_lead("boss", "email", "wu@example.com")["id"] == b["shop"]
    assert e.merges("boss", include_unmerged=False) == []
    assert e.merges("boss")[0]["unmerged_by"] == "boss"
    assert e.funnel("boss")["leads"] == 2
    with pytest.raises(leadpool.Conflict, match="undone already"):
        e.unmerge("boss", merge["id"])
    with pytest.raises(leadpool.NotFound):
        e.unmerge("boss", 999)


def test_merge_leads_by_hand(company: Company) -> None:
    e = company.engine
    older = company.capture("13800000001")
    newer = company.capture("13800000002")
    e.distribute("boss", newer, company.east, "ann")
    merge = e.merge_leads("boss", older, newer, reason="same person")
    # the lead further along the funnel survives, whatever its age
    assert (merge["survivor"], merge["absorbed"], merge["reason"]) == (newer, older, "same person")
    assert e.lead("ann", older)["id"] == newer
    with pytest.raises(leadpool.InvalidArgument, match="one lead already"):
        e.merge_leads("boss", older, newer)
    with pytest.raises(leadpool.NotFound):
        e.merge_leads("boss", newer, 999)
    other = company.capture("13800000003")
    with pytest.raises(leadpool.NotFound):
        e.merge_leads("bob", newer, other)  # nothing to bob: Ann's pool and the master pool


def test_max_merge_size_stops_a_merge_and_lists_a_conflict(company: Company) -> None:
    e = company.engine
    e.set_identity_rules("boss", {"max_merge_size": 1})
    assert e.identity_rules()["max_merge_size"] == 1
    assert e.org_history("boss")[-1]["kind"] == "identity_rules_changed"
    a = company.capture("13800000001")
    b = e.capture("boss", [("email", "zhao@example.com")], "shop")["lead"]["id"]
    bridge = record("app", ("phone", "13800000001"), ("email", "zhao@example.com"), record_id="a-1")
    [result] = e.ingest("boss", [bridge])
    assert result["outcome"] == "updated" and result["lead"] == a and result["absorbed"] == []
    [conflict] = e.identity_conflicts("boss")
    assert result["conflicts"] == [conflict["id"]]
    assert conflict["rule"] == "max_merge_size"
    assert (conflict["lead"], conflict["others"], conflict["record_id"]) == (a, [b], "a-1")
    assert e.merges("boss") == []
    assert e.lead("boss", b)["id"] == b
    with pytest.raises(leadpool.Conflict, match="max_merge_size"):
        e.merge_leads("boss", a, b)


def test_identity_rules_round_trip_and_refuse_bad_input(engine: leadpool.Engine) -> None:
    rules = engine.identity_rules()
    assert rules["max_merge_size"] == 10 and rules["default_region"] == "CN"
    assert set(rules["kinds"]) == {"phone", "email", "wechat_unionid", "wechat_openid", "device_id", "external_id"}
    rules["default_region"] = "IT"
    rules["kinds"]["phone"]["blocked"] = ["+390612345678"]
    engine.set_identity_rules("boss", rules)
    assert engine.identity_rules() == rules
    [result] = engine.ingest("boss", [record("web", ("phone", "06 1234 5678"), ("email", "x@example.com"))])
    assert result["outcome"] == "created" and len(result["dropped"]) == 1 and "blocked" in result["dropped"][0]
    with pytest.raises(leadpool.InvalidArgument, match="unknown identity kind"):
        engine.set_identity_rules("boss", {"kinds": {"fax": {}}})
    with pytest.raises(leadpool.InvalidArgument, match="max_merge_size"):
        engine.set_identity_rules("boss", {"max_merge_size": 0})
    engine.add_user("boss", id="ann", name="Ann", roles=["salesperson"])
    with pytest.raises(leadpool.PermissionDenied):
        engine.set_identity_rules("ann", {})
    assert engine.identity_rules() == rules


def test_json_lines_with_a_bad_line_rejects_it_alone(engine: leadpool.Engine) -> None:
    text = "\n".join(
        [
            '{"channel": "web", "identities": [{"kind": "email", "value": "chen@example.com"}]}',
            '{"channel": "web", "identities": [',
            "",
            '{"channel": "app", "identities": [{"kind": "device_id", "value": "D-1"},'
            ' {"kind": "phone", "value": "111 1111 1111"}]}',
            '{"channel": "app", "identities": [{"kind": "email", "value": "not-an-email"}]}',
        ]
    )
    results = engine.ingest("boss", text)
    assert outcomes(results) == ["created", "rejected", "created", "created"]
    assert results[1]["lead"] is None and results[1]["error"] == "invalid_argument"
    assert results[1]["reason"].startswith("records line 2: malformed JSON")
    assert results[2]["dropped"] and "blocked" in results[2]["dropped"][0]
    # Every identity unusable: kept as a lead without identities, its dropped value reported.
    assert "identities[0]" in results[3]["dropped"][0]
    assert engine.lead("boss", results[3]["lead"])["identities"] == []
    assert engine.find_lead("boss", "device_id", "d-1") is not None
    assert engine.funnel("boss")["leads"] == 3
    engine.set_identity_rules("boss", {"keep_unidentified": False})
    rejected = engine.ingest("boss", text)[3]
    assert rejected["error"] == "invalid_argument" and "none is usable" in rejected["reason"]


def test_all_or_nothing_and_strict_identities(engine: leadpool.Engine) -> None:
    good = record("web", ("email", "zhao@example.com"))
    with pytest.raises(leadpool.InvalidArgument, match=r"records: \[1\]\.channel: must be a string"):
        engine.ingest("boss", [good, {"channel": 7, "identities": []}], all_or_nothing=True)
    with pytest.raises(leadpool.InvalidArgument, match="blocked"):
        engine.ingest(
            "boss",
            [good, record("web", ("phone", "13800000001"), ("phone", "11111111111"))],
            all_or_nothing=True,
            drop_unusable_identities=False,
        )
    assert engine.find_lead("boss", "email", "zhao@example.com") is None
    [strict] = engine.ingest("boss", [record("web", ("phone", "11111111111"))], drop_unusable_identities=False)
    assert strict["outcome"] == "rejected" and "blocked" in strict["reason"]


def test_a_referrer_is_recorded(engine: leadpool.Engine) -> None:
    referrer = engine.ingest("boss", [record("web", ("phone", "13800000001"))])[0]["lead"]
    referred = record("wechat", ("phone", "13800000002"), referrer=("phone", "13800000001"))
    [result] = engine.ingest("boss", [referred])
    assert engine.lead("boss", result["lead"])["referred_by"] == referrer


def test_ingest_errors_map_to_their_classes(company: Company) -> None:
    e = company.engine
    with pytest.raises(leadpool.InvalidArgument, match="malformed JSON"):
        e.ingest("boss", '[{"channel": ')
    with pytest.raises(leadpool.InvalidArgument, match="embedded NUL"):
        e.ingest("boss", "{}\0")
    with pytest.raises(leadpool.PermissionDenied):
        e.ingest("stranger", [])
    with pytest.raises(leadpool.LimitExceeded):
        e.ingest("boss", [record("web", ("phone", "13800000001"))] * 10001)
    with pytest.raises(leadpool.PermissionDenied):
        e.merges("stranger")
    with pytest.raises(leadpool.PermissionDenied):
        e.identity_conflicts("stranger")
    with pytest.raises(leadpool.NotFound):
        e.events("boss", 999)
    with pytest.raises(leadpool.NotFound):
        e.attribute_history("boss", 999)
    lead_id = company.capture("13800000001")
    with pytest.raises(leadpool.NotFound):
        e.events("bob", lead_id)
    assert e.ingest("boss", []) == [] and e.ingest("boss", "") == []


@pytest.mark.parametrize(
    "kind,value,scope,rules,expected",
    [
        ("phone", "+86 (138) 0000-0001", None, None, "+8613800000001"),
        ("phone", "0086 138 0000 0001", None, None, "+8613800000001"),
        ("phone", "138.0000.0001", None, None, "+8613800000001"),
        ("phone", "8613800000001", None, None, "+8613800000001"),
        ("phone", "06 1234 5678", None, {"default_region": "IT"}, "+390612345678"),
        ("phone", "0138 0000 0001", None, {"default_region": ""}, "013800000001"),
        ("email", "  Li@Example.COM ", None, None, "li@example.com"),
        ("device_id", "AB-12-CD", None, None, "ab-12-cd"),
        ("wechat_openid", " o-Xy_1 ", "wx-app", None, "o-Xy_1"),
    ],
)
def test_normalize_identity(kind: str, value: str, scope: Any, rules: Any, expected: str) -> None:
    out = leadpool.normalize_identity(kind, value, scope, rules)
    assert out["kind"] == kind and out["value"] == expected and out["blocked"] is False
    assert out.get("scope") == scope


def test_normalize_identity_reports_blocked_and_refuses_invalid() -> None:
    assert leadpool.normalize_identity("phone", "111-1111-1111") == {
        "kind": "phone",
        "value": "+8611111111111",
        "number_type": "unknown",
        "blocked": True,
    }
    assert leadpool.normalize_identity("phone", "138 0013 8000")["number_type"] == "mobile"
    assert leadpool.normalize_identity("phone", "010 8888 6666")["number_type"] == "fixed_line"
    assert leadpool.normalize_identity("device_id", "unknown")["blocked"] is True
    assert leadpool.normalize_identity(
        "email", "info@example.com", rules={"kinds": {"email": {"blocked": ["INFO@example.com"]}}}
    )["blocked"] is True
    for kind, value in [("phone", "12"), ("phone", "+86 138 0013 8000 1234 5678"), ("email", "li@example"),
                        ("email", "a@b@example.com"), ("wechat_unionid", "u 1")]:
        with pytest.raises(leadpool.InvalidArgument, match=kind):
            leadpool.normalize_identity(kind, value)
    with pytest.raises(leadpool.InvalidArgument, match="unknown identity kind"):
        leadpool.normalize_identity("fax", "0571")
    with pytest.raises(leadpool.InvalidArgument, match="local number of US"):
        leadpool.normalize_identity("phone", "253 0000", rules={"default_region": "US"})
    with pytest.raises(leadpool.InvalidArgument, match="default_region"):
        leadpool.normalize_identity("phone", "13800000001", rules={"default_region": "China"})


def test_a_region_places_national_phone_numbers(engine: leadpool.Engine) -> None:
    rossi = engine.capture("boss", [("phone", "06 1234 5678")], "shop-it", region="IT")["lead"]
    assert rossi["identities"] == [{"kind": "phone", "value": "+390612345678"}]
    [again] = engine.ingest("boss", [record("export", ("phone", "390612345678"))])
    assert again["outcome"] == "updated" and again["lead"] == rossi["id"]
    [li] = engine.ingest("boss", [dict(record("web", ("phone", "138 0013 8000")), region="CN")])
    assert engine.lead("boss", li["lead"])["identities"][0]["value"] == "+8613800138000"
    with pytest.raises(leadpool.InvalidArgument, match="region: 'Italia' has no numbering plan"):
        engine.capture("boss", [("phone", "06 1234 5678")], "shop-it", region="Italia")
    assert engine.funnel("boss")["leads"] == 2


def test_new_identity_rules_re_key_the_stored_identities(engine: leadpool.Engine) -> None:
    assert engine.set_identity_rules("boss", {"default_region": ""})["needed"] is True
    bare = engine.capture("boss", [("phone", "138 0013 8000")], "web")["lead"]["id"]
    plus = engine.capture("boss", [("phone", "+86 138 0013 8000"), ("email", "li@example.com")], "web")["lead"]["id"]
    assert engine.lead("boss", bare)["identities"] == [{"kind": "phone", "value": "13800138000"}]

    report = engine.set_identity_rules("boss", {"default_region": "CN"})
    assert (report["leads"], report["rekeyed"], report["merged"], report["conflicts"]) == (1, 1, 1, 0)
    assert report["merge_ids"] == [m["id"] for m in engine.merges("boss")]
    assert engine.lead("boss", plus)["id"] == bare
    assert engine.find_lead("boss", "phone", "13800138000")["id"] == bare
    # The re-key, then the merge: a row on each lead of the merged lead's history.
    assert [row["action"] for row in engine.history("boss", bare)][-3:] == ["rekey", "merge", "merge"]
    assert engine.set_identity_rules("boss", {"default_region": "CN", "max_merge_size": 5})["needed"] is False
    assert engine.maintain("boss")["rekey"] is None


def test_the_conflict_review_queue_pages_filters_and_resolves(company: Company) -> None:
    e = company.engine
    e.set_identity_rules("boss", {"max_merge_size": 1})
    pairs = []
    for n in (1, 2, 3):
        a = company.capture(f"1380000000{n}")
        b = e.capture("boss", [("email", f"p{n}@example.com")], "shop")["lead"]["id"]
        [result] = e.ingest("boss", [record("app" if n == 2 else "web", ("phone", f"1380000000{n}"),
                                            ("email", f"p{n}@example.com"))])
        pairs.append((a, b, result["conflicts"][0]))
    ids = [conflict for _, _, conflict in pairs]

    first = e.identity_conflict_page("boss", limit=2)
    assert [c["id"] for c in first["conflicts"]] == ids[:2] and first["next_after"] == ids[1]
    rest = e.identity_conflict_page("boss", limit=2, after=first["next_after"])
    assert [c["id"] for c in rest["conflicts"]] == ids[2:] and rest["next_after"] is None
    newest = e.identity_conflict_page("boss", newest_first=True)
    assert [c["id"] for c in newest["conflicts"]] == ids[::-1]
    assert [c["id"] for c in e.identity_conflict_page("boss", channel="web")["conflicts"]] == [ids[0], ids[2]]
    assert [c["id"] for c in e.identity_conflict_page("boss", lead=pairs[1][1])["conflicts"]] == [ids[1]]
    assert e.identity_conflict_page("boss", rule="max_joins")["conflicts"] == []
    with pytest.raises(leadpool.InvalidArgument, match="limit"):
        e.identity_conflict_page("boss", limit=0)
    with pytest.raises(leadpool.InvalidArgument, match="state"):
        e.identity_conflict_page("boss", state="closed")  # type: ignore[arg-type]

    with pytest.raises(leadpool.InvalidArgument, match="reason"):
        e.resolve_identity_conflict("boss", ids[0], "dismiss")
    with pytest.raises(leadpool.NotFound):
        e.resolve_identity_conflict("boss", 999, "dismiss", "x")
    dismissed = e.resolve_identity_conflict("boss", ids[0], "dismiss", "two people")
    assert (dismissed["state"], dismissed["resolved_by"], dismissed["resolution_reason"]) == (
        "dismissed", "boss", "two people")
    [kept] = e.identity_conflict_page("boss", state="dismissed")["conflicts"]
    assert kept == dismissed and dismissed["resolved_at"] is not None and dismissed["resolved_at"] >= T0
    with pytest.raises(leadpool.Conflict, match="resolved already"):
        e.resolve_identity_conflict("boss", ids[0], "merge")
    assert [c["id"] for c in e.identity_conflict_page("boss")["conflicts"]] == ids[1:]
    assert len(e.identity_conflict_page("boss", state="all")["conflicts"]) == 3

    with pytest.raises(leadpool.Conflict, match="max_merge_size"):
        e.resolve_identity_conflict("boss", ids[1], "merge", "same person")
    e.set_identity_rules("boss", {"max_merge_size": 10})
    merged = e.resolve_identity_conflict("boss", ids[1], "merge", "same person")
    assert merged["state"] == "resolved" and len(merged["resolution_merges"]) == 1
    a, b, _ = pairs[1]
    assert e.lead("boss", b)["id"] == a
    page = e.merge_page("boss", reason="same person", by="boss")
    assert [m["id"] for m in page["merges"]] == merged["resolution_merges"] and page["next_after"] is None
    assert e.merge_page("boss", reason="ingest")["merges"] == []
    assert e.history("boss", a)[-1]["action"] == "resolve_conflict"
