"""The C library: where it is found, the check of its ABI version, and every prototype.

Nothing here knows the domain. It locates ``libleadpool_c``, refuses a library of another ABI
version, declares ``argtypes`` / ``restype`` for every function of ``capi/leadpool.h`` (from
:mod:`leadpool._prototypes`, generated from ``capi/leadpool_abi.json``) and offers
the few call helpers the :class:`leadpool.Engine` is written with:

- :meth:`Library.check` raises the exception of a failed status (:func:`leadpool.errors.check_error`);
- :meth:`Library.call_json` calls a function whose first parameter is ``char** out``, decodes the
  JSON text it returned and frees it with ``lp_free`` exactly once, whatever happens.

Where the library is looked for, first hit wins:

1. the environment variable ``LEADPOOL_LIBRARY``: a path to the library file. When it is set,
   nothing else is tried, so a wrong path fails loudly instead of loading some other copy;
2. next to the package: ``libleadpool_c.so.1`` or ``libleadpool_c.so`` (``.dylib`` / ``.dll``
   on other systems) copied into the ``leadpool`` package directory by a host;
3. the system loader: ``ctypes.util.find_library("leadpool_c")``, then ``libleadpool_c.so.1``
   and ``libleadpool_c.so`` by name (``LD_LIBRARY_PATH``, ``ld.so.cache``, ...).

The library is loaded on first use (not at ``import leadpool``) and kept for the process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable, List, Mapping, Optional, Tuple, cast

from ._prototypes import ABI_VERSION, PROTOTYPES, ChangeCallback, EngineHandle, IterHandle, ProgressCallback
from .errors import Internal, InvalidArgument, LibraryError, AbiVersionMismatch, error_for_status

__all__ = [
    "ABI_VERSION",
    "ENV_VAR",
    "Library",
    "library",
    "load",
    "check_abi",
    "library_file_names",
    "encode_text",
    "encode_json",
    "PROTOTYPES",
    "EngineHandle",
    "IterHandle",
    "ChangeCallback",
    "ProgressCallback",
]

#: The environment variable naming the library file to load.
ENV_VAR = "LEADPOOL_LIBRARY"

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def library_file_names(platform: str = sys.platform) -> List[str]:
    """The file names of the C library on a platform, the versioned name (SOVERSION) first."""
    if platform == "darwin":
        return [f"libleadpool_c.{ABI_VERSION}.dylib", "libleadpool_c.dylib"]
    if platform in ("win32", "cygwin"):
        return ["leadpool_c.dll", "libleadpool_c.dll"]
    return [f"libleadpool_c.so.{ABI_VERSION}", "libleadpool_c.so"]


# ---- prototypes ----------------------------------------------------------------------------

# Every function's argtypes / restype (PROTOTYPES: name -> (restype, argtypes), in the header's
# order), EngineHandle, IterHandle, ChangeCallback and ProgressCallback come from _prototypes.py, which
# scripts/generate-abi.py writes from capi/leadpool_abi.json.


# ---- marshalling ---------------------------------------------------------------------------


def encode_text(value: Optional[str], what: str) -> Optional[bytes]:
    """A ``const char*`` argument: UTF-8 bytes, or ``None`` (NULL, which the engine refuses).

    A C string ends at its first NUL, so a string holding one would reach the engine cut short:
    it is refused here with :class:`InvalidArgument` instead.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if "\0" in value:
        raise InvalidArgument(f"{what}: embedded NUL character", InvalidArgument.code)
    return value.encode("utf-8")


def encode_json(value: Any) -> bytes:
    """A JSON argument: ``value`` as UTF-8 JSON text (non-ASCII escaped, NaN refused)."""
    return json.dumps(value, allow_nan=False, separators=(",", ":")).encode("ascii")


# ---- the library ---------------------------------------------------------------------------


