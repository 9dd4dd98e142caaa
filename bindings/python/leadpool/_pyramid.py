"""The pyramid part of :class:`leadpool.Engine`: the legal moves between tiers, the permission
check, and the funnel they add up to."""

from __future__ import annotations

import ctypes
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union, cast

from ._handles import _EngineCalls
from ._time import Time, to_milliseconds
from ._shapes import (
    BreakdownKey, CaptureCohorts, CohortPeriod, DurationStats, FunnelBreakdown, FunnelReport, Lead, MoveKey,
    TierMoves, TierTimes, TierTimesKey, TierTimesPart, TouchModel,
)
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
        fields = _funnel_filter(pool, owner, channel, captured_from, captured_to, campaign, touch, score)
        return cast(FunnelReport, self._json(
            "lp_funnel_report",
            self._h,
            encode_text(actor, "actor"),
            encode_json(fields) if fields else None,
        ))

    def funnel_breakdown(
        self,
        actor: str,
        by: Union[BreakdownKey, Sequence[BreakdownKey]],
        *,
        score_model: Optional[str] = None,
        band_width: Optional[int] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        captured_from: Optional[Time] = None,
        captured_to: Optional[Time] = None,
        campaign: Optional[str] = None,
        touch: Optional[TouchModel] = None,
        score: Optional[Mapping[str, Any]] = None,
    ) -> FunnelBreakdown:
        """The funnel over the same leads as :meth:`funnel`, broken down by one or two keys in one
        read (needs ``report``): ``by`` is a key or a pair, e.g. ``("pool", "capture_month")``;
        ``score_model`` (and ``band_width``, default 10) for ``"score_band"``.

        ``{"keys", "rows": [{"group": {key: value}, "report": FunnelReport}], "total":
        FunnelReport}``; :func:`leadpool.breakdown_rows` flattens it into rows for a data frame.
        """
        keys = [by] if isinstance(by, str) else list(by)
        request = _fields(keys=keys, score_model=score_model, band_width=band_width)
        fields = _funnel_filter(pool, owner, channel, captured_from, captured_to, campaign, touch, score)
        return cast(FunnelBreakdown, self._json(
            "lp_funnel_breakdown",
            self._h,
            encode_text(actor, "actor"),
            encode_json(fields) if fields else None,
            encode_json(request),
        ))

    def tier_moves(
        self,
        actor: str,
        start: Time,
        end: Time,
        *,
        by: Optional[MoveKey] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        captured_from: Optional[Time] = None,
        captured_to: Optional[Time] = None,
        campaign: Optional[str] = None,
        touch: Optional[TouchModel] = None,
        score: Optional[Mapping[str, Any]] = None,
    ) -> TierMoves:
        """The period report (needs ``report``): how many of the leads :meth:`funnel` would count
        moved into each tier during [``start``, ``end``), from their history — a capture into
        master, any other row into its new tier when the tier changes — whole or ``by`` the
        ``"pool"`` or ``"owner"`` moved to or the ``"month"`` of the move.

        ``{"from", "to", "by", "rows": [{"group", "into": {tier: n}}], "into": {tier: n}}``;
        :func:`leadpool.moves_rows` flattens the rows for a data frame.
        """
        request = _fields(**{"from": to_milliseconds(start), "to": to_milliseconds(end), "by": by})
        fields = _funnel_filter(pool, owner, channel, captured_from, captured_to, campaign, touch, score)
        return cast(TierMoves, self._json(
            "lp_tier_moves",
            self._h,
            encode_text(actor, "actor"),
            encode_json(fields) if fields else None,
            encode_json(request),
        ))

    def capture_cohorts(
        self,
        actor: str,
        period: Optional[CohortPeriod] = None,
        periods_after: Optional[int] = None,
        *,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        captured_from: Optional[Time] = None,
        captured_to: Optional[Time] = None,
        campaign: Optional[str] = None,
        touch: Optional[TouchModel] = None,
        score: Optional[Mapping[str, Any]] = None,
    ) -> CaptureCohorts:
        """The capture cohort table (needs ``report``): the leads :meth:`funnel` would count by the
        ``"week"`` or ``"month"`` (default) they were captured in, each followed through the next
        ``periods_after`` (default 3, at most 24) periods: how many had first moved into sub,
        opportunity and order by the end of each, from their history.

        ``{"period", "periods_after", "cohorts": [{"start", "leads", "reached": [{"sub",
        "opportunity", "order"}]}]}``; :func:`leadpool.cohort_rows` flattens it for a data frame.
        """
        request = _fields(period=period, periods_after=periods_after)
        fields = _funnel_filter(pool, owner, channel, captured_from, captured_to, campaign, touch, score)
        return cast(CaptureCohorts, self._json(
            "lp_capture_cohorts",
            self._h,
            encode_text(actor, "actor"),
            encode_json(fields) if fields else None,
            encode_json(request) if request else None,
        ))

    def tier_times(
        self,
        actor: str,
        *,
        start: Optional[Time] = None,
        end: Optional[Time] = None,
        at: Optional[Time] = None,
        by: Optional[TierTimesKey] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        captured_from: Optional[Time] = None,
        captured_to: Optional[Time] = None,
        campaign: Optional[str] = None,
        touch: Optional[TouchModel] = None,
        score: Optional[Mapping[str, Any]] = None,
    ) -> TierTimes:
        """Time in tier, velocity and revenue (needs ``report``) over the leads :meth:`funnel`
        would count: per tier the stays that ended in [``start``, ``end``) (either unbounded when
        None) and those open at ``at`` (default the engine clock's now), with count, median and p90
        (nearest rank) and mean in ms; capture to first order; the won orders' count, sum and mean
        ``order_amount``. Whole or ``by`` the lead's pool, owner, channel, campaign, capture month
        or week.

        ``{"from", "to", "at", "by", "rows": [{"group", "times": part}], "total": part}``, a part
        ``{"tiers": {tier: {"finished": stats, "open": stats}}, "to_order": stats, "revenue"}``;
        :func:`leadpool.times_rows` flattens it for a data frame.
        """
        request = _fields(**{
            "from": to_milliseconds(start), "to": to_milliseconds(end), "at": to_milliseconds(at), "by": by,
        })
        fields = _funnel_filter(pool, owner, channel, captured_from, captured_to, campaign, touch, score)
        return cast(TierTimes, self._json(
            "lp_tier_times",
            self._h,
            encode_text(actor, "actor"),
            encode_json(fields) if fields else None,
            encode_json(request) if request else None,
        ))


