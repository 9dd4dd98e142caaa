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

from workflow import month_of_work

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
