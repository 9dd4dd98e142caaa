#!/usr/bin/env python3
"""A month of distribution on the manual clock, through the leadpool CLI: every third day the
leads are routed and assigned, salespeople follow up and claim, some leads are qualified, won,
lost or found invalid, and the maintenance run recycles what went idle.

  month.py LEADPOOL STORE_URI FIRST_DAY DAYS
"""
import csv
import io
import json
import random
import subprocess
import sys
from datetime import date, timedelta


def main():
    exe, store, first, days = sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(17)

    def lp(now, *args, actor="boss", quiet=False, ok=(0,)):
        command = [exe, "--store", store, "--as", actor, "--now", now, *args]
        if not quiet:
            print(f"$ leadpool --now {now} --as {actor} " + " ".join(args), flush=True)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode not in ok:
            sys.exit(f"leadpool {' '.join(args)}: exit {done.returncode}\n{done.stderr}")
        return done

    def leads(now, *filters, columns="id,owner,pool_id"):
        out = lp(now, "export", "leads", "--columns", columns, *filters, quiet=True).stdout
        return list(csv.DictReader(io.StringIO(out)))

    pools = {p["name"]: p for p in json.loads(lp(first.isoformat(), "pools", "list", "--json", quiet=True).stdout)}
    for step in range(0, days, 3):
        day = first + timedelta(days=step)
        morning, evening = f"{day}T09:00+08:00", f"{day}T19:00+08:00"
        print(f"--- {day} ---", flush=True)
        print(lp(morning, "route").stdout, end="")
        print(lp(morning, "assign").stdout, end="")
        held = [l for l in leads(morning, "--tier", "sub") if l["owner"]]
        unowned = [l for l in leads(morning, "--tier", "sub") if not l["owner"]] if step else []
        opportunities = leads(morning, "--tier", "opportunity")
        # The day's work: qualify some held leads, win or lose some opportunities, drop a few.
        moves = [{"lead": int(l["id"]), "action": "qualify"} for l in rng.sample(held, len(held) // 12)]
        for l in opportunities:
            roll = rng.random()
            if roll < 0.25:
                moves.append({"lead": int(l["id"]), "action": "win"})
            elif roll < 0.35:
                moves.append({"lead": int(l["id"]), "action": "lose", "reason": rng.choice(["价格太高", "选了竞品", "预算取消"])})
        for l in rng.sample(held, len(held) // 100):
            moves.append({"lead": int(l["id"]), "action": "invalidate", "reason": rng.choice(["空号", "重复登记", "测试数据"])})
        with open("moves.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(m, ensure_ascii=False) + "\n" for m in moves)
        print(lp(evening, "move", "moves.jsonl", ok=(0, 14)).stdout, end="")
        # Salespeople call some of their leads (which keeps them from being recycled) and claim
        # unowned ones of their pool.
        moved = {m["lead"] for m in moves}
        for l in rng.sample(held, min(8, len(held))):
            if int(l["id"]) not in moved:
                lp(f"{day}T15:00+08:00", "follow-up", l["id"], "--kind", rng.choice(["call", "message", "visit"]),
                   "--outcome", rng.choice(["有意向", "再联系", "未接通"]), actor=l["owner"])
        by_pool = {p["id"]: p for p in pools.values()}
        for l in rng.sample(unowned, min(3, len(unowned))):
            pool = by_pool[int(l["pool_id"])]
            # A cap reached, a cool-down or a lead taken first: the refusal is part of the game.
            lp(f"{day}T16:00+08:00", "claim", l["id"], actor=rng.choice(pool["members"]), ok=(0, 13, 15, 17))
        print(lp(evening, "maintain").stdout, end="")


if __name__ == "__main__":
    main()
