#!/usr/bin/env python3
"""A quarter of selling, read back from the history log: the funnel by pool and capture month,
the weekly capture cohorts, and time in tier with velocity and revenue.

Thirteen weeks from Monday 5 January 2026 on a manual clock: four to six leads a day-apart each
week, web leads to the east pool (Ann), shop leads to the west pool (Bob) the day after; two in
three are qualified five to eight days later with an opportunity of 1,000 to 1,750; a third are
won three to seven days after that, some of Bob's lost. What happens after the quarter's end does
not happen. The example then prints three tables and checks its own totals.

    LEADPOOL_LIBRARY=build/capi/libleadpool_c.so /usr/bin/python3 examples/quarter.py [URI]

URI is "memory:" (the default) or "sqlite:PATH" (a new file).
"""

from __future__ import annotations

import datetime
import os
import sys
from typing import Dict, List, Tuple

try:
    import leadpool
except ImportError:  # not installed: use the package of this source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings", "python"))
    import leadpool

HOUR = 3_600_000
DAY = 24 * HOUR
WEEK = 7 * DAY
START = 1_767_571_200_000  # Monday 5 January 2026, 00:00 UTC
END = START + 13 * WEEK    # Monday 6 April 2026: the quarter's end
WEEKS = 13

# One step of the plan: (when, lead number, what: "capture", "distribute", "qualify", "win" or "lose").
Step = Tuple[int, int, str]


def leads_of_week(week: int) -> int:
    return 4 + week % 3


def plan() -> List[Step]:
    """Every step of the quarter, in time order, as the sales team works: lead k is captured on
    day i of its week at 09:00, distributed a day and two hours later, qualified 5 + k % 4 days
    after that unless k % 3 == 2, then won 3 + k % 5 days later when k % 3 == 0 or, for Bob's
    (odd k), lost after six days. Steps after the quarter's end are not in it."""
    steps: List[Step] = []
    k = 0
    for week in range(WEEKS):
        for i in range(leads_of_week(week)):
            captured = START + week * WEEK + i * DAY + 9 * HOUR
            distributed = captured + DAY + 2 * HOUR
            steps += [(captured, k, "capture"), (distributed, k, "distribute")]
            if k % 3 != 2:
                qualified = distributed + (5 + k % 4) * DAY
                steps.append((qualified, k, "qualify"))
                if k % 3 == 0:
                    steps.append((qualified + (3 + k % 5) * DAY, k, "win"))
                elif k % 2 == 1:
                    steps.append((qualified + 6 * DAY, k, "lose"))
            k += 1
    return sorted(step for step in steps if step[0] < END)


def amount(k: int) -> int:
    return 1000 + 250 * (k % 4)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"quarter example: expected {what}")


def open_company(uri: str) -> Tuple[leadpool.Engine, Dict[str, int]]:
    """A factory-led company on a manual clock: the boss, Ann running the east pool, Bob the west,
    and a workflow for kitchens."""
    engine = leadpool.Engine(uri, manual_clock_ms=START - DAY)
    engine.initialize({"id": "boss", "name": "The Boss", "department": "management", "roles": ["director"]},
                      "factory_led")
    for user, name in (("ann", "Ann"), ("bob", "Bob")):
        engine.add_user("boss", id=user, name=name, department="sales", roles=["salesperson"])
    pools = {name: engine.create_pool("boss", name, managers=[owner])["id"]
             for name, owner in (("east", "ann"), ("west", "bob"))}
    engine.define_workflow("boss", "deal", ["quote", "contract"], ["kitchen"])
    return engine, pools


def run_quarter(engine: leadpool.Engine, pools: Dict[str, int]) -> None:
    leads: Dict[int, int] = {}
    owner = {0: "ann", 1: "bob"}
    for at, k, what in plan():
        engine.set_time(at)
        seller = owner[k % 2]
        if what == "capture":
            channel = "web" if k % 2 == 0 else "shop"
            result = engine.capture("boss", [("phone", f"1390000{k:04d}")], channel)
            leads[k] = result["lead"]["id"]
        elif what == "distribute":
            engine.distribute("boss", leads[k], pools["east" if k % 2 == 0 else "west"], seller)
        elif what == "qualify":
            engine.open_opportunity(seller, leads[k], "kitchen", amount(k))
        elif what == "win":
            engine.win_opportunity(seller, leads[k])
        else:
            engine.lose(seller, leads[k], "price")
    engine.set_time(END)
    print(f"a quarter: {len(leads)} leads captured, {sum(1 for s in plan() if s[2] == 'win')} won")


