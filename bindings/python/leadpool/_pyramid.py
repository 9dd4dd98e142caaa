"""The pyramid part of :class:`leadpool.Engine`: the legal moves between tiers, the permission
check, and the funnel they add up to."""

from __future__ import annotations

import ctypes
from typing import Any, Dict, Iterable, List, Mapping, Optional, cast

from ._handles import _EngineCalls
from ._time import Time, to_milliseconds
from ._shapes import FunnelReport, Lead, TouchModel
from ._native import encode_json, encode_text
from ._values import _fields, transition_request


class _Pyramid(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that move leads and count the funnel."""

    # ---- transitions -------------------------------------------------------------------------

    def transition(
        self,
        actor: str,
        lead_id: int,
        action: str,
        *,
        to_pool: Optional[int] = None,
        to_owner: Optional[str] = None,
        reason: Optional[str] = None,
        expected_version: int = 0,
        over_cap_reason: Optional[str] = None,
    ) -> Lead:
        """Moves one lead in the pyramid; returns the lead as it is after the move.

        ``action``: one of ``distribute``, ``transfer``, ``return_to_master``, ``qualify``,
        ``win``, ``lose``, ``reactivate``, ``invalidate``, ``restore``. A move the pyramid does
        not list raises :class:`leadpool.IllegalTransition`. A move that hands ``to_owner`` a
        lead at their cap raises :class:`leadpool.LimitExceeded`, unless a manager passes it
        with ``over_cap_reason``.
        """
        request = transition_request(
            lead_id,
            action,
            to_pool=to_pool,
            to_owner=to_owner,
            reason=reason,
            expected_version=expected_version,
            over_cap_reason=over_cap_reason,
        )
        return cast(Lead, self._json(
            "lp_lead_transition", self._h, encode_text(actor, "actor"), encode_json(request)
        ))

    def transition_batch(self, actor: str, requests: Iterable[Mapping[str, Any]]) -> List[Lead]:
        """Applies requests (see :func:`transition_request`) in order, all or nothing.

        Returns the lead after each request. At most 10000 requests.
        """
        return cast(List[Lead], self._json(
            "lp_lead_transition_batch",
            self._h,
            encode_text(actor, "actor"),
            encode_json([dict(r) if isinstance(r, Mapping) else r for r in requests]),
        ))

    def distribute(
        self,
        actor: str,
        lead_id: int,
        to_pool: int,
        to_owner: Optional[str] = None,
        *,
        expected_version: int = 0,
        over_cap_reason: Optional[str] = None,
    ) -> Lead:
        """master -> sub pool ``to_pool``, optionally to an owner (within their cap, or a
        manager's ``over_cap_reason``)."""
        return self.transition(
            actor,
            lead_id,
            "distribute",
            to_pool=to_pool,
            to_owner=to_owner,
            expected_version=expected_version,
            over_cap_reason=over_cap_reason,
        )

    def transfer(
        self,
        actor: str,
        lead_id: int,
        to_pool: Optional[int] = None,
        to_owner: Optional[str] = None,
        *,
        expected_version: int = 0,
        over_cap_reason: Optional[str] = None,
    ) -> Lead:
        """sub -> another sub pool and/or another owner. The new owner gets it within their cap, or by a manager's
        ``over_cap_reason``."""
        return self.transition(
            actor,
            lead_id,
            "transfer",
            to_pool=to_pool,
            to_owner=to_owner,
            expected_version=expected_version,
            over_cap_reason=over_cap_reason,
        )

    def return_to_master(
        self, actor: str, lead_id: int, reason: Optional[str] = None, *, expected_version: int = 0
    ) -> Lead:
        """sub -> master pool (the owner is cleared)."""
        return self.transition(
            actor, lead_id, "return_to_master", reason=reason, expected_version=expected_version
        )

    def qualify(
        self, actor: str, lead_id: int, to_owner: Optional[str] = None, *, expected_version: int = 0
    ) -> Lead:
        """sub -> opportunity (owner: ``to_owner``, else the current owner, else the actor)."""
        return self.transition(actor, lead_id, "qualify", to_owner=to_owner, expected_version=expected_version)

    def win(self, actor: str, lead_id: int, *, expected_version: int = 0) -> Lead:
        """opportunity -> order."""
        return self.transition(actor, lead_id, "win", expected_version=expected_version)

    def lose(self, actor: str, lead_id: int, reason: str, *, expected_version: int = 0) -> Lead:
        """opportunity -> lost, with a reason."""
        return self.transition(actor, lead_id, "lose", reason=reason, expected_version=expected_version)

    def reactivate(
        self,
        actor: str,
        lead_id: int,
        to_pool: Optional[int] = None,
        to_owner: Optional[str] = None,
        *,
        expected_version: int = 0,
        over_cap_reason: Optional[str] = None,
    ) -> Lead:
        """lost -> sub pool ``to_pool``, or the master pool when ``to_pool`` is ``None``. The new owner gets it within their cap, or by a manager's
        ``over_cap_reason``."""
        return self.transition(
            actor,
            lead_id,
            "reactivate",
            to_pool=to_pool,
            to_owner=to_owner,
            expected_version=expected_version,
            over_cap_reason=over_cap_reason,
        )

    def invalidate(self, actor: str, lead_id: int, reason: str, *, expected_version: int = 0) -> Lead:
        """any tier but invalid -> invalid, with a reason."""
        return self.transition(actor, lead_id, "invalidate", reason=reason, expected_version=expected_version)

    def restore(self, actor: str, lead_id: int, *, expected_version: int = 0) -> Lead:
        """invalid -> master pool (the owner is cleared)."""
        return self.transition(actor, lead_id, "restore", expected_version=expected_version)

    def can(self, actor: str, action: str, lead_id: int = 0) -> bool:
        """Whether the actor may perform ``action`` on the lead now.

        For organisation actions (``report``, ``manage_pools``, ``manage_users``,
        ``manage_org``) ``lead_id`` is ignored.
        """
        out = ctypes.c_int(0)
        self._call(
            "lp_lead_can",
            ctypes.byref(out),
            self._h,
            encode_text(actor, "actor"),
            encode_text(action, "action"),
            lead_id,
        )
        return bool(out.value)

    # ---- reports -----------------------------------------------------------------------------

    def funnel(
        self,
        actor: str,
        *,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        captured_from: Optional[Time] = None,
        captured_to: Optional[Time] = None,
        campaign: Optional[str] = None,
        touch: Optional[TouchModel] = None,
        score: Optional[Mapping[str, Any]] = None,
    ) -> FunnelReport:
        """The funnel over the leads the actor may read (needs ``report``); with ``campaign``, over
        those whose ``"first"`` (default) or ``"last"`` ``touch`` has that campaign; ``score``
        ``{"model", "min"?, "max"?}`` keeps the leads in that score band.

        ``{"leads", "tiers": [{"tier", "at", "reached"}], "conversions": [{"from", "to",
        "rate"}], "main_line_conversion"}``.
        """
        fields = _fields(
            pool=pool,
            owner=owner,
            channel=channel,
            captured_from=to_milliseconds(captured_from),
            captured_to=to_milliseconds(captured_to),
            campaign=campaign,
            touch=touch,
            score=score,
        )
        return cast(FunnelReport, self._json(
            "lp_funnel_report",
            self._h,
            encode_text(actor, "actor"),
            encode_json(fields) if fields else None,
        ))
