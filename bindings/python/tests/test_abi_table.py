"""Every function of the loaded library is declared as capi/leadpool_abi.json describes it.

The prototypes come from a generated module (leadpool/_prototypes.py); this test reads the table
itself and maps its C types to ctypes on its own, so a table changed without regenerating (or a
generated module edited by hand) fails here instead of loading and crashing at the first call.
"""

from __future__ import annotations

import ctypes
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import leadpool
from leadpool import _native

TABLE = Path(__file__).resolve().parents[3] / "capi" / "leadpool_abi.json"


def _table() -> Dict[str, Any]:
    return json.loads(TABLE.read_text(encoding="utf-8"))


def _functions() -> List[Dict[str, Any]]:
    return [fn for section in _table()["sections"] for fn in section["functions"]]


def _ctypes_of(c_type: str) -> Any:
    """The ctypes type the binding must declare for a C type of the table."""
    engine, iterator = _native.EngineHandle, _native.IterHandle
    return {
        "void": None,
        "lp_status": ctypes.c_int,
        "int": ctypes.c_int,
        "int32_t": ctypes.c_int32,
        "int64_t": ctypes.c_int64,
        "const char*": ctypes.c_char_p,
        "void*": ctypes.c_void_p,
        # char** out: a raw address, so that the text is freed with lp_free after it was read
        "char**": ctypes.POINTER(ctypes.c_void_p),
        "int*": ctypes.POINTER(ctypes.c_int),
        "int64_t*": ctypes.POINTER(ctypes.c_int64),
        "lp_engine*": engine,
        "lp_engine**": ctypes.POINTER(engine),
        "lp_lead_iter*": iterator,
        "lp_lead_iter**": ctypes.POINTER(iterator),
        "lp_change_callback": _native.ChangeCallback,
        "lp_progress_callback": _native.ProgressCallback,
    }[c_type]


def test_the_handles_are_pointers_to_opaque_structs() -> None:
    for handle in (_native.EngineHandle, _native.IterHandle):
        assert issubclass(handle, ctypes._Pointer)
        assert issubclass(handle._type_, ctypes.Structure) and not getattr(handle._type_, "_fields_", [])
    assert _native.EngineHandle is not _native.IterHandle


def test_the_change_callback_is_void_of_text_and_user_data() -> None:
    callback = _native.ChangeCallback
    assert callback._restype_ is None
    assert list(callback._argtypes_) == [ctypes.c_char_p, ctypes.c_void_p]


def test_the_table_and_the_header_agree_on_the_abi_version() -> None:
    assert _table()["abi_version"] == leadpool.ABI_VERSION == _native.library().abi_version()


def test_every_function_of_the_table_is_declared_in_its_order() -> None:
    assert list(_native.PROTOTYPES) == [fn["name"] for fn in _functions()]


@pytest.mark.parametrize("fn", _functions(), ids=lambda fn: fn["name"])
def test_each_loaded_function_has_the_types_of_the_table(fn: Dict[str, Any]) -> None:
    loaded = getattr(_native.library(), fn["name"])
    assert loaded.restype is _ctypes_of(fn["returns"]["type"])
    assert list(loaded.argtypes) == [_ctypes_of(param["type"]) for param in fn["params"]]


def test_the_status_codes_of_the_table_have_their_exception() -> None:
    codes = _table()["status_codes"]
    for name, code in codes.items():
        if code == 0:
            continue
        error = leadpool.error_for_status(code, "x")
        assert type(error) is not leadpool.Error, name
        assert error.name == name.lower() == leadpool.status_name(code)
