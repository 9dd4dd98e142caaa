"""collisions, holdings and share: who worked a lead at once (撞单), who holds what (囤积), and the
unowned share of a pool over time."""

import json

import pytest

from workflow import a_lead_passed_on


@pytest.fixture
def passed_on(team):
    """ann claims, follows up and releases the lead of a shared pool; bob claims it (workflow.py)."""
    pool, lead = a_lead_passed_on(team)
    return team, pool, lead


def test_collisions_list_the_lead_two_users_worked(passed_on):
    cli, _, lead = passed_on
    period = ("--from", "2026-03-02", "--to", "2026-03-03")
    page = json.loads(cli.run("collisions", *period, "--window", "2", "--json", now="2026-03-03").out)
    assert [(c["lead"], c["users"], c["kind"]) for c in page["collisions"]] == [(lead, ["ann", "bob"], "both")]
    assert page["next_after"] is None
    # ann's follow-up at 10:00 and bob's claim at 11:00: an hour apart, not half an hour.
    assert json.loads(cli.run("collisions", *period, "--window", "0.5", "--json", now="2026-03-03").out)[
        "collisions"] == []
    table = cli.run("collisions", *period, "--window", "2", now="2026-03-03").out
    assert "ann, bob" in table and "both" in table
    assert cli.run("collisions", "--window", "0", expect=None).code != 0


def test_holdings_show_claims_releases_and_churn(passed_on):
    cli, _, _ = passed_on
    holdings = json.loads(cli.run("holdings", "--from", "2026-03-02", "--to", "2026-03-03", "--idle-days", "3",
                                  "--json", now="2026-03-10").out)
    lines = {line["owner"]: line for line in holdings["owners"]}
    assert (lines["ann"]["held"], lines["ann"]["claims"], lines["ann"]["releases"], lines["ann"]["churned"]) == (0, 1, 1, 1)
    assert (lines["bob"]["held"], lines["bob"]["idle"], lines["bob"]["claims"]) == (1, 1, 1)
    table = cli.run("holdings", "--from", "2026-03-02", "--to", "2026-03-03", now="2026-03-10").out
    assert "churned" in table and "idle 7d" in table
    refused = cli.run("holdings", "--idle-days", "0", expect=None)
    assert refused.code == 11 and "idle_days" in refused.err


def test_share_follows_the_pool_over_days(passed_on):
    cli, pool, _ = passed_on
    share = json.loads(cli.run("share", "--pool", str(pool), "--interval", "day", "--from", "2026-03-01",
                               "--to", "2026-03-03", "--json", now="2026-03-10").out)
    # The lead was routed on 1 March (09:00 Beijing) unowned; bob holds it at the end of the 2nd.
    assert [(p["leads"], p["unowned"]) for p in share["points"]] == [(1, 1), (1, 0)]
    assert "100.0%" in cli.run("share", "--pool", str(pool), "--interval", "day", "--from", "2026-03-01",
                               "--to", "2026-03-02", now="2026-03-10").out
    assert cli.run("share", "--pool", "999", expect=None).code == 12
