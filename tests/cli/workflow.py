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


def a_lead_passed_on(cli):
    """A pool ann and bob share and its one lead: ann claims it at 09:00 on 2 March (Beijing time),
    follows it up at 10:00 and releases it at 10:30; bob claims it at 11:00. Returns the
    pool's id and the lead's."""
    cli.run("pools", "add", "共享", "--members", "ann,bob")
    pools = {p["name"]: p["id"] for p in json.loads(cli.run("pools", "list", "--json").out)}
    cli.run("import", "-", "--channel", "web", stdin="phone\n13800000001\n")
    cli.run("routing", "set", "-", stdin=json.dumps({"rules": [], "default_pool": pools["共享"]}))
    cli.run("route")
    lead = cli.leads()[0]["id"]
    cli.run("claim", str(lead), actor="ann", now="2026-03-02T09:00:00+08:00")
    cli.run("follow-up", str(lead), "--kind", "call", actor="ann", now="2026-03-02T10:00:00+08:00")
    cli.run("release", str(lead), actor="ann", now="2026-03-02T10:30:00+08:00")
    cli.run("claim", str(lead), actor="bob", now="2026-03-02T11:00:00+08:00")
    return pools["共享"], lead
