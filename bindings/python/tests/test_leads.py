"""Leads: capture, lookup, lists and iterators, updates, history."""

from __future__ import annotations

import gc
from typing import Any

import pytest

import leadpool
from conftest import DAY, T0, Company


def test_capture_creates_then_updates_the_same_lead(engine: leadpool.Engine) -> None:
    first = engine.capture(
        "boss",
        [("phone", " 13800000001 "), {"kind": "wechat_openid", "value": "o-1", "scope": "wx-app"}],
        "wechat_mini_program",
        attributes={"name": "Li", "address": {"city": "Hangzhou"}},
        attribution={"source": "wechat", "medium": "social", "campaign": "spring"},
        tags=("new",),
    )
    assert first["created"] is True
    lead = first["lead"]
    assert lead["tier"] == "master" and lead["pool"] == 1 and not lead["owner"]
    assert lead["channel"] == "wechat_mini_program"
    assert lead["attribution"] == {"source": "wechat", "medium": "social", "campaign": "spring"}
    assert lead["tags"] == ["new"]
    assert {"kind": "phone", "value": "+8613800000001"} in [
        {k: v for k, v in i.items() if v} for i in lead["identities"]
    ]

    again = engine.capture(
        "boss", [("email", "LI@Example.com"), ("phone", "13800000001")], "web",
        attributes={"address": {"zip": "310000"}}, tags=["web"],
    )
    assert again["created"] is False
    merged = again["lead"]
    assert merged["id"] == lead["id"]
    assert merged["attributes"] == {"name": "Li", "address": {"city": "Hangzhou", "zip": "310000"}}
    assert merged["channels"] == ["wechat_mini_program", "web"]
    assert merged["tags"] == ["new", "web"]
    assert merged["version"] > lead["version"]


def test_capture_batch_is_all_or_nothing(engine: leadpool.Engine) -> None:
    results = engine.capture_batch(
        "boss",
        [
            {"identities": [("phone", "13800000001")], "channel": "shop"},
            {"identities": [leadpool.identity("phone", "13800000002")], "channel": "shop", "tags": ["x"]},
            {"identities": [("phone", "138-0000-0001")], "channel": "web"},
        ],
    )
    assert [r["created"] for r in results] == [True, True, False]
    assert results[0]["lead"]["id"] == results[2]["lead"]["id"]
    with pytest.raises(leadpool.InvalidArgument):
        engine.capture_batch(
            "boss",
            [{"identities": [("phone", "13800000003")], "channel": "shop"}, {"identities": [], "channel": "shop"}],
        )
    assert engine.find_lead("boss", "phone", "13800000003") is None
    assert engine.funnel("boss")["leads"] == 2


def test_lead_and_find_lead(company: Company) -> None:
    e = company.engine
    lead_id = company.capture("13800000001")
    assert e.lead("boss", lead_id)["id"] == lead_id
    found = e.find_lead("boss", "phone", "13800000001")
    assert found is not None and found["id"] == lead_id
    assert e.find_lead("boss", "phone", "13999999999") is None
    e.capture("boss", [("external_id", "C-9", "erp")], "import")
    assert e.find_lead("boss", "external_id", "C-9", scope="erp") is not None
    # Ann may not read a lead in the master pool: the duplicate check says it exists, the read
    # answers as for an unknown id.
    with pytest.raises(leadpool.PermissionDenied, match="belongs to a lead outside the scope of 'ann'"):
        e.find_lead("ann", "phone", "13800000001")
    assert e.find_lead("ann", "phone", "13999999999") is None
    with pytest.raises(leadpool.NotFound, match=f"^no lead {lead_id}$"):
        e.lead("ann", lead_id)
    with pytest.raises(leadpool.NotFound):
        e.lead("boss", 12345)


