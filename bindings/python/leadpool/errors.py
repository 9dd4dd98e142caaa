"""The exceptions of leadpool: one place maps the C ABI's status codes to Python.

Every failure the engine reports carries an ``lp_status`` code and a message that names the field
or rule at fault. :func:`check_error` turns a status into the matching exception (one subclass of
:class:`Error` per code, in the style of pygit2's ``errors.check_error``). Decide on the class,
never on the message: the message is for people.

Status codes and their classes:

- 1 :class:`InvalidArgument` — malformed input: bad JSON, wrong types, a NULL or missing value;
- 2 :class:`NotFound` — an id that names no lead, pool or user, or a lead the actor may neither
  read nor act on (the same message);
- 3 :class:`PermissionDenied` — the actor is unknown or inactive, or their role may not do this;
- 4 :class:`IllegalTransition` — a move the pyramid does not list;
- 5 :class:`Conflict` — a stale ``expected_version``, a duplicate user id or pool name, ...;
- 6 :class:`Storage` — the store failed: I/O, a corrupt, foreign or newer file;
- 7 :class:`LimitExceeded` — input over a documented size limit (e.g. a batch over 10000);
- 8 :class:`Busy` — the store stayed locked by another writer: retry later;
- 9 :class:`Internal` — a bug or resource failure inside leadpool;
- 10 :class:`EngineClosed` — the engine was closed: a call on a closed :class:`leadpool.Engine`,
  or the next page of an iterator whose engine was closed;
- 11 :class:`Suppressed` — an identity of a person whose data was erased at their request and who
  asked not to be kept (``Engine.erase(..., suppress=True)``).

:class:`InvalidArgument` and :class:`EngineClosed` are also :class:`ValueError` (as an operation
on a closed file is) and :class:`NotFound` also a :class:`LookupError`, so generic handlers catch
them too.

Loading the C library can fail before any status exists: :class:`LibraryError` (an
:class:`ImportError`) when the library cannot be found or is not a leadpool library, and its
subclass :class:`AbiVersionMismatch` when it speaks another ABI version.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Type

__all__ = [
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
    "error_for_status",
    "check_error",
]

OK = 0


class Error(Exception):
    """A failure reported by the leadpool engine.

    Attributes:
        status: the C ABI status code (``lp_status``), e.g. 3 for permission denied.
        message: the engine's message, naming the field or rule at fault.
    """

    #: The status code of this class (``None`` on the base class).
    code: Optional[int] = None
    #: The stable status name, as ``lp_status_name`` spells it.
    name: str = "error"

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.message: str = message
        self.status: int = int(status if status is not None else (self.code if self.code is not None else -1))

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, message={self.message!r})"


class InvalidArgument(Error, ValueError):
    """Malformed input: bad JSON, wrong types, a NULL or missing value, a missing reason."""

    code = 1
    name = "invalid_argument"


class NotFound(Error, LookupError):
    """An id that names no lead, pool or user."""

    code = 2
    name = "not_found"


class PermissionDenied(Error):
    """The actor is unknown or inactive, or their role in the current stage may not do this."""

    code = 3
    name = "permission_denied"


class IllegalTransition(Error):
    """A move the pyramid does not list (e.g. winning a lead still in the master pool)."""

    code = 4
    name = "illegal_transition"


class Conflict(Error):
    """A stale ``expected_version``, a duplicate user id or pool name, identities of two leads."""

    code = 5
    name = "conflict"


class Storage(Error):
    """The store failed: I/O, a corrupt, foreign or newer file."""

    code = 6
    name = "storage"


class LimitExceeded(Error):
    """Input over a documented size limit (a batch over 10000 items, oversized attributes, ...)."""

    code = 7
    name = "limit_exceeded"


class Busy(Error):
    """The store stayed locked by another writer past its busy timeout: retry later."""

    code = 8
    name = "busy"


class Internal(Error):
    """A bug or resource failure inside leadpool."""

    code = 9
    name = "internal"


class EngineClosed(Error, ValueError):
    """The engine was closed: by :meth:`leadpool.Engine.close`, or as garbage. Raised by every
    call on a closed engine and by the next page of an iterator still open over it."""

    code = 10
    name = "engine_closed"


class Suppressed(Error):
    """An identity of a person whose data was erased and who asked not to be kept: a capture is
    refused, an ingested record carrying it is rejected alone."""

    code = 11
    name = "suppressed"


_BY_STATUS: Dict[int, Type[Error]] = {
    cls.code: cls  # type: ignore[misc]
    for cls in (
        InvalidArgument,
        NotFound,
        PermissionDenied,
        IllegalTransition,
        Conflict,
        Storage,
        LimitExceeded,
        Busy,
        Internal,
        EngineClosed,
        Suppressed,
    )
}


def error_for_status(status: int, message: str = "") -> Error:
    """Returns the exception for a failed status (not raised).

    A status this package does not know yet (a newer library may add codes) maps to :class:`Error`
    itself, keeping the number in ``.status``.
    """
    cls = _BY_STATUS.get(int(status), Error)
    if not message:
        message = f"leadpool failed with status {status} ({cls.name})"
    return cls(message, int(status))


def check_error(status: int, last_error: Optional[Callable[[], str]] = None) -> None:
    """Raises the exception for ``status`` unless it is ``LP_OK`` (0).

    ``last_error`` is called only on failure, to fetch the message (``lp_last_error``).
    """
    if status == OK:
        return
    message = last_error() if last_error is not None else ""
    raise error_for_status(status, message)


class LibraryError(ImportError):
    """The leadpool C library could not be found or loaded, or is not a leadpool library."""


class AbiVersionMismatch(LibraryError):
    """The C library loaded speaks another ABI version than this package.

    Attributes:
        expected: the ABI version this package knows.
        found: the ABI version the library reported.
        path: the library file that was loaded.
    """

    def __init__(self, expected: int, found: int, path: str) -> None:
        super().__init__(
            f"leadpool: the C library {path} has ABI version {found}, but this leadpool Python "
            f"package speaks ABI version {expected}; install a matching libleadpool_c or point "
            f"LEADPOOL_LIBRARY at one"
        )
        self.expected = expected
        self.found = found
        self.path = path
