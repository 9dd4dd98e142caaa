"""Exit codes a script can test: 0 ok, 2 bad usage, 3 an import with rejects, 10 + the
engine's ErrorCode for a refused operation (README, cli/exit_codes.hpp)."""

import sqlite3

INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION, CONFLICT, STORAGE, BUSY = 11, 12, 13, 14, 15, 16, 18


def test_bad_usage_is_2(cli):
    cli.run("frobnicate", expect=2)
    cli.run("import", expect=2)                                   # the file is required
    cli.run("import", "nowhere.csv", "--channel", "web", expect=2)  # cannot be opened
    cli.run("funnel", "--by", "planet", expect=2)
    result = cli.run("funnel", actor=None, expect=2)
    assert "--as" in result.err
    result = cli.run("funnel", now="yesterday", expect=2)
    assert "--now" in result.err


def test_an_import_with_rejects_is_3(cli):
    cli.write("in.csv", "phone,when\r\n13800000001,2026-02-01\r\n13800000002,someday\r\n")
    cli.run("import", "in.csv", "--channel", "web", "--map", "occurred_at=when", expect=3)


def test_refusals_map_the_engines_error_codes(team):
    cli = team
    cli.run("init", "--name", "again", expect=CONFLICT)
    cli.run("users", "add", "eve", "--name", "Eve", "--role", "salesperson", actor="ann", expect=PERMISSION_DENIED)
    cli.run("claim", "999", actor="ann", expect=NOT_FOUND)
    cli.run("pools", "add", "x", "--parent", "no such pool", expect=NOT_FOUND)
    cli.run("stage", "set", "sales_led", actor="ann", expect=PERMISSION_DENIED)
    cli.write("in.csv", "phone\r\n13800000001\r\n")
    cli.run("import", "in.csv", "--channel", "web")
    cli.write("moves.jsonl", '{"lead": 1, "action": "win"}\n')
    result = cli.run("move", "moves.jsonl", expect=ILLEGAL_TRANSITION)
    assert "moved 0, refused 1" in result.out and "moves.jsonl line 1: illegal_transition" in result.err
    cli.run("routing", "set", "-", stdin='{"rules": "no"}', expect=INVALID_ARGUMENT)


def test_a_store_that_is_not_one_is_storage(cli):
    cli.write("not.db", b"this is not a SQLite file at all" * 100)
    cli.run("funnel", store="sqlite:" + cli.dir + "/not.db", expect=STORAGE)
    cli.run("funnel", store="nosuch:thing", expect=INVALID_ARGUMENT)


def test_a_store_locked_by_another_writer_is_busy(cli):
    cli.write("in.csv", "phone\r\n13800000001\r\n")
    db = sqlite3.connect(cli.store[len("sqlite:"):], isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    try:
        cli.run("--busy-timeout", "200", "import", "in.csv", "--channel", "web", expect=BUSY)
    finally:
        db.execute("ROLLBACK")
        db.close()
    cli.run("import", "in.csv", "--channel", "web")
