"""leadpool for Python: the embeddable lead-pool engine, over its stable C ABI (ctypes).

    import leadpool

    with leadpool.Engine("sqlite:leads.db") as engine:
        engine.initialize({"id": "boss", "name": "Wang", "roles": ["director"]}, "factory_led")
        engine.add_user("boss", id="ann", name="Ann", roles=["salesperson"])
        east = engine.create_pool("boss", "east", managers=["ann"])
        lead = engine.capture("boss", [("phone", "13800000001")], "web")["lead"]
        engine.distribute("boss", lead["id"], east["id"], "ann")
        engine.qualify("ann", lead["id"])
        engine.win("ann", lead["id"])
        print(engine.funnel("boss")["main_line_conversion"])

Results are the decoded JSON of the C ABI (dicts and lists whose fields are those of the C++
structs), typed for checkers with a ``TypedDict`` for each of docs/json.md's shapes (``Lead``,
``CaptureResult``, ``FunnelReport``, ...; :mod:`leadpool._shapes`). Times are milliseconds since
the Unix epoch: :func:`to_datetime` makes them ``datetime`` values, and every method that takes a
time takes an aware ``datetime`` too. Failures raise a :class:`leadpool.Error` subclass, one per
status code (see :mod:`leadpool.errors`). The C library ``libleadpool_c`` is found through
``LEADPOOL_LIBRARY``, a copy next to this package, or the system loader (see
:mod:`leadpool._native`), and is loaded on first use.
"""

from __future__ import annotations

from . import _native
from ._native import ABI_VERSION, ENV_VAR
from . import _shapes
from ._shapes import *  # noqa: F401,F403 (the shapes and enumerations, listed in _shapes.__all__)
from ._time import EPOCH, Time, to_datetime, to_milliseconds
from ._values import IdentityLike
from ._pyramid import breakdown_rows, cohort_rows, moves_rows, report_row, times_part_row, times_rows
from ._owner_reports import collision_rows, holding_rows, share_rows
from .engine import Engine, LeadIterator, default_policies, identity, normalize_identity, transition_request
from .errors import (
    AbiVersionMismatch,
    Busy,
    Conflict,
    EngineClosed,
    Error,
    IllegalTransition,
    Internal,
    InvalidArgument,
    LibraryError,
    LimitExceeded,
    NotFound,
    PermissionDenied,
    Storage,
    Suppressed,
    check_error,
    error_for_status,
)

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "ABI_VERSION",
    "ENV_VAR",
    "library_version",
    "abi_version",
    "library_path",
    "status_name",
    "Engine",
    "LeadIterator",
    "default_policies",
    "identity",
    "normalize_identity",
    "transition_request",
    "breakdown_rows",
    "moves_rows",
    "cohort_rows",
    "times_part_row",
    "times_rows",
    "collision_rows",
    "holding_rows",
    "share_rows",
    "report_row",
    "Error",
    "InvalidArgument",
    "NotFound",
    "PermissionDenied",
    "IllegalTransition",
    "Conflict",
    "Storage",
    "LimitExceeded",
    "Busy",
    "Internal",
    "EngineClosed",
    "Suppressed",
    "LibraryError",
    "AbiVersionMismatch",
    "check_error",
    "error_for_status",
    "Time",
    "EPOCH",
    "to_datetime",
    "to_milliseconds",
    "IdentityLike",
]
__all__ += _shapes.__all__


def library_version() -> str:
    """The version of the C library loaded, "MAJOR.MINOR.PATCH" (``lp_version``)."""
    return _native.library().version()


def abi_version() -> int:
    """The ABI version of the C library loaded (``lp_abi_version``); always :data:`ABI_VERSION`,
    since a library of another ABI version is refused when it loads."""
    return _native.library().abi_version()


def library_path() -> str:
    """The path (or, when the system loader found it, the name) of the C library loaded."""
    return _native.library().path


def status_name(status: int) -> str:
    """The C library's stable name of a status code (``lp_status_name``): "ok", "not_found", ..."""
    return _native.library().status_name(status)
