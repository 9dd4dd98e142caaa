#!/usr/bin/env python3
"""One person, many channels, one lead: ingestion, a bridging merge and an unmerge.

Li browses the website (phone number), buys in the shop (the same phone, written another way, and
an e-mail address) and opens the WeChat mini program (the e-mail and a WeChat openid): three
channels, one lead. Wu is known to the website by phone and to the shop by e-mail, as two leads,
until an app record names both: they merge, and Wu's shop lead id keeps naming the merged lead,
whose attribute values and events from both channels are all kept. A reviewer then decides the
two were different people and undoes the merge: both leads come back as they were. A feed in
JSON Lines with a broken line rejects that line alone.

    LEADPOOL_LIBRARY=build/capi/libleadpool_c.so /usr/bin/python3 examples/ingest.py [URI]

URI is "memory:" (the default) or "sqlite:PATH" (a new file).
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

START = 1_704_067_200_000  # 2024-01-01, on a manual clock so every run prints the same
HOUR = 3_600_000


def record(channel: str, record_id: str, *identities: Any, **fields: Any) -> Dict[str, Any]:
    """A channel record: what one channel knows about one person at one moment."""
    return {"channel": channel, "record_id": record_id, "identities": list(identities), **fields}


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"ingest example: expected {what}")


def show(results: List[Dict[str, Any]]) -> None:
    for r in results:
        extra = f" absorbing {r['absorbed']}" if r["absorbed"] else ""
        extra += f" ({r['error']}: {r['reason'][:60]}...)" if r["error"] else ""
        extra += f" dropped {r['dropped']}" if r["dropped"] else ""
        print(f"  {r['outcome']:<9} lead {r['lead']}{extra}")


def main(argv: List[str]) -> int:
    uri = argv[1] if len(argv) > 1 else "memory:"
    with leadpool.Engine(uri, manual_clock_ms=START) as engine:
        if engine.initialized:
            print(f"{uri} already holds a company: give a new file", file=sys.stderr)
            return 2
        engine.initialize({"id": "boss", "name": "Wang", "roles": ["director"]}, "factory_led")
        print("identities are normalised before they are compared:")
        samples = [("phone", "+86 (138) 0000-0001"), ("phone", "8613800000001"), ("email", " Li@Example.COM "),
                   ("phone", "111-1111-1111")]
        for kind, value in samples:
            print(f"  {kind} {value!r:24} -> {leadpool.normalize_identity(kind, value)}")

        print("\nLi on three channels:")
        li = engine.ingest(
            "boss",
            [
                record("web", "w-1", ("phone", "+86 138 0000 0001"), attributes={"city": "Hangzhou"},
                       events=[{"type": "page_view", "payload": {"path": "/tea"}}]),
                record("shop", "s-1", ("phone", "0086-138-0000-0001"), ("email", "Li@Example.com"),
                       attributes={"name": "Li"}, events=[{"type": "order_paid", "payload": {"amount": 320}}]),
                record("wechat_mini_program", "m-1", ("email", "li@example.com"),
                       ("wechat_openid", "o-7781", "wx-shop")),
            ],
        )
        show(li)
        lead = engine.lead("boss", li[0]["lead"])
        check([r["outcome"] for r in li] == ["created", "updated", "updated"], "one lead for Li")
        print(f"  lead {lead['id']}: channels {lead['channels']}, attributes {lead['attributes']}")
        again = engine.ingest("boss", [record("web", "w-1", ("phone", "+8613800000001"))])
        check(again[0]["outcome"] == "duplicate", "a re-delivered record to change nothing")
        print(f"  the web record delivered again: {again[0]['outcome']}")

        print("\nWu, known by phone on the web and by e-mail in the shop:")
        engine.set_time(START + HOUR)
        wu = engine.ingest(
            "boss",
            [record("web", "w-2", ("phone", "13900000001"), attributes={"city": "Hangzhou"},
                    events=[{"type": "page_view", "payload": {"path": "/gifts"}}])],
        )
        engine.set_time(START + 2 * HOUR)
        shop = engine.ingest(
            "boss",
            [record("shop", "s-2", ("email", "wu@example.com"), attributes={"city": "Shanghai"},
                    events=[{"type": "order_paid", "payload": {"amount": 88}}])],
        )
        show(wu + shop)
        engine.set_time(START + 3 * HOUR)
        print("an app record names both:")
        both = record("app", "a-1", ("phone", "13900000001"), ("email", "wu@example.com"))
        bridge = engine.ingest("boss", [both])
        show(bridge)
        check(bridge[0]["outcome"] == "merged", "the bridging record to merge Wu's leads")
        survivor, absorbed = bridge[0]["lead"], bridge[0]["absorbed"][0]
        check(engine.lead("boss", absorbed)["id"] == survivor, "the absorbed id to name the survivor")
        print(f"  lead {absorbed} now reads as lead {survivor}")
        for value in engine.attribute_history("boss", survivor, "city"):
            print(f"  city = {value['value']!r} from {value['channel']} (lead {value['lead']})")
        events = engine.events("boss", survivor)
        check([e["type"] for e in events] == ["page_view", "order_paid"], "the events of both leads")
        print("  events: " + ", ".join(f"{e['type']} on {e['channel']} (lead {e['lead']})" for e in events))

        [merge] = engine.merges("boss")
        restored = engine.unmerge("boss", merge["id"], reason="two different people")
        check(restored["id"] == absorbed and engine.lead("boss", survivor)["id"] == survivor, "both leads back")
        print(f"\nunmerged {merge['id']}: lead {restored['id']} is back with {restored['identities']}")

        print("\na JSON Lines feed with a broken line:")
        feed = "\n".join(
            [
                '{"channel": "import", "identities": [{"kind": "email", "value": "chen@example.com"}]}',
                '{"channel": "import", "identities": [{"kind": "phone",',
                '{"channel": "import", "identities": [{"kind": "phone", "value": "13700000001"}]}',
            ]
        )
        fed = engine.ingest("boss", feed)
        show(fed)
        check([r["outcome"] for r in fed] == ["created", "rejected", "created"], "the broken line rejected alone")

        leads = engine.funnel("boss")["leads"]
        check(leads == 5, "5 leads")
        print(f"\n{leads} leads: Li, Wu (web), Wu (shop), and two from the feed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
