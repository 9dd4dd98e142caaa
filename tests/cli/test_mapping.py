"""The column mapping: identities of each kind, attributes, channel, record id, tags,
attribution, time and region, from --map and --mapping."""

import json

from conftest import rows_of


def test_map_names_identities_and_attributes_both_ways_round(cli):
    cli.write("in.csv", "手机号,E-mail,city,备注\r\n13800000001,Li@X.com,杭州,x\r\n")
    cli.run("import", "in.csv", "--channel", "web", "--map", "phone=手机号,email=E-mail,city=attributes.city")
    (lead,) = cli.leads()
    assert {(i["kind"], i["value"]) for i in lead["identities"]} == {("phone", "+8613800000001"), ("email", "li@x.com")}
    assert lead["attributes"] == {"city": "杭州"}  # 备注 is not mapped: left out
    assert lead["channel"] == "web"


def test_a_mapping_file_channel_column_tags_attribution_and_time(cli):
    cli.write("map.json", json.dumps({"phone": ["mobile", "landline"], "channel": "渠道", "tags": "标签",
                                      "source": "来源", "campaign": "活动", "occurred_at": "时间",
                                      "attributes.address.city": "城市"}, ensure_ascii=False))
    cli.write("in.csv", "mobile,landline,渠道,标签,来源,活动,时间,城市\r\n"
                        "13800000001,010-6512 3456,shop,vip|新客,tmall,双11,2026-02-01T10:00:00+08:00,北京\r\n")
    cli.run("import", "in.csv", "--mapping", "map.json")
    (lead,) = cli.leads()
    assert sorted(i["value"] for i in lead["identities"]) == ["+861065123456", "+8613800000001"]
    assert lead["channel"] == "shop" and lead["tags"] == ["vip", "新客"]
    assert lead["attribution"] == {"source": "tmall", "medium": "", "campaign": "双11"}
    assert lead["attributes"] == {"address": {"city": "北京"}}
    assert lead["last_seen_at"] == 1769911200000  # 2026-02-01T02:00:00Z


def test_scoped_kinds_take_a_fixed_scope_or_one_from_the_cell(cli):
    cli.write("in.csv", "openid,crm_id\r\no-1,crm:42\r\n")
    cli.run("import", "in.csv", "--channel", "app", "--map", "wechat_openid:wx-app=openid,external_id=crm_id")
    (lead,) = cli.leads()
    assert {(i["kind"], i["value"], i.get("scope")) for i in lead["identities"]} == {
        ("wechat_openid", "o-1", "wx-app"), ("external_id", "42", "crm")}


def test_a_scoped_cell_without_a_scope_rejects_its_row(cli):
    cli.write("in.csv", "crm_id,phone\r\n42,13800000001\r\n")
    cli.run("import", "in.csv", "--channel", "app", "--map", "external_id=crm_id", "--rejects", "r.csv", expect=3)
    (reject,) = rows_of(open(cli.dir + "/r.csv", encoding="utf-8").read())
    assert "has no scope" in reject["reason"]


def test_unmapped_columns_go_to_attributes_on_request_and_same_named_columns_map_themselves(cli):
    cli.write("in.csv", "phone,email,城市,年龄\r\n13800000001,a@x.com,杭州,30\r\n")
    cli.run("import", "in.csv", "--channel", "web", "--unmapped-to-attributes")
    (lead,) = cli.leads()
    assert len(lead["identities"]) == 2
    assert lead["attributes"] == {"城市": "杭州", "年龄": "30"}


def test_no_auto_map_leaves_same_named_columns_alone(cli):
    cli.write("in.csv", "phone,email\r\n13800000001,a@x.com\r\n")
    cli.run("import", "in.csv", "--channel", "web", "--no-auto-map", "--map", "phone=phone")
    assert [i["kind"] for i in cli.leads()[0]["identities"]] == ["phone"]


def test_a_record_region_places_a_number_without_its_country_code(cli):
    cli.write("in.csv", "phone,country\r\n06 1234 5678,IT\r\n")
    cli.run("import", "in.csv", "--channel", "web", "--map", "region=country")
    assert cli.leads()[0]["identities"][0]["value"] == "+390612345678"


def test_a_mapping_that_cannot_work_is_bad_usage(cli):
    cli.write("in.csv", "手机号,city\r\n13800000001,x\r\n")
    missing = cli.run("import", "in.csv", "--channel", "web", "--map", "phone=电话", expect=2)
    assert "no column '电话'" in missing.err and "手机号" in missing.err
    unknown = cli.run("import", "in.csv", "--channel", "web", "--map", "fax=手机号", expect=2)
    assert "unknown target 'fax'" in unknown.err
    no_identity = cli.run("import", "in.csv", "--channel", "web", expect=2)
    assert "no column is mapped to an identity" in no_identity.err
    no_channel = cli.run("import", "in.csv", "--map", "phone=手机号", expect=2)
    assert "no channel" in no_channel.err
    assert cli.leads() == []
