"""The C handle of one engine, and the calls every part of :class:`leadpool.Engine` makes
through it."""

from __future__ import annotations

from typing import Any, Dict

from ._native import Library
from ._values import Json
from .errors import EngineClosed


class _OpenEngine:
    """The C handle of one engine, ``None`` once closed.

    Shared by the :class:`leadpool.Engine` and its finalizer, so that the handle is closed
    exactly once, by :meth:`leadpool.Engine.close` or when the engine is garbage. Iterators own
    their C handles themselves: the C ABI lets them outlive the engine (they then answer
    ``LP_ENGINE_CLOSED``).
    """

    __slots__ = ("lib", "handle", "callbacks")

    def __init__(self, lib: Library, handle: Any) -> None:
        self.lib = lib
        self.handle = handle  # EngineHandle, or None once closed
        # The C callbacks of the subscriptions, by id: alive while the C library may call them.
        self.callbacks: Dict[int, Any] = {}

    def close(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            self.lib.lp_engine_close(handle)


class _EngineCalls:
    """What the parts of :class:`leadpool.Engine` (one class per concept) share: the library, the
    engine's handle, and the two ways of calling a C function on it."""

    _lib: Library
    _open: _OpenEngine

    @property
    def _h(self) -> Any:
        # The C handle is freed once closed: the binding answers for the C ABI, which cannot.
        handle = self._open.handle
        if handle is None:
            raise EngineClosed("engine is closed: Engine.close() ran; open a new Engine", EngineClosed.code)
        return handle

    def _json(self, fn_name: str, *args: Any) -> Json:
        return self._lib.call_json(getattr(self._lib, fn_name), *args)

    def _call(self, fn_name: str, *args: Any) -> None:
        self._lib.call(getattr(self._lib, fn_name), *args)
