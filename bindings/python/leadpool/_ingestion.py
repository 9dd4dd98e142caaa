"""The ingestion part of :class:`leadpool.Engine`: channel records in, one lead per person out;
merges, unmerges and the identity rules that keep them in check."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Union, cast

from . import _native
from ._handles import _EngineCalls
from ._shapes import (
    AttributeValue,
    ConflictPage,
    ConflictResolution,
    ConflictRule,
    ConflictState,
    IdentityConflict,
    IdentityRules,
    IngestResult,
    Lead,
    LeadEvent,
    MergePage,
    MergeRecord,
    NormalizedIdentity,
    RekeyReport,
)
from ._native import encode_json, encode_text
from ._values import _capture_input, _fields, identity


class _Ingestion(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that ingest records and merge leads."""

    # ---- ingestion and merges ----------------------------------------------------------------

    def ingest(
        self,
        actor: str,
        records: Union[str, Iterable[Mapping[str, Any]]],
        *,
        all_or_nothing: bool = False,
        drop_unusable_identities: bool = True,
    ) -> List[IngestResult]:
        """Ingests channel records: one lead per person, whatever channels they came from.

        ``records``: a list of channel record objects (``{"channel", "record_id"?,
        "occurred_at"?, "identities", "attributes"?, "events"?, "attribution"?, "tags"?,
        "referrer"?}``; identities and the referrer may be ``(kind, value[, scope])`` tuples),
        sent as a JSON array; or a ``str`` sent as it is — a JSON array or JSON Lines.

        Each record creates a lead, updates the one its identities name, or merges the leads
        they name into one. Returns one result per record, in order: ``{"outcome": "created" |
        "updated" | "merged" | "duplicate" | "rejected", "lead", "absorbed", "error", "reason",
        "dropped", "conflicts"}``. A bad record is ``"rejected"`` alone (``error`` is the status
        name); with ``all_or_nothing`` it raises its :class:`leadpool.Error` and nothing is
        written. ``drop_unusable_identities=False`` rejects a record with an invalid or blocked
        identity instead of dropping that identity.
        """
        if isinstance(records, str):
            text = encode_text(records, "records")
        else:
            text = encode_json([_capture_input(record) for record in records])
        options = {"all_or_nothing": all_or_nothing, "drop_unusable_identities": drop_unusable_identities}
        return cast(List[IngestResult], self._json(
            "lp_lead_ingest", self._h, encode_text(actor, "actor"), text, encode_json(options)
        ))

    def merge_leads(self, actor: str, first: int, second: int, reason: str = "") -> MergeRecord:
        """Merges two leads by hand (merge on both) and returns the merge record.

        The survivor is the lead furthest along the funnel, then the oldest; the other lead's id
        keeps naming the survivor. :class:`leadpool.Conflict` when an identity rule forbids it.
        """
        return cast(MergeRecord, self._json(
            "lp_lead_merge", self._h, encode_text(actor, "actor"), first, second, encode_text(reason, "reason")
        ))

    def unmerge(self, actor: str, merge_id: int, reason: str = "") -> Lead:
        """Undoes merge ``merge_id`` and returns the restored lead, as it was before the merge.

        :class:`leadpool.NotFound` for an unknown merge, :class:`leadpool.Conflict` when it was
        undone before.
        """
        return cast(Lead, self._json(
            "lp_lead_unmerge", self._h, encode_text(actor, "actor"), merge_id, encode_text(reason, "reason")
        ))

    def merges(
        self,
        actor: str,
        *,
        lead: Optional[int] = None,
        collisions_only: bool = False,
        include_unmerged: bool = True,
    ) -> List[MergeRecord]:
        """The merge records both of whose leads the actor may read now, by id.

        ``lead``: only merges this lead took part in; ``collisions_only``: only merges that took
        a lead from another owner; ``include_unmerged=False`` leaves out merges undone since.
        """
        fields = _fields(lead=lead, collisions_only=collisions_only, include_unmerged=include_unmerged)
        return cast(
            List[MergeRecord],
            self._json("lp_merge_list", self._h, encode_text(actor, "actor"), encode_json(fields)),
        )

    def identity_conflicts(self, actor: str) -> List[IdentityConflict]:
        """The identity conflicts (merges an identity rule stopped) every lead of which the actor
        may read now:
        ``[{"id", "rule", "at", "actor", "channel", "record_id", "lead", "others", "identities",
        "message"}]``."""
        return cast(
            List[IdentityConflict],
            self._json("lp_identity_conflict_list", self._h, encode_text(actor, "actor")),
        )

    def merge_page(
        self,
        actor: str,
        *,
        lead: Optional[int] = None,
        collisions_only: bool = False,
        include_unmerged: bool = True,
        by: Optional[str] = None,
        at_from: Optional[int] = None,
        at_to: Optional[int] = None,
        reason: Optional[str] = None,
        after: Optional[int] = None,
        limit: int = 100,
        newest_first: bool = False,
    ) -> MergePage:
        """One page of the merge records both of whose leads the actor may read now.

        Filters as :meth:`merges`, and ``by`` (the user who merged), ``at_from`` (inclusive) and
        ``at_to`` (exclusive), ``reason`` (exactly; ``"ingest"`` for the merges records caused).
        By id, or newest first. Returns ``{"merges": [...], "next_after": int | None}``; pass
        ``next_after`` back as ``after``. ``limit`` 1..1000.
        """
        filter_json = encode_json(_fields(
            lead=lead, collisions_only=collisions_only, include_unmerged=include_unmerged, actor=by,
            at_from=at_from, at_to=at_to, reason=reason,
        ))
        page = encode_json(_fields(after=after, limit=limit, newest_first=newest_first))
        return cast(MergePage, self._json(
            "lp_merge_page", self._h, encode_text(actor, "actor"), filter_json, page
        ))

    def identity_conflict_page(
        self,
        actor: str,
        *,
        lead: Optional[int] = None,
        rule: Optional[ConflictRule] = None,
        channel: Optional[str] = None,
        at_from: Optional[int] = None,
        at_to: Optional[int] = None,
        state: Union[ConflictState, Literal["all"]] = "open",
        after: Optional[int] = None,
        limit: int = 100,
        newest_first: bool = False,
    ) -> ConflictPage:
        """One page of the identity conflicts every lead of which the actor may read now: the
        review queue.

        ``lead``: conflicts naming it (as their lead or one of the others); ``rule``, ``channel``,
        ``at_from`` (inclusive) and ``at_to`` (exclusive); ``state``: ``"open"`` (the default),
        ``"resolved"``, ``"dismissed"`` or ``"all"``. By id, or newest first. Returns
        ``{"conflicts": [...], "next_after": int | None}``; pass ``next_after`` back as ``after``.
        """
        filter_json = encode_json(_fields(
            lead=lead, rule=rule, channel=channel, at_from=at_from, at_to=at_to, state=state,
        ))
        page = encode_json(_fields(after=after, limit=limit, newest_first=newest_first))
        return cast(ConflictPage, self._json(
            "lp_identity_conflict_page", self._h, encode_text(actor, "actor"), filter_json, page
        ))

    def resolve_identity_conflict(
        self, actor: str, conflict_id: int, resolution: ConflictResolution, reason: str = ""
    ) -> IdentityConflict:
        """Resolves an open identity conflict (resolve_conflict on its lead) and returns it as it
        is now.

        ``"merge"`` merges its lead with the others it named as :meth:`merge_leads` does
        (:class:`leadpool.Conflict` when a guard still refuses; nothing changes); ``"dismiss"``
        keeps them apart and needs a ``reason``. :class:`leadpool.NotFound` for an unknown
        conflict, :class:`leadpool.Conflict` for one resolved before.
        """
        return cast(IdentityConflict, self._json(
            "lp_identity_conflict_resolve", self._h, encode_text(actor, "actor"), conflict_id,
            encode_text(resolution, "resolution"), encode_text(reason, "reason"),
        ))

    def events(self, actor: str, lead_id: int) -> List[LeadEvent]:
        """The behaviour events of the lead and of the leads merged into it, by time:
        ``[{"seq", "lead", "type", "at", "channel", "payload"}]``."""
        return cast(
            List[LeadEvent],
            self._json("lp_lead_events", self._h, encode_text(actor, "actor"), lead_id),
        )

    def attribute_history(
        self, actor: str, lead_id: int, field: Optional[str] = None
    ) -> List[AttributeValue]:
        """Every value records and edits set on the attribute ``field`` (``None``: every field)
        of the lead and the leads merged into it, oldest first: ``[{"field", "value",
        "channel", "actor", "occurred_at", "lead", "history_seq"}]``."""
        return cast(List[AttributeValue], self._json(
            "lp_lead_attribute_history",
            self._h,
            encode_text(actor, "actor"),
            lead_id,
            encode_text(field, "field"),
        ))

    # ---- identity rules ----------------------------------------------------------------------

    def identity_rules(self) -> IdentityRules:
        """The identity rules in force: ``{"default_region", "max_merge_size",
        "switchboard_priority", "keep_unidentified", "kinds": {kind: {"priority", "max_per_lead",
        "max_joins", "blocked"}}}``."""
        return cast(IdentityRules, self._json("lp_identity_rules_get", self._h))

    def set_identity_rules(self, actor: str, rules: Mapping[str, Any]) -> RekeyReport:
        """Replaces the identity rules (manage_org); fields left out take their defaults.

        When the new rules read stored values otherwise (a new ``default_region``, new blocked
        values), every stored identity is re-keyed, in batches of 1000 leads, merging the leads
        that come to share a value. Returns what the re-key did: ``{"needed", "leads",
        "rekeyed", "dropped", "unreadable", "merged", "conflicts", "merge_ids",
        "conflict_ids"}``.
        """
        return cast(RekeyReport, self._json(
            "lp_identity_rules_replace", self._h, encode_text(actor, "actor"), encode_json(rules)
        ))


def normalize_identity(
    kind: str, value: str, scope: Optional[str] = None, rules: Optional[Mapping[str, Any]] = None
) -> NormalizedIdentity:
    """An identity as the engine stores it, without an engine (``lp_identity_normalize``).

    Returns ``{"kind", "value", "scope"?, "number_type"?, "blocked": bool}`` under ``rules`` (an
    identity rules object; ``None``: the defaults, which place national phone numbers in China):
    phones become E.164 ``"+<digits>"`` and carry their ``number_type`` (``"mobile"``,
    ``"fixed_line"``, ...), e-mails and device ids lower case. ``blocked`` is true for a value the
    rules never use as an identity. An invalid identity raises :class:`leadpool.InvalidArgument`.
    """
    lib = _native.library()
    return cast(NormalizedIdentity, lib.call_json(
        lib.lp_identity_normalize,
        encode_json(identity(kind, value, scope)),
        None if rules is None else encode_json(rules),
    ))
