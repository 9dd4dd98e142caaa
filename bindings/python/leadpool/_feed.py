"""The change-feed part of :class:`leadpool.Engine`: pages of changes, consumers with durable
positions, subscriptions and waiting for the next change (docs/design.md 7)."""

from __future__ import annotations

import ctypes
import json
from typing import Any, Callable, Dict, Iterable, List, Optional, cast

from ._handles import _EngineCalls
from ._shapes import Change, ChangePage, Consumer, FeedSettings
from ._native import ChangeCallback, encode_json, encode_text
from ._values import _fields


def _filter(
    kinds: Optional[Iterable[str]], pool: Optional[int], owner: Optional[str], lead: Optional[int]
) -> Dict[str, Any]:
    return _fields(kinds=list(kinds) if kinds is not None else None, pool=pool, owner=owner, lead=lead)


class _Feed(_EngineCalls):
    """The methods of :class:`leadpool.Engine` that read and follow the change feed."""

    def changes(
        self,
        actor: str,
        since: Optional[int] = None,
        *,
        consumer: Optional[str] = None,
        limit: Optional[int] = None,
        kinds: Optional[Iterable[str]] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        lead: Optional[int] = None,
    ) -> ChangePage:
        """A page of the changes after ``since`` (or the ``consumer``'s position) the actor may see:
        ``{"changes": [{"seq", "at", "actor", "subject", "kind", "lead", "object", "before",
        "after", "version", "reason", "detail"}], "next", "last", "pruned"}``. Go on from
        ``next`` until it reaches ``last``; ``pruned``: changes after ``since`` went to the
        retention before they were read."""
        query = _fields(since=since, consumer=consumer, limit=limit)
        wanted = _filter(kinds, pool, owner, lead)
        if wanted:
            query["filter"] = wanted
        return cast(
            ChangePage,
            self._json("lp_changes", self._h, encode_text(actor, "actor"), encode_json(query)),
        )

    def add_consumer(self, actor: str, name: str, position: int = 0) -> Consumer:
        """Adds a consumer at ``position`` (0: the first change):
        ``{"name", "owner", "position", "created_at", "acked_at"}``."""
        return cast(Consumer, self._json(
            "lp_consumer_add", self._h, encode_text(actor, "actor"), encode_text(name, "name"), position
        ))

    def ack(self, actor: str, consumer: str, seq: int) -> Consumer:
        """Stores that ``consumer`` handled every change up to ``seq``; never moves it back."""
        return cast(Consumer, self._json(
            "lp_consumer_ack", self._h, encode_text(actor, "actor"), encode_text(consumer, "consumer"), seq
        ))

    def consumer(self, actor: str, name: str) -> Consumer:
        return cast(
            Consumer,
            self._json("lp_consumer_get", self._h, encode_text(actor, "actor"), encode_text(name, "name")),
        )

    def consumers(self, actor: str) -> List[Consumer]:
        """The actor's consumers (every one with ``read_feed``), by name."""
        return cast(List[Consumer], self._json("lp_consumer_list", self._h, encode_text(actor, "actor")))

    def feed_settings(self) -> FeedSettings:
        """``{"retention_ms"}``: 0 keeps every change forever."""
        return cast(FeedSettings, self._json("lp_feed_settings_get", self._h))

    def set_feed_settings(self, actor: str, retention_ms: int) -> FeedSettings:
        """Sets how long changes are kept (manage_org); ``maintain`` prunes older ones."""
        return cast(FeedSettings, self._json(
            "lp_feed_settings_set",
            self._h,
            encode_text(actor, "actor"),
            encode_json({"retention_ms": retention_ms}),
        ))

    def subscribe(
        self,
        actor: str,
        callback: Callable[[List[Change]], None],
        *,
        kinds: Optional[Iterable[str]] = None,
        pool: Optional[int] = None,
        owner: Optional[str] = None,
        lead: Optional[int] = None,
    ) -> int:
        """Calls ``callback(changes)`` after each commit of this engine with the new changes the
        actor may see and the filter keeps, on the committing thread, before the operation
        returns, in sequence order. The callback may call the engine; an exception it raises is
        printed by ctypes and dropped (the change is committed). Returns the subscription id."""
        if not callable(callback):
            raise TypeError("callback must be callable")

        def deliver(changes_json: bytes, _user_data: Any) -> None:
            callback(json.loads(changes_json.decode("utf-8")))

        c_callback = ChangeCallback(deliver)
        wanted = _filter(kinds, pool, owner, lead)
        out = ctypes.c_int64(0)
        self._call(
            "lp_subscribe",
            ctypes.byref(out),
            self._h,
            encode_text(actor, "actor"),
            encode_json(wanted),
            c_callback,
            None,
        )
        self._open.callbacks[out.value] = c_callback
        return out.value

    def unsubscribe(self, subscription: int) -> bool:
        """Whether it was subscribed; once it returns, the callback is not called again."""
        out = ctypes.c_int(0)
        self._call("lp_unsubscribe", ctypes.byref(out), self._h, subscription)
        self._open.callbacks.pop(subscription, None)
        return bool(out.value)

    def wait_for_changes(self, after: int, timeout_ms: int) -> bool:
        """Waits until a change after ``after`` is committed by any process sharing the store, or
        ``timeout_ms`` pass; whether one was. The GIL is released while it waits."""
        out = ctypes.c_int(0)
        self._call("lp_wait_for_changes", ctypes.byref(out), self._h, after, timeout_ms)
        return bool(out.value)
