#!/usr/bin/env python3
"""A referral ("fission") campaign: one seed user, three generations of friends, and what it brought.

Mei, the first seed user, shares the spring campaign in the WeChat mini program. Every record a
friend's share brings names the friend who shared it as `referrer`; the engine links each new lead
to its referrer. Three generations later the example prints Mei's referral tree (who brought whom,
how many each subtree holds and how many of them bought) and the campaign metrics: invitations,
leads, qualified and won leads and the viral coefficient, per generation and per referrer. A share
that would make a cycle (Mei's own friend naming a lead Mei brought as Mei's referrer) is left
out and said so. Before the sales team works them, the leads are scored ("referral": points for
bringing friends) and routed by score: those who brought someone go to the east pool, where Ann
sells, the rest to a nurture pool.

    LEADPOOL_LIBRARY=build/capi/libleadpool_c.so /usr/bin/python3 examples/campaign.py [URI]

URI is "memory:" (the default) or "sqlite:PATH" (a new file). Each step is a function of its own.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, List, Optional, Tuple

try:
    import leadpool
except ImportError:  # not installed: use the package of this source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python"))
    import leadpool

START = 1_709_251_200_000  # 2024-03-01, on a manual clock so every run prints the same
HOUR = 3_600_000
CAMPAIGN = "spring"

# Who shared with whom, generation by generation: (friend's phone, referrer's phone).
SEED = "13800000000"
GENERATIONS: List[List[Tuple[str, str]]] = [
    [("13800000101", SEED), ("13800000102", SEED), ("13800000103", SEED)],
    [("13800000201", "13800000101"), ("13800000202", "13800000101"), ("13800000203", "13800000103")],
    [("13800000301", "13800000201"), ("13800000302", "13800000203")],
]


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"campaign example: expected {what}")


def share(engine: leadpool.Engine, phone: str, referrer: Optional[str]) -> leadpool.IngestResult:
    """The record a share brings: the friend's phone, the campaign and who shared it."""
    record: Dict[str, Any] = {
        "channel": "wechat_mini_program",
        "identities": [("phone", phone)],
        "attribution": {"source": "wechat", "medium": "share", "campaign": CAMPAIGN},
    }
    if referrer is not None:
        record["referrer"] = ("phone", referrer)
    [result] = engine.ingest("boss", [record])
    return result


def lead_of(result: leadpool.IngestResult) -> int:
    lead = result["lead"]
    check(lead is not None, f"a lead, not {result['outcome']}")
    assert lead is not None
    return lead


def open_company(uri: str) -> Tuple[leadpool.Engine, int, int]:
    """A factory-led company on a manual clock: the boss, Ann, who runs the east pool, and a pool
    where leads are nurtured until they are worth a call."""
    engine = leadpool.Engine(uri, manual_clock_ms=START)
    engine.initialize({"id": "boss", "name": "The Boss", "department": "management", "roles": ["director"]},
                      "factory_led")
    engine.add_user("boss", id="ann", name="Ann", department="sales", roles=["salesperson"])
    east = engine.create_pool("boss", "east", managers=["ann"])["id"]
    nurture = engine.create_pool("boss", "nurture")["id"]
    return engine, east, nurture


def run_campaign(engine: leadpool.Engine) -> Dict[str, int]:
    """Mei, then three generations of shares, an hour apart. Returns each phone's lead."""
    leads: Dict[str, int] = {}
    leads[SEED] = lead_of(share(engine, SEED, None))
    print(f"generation 0: Mei is lead {leads[SEED]}")
    for number, generation in enumerate(GENERATIONS, start=1):
        engine.set_time(START + number * HOUR)
        for phone, referrer in generation:
            result = share(engine, phone, referrer)
            check(result["outcome"] == "created" and not result["dropped"], f"{phone} to be a new lead")
            check(engine.lead("boss", lead_of(result))["referred_by"] == leads[referrer], f"{phone}'s referrer")
            leads[phone] = lead_of(result)
        print(f"generation {number}: " + ", ".join(f"lead {leads[p]} (by {leads[r]})" for p, r in generation))

    # A friend shares again with Mei: invited once more, no new lead.
    again = share(engine, "13800000102", SEED)
    check(again["outcome"] == "updated", "a second invitation to update the friend's lead")
    # Mei, seen again, names a friend of hers as her referrer: a cycle, left out.
    cycle = share(engine, SEED, "13800000201")
    check(len(cycle["dropped"]) == 1 and "cycle" in cycle["dropped"][0], "the cycle to be left out")
    print(f"left out: {cycle['dropped'][0]}")
    return leads


