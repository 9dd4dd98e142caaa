"""scripts/generate-abi.py: what it writes from capi/leadpool_abi.json, what --check reports, and the
tables it refuses. Each test runs it on a copy of the files it reads and writes (tmp_path), never on
the source tree; ctest's abi_generated runs --check on the tree itself."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    "capi/leadpool_abi.json",
    "capi/leadpool.h",
    "docs/json.md",
    "bindings/python/leadpool/_prototypes.py",
    "bindings/node/lib/abi.js",
    "bindings/node/index.d.ts",
]


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_abi", ROOT / "scripts" / "generate-abi.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Tree:
    """A copy of the generator's files in a temporary directory, with the generator pointed at it."""

    def __init__(self, root: Path, script: ModuleType) -> None:
        self.root = root
        self.script = script

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")

    def edit_table(self, change: Callable[[Dict[str, Any]], None]) -> None:
        table = json.loads(self.read("capi/leadpool_abi.json"))
        change(table)
        self.write("capi/leadpool_abi.json", json.dumps(table))

    def function(self, table: Dict[str, Any], name: str) -> Dict[str, Any]:
        return next(fn for section in table["sections"] for fn in section["functions"] if fn["name"] == name)

    def run(self, *args: str) -> int:
        return int(self.script.main(list(args)))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tree]:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    script = _load_script()
    monkeypatch.setattr(script, "ROOT", tmp_path)
    for constant, name in [("TABLE", FILES[0]), ("HEADER", FILES[1]), ("JSON_DOC", FILES[2]),
                           ("PYTHON_OUT", FILES[3]), ("NODE_OUT", FILES[4]), ("TS_OUT", FILES[5])]:
        monkeypatch.setattr(script, constant, tmp_path / name)
    yield Tree(tmp_path, script)


def _lead_get_takes_int32(table: Dict[str, Any]) -> None:
    for section in table["sections"]:
        for fn in section["functions"]:
            if fn["name"] == "lp_lead_get":
                fn["params"][3]["type"] = "int32_t"


def test_a_table_changed_without_regenerating_fails_the_check(tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    assert tree.run("--check") == 0
    before = {name: tree.read(name) for name in FILES}
    tree.edit_table(_lead_get_takes_int32)
    assert tree.run("--check") == 1
    stale = capsys.readouterr().err.strip().splitlines()[-1]
    assert stale.startswith("out of date with capi/leadpool_abi.json: ")
    assert all(name in stale for name in FILES[1:2] + FILES[3:])
    assert all(tree.read(name) == before[name] for name in FILES[1:])  # --check changes nothing

    assert tree.run() == 0  # regenerates
    assert tree.run("--check") == 0
    assert "lp_lead_get(char** out, lp_engine* engine, const char* actor, int32_t lead_id);" in tree.read(FILES[1])
    prototype = re.search(r'"lp_lead_get": (.*?),\n    "lp_', tree.read(FILES[3]), re.S)
    assert prototype and "ctypes.c_char_p, ctypes.c_int32)" in prototype.group(1)
    assert "int32_t lead_id)" in tree.read(FILES[4])
    assert "lead_id: number): Status;" in tree.read(FILES[5])


def test_the_generated_part_of_the_header_is_rewritten_and_the_hand_written_parts_stay(tree: Tree) -> None:
    header = tree.read(FILES[1]).replace("LP_BUSY = 8,  ", "LP_BUSY = 8, /* edited by hand */  ")
    tree.write(FILES[1], header.replace("LP_API lp_status lp_lead_get(", "LP_API lp_status lp_lead_got("))
    assert tree.run("--check") == 1
    assert tree.run() == 0
    assert tree.read(FILES[1]) == header


def test_a_header_without_its_markers_is_refused(tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    tree.write(FILES[1], tree.read(FILES[1]).replace("/* ==== end of the generated functions ==== */\n", ""))
    assert tree.run() == 2
    assert "markers of the generated part" in capsys.readouterr().err


def _param(name: str, index: int, **change: Any) -> Callable[[Tree, Dict[str, Any]], None]:
    def edit(tree: Tree, table: Dict[str, Any]) -> None:
        tree.function(table, name)["params"][index].update(change)

    return edit


def _field(name: str, **change: Any) -> Callable[[Tree, Dict[str, Any]], None]:
    def edit(tree: Tree, table: Dict[str, Any]) -> None:
        tree.function(table, name).update(change)

    return edit


def _out_last(tree: Tree, table: Dict[str, Any]) -> None:
    params = tree.function(table, "lp_lead_get")["params"]
    params.append(params.pop(0))


def _second_lp_free(tree: Tree, table: Dict[str, Any]) -> None:
    table["sections"][0]["functions"].append(dict(tree.function(table, "lp_free")))


def _no_free(tree: Tree, table: Dict[str, Any]) -> None:
    del tree.function(table, "lp_lead_get")["params"][0]["free"]


def _abi_version(tree: Tree, table: Dict[str, Any]) -> None:
    table["abi_version"] = 2


def _new_status_code(tree: Tree, table: Dict[str, Any]) -> None:
    table["status_codes"]["TIMEOUT"] = 12


REFUSED = {
    "unknown type": (_param("lp_lead_get", 3, type="long"), "type 'long' is none of"),
    "out not first": (_out_last, "the output comes first and is named out"),
    "char** not out": (_param("lp_lead_get", 0, dir="in"), "dir 'out' goes with the types"),
    "no lp_free": (_no_free, "is released with lp_free"),
    "unknown shape": (_param("lp_lead_get", 0, json="Leed"), "no shape 'Leed' in docs/json.md"),
    "malformed shape": (_param("lp_lead_get", 0, json="Lead[][]"), "'Shape', 'Shape[]' or 'Shape | null'"),
    "unnamed scalar": (_param("lp_lead_get", 3, **{"is": ""}), "say what it is"),
    "unknown field": (_param("lp_lead_get", 3, nullable=True), "unknown fields ['nullable']"),
    "unknown status": (_field("lp_lead_get", status=["OK", "TIMEOUT"]), "a code of lp_status"),
    "status without OK": (_field("lp_lead_get", status=["INVALID_ARGUMENT"]), "OK first"),
    "status twice": (_field("lp_lead_get", status=["OK", "BUSY", "BUSY"]), "lists a code twice"),
    "status_as below": (_field("lp_pool_update", status_as="lp_pool_list"), "status_as names a function above"),
    "status of a void": (_field("lp_free", status=["OK"]), "only a function that returns lp_status"),
    "return type": (_field("lp_lead_get", returns={"type": "long"}), "returns 'long'"),
    "a name twice": (_second_lp_free, "appears once"),
    "abi version": (_abi_version, "is not LP_ABI_VERSION 1"),
    "status codes": (_new_status_code, "are not the lp_status of capi/leadpool.h"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_table_the_generators_cannot_write_is_refused(
    case: str, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    edit, message = REFUSED[case]
    before = {name: tree.read(name) for name in FILES[1:]}
    tree.edit_table(lambda table: edit(tree, table))
    assert tree.run() == 2
    assert message in capsys.readouterr().err
    assert all(tree.read(name) == before[name] for name in FILES[1:])
