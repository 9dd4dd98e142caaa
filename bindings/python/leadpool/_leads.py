"""The leads part of :class:`leadpool.Engine`: capture, reads, lists and their iterator, updates,
history."""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, TYPE_CHECKING, cast

from ._handles import _EngineCalls
from ._time import Time, to_milliseconds
from ._shapes import (
    CaptureResult, ConditionInput, HistoryEntry, IdentityMatch, Lead, LeadCursor, LeadPage, LeadSortKey, TextSearch,
)
from ._native import IterHandle, Library, encode_json, encode_text
from ._values import IdentityLike, Json, _capture_input, _fields, _identities
from ._values import identity as _identity

if TYPE_CHECKING:
    from .engine import Engine


class LeadIterator(Iterator[Lead]):
    """Every lead matching a filter, one by one, fetched a page at a time (``lp_lead_iter_*``).

    Returned by :meth:`Engine.iter_leads`. Each page is read afresh, so a lead changed meanwhile
    shows as it is now. The C iterator is closed when the walk ends, on :meth:`close`, at the end
    of a ``with`` block, or when the iterator is garbage. Once its engine is closed, fetching the
    next page raises :class:`leadpool.EngineClosed` (a walk already at its end stays at its end).
    It keeps its engine from being garbage while it lives. One thread at a time.
    """

    def __init__(self, engine: "Engine", lib: Library, handle: Any) -> None:
        self._engine = engine  # keeps the engine from being garbage while iterating
        self._lib = lib
        self._handle = handle
        self._page: List[Lead] = []
        self._pos = 0
        self._finalizer = weakref.finalize(self, lib.lp_lead_iter_close, handle)

    @property
    def closed(self) -> bool:
        """Whether the C iterator was closed (walked to the end, or closed early)."""
        return not self._finalizer.alive

    def __iter__(self) -> "LeadIterator":
        return self

    def __next__(self) -> Lead:
        while self._pos >= len(self._page):
            if self.closed:
                raise StopIteration
            # Refused with EngineClosed once the engine closed under the iterator.
            page = cast(Optional[List[Lead]], self._lib.call_json(self._lib.lp_lead_iter_next, self._handle))
            if page is None:
                self.close()
                raise StopIteration
            self._page, self._pos = page, 0
        lead = self._page[self._pos]
        self._pos += 1
        return lead

    def close(self) -> None:
        """Frees the C iterator; the walk ends here. Idempotent."""
        self._finalizer()
        self._page, self._pos = [], 0

    def __enter__(self) -> "LeadIterator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Leads(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that capture, read and change leads."""

    # ---- leads -------------------------------------------------------------------------------

    def capture(
        self,
        actor: str,
        identities: Iterable[IdentityLike],
        channel: str,
        attributes: Optional[Mapping[str, Any]] = None,
        attribution: Optional[Mapping[str, str]] = None,
        tags: Iterable[str] = (),
        region: Optional[str] = None,
    ) -> CaptureResult:
        """Captures a lead into the master pool, or updates the lead an identity names.

        ``identities``: identity objects or ``(kind, value[, scope])`` tuples;
        ``attribution``: ``{"source", "medium", "campaign"}``; ``region`` (ISO 3166, ``"IT"``)
        places phone numbers written without a country code (default: the identity rules'
        ``default_region``).
        Returns ``{"lead": {...}, "created": bool}``.
        """
        data = _fields(
            identities=_identities(identities),
            channel=channel,
            attributes=attributes,
            attribution=attribution,
            tags=tags,
            region=region,
        )
        return cast(
            CaptureResult,
            self._json("lp_lead_capture", self._h, encode_text(actor, "actor"), encode_json(data)),
        )

    def capture_batch(self, actor: str, inputs: Iterable[Mapping[str, Any]]) -> List[CaptureResult]:
        """Captures many inputs (objects as :meth:`capture` builds them), all or nothing.

        Returns one ``{"lead", "created"}`` per input, in order. At most 10000 inputs
        (:class:`leadpool.LimitExceeded`).
        """
        data = [_capture_input(item) for item in inputs]
        return cast(List[CaptureResult], self._json(
            "lp_lead_capture_batch", self._h, encode_text(actor, "actor"), encode_json(data)
        ))

    def lead(self, actor: str, id: int) -> Lead:
        """The lead ``id``. :class:`leadpool.NotFound` when there is none, or one the actor may
        not read (the same message)."""
        return cast(Lead, self._json("lp_lead_get", self._h, encode_text(actor, "actor"), id))

    def find_lead(
        self, actor: str, kind: str, value: str, scope: Optional[str] = None
    ) -> Optional[Lead]:
        """The lead holding an identity, or ``None`` when there is none the actor may read.

        When a lead outside the actor's scope holds it, the policy's ``duplicates`` disclosure
        for their role decides: ``None`` (``"none"``), or :class:`leadpool.PermissionDenied`
        saying that it exists (``"exists"``, the default) and who owns it (``"owner"``).
        """
        return cast(Optional[Lead], self._json(
            "lp_lead_find",
            self._h,
            encode_text(actor, "actor"),
            encode_json(_identity(kind, value, scope)),
        ))

    @staticmethod
    def _lead_filter(
        tier: Optional[str],
        pool: Optional[int],
        owner: Optional[str],
        channel: Optional[str],
        tag: Optional[str],
        created_from: Optional[Time],
        created_to: Optional[Time],
        active_from: Optional[Time],
        active_to: Optional[Time],
        referred_by: Optional[int],
        campaign: Optional[str],
        attributes: Optional[Sequence[ConditionInput]],
        text: Optional[TextSearch],
        identity: Optional[IdentityMatch],
        score: Optional[Mapping[str, Any]],
    ) -> Optional[bytes]:
        fields = _fields(
            tier=tier,
            pool=pool,
            owner=owner,
            channel=channel,
            tag=tag,
            created_from=to_milliseconds(created_from),
            created_to=to_milliseconds(created_to),
            active_from=to_milliseconds(active_from),
            active_to=to_milliseconds(active_to),
            referred_by=referred_by,
            campaign=campaign,
            attributes=attributes,
            text=text,
            identity=identity,
            score=score,
        )
        return encode_json(fields) if fields else None

    def leads(
        self,
        actor: str,
        *,
        tier: Optional[str] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        tag: Optional[str] = None,
        created_from: Optional[Time] = None,
        created_to: Optional[Time] = None,
        active_from: Optional[Time] = None,
        active_to: Optional[Time] = None,
        referred_by: Optional[int] = None,
        campaign: Optional[str] = None,
        attributes: Optional[Sequence[ConditionInput]] = None,
        text: Optional[TextSearch] = None,
        identity: Optional[IdentityMatch] = None,
        score: Optional[Mapping[str, Any]] = None,
        after: int = 0,
        limit: int = 100,
        sort: Optional[LeadSortKey] = None,
        descending: bool = False,
        score_model: Optional[str] = None,
        cursor: Optional[LeadCursor] = None,
    ) -> LeadPage:
        """One page of the leads the actor may read.

        Filters: ``tier`` name, ``pool`` (and its subtree), ``owner``, capture ``channel``,
        ``tag``, creation time in ``[created_from, created_to)`` and last activity in
        ``[active_from, active_to)`` (ms, or aware datetimes), ``referred_by`` (a lead id),
        first-touch ``campaign``, ``attributes`` (routing conditions on ``attributes.<path>``,
        all must hold), ``text`` (``{"query", "fields"}``: a substring of one of the string
        attributes, ASCII case folded) and ``identity`` (``{"kind", "prefix"}`` or
        ``{"kind": "email", "domain"}``), ``score`` ``{"model", "min"?, "max"?}`` (a score range,
        both bounds inclusive).
        Sorted by ``sort`` (``id``, ``created``, ``updated``, ``last_activity``, or ``score``:
        the points of ``score_model``, leaving out leads not scored there; then id),
        ``descending`` or not. Returns ``{"leads": [...], "next_after": id | None,
        "next_cursor": {"key", "id"} | None}``; pass ``next_cursor`` back as ``cursor`` (in id
        order ``next_after`` as ``after`` works too). ``limit`` 1..1000.
        """
        filter_json = self._lead_filter(
            tier, pool, owner, channel, tag, created_from, created_to, active_from, active_to, referred_by,
            campaign, attributes, text, identity, score,
        )
        page = encode_json(_fields(
            after=after, limit=limit, sort=sort, descending=descending or None, score_model=score_model,
            cursor=cursor,
        ))
        return cast(LeadPage, self._json(
            "lp_lead_list", self._h, encode_text(actor, "actor"), filter_json, page
        ))

    def iter_leads(
        self,
        actor: str,
        *,
        tier: Optional[str] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        tag: Optional[str] = None,
        created_from: Optional[Time] = None,
        created_to: Optional[Time] = None,
        active_from: Optional[Time] = None,
        active_to: Optional[Time] = None,
        referred_by: Optional[int] = None,
        campaign: Optional[str] = None,
        attributes: Optional[Sequence[ConditionInput]] = None,
        text: Optional[TextSearch] = None,
        identity: Optional[IdentityMatch] = None,
        score: Optional[Mapping[str, Any]] = None,
        page_size: int = 100,
    ) -> LeadIterator:
        """Every lead the actor may read that matches the filters (as :meth:`leads`), one by one.

        Opens the C iterator now (so a bad filter raises here) and fetches ``page_size``
        (1..1000) leads at a time. The iterator closes itself at the end; use it in a ``with``
        block or call ``close()`` to stop early.
        """
        filter_json = self._lead_filter(
            tier, pool, owner, channel, tag, created_from, created_to, active_from, active_to, referred_by,
            campaign, attributes, text, identity, score,
        )
        handle = IterHandle()
        self._call(
            "lp_lead_iter_open",
            ctypes.byref(handle),
            self._h,
            encode_text(actor, "actor"),
            filter_json,
            page_size,
        )
        # The parts of the engine only ever run as the Engine itself.
        return LeadIterator(cast("Engine", self), self._lib, handle)

    def update_lead(
        self,
        actor: str,
        lead_id: int,
        attributes: Optional[Mapping[str, Any]] = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        expected_version: int = 0,
    ) -> Lead:
        """Merges ``attributes`` into the lead and adds / removes tags; returns the lead.

        ``expected_version`` (0: do not check) refuses the update with :class:`leadpool.Conflict`
        when the lead changed meanwhile.
        """
        data = _fields(
            attributes=attributes,
            add_tags=add_tags,
            remove_tags=remove_tags,
            expected_version=expected_version,
        )
        return cast(Lead, self._json(
            "lp_lead_update", self._h, encode_text(actor, "actor"), lead_id, encode_json(data)
        ))

    def history(self, actor: str, lead_id: int) -> List[HistoryEntry]:
        """The lead's history rows, oldest first."""
        return cast(
            List[HistoryEntry],
            self._json("lp_lead_history", self._h, encode_text(actor, "actor"), lead_id),
        )
