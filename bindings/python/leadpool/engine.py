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

The methods are written one concept a module — ``_organisation``, ``_leads``, ``_ingestion``,
``_pyramid`` (transitions and the funnel), ``_referrals`` (referral trees and campaigns),
``_pool_mechanics``, ``_feed`` (the change feed), ``_personal_data`` (erasure and subject access),
``_scoring`` (lead scoring) — and :class:`Engine` is the one class that brings them together; this
module keeps its lifetime.
"""

from __future__ import annotations

import ctypes
import os
import weakref
from typing import Any, Optional, Union

from . import _native
from ._feed import _Feed
from ._handles import _OpenEngine
from ._ingestion import _Ingestion, normalize_identity
from ._leads import LeadIterator, _Leads
from ._native import EngineHandle, encode_json, encode_text
from ._organisation import _Organisation, default_policies
from ._owner_reports import _OwnerReports
from ._personal_data import _PersonalData
from ._pool_mechanics import _PoolMechanics
from ._pyramid import _Pyramid
from ._referrals import _Referrals
from ._scoring import _Scoring
from ._shapes import Identity
from ._time import Time, to_milliseconds
from ._values import IdentityLike, Json, _fields, identity, transition_request

__all__ = [
    "Engine",
    "LeadIterator",
    "default_policies",
    "normalize_identity",
    "transition_request",
    "identity",
    "Identity",
    "IdentityLike",
    "Json",
]


class Engine(_Organisation, _Leads, _Ingestion, _Pyramid, _OwnerReports, _Referrals, _PoolMechanics, _Feed,
             _PersonalData, _Scoring):
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
      epoch, or an aware ``datetime``) until :meth:`set_time` moves it — for tests and replays.

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
        manual_clock_ms: Optional[Time] = None,
    ) -> None:
        lib = _native.library()
        options = _fields(
            synchronous=synchronous,
            busy_timeout_ms=busy_timeout_ms,
            manual_clock_ms=to_milliseconds(manual_clock_ms),
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
        self._open = _OpenEngine(lib, handle)
        self._finalizer = weakref.finalize(self, self._open.close)

    @classmethod
    def memory(cls, *, manual_clock_ms: Optional[Time] = None) -> "Engine":
        """An engine over an in-memory store: nothing survives it."""
        return cls("memory:", manual_clock_ms=manual_clock_ms)

    @classmethod
    def sqlite(
        cls,
        path: Union[str, "os.PathLike[str]"],
        *,
        synchronous: Optional[str] = None,
        busy_timeout_ms: Optional[int] = None,
        manual_clock_ms: Optional[Time] = None,
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
        """Closes the engine. Idempotent.

        Every later call on it raises :class:`leadpool.EngineClosed`, and so does the next page of
        a :class:`LeadIterator` still open over it.
        """
        self._finalizer()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` ran."""
        return self._open.handle is None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<leadpool.Engine {self._uri!r} {state}>"

    def set_time(self, now_ms: Time) -> None:
        """Sets the manual clock (``lp_engine_set_time``); only for ``manual_clock_ms`` engines.
        ``now_ms``: milliseconds since the Unix epoch, or an aware ``datetime``."""
        self._call("lp_engine_set_time", self._h, to_milliseconds(now_ms))
