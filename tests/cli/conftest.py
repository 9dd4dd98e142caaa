"""Shared fixtures of the command-line tool's tests: the `leadpool` executable named by
LEADPOOL_CLI (ctest sets it), run in a fresh directory on a fresh SQLite store."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from dataclasses import dataclass

import pytest

NOW = "2026-03-01T09:00:00+08:00"


def pytest_configure(config: pytest.Config) -> None:
    path = os.environ.get("LEADPOOL_CLI", "")
    if not path or not os.access(path, os.X_OK):
        raise pytest.UsageError("LEADPOOL_CLI must name the built leadpool executable (ctest sets it)")


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli:
    """The tool on one store, acting as `boss` on a manual clock unless told otherwise."""

    def __init__(self, directory: str, store: str):
        self.dir = directory
        self.store = store
        self.exe = os.environ["LEADPOOL_CLI"]

    def run(self, *args: str, actor: str | None = "boss", now: str | None = NOW, store: str | None = None,
            stdin: str | None = None, expect: int | None = 0) -> Result:
        command = [self.exe, "--store", store or self.store]
        if actor:
            command += ["--as", actor]
        if now:
            command += ["--now", now]
        command += list(args)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEADPOOL_")}
        done = subprocess.run(command, cwd=self.dir, input=stdin, capture_output=True, text=True, env=env,
                              timeout=300)
        result = Result(done.returncode, done.stdout, done.stderr)
        if expect is not None:
            assert done.returncode == expect, f"{command}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return result

    def write(self, name: str, text: str | bytes) -> str:
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    def leads(self, store: str | None = None) -> list[dict]:
        out = self.run("export", "leads", "--format", "jsonl", store=store).out
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def funnel(self, *args: str) -> dict:
        return json.loads(self.run("funnel", "--json", *args).out)


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def cli(tmp_path) -> Cli:
    tool = Cli(str(tmp_path), "sqlite:" + str(tmp_path / "crm.db"))
    tool.run("init", "--name", "王总")
    return tool


@pytest.fixture
def team(cli: Cli) -> Cli:
    """A company with two salespeople and a sub pool each."""
    cli.run("users", "add", "ann", "--name", "安娜", "--role", "salesperson")
    cli.run("users", "add", "bob", "--name", "Bob", "--role", "salesperson")
    cli.run("pools", "add", "华东", "--members", "ann")
    cli.run("pools", "add", "华南", "--members", "bob")
    return cli