def _funnel_filter(
    pool: Optional[int],
    owner: Optional[str],
    channel: Optional[str],
    captured_from: Optional[Time],
    captured_to: Optional[Time],
    campaign: Optional[str],
    touch: Optional[TouchModel],
    score: Optional[Mapping[str, Any]],
) -> Dict[str, Any]:
    """The FunnelFilter fields set (docs/json.md)."""
    return _fields(
        pool=pool,
        owner=owner,
        channel=channel,
        captured_from=to_milliseconds(captured_from),
        captured_to=to_milliseconds(captured_to),
        campaign=campaign,
        touch=touch,
        score=score,
    )


def report_row(report: FunnelReport) -> Dict[str, Any]:
    """A FunnelReport as one flat dict: ``leads``, ``at_<tier>`` and ``reached_<tier>`` for every
    tier, ``<from>_to_<to>`` for each conversion rate, and ``main_line_conversion``."""
    row: Dict[str, Any] = {"leads": report["leads"]}
    for count in report["tiers"]:
        row["at_" + count["tier"]] = count["at"]
        row["reached_" + count["tier"]] = count["reached"]
    for conversion in report["conversions"]:
        row[conversion["from"] + "_to_" + conversion["to"]] = conversion["rate"]
    row["main_line_conversion"] = report["main_line_conversion"]
    return row


def breakdown_rows(breakdown: FunnelBreakdown) -> List[Dict[str, Any]]:
    """A breakdown as a list of flat dicts, one per group, ready for ``pandas.DataFrame(rows)``:
    the group's key values (periods as milliseconds, none as None), then :func:`report_row` of its
    report. The total is not among them: it is ``report_row(breakdown["total"])``."""
    return [{**row["group"], **report_row(row["report"])} for row in breakdown["rows"]]


def moves_rows(moves: TierMoves) -> List[Dict[str, Any]]:
    """A period report's rows as flat dicts, ready for ``pandas.DataFrame(rows)``: the group under
    the key's name (``pool``, ``owner`` or ``month``, in milliseconds), then ``into_<tier>`` for
    every tier. Without a key, one row of the period's totals."""
    if moves["by"] is None:
        return [{f"into_{tier}": n for tier, n in moves["into"].items()}]
    key: str = moves["by"]
    return [{key: row["group"], **{f"into_{tier}": n for tier, n in row["into"].items()}} for row in moves["rows"]]


def cohort_rows(table: CaptureCohorts) -> List[Dict[str, Any]]:
    """A cohort table as flat dicts, one per cohort and period after it, ready for
    ``pandas.DataFrame(rows)`` (and a pivot on ``periods_after``): ``start`` (ms), ``leads``,
    ``periods_after`` (k), then ``sub``, ``opportunity`` and ``order`` reached by the end of that
    period."""
    return [{"start": cohort["start"], "leads": cohort["leads"], "periods_after": k, **reached}
            for cohort in table["cohorts"] for k, reached in enumerate(cohort["reached"])]


def _stats_columns(prefix: str, stats: DurationStats) -> Dict[str, int]:
    return {f"{prefix}_count": stats["count"], f"{prefix}_median_ms": stats["median_ms"],
            f"{prefix}_p90_ms": stats["p90_ms"], f"{prefix}_mean_ms": stats["mean_ms"]}


def times_part_row(part: TierTimesPart) -> Dict[str, Any]:
    """A time-in-tier part as one flat dict: ``<tier>_finished_<stat>`` and ``<tier>_open_<stat>``
    for master, sub, opportunity and order (stat: count, median_ms, p90_ms, mean_ms),
    ``to_order_<stat>``, then ``orders``, ``revenue`` (the sum) and ``mean_order``."""
    row: Dict[str, Any] = {}
    for tier, time in part["tiers"].items():
        row.update(_stats_columns(f"{tier}_finished", time["finished"]))
        row.update(_stats_columns(f"{tier}_open", time["open"]))
    row.update(_stats_columns("to_order", part["to_order"]))
    row.update({"orders": part["revenue"]["orders"], "revenue": part["revenue"]["sum"],
                "mean_order": part["revenue"]["mean"]})
    return row


def times_rows(times: TierTimes) -> List[Dict[str, Any]]:
    """A time-in-tier report as flat dicts, ready for ``pandas.DataFrame(rows)``: with a key, one
    per group, the group under the key's name, then :func:`times_part_row` of its part; without
    one, a single row of the totals."""
    if times["by"] is None:
        return [times_part_row(times["total"])]
    key: str = times["by"]
    return [{key: row["group"], **times_part_row(row["times"])} for row in times["rows"]]
