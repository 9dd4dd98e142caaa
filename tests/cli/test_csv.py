"""CSV as RFC 4180 writes it, and as exports really come: quotes, line breaks and commas inside
fields, doubled quotes, a byte-order mark, CRLF; UTF-8 only."""

from conftest import rows_of


def by_phone(leads):
    return {ident["value"]: lead for lead in leads for ident in lead["identities"] if ident["kind"] == "phone"}


def test_quoted_fields_keep_commas_line_breaks_and_doubled_quotes(cli):
    cli.write("in.csv", 'phone,note,city\r\n'
                        '13800000001,"one, two","杭州"\r\n'
                        '13800000002,"first line\r\nsecond line",上海\r\n'
                        '13800000003,"she said ""hi""",北京\r\n')
    cli.run("import", "in.csv", "--channel", "web", "--map", "attributes.note=note,attributes.city=city")
    leads = by_phone(cli.leads())
    assert leads["+8613800000001"]["attributes"] == {"note": "one, two", "city": "杭州"}
    assert leads["+8613800000002"]["attributes"]["note"] == "first line\r\nsecond line"
    assert leads["+8613800000003"]["attributes"]["note"] == 'she said "hi"'


def test_a_byte_order_mark_and_lf_line_ends_are_read(cli):
    cli.write("in.csv", b"\xef\xbb\xbfphone,city\n13800000001,\xe6\x9d\xad\xe5\xb7\x9e\n")
    result = cli.run("import", "in.csv", "--channel", "web", "--map", "attributes.city=city")
    assert "created     1" in result.out
    assert cli.leads()[0]["attributes"] == {"city": "杭州"}


def test_spaces_are_data_and_blank_lines_are_skipped(cli):
    cli.write("in.csv", "phone,name\r\n\r\n13800000001,  Li Lei  \r\n\r\n")
    cli.run("import", "in.csv", "--channel", "web", "--map", "attributes.name=name")
    assert cli.leads()[0]["attributes"] == {"name": "Li Lei"}  # the mapping trims cells


def test_rows_know_their_line_numbers_after_a_multi_line_field(cli):
    cli.write("in.csv", 'phone,note,when\r\n'
                        '13800000001,"a\r\nb\r\nc",2026-02-01\r\n'
                        '13800000002,x,not a date\r\n')
    result = cli.run("import", "in.csv", "--channel", "web", "--map", "attributes.note=note,occurred_at=when",
                     "--rejects", "rejects.csv", expect=3)
    rejects = rows_of(open(cli.dir + "/rejects.csv", encoding="utf-8").read())
    assert [r["line"] for r in rejects] == ["5"]
    assert "'not a date' is not a time" in rejects[0]["reason"]
    assert rejects[0]["phone"] == "13800000002"
    assert "first at line 5" in result.out


def test_malformed_quoting_rejects_the_row_and_the_import_goes_on(cli):
    cli.write("in.csv", 'phone,note\r\n13800000001,ab"c\r\n13800000002,ok\r\n')
    result = cli.run("import", "in.csv", "--channel", "web", "--rejects", "rejects.csv", expect=3)
    rejects = rows_of(open(cli.dir + "/rejects.csv", encoding="utf-8").read())
    assert [(r["line"], r["error"]) for r in rejects] == [("2", "invalid_argument")]
    assert "malformed CSV" in rejects[0]["reason"]
    assert "created     1" in result.out


def test_a_quote_left_open_is_rejected_at_the_end(cli):
    cli.write("in.csv", 'phone,note\r\n13800000001,ok\r\n13800000002,"never closed\r\n')
    cli.run("import", "in.csv", "--channel", "web", "--rejects", "rejects.csv", expect=3)
    rejects = rows_of(open(cli.dir + "/rejects.csv", encoding="utf-8").read())
    assert rejects[0]["line"] == "3" and "not closed" in rejects[0]["reason"]


def test_a_row_with_another_number_of_fields_is_rejected(cli):
    cli.write("in.csv", "phone,city\r\n13800000001,杭州,extra\r\n13800000002,上海\r\n")
    cli.run("import", "in.csv", "--channel", "web", "--rejects", "rejects.csv", expect=3)
    rejects = rows_of(open(cli.dir + "/rejects.csv", encoding="utf-8").read())
    assert rejects[0]["line"] == "2" and "3 fields where the header has 2" in rejects[0]["reason"]


def test_a_file_that_is_not_utf8_stops_with_the_line_named(cli):
    gbk = "phone,city\r\n13800000001,杭州\r\n13800000002,上海\r\n".encode("gbk")
    cli.write("gbk.csv", gbk)
    result = cli.run("import", "gbk.csv", "--channel", "web", expect=2)
    assert "gbk.csv line 2: not UTF-8 (byte 0xBA at byte 13 of the line)" in result.err
    assert cli.leads() == []


def test_rows_before_the_line_that_is_not_utf8_are_in(cli):
    cli.write("mixed.csv", "phone,city\r\n13800000001,杭州\r\n".encode() + "13800000002,上海\r\n".encode("gbk"))
    result = cli.run("import", "mixed.csv", "--channel", "web", "--map", "attributes.city=city", expect=2)
    assert "mixed.csv line 3: not UTF-8" in result.err
    assert "created     1" in result.out
    assert [l["attributes"] for l in cli.leads()] == [{"city": "杭州"}]


def test_jsonl_records_are_ingested_and_bad_lines_rejected_alone(cli):
    cli.write("in.jsonl", '{"channel": "app", "identities": [{"kind": "email", "value": "A@X.COM"}]}\n'
                          '\n'
                          '{"channel": "app", "identities": 5}\n'
                          'not json\n')
    result = cli.run("import", "in.jsonl", "--rejects", "rejects.csv", expect=3)
    rejects = rows_of(open(cli.dir + "/rejects.csv", encoding="utf-8").read())
    assert [r["line"] for r in rejects] == ["3", "4"]
    assert "created     1" in result.out
    assert cli.leads()[0]["identities"] == [{"kind": "email", "value": "a@x.com"}]
