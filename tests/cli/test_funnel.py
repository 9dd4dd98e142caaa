"""leadpool funnel: the engine's funnel as a table or JSON, broken down by one or two keys (pool,
owner, channel, campaign, score band, product type, month, week) with one breakdown call; leadpool
times: time in tier, capture to order and revenue."""

import json

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


def test_two_keys_at_once_split_the_total(team):
    month_of_work(team)
    by_pool_and_channel = team.funnel("--by", "pool,channel")
    assert by_pool_and_channel["by"] == "pool,channel"
    groups = {tuple(g["key"]): g["funnel"]["leads"] for g in by_pool_and_channel["groups"]}
    assert sum(groups.values()) == by_pool_and_channel["total"]["leads"] == 30
    labels = {g["label"] for g in by_pool_and_channel["groups"]}
    assert "华东 / web" in labels and "华南 / shop" in labels
    # Captured on 1 March 2026 (UTC): the week of Monday 23 February.
    by_week = team.funnel("--by", "week,owner")
    assert [g["key"] for g in by_week["groups"]] == [["2026-02-23", "ann"], ["2026-02-23", "bob"]]
    assert [g["label"] for g in by_week["groups"]][0].startswith("2026-02-23 / ")
    by_product = team.funnel("--by", "product_type")
    assert [(g["key"], g["label"], g["funnel"]["leads"]) for g in by_product["groups"]] == [(None, "(none)", 30)]
    text = team.run("funnel", "--by", "month,pool").out
    assert text.splitlines()[0].split()[:2] == ["month,pool", "leads"] and "2026-03 / 华东" in text


def test_bad_breakdowns_are_refused(team):
    assert "--by" in team.run("funnel", "--by", "pool,planet", expect=2).err
    assert "--by" in team.run("funnel", "--by", "pool,owner,channel", expect=2).err
    assert "score_model" in team.run("funnel", "--by", "score_band", expect=11).err


def test_times_measure_the_stays_the_way_to_order_and_the_orders(team):
    # Captured 1 March 01:00 UTC, routed 2 March 00:00, moved 10 March 00:00 (workflow.py).
    month_of_work(team)
    hour, day = 3_600_000, 86_400_000
    times = json.loads(team.run("times", "--json", now="2026-03-11").out)
    assert (times["from"], times["to"], times["by"], times["rows"]) == (None, None, None, [])
    tiers = times["total"]["tiers"]
    assert tiers["master"]["finished"] == {"count": 30, "median_ms": 23 * hour, "p90_ms": 23 * hour, "mean_ms": 23 * hour}
    # 12 qualified and 1 invalidated after 8 days in sub; 17 still there, 9 days by 11 March.
    assert tiers["sub"]["finished"] == {"count": 13, "median_ms": 8 * day, "p90_ms": 8 * day, "mean_ms": 8 * day}
    assert tiers["sub"]["open"] == {"count": 17, "median_ms": 9 * day, "p90_ms": 9 * day, "mean_ms": 9 * day}
    assert (tiers["opportunity"]["finished"]["count"], tiers["opportunity"]["open"]["count"]) == (7, 5)
    assert tiers["order"]["open"]["median_ms"] == day
    assert times["total"]["to_order"] == {"count": 5, "median_ms": 9 * day - hour, "p90_ms": 9 * day - hour,
                                          "mean_ms": 9 * day - hour}
    assert times["total"]["revenue"]["orders"] == 0  # won by transitions, without opportunities

    by_channel = json.loads(team.run("times", "--json", "--by", "channel", now="2026-03-11").out)
    assert [row["group"] for row in by_channel["rows"]] == ["shop", "web"]
    assert sum(row["times"]["tiers"]["master"]["finished"]["count"] for row in by_channel["rows"]) == 30
    before = json.loads(team.run("times", "--json", "--to", "2026-03-05", "--at", "2026-03-01T12:00Z").out)
    assert before["total"]["tiers"]["sub"]["finished"]["count"] == 0
    assert before["total"]["tiers"]["master"]["open"] == {"count": 30, "median_ms": 11 * hour, "p90_ms": 11 * hour,
                                                          "mean_ms": 11 * hour}

    text = team.run("times", "--by", "pool", now="2026-03-11").out
    assert "open at 2026-03-11T00:00:00Z" in text
    assert "华东" in text and "(all)" in text and "8d 23h" in text
    lines = text.splitlines()
    assert any(line.split()[:4] == ["(all)", "master", "30", "23h"] for line in lines)


def test_bad_times_requests_are_refused(team):
    assert "--by" in team.run("times", "--by", "score_band", expect=2).err
    assert "--from" in team.run("times", "--from", "yesterday", expect=2).err
    assert "tier times to" in team.run("times", "--from", "2026-03-05", "--to", "2026-03-01", expect=None).err
