#!/usr/bin/env python3
"""A host that follows the change feed: it tells the salespeople what happened to their leads
and warns them before a lead is recycled.

Each run is a few working days of a small company: two salespeople share the east pool, where a
held lead idle for 5 days is recycled and its owner is warned 3 days ahead. Bob follows up on
his leads every day, Ann never does. At the end of each day the notifier runs the maintenance,
prints the leads falling due, then reads the changes after its consumer's position, prints a
line for each one a salesperson cares about and acknowledges the page. Run it again on the same
file and it resumes right after the last change it acknowledged, on the days that follow:

    LEADPOOL_LIBRARY=build/capi/libleadpool_c.so /usr/bin/python3 examples/notifier.py [URI [DAYS]]

URI is "memory:" (the default) or "sqlite:PATH"; DAYS is how many days this run works (default 4).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, List

try:
    import leadpool
except ImportError:  # not installed: use the package of this source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python"))
    import leadpool

DAY = 86_400_000
START = 1_704_067_200_000  # 2024-01-01, on a manual clock so every run prints the same
CONSUMER = "notifier"
NAMES = {"boss": "the boss", "ann": "Ann", "bob": "Bob"}
CHANNELS = ["web", "wechat_mini_program", "shop"]
MOVES_TO_AN_OWNER = {"assign", "distribute", "transfer", "reactivate"}


def set_up(engine: leadpool.Engine) -> int:
    """The company on day 0; returns the east pool's id."""
    engine.initialize({"id": "boss", "name": "Wang (boss)", "roles": ["director"]}, "sales_led")
    for seller in ("ann", "bob"):
        engine.add_user("boss", id=seller, name=NAMES[seller], department="sales", roles=["salesperson"])
    east = engine.create_pool("boss", "east", managers=["boss"], members=["ann", "bob"])["id"]
    engine.set_pool_settings(
        "boss", east, strategy="round_robin", held_idle_ms=5 * DAY, warning_ms=3 * DAY, recycle_to="pool"
    )
    engine.add_consumer("boss", CONSUMER)
    return east


def first_day(engine: leadpool.Engine) -> int:
    """The day after the newest change in the store (the company works every day)."""
    last = engine.changes("boss", limit=1)["last"]
    newest = engine.changes("boss", since=last - 1, limit=1)["changes"][0]
    return (newest["at"] - START) // DAY + 1


def held(engine: leadpool.Engine, owner: str) -> List[Dict[str, Any]]:
    return [lead for lead in engine.iter_leads("boss", tier="sub", owner=owner)]


def work(engine: leadpool.Engine, east: int, day: int) -> None:
    """One day of the CRM: a new lead sent to east, the pool's unowned leads (new or recycled)
    handed out in turn, Bob's follow-ups, and every third day Bob closes his oldest lead."""
    captured = engine.capture(
        "boss", [("email", f"buyer{day}@example.com")], CHANNELS[day % len(CHANNELS)]
    )["lead"]
    engine.distribute("boss", captured["id"], east)
    engine.assign("boss", east)
    bobs = held(engine, "bob")
    for lead in bobs:
        engine.follow_up("bob", lead["id"], "call", outcome="interested")
    if day % 3 == 2 and bobs:
        engine.qualify("bob", bobs[0]["id"])
        engine.win("bob", bobs[0]["id"])


def notice(change: Dict[str, Any]) -> str:
    """What a salesperson is told of a change; empty for the changes nobody is told of."""
    kind, lead = change["kind"], change["lead"]
    before, after = change.get("before") or {}, change.get("after") or {}
    if kind in MOVES_TO_AN_OWNER and after.get("owner") and after["owner"] != before.get("owner"):
        return f"lead {lead} assigned to {NAMES[after['owner']]}"
    if kind == "claim":
        return f"lead {lead} claimed by {NAMES[after['owner']]}"
    if kind == "recycle":
        limit = change["detail"]["limit_ms"]  # none when the owner could not work it (inactive)
        why = f"left it idle for {limit // DAY} days" if limit is not None else "is inactive"
        return f"lead {lead} recycled: {NAMES[before['owner']]} {why}"
    if kind == "win":
        return f"lead {lead} won by {NAMES[change['actor']]}"
    return ""


def notify(engine: leadpool.Engine, day: int) -> None:
    """The notifier's turn at the end of a day: the maintenance, then the feed since its last ack."""
    report = engine.maintain("boss")
    for due in report["due_soon"]:
        days = -(-(due["due_at"] - report["at"]) // DAY)  # whole days, rounded up
        print(f"day {day}: lead {due['lead']} will be recycled in {days} day{'s' if days != 1 else ''}"
              f" ({NAMES[due['owner']]})")
    while True:
        page = engine.changes("boss", consumer=CONSUMER, limit=100)
        for change in page["changes"]:
            text = notice(change)
            if text:
                print(f"day {day}: [change {change['seq']}] {text}")
        if page["next"] > engine.consumer("boss", CONSUMER)["position"]:
            engine.ack("boss", CONSUMER, page["next"])  # at-least-once: a crash before this repeats the page
        if page["next"] == page["last"]:
            return


def main() -> int:
    uri = sys.argv[1] if len(sys.argv) > 1 else "memory:"
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    with leadpool.Engine(uri, manual_clock_ms=START) as engine:
        if engine.initialized:
            day = first_day(engine)
            engine.set_time(START + day * DAY)
            east = next(pool["id"] for pool in engine.pools("boss") if pool["name"] == "east")
            print(f"notifier: resuming after change {engine.consumer('boss', CONSUMER)['position']}")
        else:
            day = 0
            east = set_up(engine)
        for today in range(day, day + days):
            engine.set_time(START + today * DAY)
            work(engine, east, today)
            notify(engine, today)
        print(f"notifier: acknowledged up to change {engine.consumer('boss', CONSUMER)['position']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