def test_leads_filters_and_pages(company: Company) -> None:
    e = company.engine
    ids = [company.capture(f"1380000000{i}", "web" if i % 2 else "shop", tags=["even"] if i % 2 == 0 else [])
           for i in range(6)]
    e.set_time(T0 + DAY)
    late = company.capture("13900000000", "web")
    e.distribute("boss", ids[0], company.east, "ann")
    e.distribute("boss", ids[1], company.west, "bob")

    page = e.leads("boss", limit=4)
    assert [l["id"] for l in page["leads"]] == ids[:4]
    assert page["next_after"] == ids[3]
    rest = e.leads("boss", after=page["next_after"], limit=4)
    assert [l["id"] for l in rest["leads"]] == ids[4:] + [late]
    assert rest["next_after"] is None

    def listed(**filters: Any) -> list:
        return [l["id"] for l in e.leads("boss", **filters)["leads"]]

    assert listed(tier="sub") == ids[:2]
    assert listed(pool=company.east) == [ids[0]]
    assert listed(owner="bob") == [ids[1]]
    assert listed(channel="shop") == ids[0::2]
    assert listed(tag="even") == ids[0::2]
    assert listed(created_from=T0 + DAY) == [late]
    assert listed(created_to=T0 + DAY) == ids
    # Ann sees only the pool she runs, whatever she asks for.
    assert [l["id"] for l in e.leads("ann")["leads"]] == [ids[0]]
    with pytest.raises(leadpool.InvalidArgument):
        e.leads("boss", limit=1001)
    with pytest.raises(leadpool.InvalidArgument):
        e.leads("boss", tier="heaven")
    with pytest.raises(leadpool.NotFound):
        e.leads("boss", pool=999)


def test_leads_search_and_sorted_cursor_pages(company: Company) -> None:
    e = company.engine
    anna = company.capture("+39 333 111 2222", attributes={"name": "Anna", "city": "Milano", "age": 41},
                           attribution={"source": "web", "medium": "cpc", "campaign": "spring"})
    bruno = company.capture("+39 02 1234 5678", attributes={"name": "Bruno", "city": "Torino", "age": 29})
    chiara = company.capture("+39 333 999 0000", attributes={"name": "CHIARA", "company": "Milano Srl"})
    e.set_time(T0 + DAY)
    e.distribute("boss", bruno, company.east, "ann")

    def listed(**filters: Any) -> list:
        return [l["id"] for l in e.leads("boss", **filters)["leads"]]

    assert listed(text={"query": "milano", "fields": ["city", "company"]}) == [anna, chiara]
    assert listed(identity={"kind": "phone", "prefix": "+39333"}) == [anna, chiara]
    assert listed(attributes=[{"field": "attributes.age", "op": "range", "min": 30}]) == [anna]
    assert listed(campaign="spring") == [anna]
    assert listed(active_from=T0 + DAY) == [bruno]

    # Newest activity first; the two leads captured together keep id order, descending.
    first = e.leads("boss", sort="last_activity", descending=True, limit=2)
    assert [l["id"] for l in first["leads"]] == [bruno, chiara]
    assert first["next_after"] is None
    cursor = first["next_cursor"]
    assert cursor == {"key": T0, "id": chiara}
    rest = e.leads("boss", sort="last_activity", descending=True, limit=2, cursor=cursor)
    assert [l["id"] for l in rest["leads"]] == [anna]
    assert rest["next_cursor"] is None
    assert [l["id"] for l in e.iter_leads("boss", text={"query": "A", "fields": ["name"]})] == [anna, chiara]

    with pytest.raises(leadpool.InvalidArgument, match="text.query"):
        e.leads("boss", text={"query": "", "fields": ["name"]})
    with pytest.raises(leadpool.InvalidArgument, match="attributes"):
        e.leads("boss", attributes=[{"field": "channel", "op": "equals", "values": ["web"]}])
    with pytest.raises(leadpool.InvalidArgument, match="cursor"):
        e.leads("boss", after=anna, cursor={"key": T0, "id": anna})
    with pytest.raises(leadpool.InvalidArgument, match="sort"):
        e.leads("boss", sort="rank")  # type: ignore[arg-type]


