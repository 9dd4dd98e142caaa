"""The personal-data part of :class:`leadpool.Engine`: erasure and subject access (GDPR, China's
PIPL)."""

from __future__ import annotations

from typing import Any, Dict, cast

from ._handles import _EngineCalls
from ._shapes import ErasureReport, PersonalData
from ._native import encode_json, encode_text
from ._values import IdentityLike, _identity


class _PersonalData(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that erase a person and read what is held of them."""

    def erase(self, actor: str, lead_id: int, reason: str, *, suppress: bool = False) -> ErasureReport:
        """Erases the person lead ``lead_id`` names, and every lead merged into it
        (``erase_personal_data``).

        Every identity is taken off and every value they gave becomes ``"[erased]"``: attributes,
        event payloads, follow-up outcomes and notes, the personal parts of history and change
        details, merge records, identity conflicts, delivered record ids. The lead keeps its id,
        place, tags, history rows and opportunities, so the funnel stays true. ``reason`` is
        required. With ``suppress=True`` a later capture or record carrying one of the erased
        identities raises :class:`leadpool.Suppressed`.

        Returns ``{"lead", "leads", "identities", "suppressed", "history", "events", "merges",
        "conflicts", "deliveries", "changes", "referrals", "scrub"}``; ``scrub`` is
        ``"complete"``, ``"held_back"`` (a reader kept the SQLite WAL from being truncated; the
        README's "Personal data" says what a host does then) or ``"left_to_host"``
        (PostgreSQL: VACUUM). :class:`leadpool.Conflict` when nothing is left
        to erase.
        """
        request = {"reason": reason, "suppress": suppress}
        return cast(
            ErasureReport,
            self._json("lp_lead_erase", self._h, encode_text(actor, "actor"), lead_id, encode_json(request)),
        )

    def personal_data(self, actor: str, identity: IdentityLike) -> PersonalData:
        """Subject access: everything held of the person ``identity`` names — a ``(kind, value)``
        or ``(kind, value, scope)`` tuple, or an identity object (``export_personal_data``).

        Returns ``{"lead", "leads", "identities", "attributes", "events", "follow_ups",
        "history", "merges", "opportunities", "conflicts"}`` (docs/json.md). The read is
        recorded in the organisation history, without the identity. :class:`leadpool.NotFound`
        when no lead the actor may read holds it.
        """
        return cast(PersonalData, self._json(
            "lp_personal_data", self._h, encode_text(actor, "actor"), encode_json(_identity(identity))
        ))
