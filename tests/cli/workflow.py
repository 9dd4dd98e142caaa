"""A small month of work for the funnel and report tests: leads from two channels routed by
city into two sub pools, assigned, some qualified, won and lost."""

import json


def month_of_work(cli):
    cli.write("in.csv", "phone,city,channel\r\n" + "".join(
        f"1380000{i:04d},{'杭州' if i % 3 else '广州'},{'web' if i % 2 else 'shop'}\r\n" for i in range(30)))
    cli.run("import", "in.csv", "--map", "attributes.city=city")
    pools = {p["name"]: p["id"] for p in json.loads(cli.run("pools", "list", "--json").out)}
    cli.write("routing.json", json.dumps({"rules": [
        {"name": "east", "pool": pools["华东"], "when": [{"field": "attributes.city", "op": "equals", "values": ["杭州"]}]},
        {"name": "south", "pool": pools["华南"], "when": [{"field": "attributes.city", "op": "equals", "values": ["广州"]}]}]},
        ensure_ascii=False))
    cli.run("routing", "set", "routing.json")
    assert "routed 30 of 30" in cli.run("route", now="2026-03-02").out
    cli.run("assign", now="2026-03-02")
    leads = cli.leads()
    moves = [{"lead": l["id"], "action": "qualify"} for l in leads[:12]]
    moves += [{"lead": l["id"], "action": "win"} for l in leads[:5]]
    moves += [{"lead": l["id"], "action": "lose", "reason": "价格"} for l in leads[5:7]]
    moves += [{"lead": leads[20]["id"], "action": "invalidate", "reason": "空号"}]
    cli.write("moves.jsonl", "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in moves))
    assert "moved 20, refused 0" in cli.run("move", "moves.jsonl", now="2026-03-10").out
    return leads
