"""Finding and checking the C library: versions, the search order, refusals."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
from pathlib import Path

import pytest

import leadpool
from leadpool import _native


def test_versions() -> None:
    assert leadpool.__version__ == "0.1.0"
    assert re.fullmatch(r"\d+\.\d+\.\d+", leadpool.library_version())
    assert leadpool.abi_version() == leadpool.ABI_VERSION == 1


def test_library_path_is_the_one_named_by_the_environment(library_path: str) -> None:
    assert leadpool.library_path() == library_path


def test_every_prototype_is_declared() -> None:
    lib = _native.library()
    for name in _native.PROTOTYPES:
        fn = getattr(lib, name)
        assert fn.argtypes is not None, name


class _StubFunction:
    def __init__(self, value: int) -> None:
        self.value = value

    def __call__(self) -> int:
        return self.value


class _Stub:
    """Looks like a CDLL that exports lp_abi_version and nothing else."""

    def __init__(self, abi: int) -> None:
        self.lp_abi_version = _StubFunction(abi)


def test_a_library_of_another_abi_version_is_refused() -> None:
    with pytest.raises(leadpool.AbiVersionMismatch) as info:
        _native.check_abi(_Stub(2), "/opt/old/libleadpool_c.so.2")
    message = str(info.value)
    assert "/opt/old/libleadpool_c.so.2" in message
    assert "ABI version 2" in message and "ABI version 1" in message
    assert (info.value.expected, info.value.found) == (1, 2)
    assert isinstance(info.value, leadpool.LibraryError) and isinstance(info.value, ImportError)


def test_the_matching_abi_version_is_accepted() -> None:
    assert _native.check_abi(_Stub(1), "stub") == 1


def test_load_refuses_a_library_of_another_abi_version(tmp_path: Path) -> None:
    with pytest.raises(leadpool.AbiVersionMismatch, match="ABI version 7"):
        _native.load(environ={"LEADPOOL_LIBRARY": "/x/libleadpool_c.so"}, loader=lambda path: _Stub(7))


def test_a_library_without_lp_abi_version_is_refused(tmp_path: Path) -> None:
    libc = ctypes.util.find_library("c")  # a real shared library that is not leadpool
    assert libc
    with pytest.raises(leadpool.LibraryError, match="does not export lp_abi_version"):
        _native.load(environ={"LEADPOOL_LIBRARY": libc})


def test_a_wrong_leadpool_library_path_fails_loudly(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere" / "libleadpool_c.so")
    with pytest.raises(leadpool.LibraryError) as info:
        _native.load(environ={"LEADPOOL_LIBRARY": missing})
    assert "LEADPOOL_LIBRARY" in str(info.value) and missing in str(info.value)


def test_not_found_anywhere_says_where_it_looked(tmp_path: Path) -> None:
    def no_loader(name: str) -> object:
        raise OSError(f"{name}: cannot open shared object file")

    with pytest.raises(leadpool.LibraryError) as info:
        _native.load(environ={}, package_dir=str(tmp_path), find_library=lambda name: None, loader=no_loader)
    message = str(info.value)
    assert "cannot find the C library" in message
    assert "LEADPOOL_LIBRARY (not set)" in message
    assert str(tmp_path / "libleadpool_c.so.1") in message
    assert "find_library" in message


def test_a_copy_next_to_the_package_is_found(tmp_path: Path, library_path: str) -> None:
    shutil.copy(library_path, tmp_path / "libleadpool_c.so.1")
    lib = _native.load(environ={}, package_dir=str(tmp_path), find_library=lambda name: None)
    assert lib.path == str(tmp_path / "libleadpool_c.so.1")
    assert lib.abi_version() == 1


def test_the_system_loader_is_asked_last(tmp_path: Path, library_path: str) -> None:
    asked = []

    def find_library(name: str) -> str:
        asked.append(name)
        return library_path

    lib = _native.load(environ={}, package_dir=str(tmp_path), find_library=find_library)
    assert asked == ["leadpool_c"]
    assert lib.path == library_path


def test_status_names_match_the_library() -> None:
    for cls in (
        leadpool.InvalidArgument,
        leadpool.NotFound,
        leadpool.PermissionDenied,
        leadpool.IllegalTransition,
        leadpool.Conflict,
        leadpool.Storage,
        leadpool.LimitExceeded,
        leadpool.Busy,
        leadpool.Internal,
        leadpool.EngineClosed,
    ):
        assert cls.code is not None and leadpool.status_name(cls.code) == cls.name
    assert leadpool.status_name(0) == "ok"


def test_import_does_not_load_the_library() -> None:
    # A fresh interpreter imports the package with no library anywhere to be found.
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "LEADPOOL_LIBRARY"}
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(leadpool.__file__))
    code = "import leadpool; print(leadpool.__version__, leadpool.InvalidArgument.code)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0.1.0", "1"]


def test_an_unknown_status_has_the_name_unknown() -> None:
    assert leadpool.status_name(42) == "unknown"


def test_every_returned_string_is_freed_exactly_once(company, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = _native.library()
    real_free = lib.lp_free
    freed = []

    def counting_free(pointer: ctypes.c_void_p) -> None:
        freed.append(pointer.value)
        real_free(pointer)

    monkeypatch.setattr(lib, "lp_free", counting_free)
    e = company.engine
    e.pools("boss")                                      # a JSON array
    assert e.find_lead("boss", "phone", "13900000404") is None   # the JSON text "null"
    with pytest.raises(leadpool.NotFound):
        e.lead("boss", 404)                              # a failure returns no text to free
    assert len(freed) == 2 and all(freed)
    with e.iter_leads("boss") as it:                     # one (empty) page: NULL, nothing to free
        assert list(it) == []
    assert len(freed) == 2
    company.capture("13800000001")
    assert len(freed) == 3
    assert [lead["id"] for lead in e.iter_leads("boss")] and len(freed) == 4
