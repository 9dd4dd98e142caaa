"""The organisation and public-pool commands, each once on its happy path: what a cron job or
an operator's script relies on."""

import json

from conftest import rows_of

DAY = 86_400_000


def test_users_pools_and_stage(team):
    users = json.loads(team.run("users", "list", "--json").out)
    assert {u["id"]: u["name"] for u in users} == {"boss": "王总", "ann": "安娜", "bob": "Bob"}
    assert "安娜" in team.run("users", "list").out
    team.run("pools", "add", "杭州", "--parent", "华东", "--members", "ann")
    pools = {p["name"]: p for p in json.loads(team.run("pools", "list", "--json").out)}
    assert pools["杭州"]["parent"] == pools["华东"]["id"]
    team.run("pools", "settings", "华东", "--set", json.dumps({"strategy": "least_loaded", "max_held": 2}))
    assert json.loads(team.run("pools", "settings", str(pools["华东"]["id"])).out)["max_held"] == 2
    assert team.run("stage", "show").out.strip() == "factory_led"
    team.run("stage", "set", "sales_led")
    assert team.run("stage", "show").out.strip() == "sales_led"


def test_route_assign_claim_follow_up_release_and_maintain(team):
    pools = {p["name"]: p["id"] for p in json.loads(team.run("pools", "list", "--json").out)}
    team.run("pools", "settings", "华东", "--set", json.dumps({"max_held": 1, "held_idle_ms": 7 * DAY}))
    team.write("in.csv", "phone\r\n13800000001\r\n13800000002\r\n13800000003\r\n")
    team.run("import", "in.csv", "--channel", "web")
    team.run("routing", "set", "-", stdin=json.dumps({"rules": [], "default_pool": pools["华东"]}))
    decisions = json.loads(team.run("route", "--json").out)
    assert [d["pool"] for d in decisions] == [pools["华东"]] * 3
    assigned = json.loads(team.run("assign", "华东", "--json").out)
    assert len(assigned["assigned"]) == 1 and len(assigned["unassigned"]) == 2   # max_held 1
    held = assigned["assigned"][0]["lead"]
    team.run("follow-up", str(held), "--kind", "visit", "--outcome", "有意向", actor="ann")
    team.run("release", str(held), "--reason", "换人跟进", actor="ann")
    team.run("claim", str(held), actor="ann")
    rows = rows_of(team.run("export", "leads", "--columns", "id,owner,tier", "--owner", "ann").out)
    assert rows == [{"id": str(held), "owner": "ann", "tier": "sub"}]
    report = json.loads(team.run("maintain", "--json", now="2026-03-20").out)   # idle past 7 days
    assert [r["lead"] for r in report["recycled"]] == [held]
    assert team.run("export", "leads", "--owner", "ann").out.count("\n") == 1     # the header only


def test_import_reads_stdin(cli):
    result = cli.run("import", "-", "--channel", "web", stdin="phone\n13800000001\n")
    assert "created     1" in result.out
    assert cli.leads()[0]["attributes"] == {}
