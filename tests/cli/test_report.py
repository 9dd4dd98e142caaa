"""The HTML report, checked in a real headless Chromium: it renders without console errors, the
DOM holds each tier's numbers as the engine counts them, the picture is not blank, and names
from the data are text, never markup."""

import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser

import pytest
from PIL import Image

from workflow import a_lead_passed_on, month_of_work

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def chromium(*args, timeout=120):
    """Runs headless Chromium on a fresh profile; (stdout, stderr). The flags keep it off the
    network: this machine refuses its background connections."""
    with tempfile.TemporaryDirectory() as profile:
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-dev-shm-usage", "--enable-logging=stderr", "--log-level=0",
                   f"--user-data-dir={profile}", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        return done.stdout, done.stderr


def console_errors(stderr):
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


class Tiers(HTMLParser):
    """Each tier group's data attributes and the numbers shown in it."""

    def __init__(self):
        super().__init__()
        self.tiers, self.current, self.field, self.texts = {}, None, None, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "g" and "tier" in (a.get("class") or "").split():
            self.current = a["data-tier"]
            self.tiers[self.current] = {"data-at": int(a["data-at"]), "data-reached": int(a["data-reached"])}
        elif tag == "tspan" and self.current and a.get("class") in ("at", "reached"):
            self.field = a["class"]

    def handle_endtag(self, tag):
        if tag == "g":
            self.current = None
        if tag == "tspan":
            self.field = None

    def handle_data(self, data):
        self.texts.append(data)
        if self.current and self.field:
            self.tiers[self.current][self.field] = int(data.replace(",", ""))


@pytest.fixture
def report(team):
    team.run("pools", "add", '<b>&"促销"</b>', "--members", "ann")
    month_of_work(team)
    team.run("report", "--html", "report.html", "--lang", "zh", "--title", "示例公司", now="2026-03-31T18:00:00+08:00")
    return team, os.path.join(team.dir, "report.html")


def test_the_report_is_self_contained(report):
    _, path = report
    html = open(path, encoding="utf-8").read()
    assert '<html lang="zh-CN">' in html
    for outside in ("<script", "<link", "@import", "url(", "src=", "href="):
        assert outside not in html
    assert html.count("http") == 1 and 'xmlns="http://www.w3.org/2000/svg"' in html


def test_chromium_renders_the_numbers_the_engine_counts(report):
    cli, path = report
    dom, log = chromium("--dump-dom", "file://" + path)
    assert console_errors(log) == []
    parsed = Tiers()
    parsed.feed(dom)
    funnel = cli.funnel()
    for tier in funnel["tiers"]:
        shown = parsed.tiers[tier["tier"]]
        assert shown == {"data-at": tier["at"], "data-reached": tier["reached"], "at": tier["at"],
                         "reached": tier["reached"]}, tier["tier"]
    assert "示例公司 · 线索池报告" in parsed.texts
    assert '<b>&"促销"</b>' not in dom  # escaped: shown as text, never markup


def test_the_screenshot_is_not_blank(report):
    _, path = report
    png = os.path.join(os.path.dirname(path), "report.png")
    _, log = chromium("--screenshot=" + png, "--window-size=1100,1300", "--hide-scrollbars", "file://" + path)
    assert console_errors(log) == []
    image = Image.open(png).convert("RGB")
    background = image.getpixel((2, 2))
    pixels = image.getdata()
    different = sum(1 for p in pixels if p != background)
    assert different > 0.15 * len(pixels)
    # The pyramid's colours are on the page: master (#4263eb) and orders (#2f9e44).
    colours = set(pixels)
    assert (0x42, 0x63, 0xEB) in colours and (0x2F, 0x9E, 0x44) in colours


def test_the_console_check_sees_an_error(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>console.error('broken on purpose')</script></body></html>")
    _, log = chromium("--dump-dom", "file://" + str(page))
    assert any("broken on purpose" in line for line in console_errors(log))


class Rows(HTMLParser):
    """The rows of each card's table: {card id: [[cell text, ...], ...]}, and each row's data attributes."""

    def __init__(self):
        super().__init__()
        self.cards, self.card, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.card = a.get("id")
            self.cards[self.card] = []
        elif tag == "tr" and self.card and any(k.startswith("data-") for k in a):
            self.row = {"attrs": a, "cells": []}
            self.cards[self.card].append(self.row)
        elif tag == "td" and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row["cells"].append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "section":
            self.card = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_chromium_shows_the_period_sections_as_the_engine_counts_them(report):
    cli, path = report
    dom, log = chromium("--dump-dom", "file://" + path)
    assert console_errors(log) == []
    cards = Rows()
    cards.feed(dom)
    # March 2026: 30 captures routed into sub pools, 12 qualified, 5 won, 2 lost, 1 invalidated.
    march = [row for row in cards.cards["moves-by-month"] if row["cells"][0] == "2026-03"]
    assert [row["cells"][1:] for row in march] == [["30", "30", "12", "5", "2", "1"]]
    # One cohort (March): 5 of 30 had an order by its end, 16.7%.
    assert [row["cells"][:3] for row in cards.cards["cohorts"]] == [["2026-03", "30", "16.7%"]]
    # Holdings as `leadpool holdings` counts them over the same six months.
    holdings = json.loads(cli.run("holdings", "--from", "2025-10-01", "--to", "2026-03-31T10:00:00.001Z", "--json",
                                  now="2026-03-31T18:00:00+08:00").out)
    shown = {row["attrs"]["data-owner"]: [int(c.replace(",", "")) for c in row["cells"][1:]]
             for row in cards.cards["holdings"]}
    assert shown == {line["owner"]: [line["held"], line["idle"], line["claims"], line["releases"], line["recycles"],
                                     line["taken_away"], line["churned"]] for line in holdings["owners"]}
    assert sum(counts[0] for counts in shown.values()) > 0
    # Time in tier as `leadpool times` measures it over the same six months: per tier the stays
    # that ended and those open now, then capture to order.
    times = json.loads(cli.run("times", "--from", "2025-10-01", "--to", "2026-03-31T10:00:00.001Z", "--json",
                               now="2026-03-31T18:00:00+08:00").out)["total"]
    shown = {row["attrs"]["data-tier"]: row["cells"] for row in cards.cards["times"]}
    assert list(shown) == ["master", "sub", "opportunity", "order"]
    assert {tier: [int(cells[1].replace(",", "")), int(cells[5].replace(",", ""))] for tier, cells in shown.items()} == {
        tier: [times["tiers"][tier]["finished"]["count"], times["tiers"][tier]["open"]["count"]] for tier in shown}
    assert shown["master"][1] == "30" and shown["master"][2] == "23h"  # captured 01:00, routed at midnight
    assert f'data-to-order="{times["to_order"]["count"]}"' in dom and times["to_order"]["count"] == 5
    # Nobody's work met anybody else's: the collisions card says so.
    assert cards.cards["collisions"] == []
    assert "无。" in dom.split('id="collisions"')[1]


def test_the_collisions_card_names_the_people(team):
    _, lead = a_lead_passed_on(team)
    team.run("report", "--html", "report.html", "--window", "3", now="2026-03-05")
    dom, log = chromium("--dump-dom", "file://" + os.path.join(team.dir, "report.html"))
    assert console_errors(log) == []
    cards = Rows()
    cards.feed(dom)
    assert [row["cells"][:3] for row in cards.cards["collisions"]] == [[str(lead), "ann, bob", "both"]]
    holdings = {row["attrs"]["data-owner"]: row["cells"] for row in cards.cards["holdings"]}
    assert holdings["ann"][-1] == "1"  # claimed and released