def test_iter_leads_walks_every_page_and_closes(company: Company) -> None:
    e = company.engine
    ids = [r["lead"]["id"] for r in e.capture_batch(
        "boss", [{"identities": [("phone", f"1{n:010d}")], "channel": "web"} for n in range(25)])]
    it = e.iter_leads("boss", page_size=4)
    assert [lead["id"] for lead in it] == ids
    assert it.closed
    assert list(it) == []
    assert [lead["id"] for lead in e.iter_leads("boss", channel="web", page_size=1000)] == ids
    assert list(e.iter_leads("boss", channel="none")) == []


def test_iter_leads_closes_early_and_when_garbage(company: Company) -> None:
    e = company.engine
    for n in range(5):
        company.capture(f"1380000000{n}")
    with e.iter_leads("boss", page_size=2) as it:
        next(it)
    assert it.closed
    assert list(it) == []

    it = e.iter_leads("boss", page_size=2)
    finalizer = it._finalizer
    del it
    gc.collect()
    assert not finalizer.alive


def test_an_iterator_outliving_its_engine_raises_engine_closed(company: Company) -> None:
    e = company.engine
    for n in range(5):
        company.capture(f"1380000000{n}")
    walking = e.iter_leads("boss", page_size=2)
    next(walking), next(walking)  # the first page is used up: the next call asks the C iterator
    finished = e.iter_leads("boss", page_size=10)
    assert len(list(finished)) == 5
    e.close()
    assert not walking.closed  # its C iterator stays until it is closed, and answers for itself
    for _ in range(2):
        with pytest.raises(leadpool.EngineClosed, match="engine is closed") as info:
            next(walking)
        assert info.value.status == leadpool.EngineClosed.code
    walking.close()
    assert walking.closed
    assert list(walking) == []
    assert list(finished) == []  # a walk that ended stays ended


def test_iter_leads_refuses_bad_input_at_once(company: Company) -> None:
    with pytest.raises(leadpool.InvalidArgument):
        company.engine.iter_leads("boss", page_size=0)
    with pytest.raises(leadpool.NotFound):
        company.engine.iter_leads("boss", pool=999)
    with pytest.raises(leadpool.PermissionDenied):
        company.engine.iter_leads("nobody")


def test_update_lead_merges_tags_and_checks_the_version(company: Company) -> None:
    e = company.engine
    lead_id = company.capture("13800000001", attributes={"a": 1}, tags=["old", "keep"])
    version = e.lead("boss", lead_id)["version"]
    lead = e.update_lead("boss", lead_id, attributes={"b": 2}, add_tags=["new"], remove_tags=["old"],
                         expected_version=version)
    assert lead["attributes"] == {"a": 1, "b": 2}
    assert lead["tags"] == ["keep", "new"]
    with pytest.raises(leadpool.Conflict):
        e.update_lead("boss", lead_id, add_tags=["x"], expected_version=version)
    assert e.lead("boss", lead_id) == lead


def test_history_records_every_change(company: Company) -> None:
    e = company.engine
    lead_id = company.capture("13800000001")
    e.update_lead("boss", lead_id, add_tags=["vip"])
    e.distribute("boss", lead_id, company.east, "ann")
    e.qualify("ann", lead_id)
    rows = e.history("boss", lead_id)
    assert [r["action"] for r in rows] == ["capture", "update", "distribute", "qualify"]
    assert [r["actor"] for r in rows] == ["boss", "boss", "boss", "ann"]
    assert rows[2]["from"] == {"tier": "master", "pool": 1, "owner": None}
    assert rows[2]["to"] == {"tier": "sub", "pool": company.east, "owner": "ann"}
    assert rows[0]["detail"]["channel"] == "web"
    assert rows[1]["detail"]["add_tags"] == ["vip"]
    assert all(r["lead"] == lead_id for r in rows)
    assert e.history("ann", lead_id) == rows
    with pytest.raises(leadpool.NotFound):
        e.history("boss", 999)
