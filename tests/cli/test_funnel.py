"""leadpool funnel: the engine's funnel as a table or JSON, broken down by pool, owner, channel
and month with one funnel call per group."""

from workflow import month_of_work


def tiers(report):
    return {t["tier"]: (t["at"], t["reached"]) for t in report["tiers"]}


def test_the_funnel_counts_at_now_and_reached(team):
    month_of_work(team)
    report = team.funnel()
    assert report["leads"] == 30
    counts = tiers(report)
    assert counts["order"] == (5, 5) and counts["lost"] == (2, 2) and counts["invalid"] == (1, 1)
    assert counts["opportunity"] == (5, 12) and counts["sub"][1] == 30
    assert abs(report["main_line_conversion"] - 5 / 30) < 1e-9
    table = team.run("funnel").out
    assert "main line (orders ÷ leads)  16.7%" in table


def test_by_pool_owner_channel_and_month_split_the_total(team):
    month_of_work(team)
    by_pool = team.funnel("--by", "pool")
    groups = {g["label"]: g["funnel"]["leads"] for g in by_pool["groups"]}
    assert groups == {"华东": 20, "华南": 10}
    by_owner = team.funnel("--by", "owner")
    assert {g["key"]: g["funnel"]["leads"] for g in by_owner["groups"]} == {"ann": 20, "bob": 10}
    by_channel = team.funnel("--by", "channel")
    assert {g["key"]: g["funnel"]["leads"] for g in by_channel["groups"]} == {"shop": 15, "web": 15}
    orders = sum(tiers(g["funnel"])["order"][1] for g in by_channel["groups"])
    assert orders == 5
    by_month = team.funnel("--by", "month")
    assert [g["key"] for g in by_month["groups"]] == ["2026-03"]
    text = team.run("funnel", "--by", "pool").out
    assert text.splitlines()[0].split()[:2] == ["pool", "leads"] and "华东" in text
