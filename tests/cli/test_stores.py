"""The tool works on any store URI: the same import, export and funnel on PostgreSQL (the
throw-away server ctest starts) as on SQLite. The schema is left to the server's wipe."""

import os

import pytest


@pytest.fixture
def postgres_uri():
    uri = os.environ.get("LEADPOOL_TEST_POSTGRES_URI")
    if not uri:
        pytest.fail("LEADPOOL_TEST_POSTGRES_URI is not set: ctest's postgres fixture gives it")
    return uri + ("&" if "?" in uri else "?") + f"schema=cli_{os.getpid()}"


def test_import_export_and_funnel_on_postgresql(cli, postgres_uri):
    cli.write("in.csv", "phone,email,city\r\n13800000001,a@x.com,杭州\r\n138-0000-0001,,杭州\r\n13800000002,,上海\r\n")
    cli.run("init", "--name", "王总", store=postgres_uri)
    result = cli.run("import", "in.csv", "--channel", "web", "--map", "attributes.city=city", store=postgres_uri)
    assert "created     2" in result.out and "updated     1" in result.out
    again = cli.run("import", "in.csv", "--channel", "web", "--map", "attributes.city=city", store=postgres_uri)
    assert "duplicates  3" in again.out
    leads = cli.leads(store=postgres_uri)
    assert sorted(l["attributes"]["city"] for l in leads) == ["上海", "杭州"]
    funnel = cli.run("funnel", "--json", store=postgres_uri).out
    assert '"leads":2' in funnel
