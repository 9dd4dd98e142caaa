"""Times: the engine's are integers, milliseconds since the Unix epoch (UTC); these helpers offer
them as timezone-aware ``datetime``\\ s, and the methods that take a time take either."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Optional, Union, overload

from .errors import InvalidArgument

__all__ = ["Time", "EPOCH", "to_datetime", "to_milliseconds"]

#: A time as the methods take it: milliseconds since the Unix epoch, or an aware ``datetime``.
Time = Union[int, datetime]

#: The Unix epoch, in UTC.
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

_MILLISECOND = timedelta(milliseconds=1)


def to_datetime(ms: int) -> datetime:
    """A time of the engine (ms since the Unix epoch, e.g. a lead's ``created_at``) as an aware
    ``datetime`` in UTC, to the millisecond."""
    return EPOCH + timedelta(milliseconds=ms)


@overload
def to_milliseconds(value: Time) -> int: ...


@overload
def to_milliseconds(value: None) -> None: ...


def to_milliseconds(value: Optional[Time]) -> Optional[int]:
    """A time as the engine takes it: an ``int`` as it is, an aware ``datetime`` as milliseconds
    since the Unix epoch (truncated to the millisecond), ``None`` as ``None``.

    A naive ``datetime`` (no ``tzinfo``) names no instant and raises :class:`leadpool.InvalidArgument`.
    """
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidArgument(
            f"time {value.isoformat()}: a datetime without a timezone names no instant; "
            "give it a tzinfo (e.g. timezone.utc)",
            InvalidArgument.code,
        )
    return (value - EPOCH) // _MILLISECOND
