"""Record ids are deliveries: importing the same file again changes nothing, and export then
import into an empty store gives the same leads."""

import json


def sample(cli):
    cli.write("in.csv", "phone,email,city,tags,channel\r\n"
                        "13800000001,a@x.com,杭州,vip,web\r\n"
                        "138 0000 0001,,杭州,,shop\r\n"       # the same person again
                        "13800000002,b@x.com,\"上海, 浦东\",new|vip,web\r\n"
                        ",c@x.com,北京,,app\r\n")
    return cli.run("import", "in.csv", "--map", "attributes.city=city")


def comparable(leads):
    """A lead as import can make it again: identities, attributes, capture channel, tags, attribution (the other channels a lead was seen on are not in an export)."""
    def key(lead):
        return sorted((i["kind"], i["value"], i.get("scope", "")) for i in lead["identities"])
    return sorted(([key(l), l["attributes"], l["channel"], l["tags"], l["attribution"]]
                   for l in leads), key=json.dumps)


def test_importing_the_same_file_again_changes_nothing(cli):
    first = sample(cli)
    assert "created     3" in first.out and "updated     1" in first.out
    before = cli.leads()
    changes_before = cli.run("export", "changes", "--format", "jsonl").out
    again = cli.run("import", "in.csv", "--map", "attributes.city=city")
    assert "duplicates  4" in again.out and "created     0" in again.out
    assert cli.leads() == before
    assert cli.run("export", "changes", "--format", "jsonl").out == changes_before


def test_export_csv_then_import_into_an_empty_store_gives_the_same_leads(cli, tmp_path):
    sample(cli)
    cli.run("export", "leads", "-o", "leads.csv")
    other = "sqlite:" + str(tmp_path / "other.db")
    cli.run("init", "--name", "王总", store=other)
    cli.run("import", "leads.csv", store=other)  # the exported columns map themselves
    original, copy = cli.leads(), cli.leads(store=other)
    assert comparable(copy) == comparable(original)
    assert len(copy) == 3


def test_export_records_then_import_gives_the_same_leads(cli, tmp_path):
    sample(cli)
    cli.run("export", "leads", "--format", "records", "-o", "leads.jsonl")
    other = "sqlite:" + str(tmp_path / "other.db")
    cli.run("init", "--name", "王总", store=other)
    cli.run("import", "leads.jsonl", store=other)
    assert comparable(cli.leads(store=other)) == comparable(cli.leads())
    again = cli.run("import", "leads.jsonl", store=other)
    assert "duplicates  3" in again.out
