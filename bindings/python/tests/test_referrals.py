"""Referral campaigns: referral trees, a lead's touches and campaign metrics."""

from __future__ import annotations

from typing import Any, Dict, Optional, Set

import pytest

import leadpool
from conftest import Company


def invite(e: leadpool.Engine, phone: str, referrer: Optional[str] = None, campaign: str = "spring") -> int:
    record: Dict[str, Any] = {"channel": "wechat_mini_program", "identities": [("phone", phone)],
                              "attribution": {"source": "wechat", "medium": "share", "campaign": campaign}}
    if referrer is not None:
        record["referrer"] = ("phone", referrer)
    [result] = e.ingest("boss", [record])
    lead = result["lead"]
    assert lead is not None
    return lead


def _keys(shape: Any) -> Set[str]:
    return set(shape.__required_keys__) | set(shape.__optional_keys__)


def test_a_referral_tree_and_its_chain(company: Company) -> None:
    e = company.engine
    seed = invite(e, "13800000001")
    a = invite(e, "13800000002", "13800000001")
    a1 = invite(e, "13800000003", "13800000002")
    tree = e.referrals("boss", seed, 2)
    root = tree["root"]
    assert root["lead"] == seed and root["size"] == 3 and root["levels"] == 2
    assert [n["lead"] for n in root["referrals"]] == [a]
    assert root["referrals"][0]["referrals"][0]["lead"] == a1
    assert set(root) <= _keys(leadpool.ReferralNode)
    assert [link["lead"] for link in e.referrals("boss", a1)["chain"]] == [a, seed]
    assert e.referrals("boss", seed, 1)["root"]["referrals"][0]["more"] is True


def test_a_referral_that_would_make_a_cycle_is_dropped(company: Company) -> None:
    e = company.engine
    seed = invite(e, "13800000001")
    invite(e, "13800000002", "13800000001")
    [result] = e.ingest("boss", [{"channel": "web", "identities": [("phone", "13800000001")],
                                  "referrer": ("phone", "13800000002")}])
    assert result["dropped"] == ["referrer: phone '+8613800000002' names a lead the record's lead brought (a cycle)"]
    assert e.lead("boss", seed)["referred_by"] is None


def test_bad_depth_and_unknown_lead_are_refused(company: Company) -> None:
    e = company.engine
    seed = invite(e, "13800000001")
    with pytest.raises(leadpool.InvalidArgument, match="depth"):
        e.referrals("boss", seed, 0)
    with pytest.raises(leadpool.NotFound):
        e.referrals("boss", 999)


def test_touches_and_campaign_metrics(company: Company) -> None:
    e = company.engine
    seed = invite(e, "13800000001")
    invite(e, "13800000002", "13800000001")
    invite(e, "13800000002", None, "summer")
    touches = e.touches("boss", seed)
    assert [t["attribution"]["campaign"] for t in touches] == ["spring"]
    assert set(touches[0]) == _keys(leadpool.Touch)

    first = e.campaign_metrics("boss", "spring")
    assert first["touch"] == "first"
    assert first["totals"]["captured"] == 2 and first["totals"]["referred"] == 1
    assert first["totals"]["viral_coefficient"] == 0.5
    assert [g["captured"] for g in first["generations"]] == [1, 1]
    assert first["referrers"][0]["referrer"] == seed and first["referrers"][0]["invited"] == 1
    assert set(first) == _keys(leadpool.CampaignMetrics)
    assert set(first["generations"][0]) == _keys(leadpool.CampaignGeneration)
    assert set(first["referrers"][0]) == _keys(leadpool.ReferrerCounts)

    last = e.campaign_metrics("boss", "spring", touch="last")
    assert last["totals"]["captured"] == 1  # the friend's last touch is summer
    with pytest.raises(leadpool.InvalidArgument, match="touch"):
        e.campaign_metrics("boss", "spring", touch="middle")  # type: ignore[arg-type]
    with pytest.raises(leadpool.InvalidArgument, match="campaign"):
        e.campaign_metrics("boss", "")


def test_last_touch_and_the_funnel_by_campaign(company: Company) -> None:
    e = company.engine
    lead = invite(e, "13800000001")
    invite(e, "13800000001", None, "summer")
    read = e.lead("boss", lead)
    assert read["attribution"]["campaign"] == "spring" and read["last_attribution"]["campaign"] == "summer"
    assert e.funnel("boss", campaign="spring")["leads"] == 1
    assert e.funnel("boss", campaign="spring", touch="last")["leads"] == 0
    assert e.funnel("boss", campaign="summer", touch="last")["leads"] == 1
