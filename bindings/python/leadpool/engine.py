"""The :class:`Engine`: one open lead pool, the only door to its data.

Each method wraps one function of the C ABI (``capi/leadpool.h``) and keeps its name and its
parameters: ``Engine.capture`` is ``lp_lead_capture``, ``Engine.pools`` is ``lp_pool_list``.
Keyword arguments become the fields of the JSON text the C function reads; an argument left at
``None`` leaves its field out, so the engine applies its own default. Results are the decoded JSON
the C function returned — plain ``dict`` / ``list`` values whose fields are those of the C++
structs (see docs/json.md) — and a few scalars where the C function returns one (``can`` is a
``bool``, ``stage`` a ``str``).

Nothing here validates what the engine validates: a malformed value goes to the engine, which
refuses it with the matching :class:`leadpool.Error` and changes nothing.
"""

from __future__ import annotations

import ctypes
import os
import weakref
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _native
from ._native import EngineHandle, IterHandle, Library, encode_json, encode_text

__all__ = [
    "Engine",
    "LeadIterator",
    "default_policies",
    "normalize_identity",
    "transition_request",
    "identity",
    "Identity",
    "Json",
]

#: A decoded JSON value (what every query returns).
Json = Any
#: An identity: ``{"kind": "phone", "value": "138..."}`` or a tuple ``(kind, value[, scope])``.
Identity = Union[Mapping[str, Any], Tuple[str, str], Tuple[str, str, str]]


def identity(kind: str, value: str, scope: Optional[str] = None) -> Dict[str, Any]:
    """An identity object: ``{"kind", "value", "scope"?}``."""
    out: Dict[str, Any] = {"kind": kind, "value": value}
    if scope is not None:
        out["scope"] = scope
    return out


def _identity(value: Any) -> Any:
    """An identity given as a tuple becomes an identity object; anything else is passed on."""
    if isinstance(value, tuple) and len(value) in (2, 3):
        return identity(*value)
    return value


def _identities(values: Any) -> Any:
    if not _is_sequence(values):
        return values  # not a list of identities: the engine says what is wrong with it
    return [_identity(v) for v in values]


def _capture_input(value: Any) -> Any:
    """A capture input or channel record object, with its identities (and a record's referrer)
    given as tuples turned into objects."""
    if not isinstance(value, Mapping):
        return value
    out = dict(value)
    if "identities" in out:
        out["identities"] = _identities(out["identities"])
    if "referrer" in out:
        out["referrer"] = _identity(out["referrer"])
    return out