def _date(ms: int) -> str:
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%d")


def days(ms: int) -> str:
    return f"{ms / DAY:.1f}d"


def show_breakdown(engine: leadpool.Engine, pools: Dict[str, int]) -> None:
    """The funnel by pool x capture month: how many of each month's leads each pool reached with."""
    names = {pool_id: name for name, pool_id in pools.items()}
    print("\nfunnel by pool x capture month (leads now, reached since):")
    print(f"{'pool':6} {'month':8} {'leads':>5} {'sub':>4} {'opp':>4} {'order':>5} {'orders/leads':>12}")
    for row in leadpool.breakdown_rows(engine.funnel_breakdown("boss", ("pool", "capture_month"))):
        print(f"{names.get(row['pool'], 'master'):6} {_date(row['capture_month'])[:7]:8} {row['leads']:5} "
              f"{row['reached_sub']:4} {row['reached_opportunity']:4} {row['reached_order']:5} "
              f"{row['main_line_conversion']:12.1%}")


def show_cohorts(engine: leadpool.Engine) -> None:
    """Each capture week followed four weeks: how many had reached order by the end of each."""
    table = engine.capture_cohorts("boss", "week", 4)
    print("\ncapture cohorts by week (reached order by the end of week +0 .. +4):")
    for cohort in table["cohorts"]:
        orders = " ".join(f"{reached['order']:3}" for reached in cohort["reached"])
        print(f"week of {_date(cohort['start'])}: {cohort['leads']} leads, order {orders}")


def show_times(engine: leadpool.Engine) -> leadpool.TierTimesPart:
    """Time in tier over the quarter, the way from capture to order, and what the orders brought."""
    times = engine.tier_times("boss")
    total = times["total"]
    print(f"\ntime in tier (open stays at {_date(times['at'])}):")
    print(f"{'tier':12} {'ended':>5} {'median':>7} {'p90':>7} {'mean':>7} {'open':>5} {'median age':>10}")
    for tier, time in total["tiers"].items():
        done, still = time["finished"], time["open"]
        print(f"{tier:12} {done['count']:5} {days(done['median_ms']):>7} {days(done['p90_ms']):>7} "
              f"{days(done['mean_ms']):>7} {still['count']:5} {days(still['median_ms']):>10}")
    to_order, revenue = total["to_order"], total["revenue"]
    print(f"capture to order: {to_order['count']} leads, median {days(to_order['median_ms'])}, "
          f"p90 {days(to_order['p90_ms'])}, mean {days(to_order['mean_ms'])}")
    captured = engine.funnel("boss")["leads"]
    conversion = revenue["orders"] / captured
    print(f"revenue: {revenue['orders']} orders, {revenue['sum']:,} in all, {revenue['mean']:,} each on average")
    print(f"customers x conversion x average order = {captured} x {conversion:.1%} x {revenue['mean']:,} "
          f"= {round(captured * conversion * revenue['mean']):,}")
    return total


def main(argv: List[str]) -> int:
    uri = argv[1] if len(argv) > 1 else "memory:"
    engine, pools = open_company(uri)
    with engine:
        run_quarter(engine, pools)
        show_breakdown(engine, pools)
        show_cohorts(engine)
        total = show_times(engine)
        wins = [k for _, k, what in plan() if what == "win"]
        check(total["revenue"] == {"orders": len(wins), "sum": sum(map(amount, wins)),
                                   "mean": sum(map(amount, wins)) // len(wins)}, "the won orders' revenue")
        check(engine.funnel("boss")["leads"] == sum(map(leads_of_week, range(WEEKS))), "every capture counted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
