"""Python values as the JSON objects the C ABI reads.

Identities given as tuples become identity objects, and keyword arguments become the fields of a
JSON object, those left at ``None`` left out so that the engine applies its own default.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Union, cast

from ._shapes import Identity

#: A decoded JSON value (what every query returns).
Json = Any
#: An identity as the methods take it: an identity object ``{"kind": "phone", "value": "138..."}``
#: (:class:`leadpool.Identity`) or a tuple ``(kind, value[, scope])``.
IdentityLike = Union[Mapping[str, Any], Tuple[str, str], Tuple[str, str, str]]


def identity(kind: str, value: str, scope: Optional[str] = None) -> Identity:
    """An identity object: ``{"kind", "value", "scope"?}``."""
    out: Dict[str, Any] = {"kind": kind, "value": value}
    if scope is not None:
        out["scope"] = scope
    return cast(Identity, out)


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
    over_cap_reason: Optional[str] = None,
) -> Dict[str, Any]:
    """A transition request object, for :meth:`Engine.transition_batch`.

    ``{"lead", "action", "to_pool"?, "to_owner"?, "reason"?, "expected_version"?,
    "over_cap_reason"?}``; which fields an action takes is in the README ("Tiers and
    transitions"). ``over_cap_reason``: a manager's reason for handing ``to_owner`` a lead past
    their cap in the pool (README "The public pool").
    """
    request: Dict[str, Any] = {"lead": lead_id, "action": action}
    request.update(
        _fields(
            to_pool=to_pool,
            to_owner=to_owner,
            reason=reason,
            expected_version=expected_version,
            over_cap_reason=over_cap_reason,
        )
    )
    return request
