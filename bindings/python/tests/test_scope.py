"""What an actor learns outside their scope (docs/design.md 5.4): refusals, duplicate checks, lists."""

from __future__ import annotations

import pytest

import leadpool
from conftest import Company

BOBS_PHONE = "+8613900000301"


@pytest.fixture
def bobs(company: Company) -> int:
    lead = company.capture(BOBS_PHONE)
    company.engine.distribute("boss", lead, company.west, "bob")
    return lead


def set_disclosure(engine: leadpool.Engine, disclosure: str) -> None:
    policy = engine.policy("factory_led")
    policy["duplicates"] = {"salesperson": disclosure}
    engine.set_policy("boss", "factory_led", policy)


def test_a_lead_outside_the_scope_answers_as_an_unknown_id(company: Company, bobs: int) -> None:
    engine = company.engine
    unknown = bobs + 1000
    for lead in (bobs, unknown):
        with pytest.raises(leadpool.NotFound) as refused:
            engine.lead("ann", lead)
        assert str(refused.value) == f"no lead {lead}"
        with pytest.raises(leadpool.NotFound) as refused:
            engine.transition("ann", lead, "transfer", to_pool=company.east, expected_version=99)
        assert str(refused.value) == f"no lead {lead}"
        with pytest.raises(leadpool.NotFound):
            engine.history("ann", lead)
        assert engine.can("ann", "qualify", lead) is False


def test_the_default_disclosure_says_that_it_exists_and_nothing_more(company: Company, bobs: int) -> None:
    engine = company.engine
    exists = f"phone '{BOBS_PHONE}' belongs to a lead outside the scope of 'ann'"
    for attempt in (
        lambda: engine.find_lead("ann", "phone", BOBS_PHONE),
        lambda: engine.capture("ann", [("phone", BOBS_PHONE)], "fair"),
    ):
        with pytest.raises(leadpool.PermissionDenied) as refused:
            attempt()
        assert str(refused.value) == exists
    [result] = engine.ingest("ann", [{"channel": "fair", "identities": [("phone", BOBS_PHONE)]}])
    assert result["outcome"] == "rejected" and result["reason"] == exists and not result["lead"]


def test_owner_disclosure_names_who_follows_the_customer(company: Company, bobs: int) -> None:
    set_disclosure(company.engine, "owner")
    with pytest.raises(leadpool.PermissionDenied, match="owned by 'bob'"):
        company.engine.capture("ann", [("phone", BOBS_PHONE)], "fair")
    with pytest.raises(leadpool.PermissionDenied, match="owned by 'bob'"):
        company.engine.find_lead("ann", "phone", BOBS_PHONE)


def test_no_disclosure_keeps_the_record_apart_and_raises_a_conflict_for_review(
    company: Company, bobs: int
) -> None:
    engine = company.engine
    set_disclosure(engine, "none")
    assert engine.find_lead("ann", "phone", BOBS_PHONE) is None
    captured = engine.capture("ann", [("phone", BOBS_PHONE), ("email", "lin@example.com")], "fair")
    assert captured["created"] is True and captured["conflicts"] == []
    assert [i["value"] for i in captured["lead"]["identities"]] == ["lin@example.com"]
    [conflict] = engine.identity_conflicts("boss")
    assert conflict["rule"] == "out_of_scope" and conflict["others"] == [bobs]
    assert engine.identity_conflicts("ann") == []
    engine.merge_leads("boss", bobs, captured["lead"]["id"], "one person")
    assert len(engine.merges("bob")) == 1
    assert engine.merges("ann") == []


def test_a_policy_with_a_disclosure_for_an_unlisted_role_is_refused(company: Company) -> None:
    with pytest.raises(leadpool.InvalidArgument, match="duplicates.nobody"):
        company.engine.set_policy("boss", "factory_led", {"roles": {"director": []}, "duplicates": {"nobody": "none"}})
