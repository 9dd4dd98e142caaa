"""The status -> exception map, on its own (every class from a real failure is in test_failures)."""

from __future__ import annotations

from typing import Type

import pytest

import leadpool
from leadpool import errors

EXPECTED = {
    1: leadpool.InvalidArgument,
    2: leadpool.NotFound,
    3: leadpool.PermissionDenied,
    4: leadpool.IllegalTransition,
    5: leadpool.Conflict,
    6: leadpool.Storage,
    7: leadpool.LimitExceeded,
    8: leadpool.Busy,
    9: leadpool.Internal,
    10: leadpool.EngineClosed,
    11: leadpool.Suppressed,
}


@pytest.mark.parametrize("status,cls", sorted(EXPECTED.items()))
def test_each_status_raises_its_class(status: int, cls: Type[leadpool.Error]) -> None:
    with pytest.raises(cls) as info:
        errors.check_error(status, lambda: "the message")
    assert type(info.value) is cls
    assert isinstance(info.value, leadpool.Error)
    assert info.value.status == status == cls.code
    assert info.value.message == str(info.value) == "the message"


def test_ok_raises_nothing_and_reads_no_message() -> None:
    def never() -> str:
        raise AssertionError("lp_last_error read on success")

    errors.check_error(0, never)


def test_an_unknown_status_is_an_error_with_its_number() -> None:
    error = errors.error_for_status(42, "")
    assert type(error) is leadpool.Error
    assert error.status == 42
    assert "42" in str(error)


def test_python_bases() -> None:
    assert issubclass(leadpool.InvalidArgument, ValueError)
    assert issubclass(leadpool.EngineClosed, ValueError)
    assert issubclass(leadpool.NotFound, LookupError)
    assert "PermissionDenied" in repr(errors.error_for_status(3, "no"))
