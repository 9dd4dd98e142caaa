"""leadpool scoring and scores: rules from a JSON file, the rescore's count, a lead's scores."""

from __future__ import annotations

import json

from conftest import Cli

RULES = {"models": [{"name": "fit", "rules": [
    {"name": "big company", "points": 30, "when": [{"field": "attributes.size", "op": "equals", "values": ["big"]}]},
    {"name": "from ads", "points": 10, "when": [{"field": "channel", "op": "equals", "values": ["ads"]}]}]}]}


def test_scoring_rules_from_a_file_rescore_every_lead(cli: Cli) -> None:
    cli.write("in.csv", "phone,size\r\n13800000001,big\r\n13800000002,small\r\n")
    cli.run("import", "in.csv", "--channel", "ads", "--map", "phone=phone,size=attributes.size")
    cli.write("rules.json", json.dumps(RULES))
    done = cli.run("scoring", "set", "rules.json")
    assert done.out == "rescored 2 leads, 2 scores changed\n"
    assert "rescore" in done.err  # the progress line
    assert json.loads(cli.run("scoring", "show").out)["models"][0]["name"] == "fit"
    big = [lead["id"] for lead in cli.leads() if lead["attributes"].get("size") == "big"][0]
    [score] = json.loads(cli.run("scores", str(big), "--json").out)
    assert score["points"] == 40
    assert score["rules"] == [{"rule": "big company", "points": 30}, {"rule": "from ads", "points": 10}]
    table = cli.run("scores", str(big)).out
    assert "fit" in table and "40" in table and "big company +30, from ads +10" in table


def test_bad_scoring_rules_exit_with_their_status(cli: Cli) -> None:
    cli.write("bad.json", json.dumps({"models": [{"name": "fit"}, {"name": "fit"}]}))
    refused = cli.run("scoring", "set", "bad.json", expect=None)
    assert refused.code == 10 + 1  # refused: invalid_argument
    assert "model name 'fit' appears twice" in refused.err
    assert cli.run("scoring", "show").out.strip() == '{"models":[]}'
    assert cli.run("scoring", "set", "missing.json", expect=None).code == 2


def test_export_filters_and_sorts_leads_by_score(cli: Cli) -> None:
    cli.write("in.csv", "phone,size,city,name\r\n"
                        "13800000001,big,Milano,Anna Rossi\r\n"
                        "13800000002,small,Milano,Bruno Bianchi\r\n"
                        "13900000003,big,Torino,Carla Rossi\r\n"
                        "13900000004,small,Roma,Dario Verdi\r\n")
    cli.run("import", "in.csv", "--channel", "web",
            "--map", "phone=phone,size=attributes.size,city=attributes.city,name=attributes.name")
    cli.write("rules.json", json.dumps(RULES))
    cli.run("scoring", "set", "rules.json")
    ids = {lead["attributes"]["name"]: lead["id"] for lead in cli.leads()}

    def names(*flags: str) -> list[str]:
        out = cli.run("export", "leads", "--format", "jsonl", *flags).out
        return [json.loads(line)["attributes"]["name"] for line in out.splitlines()]

    # Best score first, equal scores by id descending.
    assert names("--sort", "score", "--score-model", "fit", "--descending") == [
        "Carla Rossi", "Anna Rossi", "Dario Verdi", "Bruno Bianchi"]
    assert names("--where", "city=Milano", "--sort", "score", "--score-model", "fit") == ["Bruno Bianchi", "Anna Rossi"]
    assert names("--where", "city^=Mil", "--where", "size=big") == ["Anna Rossi"]
    assert names("--search", "rossi") == ["Anna Rossi", "Carla Rossi"]
    assert names("--phone-prefix", "+86139") == ["Carla Rossi", "Dario Verdi"]
    assert names("--score-model", "fit", "--score-min", "1") == ["Anna Rossi", "Carla Rossi"]
    assert names("--created-from", "2020-01-01", "--sort", "created", "--descending")[0] == "Dario Verdi"
    history = cli.run("export", "history", "--format", "jsonl", "--where", "city=Roma").out.splitlines()
    assert {json.loads(row)["lead"] for row in history} == {ids["Dario Verdi"]}

    assert "--where" in cli.run("export", "leads", "--where", "city", expect=2).err
    assert "--score-model" in cli.run("export", "leads", "--sort", "score", expect=2).err
    assert "--created-from" in cli.run("export", "leads", "--created-from", "yesterday", expect=2).err
    refused = cli.run("export", "leads", "--search", "x", "--search-in", "a..b", expect=None)
    assert refused.code == 10 + 1 and "text.fields[0]" in refused.err  # the engine's own refusal