class Library:
    """A loaded ``libleadpool_c`` whose ABI version matched, with every prototype declared."""

    def __init__(self, cdll: Any, path: str) -> None:
        self.path: str = path
        self.cdll = cdll
        for name, (restype, argtypes) in PROTOTYPES.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                raise LibraryError(
                    f"leadpool: the C library {path} does not export {name}(); "
                    f"it is not a complete leadpool ABI {ABI_VERSION} library"
                ) from None
            fn.restype = restype
            fn.argtypes = list(argtypes)
            setattr(self, name, fn)

    # Every lp_ function is set in __init__; for type checkers they are ctypes functions.
    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...

    def version(self) -> str:
        """``lp_version()``: the library version, "MAJOR.MINOR.PATCH"."""
        return cast(bytes, self.lp_version()).decode("utf-8")

    def abi_version(self) -> int:
        """``lp_abi_version()``."""
        return int(self.lp_abi_version())

    def last_error(self) -> str:
        """``lp_last_error()``: the message of this thread's last failure ("" when none)."""
        message = self.lp_last_error()
        return cast(bytes, message).decode("utf-8", errors="replace") if message else ""

    def status_name(self, status: int) -> str:
        """``lp_status_name(status)``."""
        return cast(bytes, self.lp_status_name(status)).decode("utf-8")

    def check(self, status: int) -> None:
        """Raises the :class:`leadpool.Error` subclass for a failed status, with its message."""
        if status != 0:
            raise error_for_status(status, self.last_error())

    def call(self, fn: Callable[..., int], *args: Any) -> None:
        """Calls a function that returns only a status."""
        self.check(fn(*args))

    def call_json(self, fn: Callable[..., int], *args: Any) -> Any:
        """Calls ``fn(&out, *args)`` and returns the decoded JSON text of ``out``.

        Returns ``None`` when the library returned ``out == NULL`` with ``LP_OK`` (the end of
        an iterator). Whatever came back through ``out`` is freed with ``lp_free`` once, after
        the message of a failure was read (``lp_free`` is a leadpool call too).
        """
        out = ctypes.c_void_p()
        status = fn(ctypes.byref(out), *args)
        try:
            self.check(status)
            if not out.value:
                return None
            text = ctypes.string_at(out.value)
        finally:
            if out.value:
                self.lp_free(out)
                out.value = None
        try:
            return json.loads(text.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise Internal(f"leadpool returned text that is not UTF-8 JSON: {exc}", Internal.code) from None


def check_abi(cdll: Any, path: str, expected: int = ABI_VERSION) -> int:
    """Checks that ``cdll`` is a leadpool library of ABI version ``expected``; returns its version.

    ``cdll`` is anything with an ``lp_abi_version`` attribute (a ``ctypes.CDLL`` or a stub).
    Raises :class:`LibraryError` when it has none and :class:`AbiVersionMismatch` when the version
    differs.
    """
    try:
        fn = getattr(cdll, "lp_abi_version")
    except AttributeError:
        raise LibraryError(
            f"leadpool: {path} does not export lp_abi_version(); it is not a leadpool C library"
        ) from None
    try:
        fn.restype = ctypes.c_int
        fn.argtypes = []
    except (AttributeError, TypeError):
        pass  # a stub that is not a ctypes function
    found = int(fn())
    if found != expected:
        raise AbiVersionMismatch(expected, found, path)
    return found


def _candidates(
    environ: Mapping[str, str], package_dir: str, find_library: Callable[[str], Optional[str]]
) -> Tuple[List[Tuple[str, str]], List[str]]:
    """The places to try, as (what, path-or-name), and a description of each place looked at."""
    looked: List[str] = []
    names = library_file_names()
    env_path = environ.get(ENV_VAR, "")
    if env_path:
        return [(f"{ENV_VAR}={env_path}", env_path)], [f"{ENV_VAR}={env_path}"]
    looked.append(f"{ENV_VAR} (not set)")
    places: List[Tuple[str, str]] = []
    for name in names:
        path = os.path.join(package_dir, name)
        if os.path.exists(path):
            places.append((f"next to the package ({path})", path))
    looked.append(f"next to the package: {', '.join(os.path.join(package_dir, n) for n in names)}")
    found = find_library("leadpool_c")
    if found:
        places.append((f"the system loader ({found})", found))
    for name in names:
        places.append((f"the system loader ({name})", name))
    looked.append(f"the system loader: find_library('leadpool_c'), {', '.join(names)}")
    return places, looked


def load(
    environ: Optional[Mapping[str, str]] = None,
    package_dir: Optional[str] = None,
    find_library: Callable[[str], Optional[str]] = ctypes.util.find_library,
    loader: Callable[[str], Any] = ctypes.CDLL,
) -> Library:
    """Finds, loads and checks the C library (see the module docstring for the order).

    The parameters exist for tests; by default they are the process environment, this
    package's directory, ``ctypes.util.find_library`` and ``ctypes.CDLL``.
    Raises :class:`LibraryError` (or :class:`AbiVersionMismatch`) with a message saying where it
    looked and what to do.
    """
    environ = os.environ if environ is None else environ
    package_dir = _PACKAGE_DIR if package_dir is None else package_dir
    places, looked = _candidates(environ, package_dir, find_library)
    explicit = bool(environ.get(ENV_VAR, ""))
    failures: List[str] = []
    for what, path in places:
        try:
            cdll = loader(path)
        except OSError as exc:
            if explicit or os.path.sep in path:
                # A file someone put there on purpose that does not load: say so, do not go on
                # to load some other copy.
                raise LibraryError(f"leadpool: cannot load the C library from {what}: {exc}") from None
            failures.append(f"{path}: {exc}")
            continue
        check_abi(cdll, path)
        return Library(cdll, path)
    raise LibraryError(
        "leadpool: cannot find the C library libleadpool_c. Looked at: "
        + "; ".join(looked)
        + f". Build it (cmake --build BUILD_DIR --target leadpool_c) and set {ENV_VAR} to the "
        "path of libleadpool_c.so, copy it into the leadpool package directory, or install it "
        "where the system loader finds it."
    )


_lock = threading.Lock()
_library: Optional[Library] = None


def library() -> Library:
    """The process-wide library, loaded on first use."""
    global _library
    lib = _library
    if lib is None:
        with _lock:
            if _library is None:
                _library = load()
            lib = _library
    return lib