def _is_sequence(value: Any) -> bool:
    """An iterable that stands for a JSON array (not a string, bytes or a mapping)."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray, Mapping))


def _fields(**fields: Any) -> Dict[str, Any]:
    """A JSON object of the fields that are not None; tuples, sets and other iterables become
    lists. A string where a list belongs stays a string (the engine refuses it, rather than
    this package splitting it into characters)."""
    out: Dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if _is_sequence(value) and not isinstance(value, list):
            value = list(value)
        out[name] = value
    return out


def transition_request(
    lead_id: int,
    action: str,
    *,
    to_pool: Optional[int] = None,
    to_owner: Optional[str] = None,
    reason: Optional[str] = None,
    expected_version: Optional[int] = None,
) -> Dict[str, Any]:
    """A transition request object, for :meth:`Engine.transition_batch`.

    ``{"lead", "action", "to_pool"?, "to_owner"?, "reason"?, "expected_version"?}``; which
    fields an action takes is in the README ("Tiers and transitions").
    """
    request: Dict[str, Any] = {"lead": lead_id, "action": action}
    request.update(
        _fields(to_pool=to_pool, to_owner=to_owner, reason=reason, expected_version=expected_version)
    )
    return request


class _Handles:
    """The C handles of one engine and of its open iterators.

    Shared by the engine's and the iterators' finalizers, so that whichever runs first, each
    handle is closed exactly once and the iterators are always closed before their engine
    ("the engine must outlive its iterators").
    """

    __slots__ = ("lib", "engine", "iters")

    def __init__(self, lib: Library, engine: Any) -> None:
        self.lib = lib
        self.engine = engine  # EngineHandle, or None once closed
        self.iters: Dict[int, Any] = {}  # key -> IterHandle

    def close_iter(self, key: int) -> None:
        handle = self.iters.pop(key, None)
        if handle is not None:
            self.lib.lp_lead_iter_close(handle)

    def close(self) -> None:
        for key in list(self.iters):
            self.close_iter(key)
        engine, self.engine = self.engine, None
        if engine is not None:
            self.lib.lp_engine_close(engine)


class LeadIterator(Iterator[Json]):
    """Every lead matching a filter, one by one, fetched a page at a time (``lp_lead_iter_*``).

    Returned by :meth:`Engine.iter_leads`. Each page is read afresh, so a lead changed meanwhile
    shows as it is now. The C iterator is closed when the walk ends, on :meth:`close`, at the end
    of a ``with`` block, when the iterator is garbage, or when its engine closes. It keeps its
    engine open while it lives. One thread at a time.
    """

    def __init__(self, engine: "Engine", handles: _Handles, key: int) -> None:
        self._engine = engine  # keeps the engine (and so its handle) alive while iterating
        self._handles = handles
        self._key = key
        self._page: List[Json] = []
        self._pos = 0
        self._done = False  # walked to the end or closed by the caller
        self._finalizer = weakref.finalize(self, handles.close_iter, key)

    @property
    def closed(self) -> bool:
        """Whether the C iterator was closed (walked to the end, or closed early)."""
        return self._key not in self._handles.iters

    def __iter__(self) -> "LeadIterator":
        return self

    def __next__(self) -> Json:
        while self._pos >= len(self._page):
            if self._done:
                raise StopIteration
            # NULL once the engine closed under the iterator: the C ABI answers LP_INVALID_ARGUMENT.
            handle = self._handles.iters.get(self._key)
            page = self._handles.lib.call_json(self._handles.lib.lp_lead_iter_next, handle)
            if page is None:
                self.close()
                raise StopIteration
            self._page, self._pos = page, 0
        lead = self._page[self._pos]
        self._pos += 1
        return lead

    def close(self) -> None:
        """Frees the C iterator; the walk ends here. Idempotent."""
        self._done = True
        self._finalizer()
        self._page, self._pos = [], 0

    def __enter__(self) -> "LeadIterator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class Engine:
    """An open lead pool (``lp_engine``).

    ``Engine("memory:")`` keeps everything in memory until it closes; ``Engine("sqlite:PATH")``
    (or :meth:`Engine.sqlite`) opens or creates an SQLite file; ``Engine("postgresql://...")``
    opens a lead pool in a PostgreSQL database shared with other processes (when the library is
    built with the PostgreSQL store; the URI's ``schema=NAME`` parameter names the schema, default
    ``leadpool``). Options, all optional:

    - ``synchronous``: ``"full"`` (default), ``"normal"`` or ``"off"`` (SQLite only);
    - ``busy_timeout_ms``: how long a write waits for another writer before :class:`leadpool.Busy`
      (SQLite and PostgreSQL, default 5000);
    - ``manual_clock_ms``: run on a clock that stands still at this time (ms since the Unix
      epoch) until :meth:`set_time` moves it — for tests and replays.

    Use it as a context manager or call :meth:`close`; an engine that is garbage closes itself.
    An engine may be used by several threads at once.

    Every operation names its ``actor`` (a user id) and is checked against the policy of the
    current stage. Failures raise a :class:`leadpool.Error` subclass and change nothing.
    """

    def __init__(
        self,
        uri: str = "memory:",
        *,
        synchronous: Optional[str] = None,
        busy_timeout_ms: Optional[int] = None,
        manual_clock_ms: Optional[int] = None,
    ) -> None:
        lib = _native.library()
        options = _fields(
            synchronous=synchronous, busy_timeout_ms=busy_timeout_ms, manual_clock_ms=manual_clock_ms
        )
        handle = EngineHandle()
        lib.call(
            lib.lp_engine_open,
            ctypes.byref(handle),
            encode_text(uri, "uri"),
            encode_json(options) if options else None,
        )
        self._lib = lib
        self._uri = uri
        self._handles = _Handles(lib, handle)
        self._next_iter = 0
        self._finalizer = weakref.finalize(self, self._handles.close)

    @classmethod
    def memory(cls, *, manual_clock_ms: Optional[int] = None) -> "Engine":
        """An engine over an in-memory store: nothing survives it."""
        return cls("memory:", manual_clock_ms=manual_clock_ms)

    @classmethod
    def sqlite(
        cls,
        path: Union[str, "os.PathLike[str]"],
        *,
        synchronous: Optional[str] = None,
        busy_timeout_ms: Optional[int] = None,
        manual_clock_ms: Optional[int] = None,
    ) -> "Engine":
        """An engine over the SQLite file at ``path`` (created if missing)."""
        return cls(
            "sqlite:" + os.fspath(path),
            synchronous=synchronous,
            busy_timeout_ms=busy_timeout_ms,
            manual_clock_ms=manual_clock_ms,
        )

    # ---- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        """Closes the engine and any iterator still open over it. Idempotent.

        Calls on a closed engine raise :class:`leadpool.InvalidArgument` (the engine is NULL).
        """
        self._finalizer()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` ran."""
        return self._handles.engine is None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<leadpool.Engine {self._uri!r} {state}>"

    @property
    def _h(self) -> Any:
        # NULL once closed: the C ABI answers LP_INVALID_ARGUMENT.
        return self._handles.engine

    def _json(self, fn_name: str, *args: Any) -> Json:
        return self._lib.call_json(getattr(self._lib, fn_name), *args)

    def _call(self, fn_name: str, *args: Any) -> None:
        self._lib.call(getattr(self._lib, fn_name), *args)

    def set_time(self, now_ms: int) -> None:
        """Sets the manual clock (``lp_engine_set_time``); only for ``manual_clock_ms`` engines."""
        self._call("lp_engine_set_time", self._h, now_ms)

    # ---- organisation ------------------------------------------------------------------------

    def initialize(self, first_user: Mapping[str, Any], stage: str) -> None:
        """Sets up an empty lead pool: the first user and the starting stage.

        ``first_user`` is a user object, e.g. ``{"id": "boss", "name": "Wang", "roles":
        ["director"]}``; ``stage`` one of ``"factory_led"``, ``"sales_led"``,
        ``"marketing_led"``, ``"all_staff"``. :class:`leadpool.Conflict` if done before.
        """
        self._call("lp_org_initialize", self._h, encode_json(first_user), encode_text(stage, "stage"))

    def stage_info(self) -> Dict[str, Any]:
        """``{"initialized": bool, "stage": str | None}`` (``lp_stage_get``)."""
        return self._json("lp_stage_get", self._h)

    @property
    def stage(self) -> Optional[str]:
        """The company's current stage name, or ``None`` before :meth:`initialize`."""
        return self.stage_info()["stage"]

    @property
    def initialized(self) -> bool:
        """Whether :meth:`initialize` ran on this store."""
        return bool(self.stage_info()["initialized"])

    def set_stage(self, actor: str, stage: str) -> None:
        """Moves the company to another stage (manage_org); data stays, the change is recorded."""
        self._call("lp_stage_set", self._h, encode_text(actor, "actor"), encode_text(stage, "stage"))

    def policy(self, stage: str) -> Dict[str, Any]:
        """The policy in force for ``stage``: ``{"roles": {role: [grant, ...]}}``."""
        return self._json("lp_policy_get", self._h, encode_text(stage, "stage"))

    def default_policies(self) -> Dict[str, Any]:
        """The four default policies, ``{"factory_led": {...}, ...}`` (see :func:`default_policies`)."""
        return default_policies()

    def set_policy(self, actor: str, stage: str, policy: Mapping[str, Any]) -> None:
        """Loads the host's own policy for ``stage`` (manage_org)."""
        self._call(
            "lp_policy_set",
            self._h,
            encode_text(actor, "actor"),
            encode_text(stage, "stage"),
            encode_json(policy),
        )

    def reset_policy(self, actor: str, stage: str) -> None:
        """Returns ``stage`` to its default policy (manage_org)."""
        self._call("lp_policy_reset", self._h, encode_text(actor, "actor"), encode_text(stage, "stage"))

    def org_history(self, actor: str) -> List[Dict[str, Any]]:
        """The organisation log, oldest first: ``[{"seq", "kind", "actor", "at", "detail"}]``."""
        return self._json("lp_org_history", self._h, encode_text(actor, "actor"))

    # ---- users -------------------------------------------------------------------------------

    @staticmethod
    def _user(id: Any, name: Any, department: Any, roles: Any, active: Any) -> Dict[str, Any]:
        return _fields(id=id, name=name, department=department, roles=roles, active=active)

    def add_user(
        self,
        actor: str,
        *,
        id: str,
        name: str,
        department: Optional[str] = None,
        roles: Optional[Sequence[str]] = None,
        active: Optional[bool] = None,
    ) -> None:
        """Adds a user (manage_users). :class:`leadpool.Conflict` when the id is taken."""
        user = self._user(id, name, department, roles, active)
        self._call("lp_user_add", self._h, encode_text(actor, "actor"), encode_json(user))

    def update_user(
        self,
        actor: str,
        *,
        id: str,
        name: str,
        department: Optional[str] = None,
        roles: Optional[Sequence[str]] = None,
        active: Optional[bool] = None,
    ) -> None:
        """Replaces the user ``id`` (manage_users): fields left out take their defaults."""
        user = self._user(id, name, department, roles, active)
        self._call("lp_user_update", self._h, encode_text(actor, "actor"), encode_json(user))

    def user(self, actor: str, id: str) -> Dict[str, Any]:
        """The user object ``{"id", "name", "department", "roles", "active"}``."""
        return self._json("lp_user_get", self._h, encode_text(actor, "actor"), encode_text(id, "id"))

    def users(self, actor: str) -> List[Dict[str, Any]]:
        """Every user, by id."""
        return self._json("lp_user_list", self._h, encode_text(actor, "actor"))

    # ---- pools -------------------------------------------------------------------------------

    def create_pool(
        self,
        actor: str,
        name: str,
        parent: Optional[int] = None,
        managers: Iterable[str] = (),
        members: Iterable[str] = (),
    ) -> Dict[str, Any]:
        """Creates a sub pool (manage_pools) and returns it: ``{"id", "name", "parent",
        "managers", "members"}``. ``parent=None`` makes a top-level sub pool."""
        spec = _fields(name=name, parent=parent, managers=managers, members=members)
        return self._json("lp_pool_create", self._h, encode_text(actor, "actor"), encode_json(spec))

    def update_pool(
        self,
        actor: str,
        pool_id: int,
        name: str,
        parent: Optional[int] = None,
        managers: Iterable[str] = (),
        members: Iterable[str] = (),
    ) -> Dict[str, Any]:
        """Replaces a pool's name, parent, managers and members (manage_pools); returns it."""
        spec = _fields(name=name, parent=parent, managers=managers, members=members)
        return self._json(
            "lp_pool_update", self._h, encode_text(actor, "actor"), pool_id, encode_json(spec)
        )

    def move_pool(self, actor: str, pool_id: int, new_parent: Optional[int] = None) -> Dict[str, Any]:
        """Moves a pool below ``new_parent`` (``None``: to the top level); returns it."""
        return self._json(
            "lp_pool_move",
            self._h,
            encode_text(actor, "actor"),
            pool_id,
            0 if new_parent is None else new_parent,
        )

    def pool(self, actor: str, pool_id: int) -> Dict[str, Any]:
        """The pool object."""
        return self._json("lp_pool_get", self._h, encode_text(actor, "actor"), pool_id)

    def pools(self, actor: str) -> List[Dict[str, Any]]:
        """Every pool, by id, the master pool (id 1) first."""
        return self._json("lp_pool_list", self._h, encode_text(actor, "actor"))

    # ---- leads -------------------------------------------------------------------------------

    def capture(
        self,
        actor: str,
        identities: Iterable[Identity],
        channel: str,
        attributes: Optional[Mapping[str, Any]] = None,
        attribution: Optional[Mapping[str, str]] = None,
        tags: Iterable[str] = (),
    ) -> Dict[str, Any]:
        """Captures a lead into the master pool, or updates the lead an identity names.

        ``identities``: identity objects or ``(kind, value[, scope])`` tuples;
        ``attribution``: ``{"source", "medium", "campaign"}``.
        Returns ``{"lead": {...}, "created": bool}``.
        """
        data = _fields(
            identities=_identities(identities),
            channel=channel,
            attributes=attributes,
            attribution=attribution,
            tags=tags,
        )
        return self._json("lp_lead_capture", self._h, encode_text(actor, "actor"), encode_json(data))

    def capture_batch(self, actor: str, inputs: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
        """Captures many inputs (objects as :meth:`capture` builds them), all or nothing.

        Returns one ``{"lead", "created"}`` per input, in order. At most 10000 inputs
        (:class:`leadpool.LimitExceeded`).
        """
        data = [_capture_input(item) for item in inputs]
        return self._json(
            "lp_lead_capture_batch", self._h, encode_text(actor, "actor"), encode_json(data)
        )

    def lead(self, actor: str, id: int) -> Dict[str, Any]:
        """The lead ``id``. :class:`leadpool.PermissionDenied` when the actor may not read it."""
        return self._json("lp_lead_get", self._h, encode_text(actor, "actor"), id)

    def find_lead(
        self, actor: str, kind: str, value: str, scope: Optional[str] = None
    ) -> Optional[Dict[str, Any]]:
        """The lead holding an identity, or ``None`` when there is none the actor may read."""
        return self._json(
            "lp_lead_find",
            self._h,
            encode_text(actor, "actor"),
            encode_json(identity(kind, value, scope)),
        )

    @staticmethod
    def _lead_filter(
        tier: Optional[str],
        pool: Optional[int],
        owner: Optional[str],
        channel: Optional[str],
        tag: Optional[str],
        created_from: Optional[int],
        created_to: Optional[int],
    ) -> Optional[bytes]:
        fields = _fields(
            tier=tier,
            pool=pool,
            owner=owner,
            channel=channel,
            tag=tag,
            created_from=created_from,
            created_to=created_to,
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
        created_from: Optional[int] = None,
        created_to: Optional[int] = None,
        after: int = 0,
        limit: int = 100,
    ) -> Dict[str, Any]:
        """One page of the leads the actor may read, in id order.

        Filters: ``tier`` name, ``pool`` (and its subtree), ``owner``, capture ``channel``,
        ``tag``, creation time in ``[created_from, created_to)`` (ms). Returns ``{"leads":
        [...], "next_after": id | None}``; pass ``next_after`` back as ``after``. ``limit``
        1..1000.
        """
        filter_json = self._lead_filter(tier, pool, owner, channel, tag, created_from, created_to)
        page = encode_json(_fields(after=after, limit=limit))
        return self._json(
            "lp_lead_list", self._h, encode_text(actor, "actor"), filter_json, page
        )

    def iter_leads(
        self,
        actor: str,
        *,
        tier: Optional[str] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        channel: Optional[str] = None,
        tag: Optional[str] = None,
        created_from: Optional[int] = None,
        created_to: Optional[int] = None,
        page_size: int = 100,
    ) -> LeadIterator:
        """Every lead the actor may read that matches the filters (as :meth:`leads`), one by one.

        Opens the C iterator now (so a bad filter raises here) and fetches ``page_size``
        (1..1000) leads at a time. The iterator closes itself at the end; use it in a ``with``
        block or call ``close()`` to stop early.
        """
        filter_json = self._lead_filter(tier, pool, owner, channel, tag, created_from, created_to)
        handle = IterHandle()
        self._call(
            "lp_lead_iter_open",
            ctypes.byref(handle),
            self._h,
            encode_text(actor, "actor"),
            filter_json,
            page_size,
        )
        self._next_iter += 1
        key = self._next_iter
        self._handles.iters[key] = handle
        return LeadIterator(self, self._handles, key)

    def update_lead(
        self,
        actor: str,
        lead_id: int,
        attributes: Optional[Mapping[str, Any]] = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        expected_version: int = 0,
    ) -> Dict[str, Any]:
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
        return self._json(
            "lp_lead_update", self._h, encode_text(actor, "actor"), lead_id, encode_json(data)
        )

    def history(self, actor: str, lead_id: int) -> List[Dict[str, Any]]:
        """The lead's history rows, oldest first."""
        return self._json("lp_lead_history", self._h, encode_text(actor, "actor"), lead_id)

    # ---- ingestion and merges ----------------------------------------------------------------

    def ingest(
        self,
        actor: str,
        records: Union[str, Iterable[Mapping[str, Any]]],
        *,
        all_or_nothing: bool = False,
        drop_unusable_identities: bool = True,
    ) -> List[Dict[str, Any]]:
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
        return self._json(
            "lp_lead_ingest", self._h, encode_text(actor, "actor"), text, encode_json(options)
        )

    def merge_leads(self, actor: str, first: int, second: int, reason: str = "") -> Dict[str, Any]:
        """Merges two leads by hand (merge on both) and returns the merge record.

        The survivor is the lead furthest along the funnel, then the oldest; the other lead's id
        keeps naming the survivor. :class:`leadpool.Conflict` when an identity rule forbids it.
        """
        return self._json(
            "lp_lead_merge", self._h, encode_text(actor, "actor"), first, second, encode_text(reason, "reason")
        )

    def unmerge(self, actor: str, merge_id: int, reason: str = "") -> Dict[str, Any]:
        """Undoes merge ``merge_id`` and returns the restored lead, as it was before the merge.

        :class:`leadpool.NotFound` for an unknown merge, :class:`leadpool.Conflict` when it was
        undone before.
        """
        return self._json(
            "lp_lead_unmerge", self._h, encode_text(actor, "actor"), merge_id, encode_text(reason, "reason")
        )

    def merges(
        self,
        actor: str,
        *,
        lead: Optional[int] = None,
        collisions_only: bool = False,
        include_unmerged: bool = True,
    ) -> List[Dict[str, Any]]:
        """The merge records whose surviving lead the actor may read, by id (needs merge).

        ``lead``: only merges this lead took part in; ``collisions_only``: only merges that took
        a lead from another owner; ``include_unmerged=False`` leaves out merges undone since.
        """
        fields = _fields(lead=lead, collisions_only=collisions_only, include_unmerged=include_unmerged)
        return self._json("lp_merge_list", self._h, encode_text(actor, "actor"), encode_json(fields))

    def identity_conflicts(self, actor: str) -> List[Dict[str, Any]]:
        """The identity conflicts (merges an identity rule stopped) on leads the actor may read:
        ``[{"id", "rule", "at", "actor", "channel", "record_id", "lead", "others", "identities",
        "message"}]``."""
        return self._json("lp_identity_conflict_list", self._h, encode_text(actor, "actor"))

    def events(self, actor: str, lead_id: int) -> List[Dict[str, Any]]:
        """The behaviour events of the lead and of the leads merged into it, by time:
        ``[{"seq", "lead", "type", "at", "channel", "payload"}]``."""
        return self._json("lp_lead_events", self._h, encode_text(actor, "actor"), lead_id)

    def attribute_history(self, actor: str, lead_id: int, field: Optional[str] = None) -> List[Dict[str, Any]]:
        """Every value records and edits set on the attribute ``field`` (``None``: every field)
        of the lead and the leads merged into it, oldest first: ``[{"field", "value",
        "channel", "actor", "occurred_at", "lead", "history_seq"}]``."""
        return self._json(
            "lp_lead_attribute_history",
            self._h,
            encode_text(actor, "actor"),
            lead_id,
            encode_text(field, "field"),
        )

    # ---- identity rules ----------------------------------------------------------------------

    def identity_rules(self) -> Dict[str, Any]:
        """The identity rules in force: ``{"default_country_code", "max_merge_size", "kinds":
        {kind: {"max_per_lead", "max_joins", "blocked"}}}``."""
        return self._json("lp_identity_rules_get", self._h)

    def set_identity_rules(self, actor: str, rules: Mapping[str, Any]) -> None:
        """Replaces the identity rules (manage_org); fields left out take their defaults."""
        self._call("lp_identity_rules_set", self._h, encode_text(actor, "actor"), encode_json(rules))

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
    ) -> Dict[str, Any]:
        """Moves one lead in the pyramid; returns the lead as it is after the move.

        ``action``: one of ``distribute``, ``transfer``, ``return_to_master``, ``qualify``,
        ``win``, ``lose``, ``reactivate``, ``invalidate``, ``restore``. A move the pyramid does
        not list raises :class:`leadpool.IllegalTransition`.
        """
        request = transition_request(
            lead_id,
            action,
            to_pool=to_pool,
            to_owner=to_owner,
            reason=reason,
            expected_version=expected_version,
        )
        return self._json(
            "lp_lead_transition", self._h, encode_text(actor, "actor"), encode_json(request)
        )

    def transition_batch(self, actor: str, requests: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
        """Applies requests (see :func:`transition_request`) in order, all or nothing.

        Returns the lead after each request. At most 10000 requests.
        """
        return self._json(
            "lp_lead_transition_batch",
            self._h,
            encode_text(actor, "actor"),
            encode_json([dict(r) if isinstance(r, Mapping) else r for r in requests]),
        )

    def distribute(
        self, actor: str, lead_id: int, to_pool: int, to_owner: Optional[str] = None, *, expected_version: int = 0
    ) -> Dict[str, Any]:
        """master -> sub pool ``to_pool``, optionally to an owner."""
        return self.transition(
            actor, lead_id, "distribute", to_pool=to_pool, to_owner=to_owner, expected_version=expected_version
        )

    def transfer(
        self,
        actor: str,
        lead_id: int,
        to_pool: Optional[int] = None,
        to_owner: Optional[str] = None,
        *,
        expected_version: int = 0,
    ) -> Dict[str, Any]:
        """sub -> another sub pool and/or another owner."""
        return self.transition(
            actor, lead_id, "transfer", to_pool=to_pool, to_owner=to_owner, expected_version=expected_version
        )

    def return_to_master(
        self, actor: str, lead_id: int, reason: Optional[str] = None, *, expected_version: int = 0
    ) -> Dict[str, Any]:
        """sub -> master pool (the owner is cleared)."""
        return self.transition(
            actor, lead_id, "return_to_master", reason=reason, expected_version=expected_version
        )

    def qualify(
        self, actor: str, lead_id: int, to_owner: Optional[str] = None, *, expected_version: int = 0
    ) -> Dict[str, Any]:
        """sub -> opportunity (owner: ``to_owner``, else the current owner, else the actor)."""
        return self.transition(actor, lead_id, "qualify", to_owner=to_owner, expected_version=expected_version)

    def win(self, actor: str, lead_id: int, *, expected_version: int = 0) -> Dict[str, Any]:
        """opportunity -> order."""
        return self.transition(actor, lead_id, "win", expected_version=expected_version)

    def lose(self, actor: str, lead_id: int, reason: str, *, expected_version: int = 0) -> Dict[str, Any]:
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
    ) -> Dict[str, Any]:
        """lost -> sub pool ``to_pool``, or the master pool when ``to_pool`` is ``None``."""
        return self.transition(
            actor, lead_id, "reactivate", to_pool=to_pool, to_owner=to_owner, expected_version=expected_version
        )

    def invalidate(self, actor: str, lead_id: int, reason: str, *, expected_version: int = 0) -> Dict[str, Any]:
        """any tier but invalid -> invalid, with a reason."""
        return self.transition(actor, lead_id, "invalidate", reason=reason, expected_version=expected_version)

    def restore(self, actor: str, lead_id: int, *, expected_version: int = 0) -> Dict[str, Any]:
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
        captured_from: Optional[int] = None,
        captured_to: Optional[int] = None,
    ) -> Dict[str, Any]:
        """The funnel over the leads the actor may read (needs ``report``).

        ``{"leads", "tiers": [{"tier", "at", "reached"}], "conversions": [{"from", "to",
        "rate"}], "main_line_conversion"}``.
        """
        fields = _fields(
            pool=pool, owner=owner, channel=channel, captured_from=captured_from, captured_to=captured_to
        )
        return self._json(
            "lp_funnel_report",
            self._h,
            encode_text(actor, "actor"),
            encode_json(fields) if fields else None,
        )

    # ---- public-pool mechanics: routing ------------------------------------------------------

    def routing(self, actor: str) -> Dict[str, Any]:
        """The routing table: ``{"rules": [{"name", "pool", "when": [...]}], "default_pool"}``."""
        return self._json("lp_routing_get", self._h, encode_text(actor, "actor"))

    def set_routing(
        self,
        actor: str,
        rules: Iterable[Mapping[str, Any]] = (),
        default_pool: Optional[int] = None,
    ) -> Dict[str, Any]:
        """Replaces the routing table (manage_pools reaching the master pool); returns it.

        ``rules``: ``{"name", "pool", "when": [{"field", "op", "values"?, "min"?, "max"?}]}``,
        tried in order; the first whose conditions all hold sends the lead to its pool.
        """
        table = _fields(rules=[dict(r) if isinstance(r, Mapping) else r for r in rules], default_pool=default_pool)
        return self._json("lp_routing_set", self._h, encode_text(actor, "actor"), encode_json(table))

    def route(
        self, actor: str, lead_ids: Optional[Iterable[int]] = None, *, all_unrouted: bool = False
    ) -> List[Dict[str, Any]]:
        """Routes the leads named (or, with ``all_unrouted``, every master lead), all or nothing.

        Returns one ``{"lead", "pool", "rule"}`` per lead; ``pool`` is ``None`` when no rule
        matched and there is no default pool.
        """
        request = _fields(leads=lead_ids, all_unrouted=all_unrouted or None)
        return self._json("lp_lead_route", self._h, encode_text(actor, "actor"), encode_json(request))

    # ---- public-pool mechanics: pool settings, assignment, claims ----------------------------

    def pool_settings(self, actor: str, pool_id: int) -> Dict[str, Any]:
        """A sub pool's settings: strategy, caps, cool-down, recycling limits, warning window."""
        return self._json("lp_pool_settings_get", self._h, encode_text(actor, "actor"), pool_id)

    def set_pool_settings(
        self,
        actor: str,
        pool_id: int,
        *,
        strategy: Optional[str] = None,
        max_held: Optional[int] = None,
        capacity: Optional[Mapping[str, int]] = None,
        claim_cooldown_ms: Optional[int] = None,
        held_idle_ms: Optional[int] = None,
        opportunity_idle_ms: Optional[int] = None,
        recycle_to: Optional[str] = None,
        warning_ms: Optional[int] = None,
    ) -> Dict[str, Any]:
        """Replaces a sub pool's settings (manage_pools at that pool); fields left at ``None``
        take their defaults. ``strategy``: ``round_robin``, ``least_loaded`` or ``weighted``;
        ``recycle_to``: ``pool`` or ``master``. Returns the settings."""
        settings = _fields(
            strategy=strategy,
            max_held=max_held,
            capacity=dict(capacity) if capacity is not None else None,
            claim_cooldown_ms=claim_cooldown_ms,
            held_idle_ms=held_idle_ms,
            opportunity_idle_ms=opportunity_idle_ms,
            recycle_to=recycle_to,
            warning_ms=warning_ms,
        )
        return self._json(
            "lp_pool_settings_set", self._h, encode_text(actor, "actor"), pool_id, encode_json(settings)
        )

    def assign(
        self, actor: str, pool_id: int, lead_ids: Optional[Iterable[int]] = None, *, reassign: bool = False
    ) -> Dict[str, Any]:
        """Assigns unowned leads of a sub pool (or those named) by the pool's strategy.

        Returns ``{"assigned": [{"lead", "owner"}], "unassigned": [id, ...]}``.
        """
        request = _fields(pool=pool_id, leads=lead_ids, reassign=reassign or None)
        return self._json("lp_pool_assign", self._h, encode_text(actor, "actor"), encode_json(request))

    def claim(self, actor: str, lead_id: int) -> Dict[str, Any]:
        """The actor takes an unowned lead of a pool they belong to; returns the lead.

        :class:`leadpool.Conflict` when someone holds it (the loser of a race),
        :class:`leadpool.LimitExceeded` at the actor's cap, :class:`leadpool.PermissionDenied`
        outside the actor's pools or within the cool-down.
        """
        return self._json("lp_lead_claim", self._h, encode_text(actor, "actor"), lead_id)

    def release(self, actor: str, lead_id: int, reason: Optional[str] = None) -> Dict[str, Any]:
        """Clears the owner of a held lead; it stays in its pool. Returns the lead."""
        return self._json(
            "lp_lead_release", self._h, encode_text(actor, "actor"), lead_id, encode_text(reason, "reason")
        )

    # ---- public-pool mechanics: follow-ups and recycling -------------------------------------

    def follow_up(
        self,
        actor: str,
        lead_id: int,
        kind: str,
        *,
        at: Optional[int] = None,
        outcome: Optional[str] = None,
        note: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Records a ``call``, ``message``, ``visit``, ``meeting`` or ``note`` on a lead (``at``:
        when it happened, default now) and resets its idle clock. Returns the activity."""
        data = _fields(kind=kind, at=at, outcome=outcome, note=note)
        return self._json(
            "lp_lead_follow_up", self._h, encode_text(actor, "actor"), lead_id, encode_json(data)
        )

    def activities(self, actor: str, lead_id: int) -> List[Dict[str, Any]]:
        """The follow-ups recorded on a lead, oldest first."""
        return self._json("lp_lead_activities", self._h, encode_text(actor, "actor"), lead_id)

    def maintain(self, actor: str) -> Dict[str, Any]:
        """The maintenance run at the engine's time: ``{"at", "recycled": [...], "due_soon": [...]}``."""
        return self._json("lp_pool_maintain", self._h, encode_text(actor, "actor"))

    # ---- public-pool mechanics: opportunity workflows ----------------------------------------

    def workflows(self, actor: str) -> List[Dict[str, Any]]:
        """Every workflow: ``[{"name", "steps": [{"name", "collaborators"}], "product_types"}]``."""
        return self._json("lp_workflow_list", self._h, encode_text(actor, "actor"))

    def define_workflow(
        self,
        actor: str,
        name: str,
        steps: Iterable[Union[str, Mapping[str, Any]]],
        product_types: Iterable[str] = (),
    ) -> Dict[str, Any]:
        """Defines a workflow once (manage_workflows). ``steps``: step names or
        ``{"name", "collaborators"}`` objects, in order. Returns the workflow."""
        step_objects = [{"name": step} if isinstance(step, str) else dict(step) for step in steps]
        workflow = _fields(name=name, steps=step_objects, product_types=product_types)
        return self._json("lp_workflow_define", self._h, encode_text(actor, "actor"), encode_json(workflow))

    def open_opportunity(
        self,
        actor: str,
        lead_id: int,
        product_type: str,
        amount: Optional[int] = None,
        *,
        owner: Optional[str] = None,
        team: Optional[int] = None,
    ) -> Dict[str, Any]:
        """Qualifies a lead and opens its opportunity; the main owner is a user (``owner``) or
        a team (``team``, a sub pool), else the actor. Returns the opportunity."""
        main_owner = _fields(user=owner, team=team)
        request = _fields(lead=lead_id, product_type=product_type, amount=amount, owner=main_owner or None)
        return self._json("lp_opportunity_open", self._h, encode_text(actor, "actor"), encode_json(request))

    def advance_opportunity(self, actor: str, lead_id: int, step: str) -> Dict[str, Any]:
        """Moves the lead's open opportunity to another step; returns the opportunity."""
        return self._json(
            "lp_opportunity_advance", self._h, encode_text(actor, "actor"), lead_id, encode_text(step, "step")
        )

    def add_collaborator(self, actor: str, lead_id: int, user_id: str) -> Dict[str, Any]:
        """Adds a collaborator at the current step; returns the opportunity."""
        return self._json(
            "lp_opportunity_add_collaborator",
            self._h,
            encode_text(actor, "actor"),
            lead_id,
            encode_text(user_id, "user_id"),
        )

    def win_opportunity(self, actor: str, lead_id: int, order_amount: Optional[int] = None) -> Dict[str, Any]:
        """Wins the lead and records the order (``order_amount``, default the opportunity's)."""
        request = _fields(order_amount=order_amount)
        return self._json(
            "lp_opportunity_win",
            self._h,
            encode_text(actor, "actor"),
            lead_id,
            encode_json(request) if request else None,
        )

    def opportunities(self, actor: str, lead_id: int) -> List[Dict[str, Any]]:
        """A lead's opportunities, by number."""
        return self._json("lp_opportunity_list", self._h, encode_text(actor, "actor"), lead_id)


def default_policies() -> Dict[str, Any]:
    """The four default stage policies shipped with the library, ``{"factory_led": {...}, ...}``."""
    lib = _native.library()
    return lib.call_json(lib.lp_policy_defaults)


def normalize_identity(
    kind: str, value: str, scope: Optional[str] = None, rules: Optional[Mapping[str, Any]] = None
) -> Dict[str, Any]:
    """An identity as the engine stores it, without an engine (``lp_identity_normalize``).

    Returns ``{"kind", "value", "scope"?, "blocked": bool}`` under ``rules`` (an identity rules
    object; ``None``: the defaults): phones become E.164 ``"+<digits>"``, e-mails and device ids
    lower case. ``blocked`` is true for a value the rules never use as an identity. An invalid
    identity raises :class:`leadpool.InvalidArgument`.
    """
    lib = _native.library()
    return lib.call_json(
        lib.lp_identity_normalize,
        encode_json(identity(kind, value, scope)),
        None if rules is None else encode_json(rules),
    )