# The "referral" model: a lead that brought friends is worth a call; one that came by a share a
# little more than a cold lead. Every lead is rescored whenever a referral or record touches it.
SCORING = {"models": [{"name": "referral", "rules": [
    {"name": "brought a friend", "points": 30, "referrals": {"at_least": 1}},
    {"name": "brought three", "points": 20, "referrals": {"at_least": 3}},
    {"name": "came by a share", "points": 10, "when": [{"field": "medium", "op": "equals", "values": ["share"]}]},
]}]}


def score_and_route(engine: leadpool.Engine, east: int, nurture: int, leads: Dict[str, int]) -> None:
    """Scores every lead, then routes those with 30 points or more to east, the rest to nurture."""
    report = engine.set_scoring_rules("boss", SCORING)
    check(report["leads"] == 9, "9 leads rescored")
    print(f"\nscored {report['leads']} leads, {report['changed']} scores changed")
    points = {phone: engine.scores("boss", lead)[0]["points"] for phone, lead in leads.items()}
    check(points[SEED] == 60 and points["13800000101"] == 40 and points["13800000102"] == 10,
          "Mei 60 points, a friend who brought two 40, one who brought none 10")
    why = ", ".join(f"{r['rule']} {r['points']:+d}" for r in engine.scores("boss", leads[SEED])[0]["rules"])
    print(f"Mei: {points[SEED]} points ({why})")
    engine.set_routing("boss", [{"name": "brought friends", "pool": east,
                                 "when": [{"field": "score.referral", "op": "range", "min": 30}]}],
                       default_pool=nurture)
    routed = engine.route("boss", all_unrouted=True)
    to_east = sorted(r["lead"] for r in routed if r["pool"] == east)
    check(len(to_east) == 5 and len(routed) == 9, "5 of 9 leads routed to east")
    print(f"routed by score: leads {', '.join(map(str, to_east))} to east, the other "
          f"{len(routed) - len(to_east)} to nurture")


def sell(engine: leadpool.Engine, leads: Dict[str, int]) -> None:
    """Ann works two of the friends routed to east: one buys, one is still an opportunity."""
    for phone in ("13800000101", "13800000201"):
        engine.transfer("boss", leads[phone], to_owner="ann")
        engine.qualify("ann", leads[phone])
    engine.win("ann", leads["13800000201"])


def print_tree(node: leadpool.ReferralNode, indent: str = "") -> None:
    bought = " bought" if node["converted"] else ""
    print(f"{indent}lead {node['lead']} ({node['tier']}{bought}): {node['size']} in its tree, "
          f"{node['converted_leads']} bought")
    for child in node["referrals"]:
        print_tree(child, indent + "  ")


def show_tree(engine: leadpool.Engine, leads: Dict[str, int]) -> None:
    tree = engine.referrals("boss", leads[SEED], 3)
    check(tree["root"]["size"] == 9 and tree["root"]["levels"] == 3, "Mei's tree of 9 leads over 3 levels")
    print("\nMei's referral tree:")
    print_tree(tree["root"])
    chain = engine.referrals("boss", leads["13800000301"], 1)["chain"]
    check([link["lead"] for link in chain] == [leads["13800000201"], leads["13800000101"], leads[SEED]],
          "the chain above a third-generation friend")
    print("the chain above lead " + str(leads["13800000301"]) + ": " + " <- ".join(str(link["lead"]) for link in chain))


def counts(row: leadpool.CampaignCounts) -> str:
    return (f"invited {row['invited']}, captured {row['captured']}, qualified {row['qualified']}, "
            f"won {row['won']}, brought {row['referred']} (viral coefficient {row['viral_coefficient']:.2f})")


def show_metrics(engine: leadpool.Engine) -> None:
    metrics = engine.campaign_metrics("boss", CAMPAIGN)
    totals = metrics["totals"]
    check(totals["captured"] == 9 and totals["referred"] == 8 and totals["won"] == 1, "9 leads, 8 referred, 1 won")
    check([g["captured"] for g in metrics["generations"]] == [1, 3, 3, 2], "generations of 1, 3, 3 and 2")
    print(f"\ncampaign {metrics['campaign']!r} by {metrics['touch']} touch: {counts(totals)}")
    for generation in metrics["generations"]:
        print(f"  generation {generation['generation']}: {counts(generation)}")
    for referrer in metrics["referrers"]:
        print(f"  referrer lead {referrer['referrer']} (generation {referrer['generation']}): {counts(referrer)}")


def main(argv: List[str]) -> int:
    uri = argv[1] if len(argv) > 1 else "memory:"
    engine, east, nurture = open_company(uri)
    with engine:
        leads = run_campaign(engine)
        score_and_route(engine, east, nurture, leads)
        sell(engine, leads)
        show_tree(engine, leads)
        show_metrics(engine)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
