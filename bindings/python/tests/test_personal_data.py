"""Personal data: erasure (with suppression) and subject access, and their errors."""

from __future__ import annotations

import json

import pytest

import leadpool
from conftest import Company


def li(company: Company) -> int:
    """Li: a web record with a record id, an event and a name, and a follow-up with a note."""
    e = company.engine
    lead = e.ingest(
        "boss",
        [
            {
                "channel": "web",
                "record_id": "w-li",
                "identities": [("phone", "13800138000"), ("email", "li@example.com")],
                "attributes": {"name": "Li Lei", "city": "Hangzhou"},
                "events": [{"type": "page_view", "payload": {"path": "/li"}}],
            }
        ],
    )[0]["lead"]
    e.follow_up("boss", lead, "call", note="Li Lei wants a demo")
    return lead


def test_subject_access_reads_the_person_and_records_no_identity(company: Company) -> None:
    e = company.engine
    lead = li(company)
    data = e.personal_data("boss", ("phone", "+86 138 0013 8000"))
    assert data["lead"]["id"] == lead and data["leads"] == []
    assert data["identities"] == [
        {"kind": "phone", "value": "+8613800138000"},
        {"kind": "email", "value": "li@example.com"},
    ]
    assert {(a["field"], a["value"], a["channel"]) for a in data["attributes"]} == {
        ("name", "Li Lei", "web"),
        ("city", "Hangzhou", "web"),
    }
    assert data["follow_ups"][0]["note"] == "Li Lei wants a demo"
    assert data["events"][0]["payload"] == {"path": "/li"}
    assert [h["action"] for h in data["history"]] == ["capture", "follow_up"]
    assert data["merges"] == data["opportunities"] == data["conflicts"] == []
    exported = e.org_history("boss")[-1]
    assert exported["kind"] == "personal_data_exported"
    assert exported["detail"] == {"lead": lead, "leads": [lead]}
    # An identity object works as well as a tuple.
    assert e.personal_data("boss", {"kind": "email", "value": "LI@example.com"})["lead"]["id"] == lead


def test_subject_access_errors(company: Company) -> None:
    e = company.engine
    li(company)
    with pytest.raises(leadpool.NotFound, match="no lead holds phone '\\+8613900139000'"):
        e.personal_data("boss", ("phone", "13900139000"))
    with pytest.raises(leadpool.NotFound, match="no lead holds"):
        e.personal_data("ann", ("phone", "13800138000"))  # the master pool is beyond ann
    with pytest.raises(leadpool.InvalidArgument):
        e.personal_data("boss", ("email", "not an address"))
    with pytest.raises(leadpool.PermissionDenied):
        e.personal_data("nobody", ("phone", "13800138000"))


def test_erase_keeps_the_lead_and_takes_the_person(company: Company) -> None:
    e = company.engine
    lead = li(company)
    e.distribute("boss", lead, company.east, "ann")
    before = e.lead("boss", lead)
    funnel = e.funnel("boss")
    report = e.erase("boss", lead, "request 7")
    assert report["lead"] == lead and report["leads"] == [lead]
    assert report["identities"] == 2 and report["suppressed"] == 0
    assert report["deliveries"] == 1 and report["events"] == 1 and report["scrub"] == "complete"
    after = e.lead("boss", lead)
    assert after["identities"] == []
    assert after["attributes"] == {"name": "[erased]", "city": "[erased]"}
    assert (after["tier"], after["pool"], after["owner"]) == (before["tier"], before["pool"], before["owner"])
    assert e.funnel("boss") == funnel
    history = e.history("boss", lead)
    assert [h["action"] for h in history] == ["capture", "follow_up", "distribute", "erase_personal_data"]
    text = json.dumps([history, e.events("boss", lead), e.activities("boss", lead), e.changes("boss")])
    for value in ("13800138000", "li@example.com", "Li Lei", "Hangzhou", "w-li"):
        assert value not in text
    assert e.find_lead("boss", "phone", "13800138000") is None
    # A later capture of the same person is a new lead: they were not suppressed.
    assert e.capture("boss", [("phone", "13800138000")], "web")["lead"]["id"] != lead


def test_erase_errors(company: Company) -> None:
    e = company.engine
    lead = li(company)
    with pytest.raises(leadpool.InvalidArgument, match="reason is empty"):
        e.erase("boss", lead, " ")
    with pytest.raises(leadpool.NotFound, match="no lead 999"):
        e.erase("boss", 999, "gdpr")
    with pytest.raises(leadpool.NotFound, match=f"no lead {lead}"):
        e.erase("ann", lead, "gdpr")
    with pytest.raises(leadpool.PermissionDenied):
        e.erase("nobody", lead, "gdpr")
    assert e.lead("boss", lead)["identities"] != []  # nothing changed
    e.erase("boss", lead, "gdpr")
    with pytest.raises(leadpool.Conflict, match="erased before"):
        e.erase("boss", lead, "gdpr")


def test_a_suppressed_person_is_refused(company: Company) -> None:
    e = company.engine
    lead = li(company)
    assert e.erase("boss", lead, "do not contact me", suppress=True)["suppressed"] == 2
    with pytest.raises(leadpool.Suppressed, match="suppressed") as refused:
        e.capture("boss", [("email", "Li@Example.com")], "web")
    assert refused.value.status == 11 and isinstance(refused.value, leadpool.Error)
    results = e.ingest(
        "boss",
        [
            {"channel": "shop", "identities": [("phone", "138 0013 8000")]},
            {"channel": "shop", "identities": [("phone", "13700137000")], "referrer": ("phone", "13800138000")},
        ],
    )
    assert [(r["outcome"], r["error"]) for r in results] == [("rejected", "suppressed"), ("created", None)]
    assert results[1]["dropped"] == ["referrer: phone '+8613800138000' is suppressed"]
    with pytest.raises(leadpool.Suppressed):
        e.ingest("boss", [{"channel": "shop", "identities": [("phone", "13800138000")]}], all_or_nothing=True)
