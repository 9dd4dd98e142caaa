#!/usr/bin/env python3
"""One company through the four stages: the roles change, the data stays.

A boss starts selling with two salespeople (factory-led), hires a market department
(sales-led), puts marketing above the master pool (marketing-led) and finally opens the customers
to every department (all-staff). At each stage this prints, for each person, how many leads they
can see and whether they may tag or distribute a fresh lead, qualify one in the east pool and
run the funnel report, then the director's funnel — and checks that the leads, pools and history rows are the same throughout.

    LEADPOOL_LIBRARY=build/capi/libleadpool_c.so /usr/bin/python3 examples/stages.py [URI]

URI is "memory:" (the default) or "sqlite:PATH" (a new file: the example sets up the company).
"""

from __future__ import annotations

import os
import sys
from typing import Dict, List, Tuple

try:
    import leadpool
except ImportError:  # not installed: use the package of this source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python"))
    import leadpool

DAY = 86_400_000
START = 1_704_067_200_000  # 2024-01-01, on a manual clock so every run prints the same

# id, name, department, roles at the start
PEOPLE = [
    ("boss", "Wang (boss)", "management", ["director"]),
    ("ann", "Ann", "sales", ["salesperson"]),
    ("bob", "Bob", "sales", ["salesperson"]),
    ("mia", "Mia", "market", ["market"]),
    ("max", "Max", "marketing", ["marketing"]),
    ("rita", "Rita", "R&D", ["staff"]),
]

# The roles that change on the way (stage -> person -> roles). Nothing else is touched.
PROMOTIONS = {
    "sales_led": {"ann": ["sales_manager"]},  # Ann now runs the east region's sales group
}

STAGES = ["factory_led", "sales_led", "marketing_led", "all_staff"]


def set_up(engine: leadpool.Engine) -> Tuple[int, int]:
    """The company and its first leads; returns (a fresh master lead, a lead in the east pool)."""
    boss, *others = PEOPLE
    engine.initialize({"id": boss[0], "name": boss[1], "department": boss[2], "roles": boss[3]}, "factory_led")
    for user_id, name, department, roles in others:
        engine.add_user("boss", id=user_id, name=name, department=department, roles=roles)
    east = engine.create_pool("boss", "east", managers=["ann"])["id"]
    west = engine.create_pool("boss", "west", managers=["bob"])["id"]

    channels = ["web", "wechat_mini_program", "shop", "app"]
    results = engine.capture_batch(
        "boss",
        [
            {
                "identities": [("phone", f"1380000{n:04d}")],
                "channel": channels[n % len(channels)],
                "attributes": {"city": "Hangzhou" if n % 2 else "Shanghai"},
                "attribution": {"source": "spring-fair", "medium": "offline", "campaign": "2024-q1"},
            }
            for n in range(12)
        ],
    )
    ids = [r["lead"]["id"] for r in results]
    engine.set_time(START + DAY)
    engine.transition_batch(
        "boss",
        [leadpool.transition_request(i, "distribute", to_pool=east, to_owner="ann") for i in ids[0:3]]
        + [leadpool.transition_request(i, "distribute", to_pool=west, to_owner="bob") for i in ids[3:6]],
    )
    engine.set_time(START + 2 * DAY)
    engine.qualify("ann", ids[0])
    engine.win("ann", ids[0])
    engine.qualify("bob", ids[3])
    engine.lose("bob", ids[3], "went with a competitor")
    engine.invalidate("boss", ids[11], "test entry")
    return ids[6], ids[1]


def data_counts(engine: leadpool.Engine) -> Dict[str, int]:
    """What must not change with the stage, as the director sees it."""
    leads = list(engine.iter_leads("boss", page_size=5))
    return {
        "leads": len(leads),
        "pools": len(engine.pools("boss")),
        "users": len(engine.users("boss")),
        "history rows": sum(len(engine.history("boss", lead["id"])) for lead in leads),
    }


def visible(engine: leadpool.Engine, actor: str) -> int:
    return sum(1 for _ in engine.iter_leads(actor))


def report_stage(engine: leadpool.Engine, fresh: int, east_lead: int) -> None:
    print(f"\n== stage: {engine.stage} " + "=" * (60 - len(engine.stage or "")))
    print(f"  {'person':<12} {'department':<11} {'roles':<14} {'sees':>4}  tag  distribute  qualify  report")
    for actor, *_ in PEOPLE:
        user = engine.user("boss", actor)
        marks = [
            "yes" if engine.can(actor, action, lead) else "-"
            for action, lead in (("update", fresh), ("distribute", fresh), ("qualify", east_lead), ("report", 0))
        ]
        print(
            f"  {user['name']:<12} {user['department']:<11} {','.join(user['roles']):<14} "
            f"{visible(engine, actor):>4}  {marks[0]:^3}  {marks[1]:^10}  {marks[2]:^7}  {marks[3]:^6}"
        )
    funnel = engine.funnel("boss")
    tiers = "  ".join(f"{t['tier']} {t['at']}/{t['reached']}" for t in funnel["tiers"])
    print(f"  director's funnel (at/reached): {tiers}")
    print(f"  main-line conversion (orders / leads): {funnel['main_line_conversion']:.1%}")


def main(argv: List[str]) -> int:
    uri = argv[1] if len(argv) > 1 else "memory:"
    print(f"leadpool {leadpool.library_version()} (Python package {leadpool.__version__}) on {uri}")
    with leadpool.Engine(uri, manual_clock_ms=START) as engine:
        if engine.initialized:
            print(f"{uri} already holds a company: give a new file", file=sys.stderr)
            return 2
        fresh, east_lead = set_up(engine)
        counts = data_counts(engine)
        print("the company's data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))

        for n, stage in enumerate(STAGES):
            if stage != engine.stage:
                engine.set_time(START + (10 + n) * DAY)
                engine.set_stage("boss", stage)
                for user_id, roles in PROMOTIONS.get(stage, {}).items():
                    user = engine.user("boss", user_id)
                    engine.update_user("boss", id=user_id, name=user["name"], department=user["department"],
                                       roles=roles, active=user["active"])
                    print(f"\n{user['name']} becomes {', '.join(roles)}")
            report_stage(engine, fresh, east_lead)
            now = data_counts(engine)
            if now != counts:
                print(f"the data changed with the stage: {counts} -> {now}", file=sys.stderr)
                return 1

        changes = [e for e in engine.org_history("boss") if e["kind"] == "stage_changed"]
        print(f"\n{len(changes)} stage changes recorded; the data is the same: "
              + ", ".join(f"{v} {k}" for k, v in data_counts(engine).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
