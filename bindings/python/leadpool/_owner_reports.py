"""The owner reports of :class:`leadpool.Engine`: collisions (撞单), holdings (囤积) and the public
share of a pool over time, with flat rows for data frames."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, cast

from ._handles import _EngineCalls
from ._native import encode_json, encode_text
from ._shapes import CollisionPage, OwnerHoldings, PublicShare, ShareInterval
from ._time import Time, to_milliseconds
from ._values import _fields


class _OwnerReports(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that report who works and holds which leads."""

    def collisions(
        self,
        actor: str,
        start: Time,
        end: Time,
        window_ms: int,
        *,
        after: Optional[int] = None,
        limit: Optional[int] = None,
    ) -> CollisionPage:
        """The collision report (needs ``report``): a page, by lead id, of the leads the actor may
        read that two or more users worked within ``window_ms`` of each other during [``start``,
        ``end``) — a follow-up they recorded, or taking the lead — with the period's collision
        merges into them (ids for :meth:`merges`).

        ``{"collisions": [{"lead", "users", "first", "last", "kind", "merges"}], "next_after"}``;
        :func:`leadpool.collision_rows` flattens it for a data frame.
        """
        request = {"window": window_ms, "from": to_milliseconds(start), "to": to_milliseconds(end)}
        page = _fields(after=after, limit=limit)
        return cast(CollisionPage, self._json(
            "lp_collisions",
            self._h,
            encode_text(actor, "actor"),
            encode_json(request),
            encode_json(page) if page else None,
        ))

    def owner_holdings(self, actor: str, start: Time, end: Time, *, idle_days: Optional[int] = None) -> OwnerHoldings:
        """The hoarding report (needs ``report``): per owner, over the leads the actor may read, the
        leads held now, those idle for ``idle_days`` (default 7) at the engine clock's now, and the
        claims, releases, recycles, takeaways and claim-and-release churn of [``start``, ``end``).

        :func:`leadpool.holding_rows` flattens it for a data frame.
        """
        request = _fields(idle_days=idle_days, **{"from": to_milliseconds(start), "to": to_milliseconds(end)})
        return cast(OwnerHoldings, self._json(
            "lp_owner_holdings", self._h, encode_text(actor, "actor"), encode_json(request)))

    def public_share(
        self,
        actor: str,
        pool: int,
        start: Time,
        end: Time,
        *,
        interval: Optional[ShareInterval] = None,
        subtree: bool = False,
    ) -> PublicShare:
        """The public share over time (needs ``report``): for ``pool`` (with ``subtree``, every pool
        below it too), at the end of each ``"day"``, ``"week"`` (default, from Monday) or
        ``"month"`` (UTC) of [``start``, ``end``), the leads the actor may read that were in it and
        how many nobody held, replayed from the history.

        :func:`leadpool.share_rows` flattens it for a data frame.
        """
        request = _fields(pool=pool, subtree=subtree, interval=interval,
                          **{"from": to_milliseconds(start), "to": to_milliseconds(end)})
        return cast(PublicShare, self._json(
            "lp_public_share", self._h, encode_text(actor, "actor"), encode_json(request)))


def collision_rows(page: CollisionPage) -> List[Dict[str, Any]]:
    """A collision page as flat dicts, one per lead, ready for ``pandas.DataFrame(rows)``: ``lead``,
    ``users`` (joined by ", "), ``user_count``, ``first``, ``last`` (ms), ``kind`` and ``merges``
    (ids joined by ", ")."""
    return [{"lead": row["lead"], "users": ", ".join(row["users"]), "user_count": len(row["users"]),
             "first": row["first"], "last": row["last"], "kind": row["kind"],
             "merges": ", ".join(str(m) for m in row["merges"])} for row in page["collisions"]]


def holding_rows(holdings: OwnerHoldings) -> List[Dict[str, Any]]:
    """A hoarding report as flat dicts, one per owner, ready for ``pandas.DataFrame(rows)``:
    ``owner``, ``held``, ``held_<tier>`` for every tier, then ``idle``, ``claims``, ``releases``,
    ``recycles``, ``taken_away`` and ``churned``."""
    rows: List[Dict[str, Any]] = []
    for line in holdings["owners"]:
        row: Dict[str, Any] = {"owner": line["owner"], "held": line["held"]}
        row.update({f"held_{tier}": n for tier, n in line["held_by_tier"].items()})
        row.update(idle=line["idle"], claims=line["claims"], releases=line["releases"], recycles=line["recycles"],
                   taken_away=line["taken_away"], churned=line["churned"])
        rows.append(row)
    return rows


def share_rows(share: PublicShare) -> List[Dict[str, Any]]:
    """A public share as flat dicts, one per interval, ready for ``pandas.DataFrame(rows)``:
    ``start``, ``at`` (ms), ``leads``, ``unowned`` and ``share``."""
    return [dict(point) for point in share["points"]]
