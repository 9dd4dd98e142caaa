"""The referral-campaign part of :class:`leadpool.Engine`: referral trees, a lead's campaign
touches, and what a campaign brought."""

from __future__ import annotations

from typing import List, Optional, cast

from ._handles import _EngineCalls
from ._shapes import CampaignMetrics, ReferralTree, Touch, TouchModel
from ._native import encode_json, encode_text
from ._values import _fields


class _Referrals(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that read referral trees and campaigns."""

    def referrals(self, actor: str, lead_id: int, depth: int = 3) -> ReferralTree:
        """The referral tree below a lead (whom it brought, whom those brought, to ``depth``
        levels, 1..32) and the chain of its referrers above it: ``{"root": node, "chain":
        [{"lead", "tier", "owner"?}]}``, a node being ``{"lead", "tier", "converted", "owner"?,
        "depth", "size", "converted_leads", "levels", "more", "referrals": [node]}``.

        A lead the actor may not read is counted, with ``lead`` and ``tier`` ``None`` (and its
        ``owner`` under the duplicate disclosure ``"owner"``); under ``"none"`` it is left out
        with everything below it. More than 10000 leads raise :class:`leadpool.LimitExceeded`.
        """
        return cast(ReferralTree, self._json(
            "lp_lead_referrals", self._h, encode_text(actor, "actor"), lead_id, depth))

    def touches(self, actor: str, lead_id: int) -> List[Touch]:
        """Every record of the lead (and the leads merged into it) that carried an attribution,
        oldest first: ``[{"attribution": {"source", "medium", "campaign"}, "channel", "at",
        "lead"}]``. The first is the lead's first touch, the last its last."""
        return cast(List[Touch], self._json("lp_lead_touches", self._h, encode_text(actor, "actor"), lead_id))

    def campaign_metrics(self, actor: str, campaign: str, *, touch: Optional[TouchModel] = None) -> CampaignMetrics:
        """What ``campaign`` brought over the leads the actor may read (needs ``report``), placing
        a lead by its ``"first"`` (default) or ``"last"`` touch: ``{"campaign", "touch",
        "totals", "generations": [{"generation", ...}], "referrers": [{"referrer", "generation",
        ...}]}`` with the counts ``invited``, ``captured``, ``qualified``, ``won``, ``referred`` and
        ``viral_coefficient`` (docs/json.md)."""
        return cast(CampaignMetrics, self._json(
            "lp_campaign_metrics",
            self._h,
            encode_text(actor, "actor"),
            encode_json(_fields(campaign=campaign, touch=touch)),
        ))
