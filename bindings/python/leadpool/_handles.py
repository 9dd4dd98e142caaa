"""The C handles of one engine, and the calls every part of :class:`leadpool.Engine` makes
through them."""

from __future__ import annotations

from typing import Any, Dict

from ._native import Library
from ._values import Json


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


class _EngineCalls:
    """What the parts of :class:`leadpool.Engine` (one class per concept) share: the library, the
    handles, and the two ways of calling a C function on the engine's handle."""

    _lib: Library
    _handles: _Handles
    _next_iter: int

    @property
    def _h(self) -> Any:
        # NULL once closed: the C ABI answers LP_INVALID_ARGUMENT.
        return self._handles.engine

    def _json(self, fn_name: str, *args: Any) -> Json:
        return self._lib.call_json(getattr(self._lib, fn_name), *args)

    def _call(self, fn_name: str, *args: Any) -> None:
        self._lib.call(getattr(self._lib, fn_name), *args)
