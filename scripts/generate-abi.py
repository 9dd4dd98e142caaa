#!/usr/bin/python3
"""Writes the C ABI's declarations, in every language, from the one table that describes it.

capi/leadpool_abi.json describes each function of the C ABI once (its format is in its "about").
From it this script writes:

  capi/leadpool.h                         the declarations and their comments, between the
                                          "generated" markers (the rest of the header is written
                                          by hand: the preamble, the status codes, the types)
  bindings/python/leadpool/_prototypes.py the ctypes argtypes / restype of every function
  bindings/node/lib/abi.js                the koffi prototype of every function
  bindings/node/index.d.ts                the NativeFunctions interface, between its markers

    /usr/bin/python3 scripts/generate-abi.py           rewrite whatever is out of date
    /usr/bin/python3 scripts/generate-abi.py --check   exit 1, naming each file that is out of
                                                        date, and change nothing (ctest: abi_generated)

Before writing it checks the table: every type known, outputs first and named `out`, every JSON
shape named in docs/json.md, every status code one of the header's, the ABI version the header's.
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "capi" / "leadpool_abi.json"
HEADER = ROOT / "capi" / "leadpool.h"
JSON_DOC = ROOT / "docs" / "json.md"
PYTHON_OUT = ROOT / "bindings" / "python" / "leadpool" / "_prototypes.py"
NODE_OUT = ROOT / "bindings" / "node" / "lib" / "abi.js"
TS_OUT = ROOT / "bindings" / "node" / "index.d.ts"

WIDTH = 100  # the header's line width
REGENERATE = "/usr/bin/python3 scripts/generate-abi.py"

HEADER_BEGIN = (
    "/* ==== The functions. Generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the\n"
    " * table, not this part, and run the script (ctest's abi_generated fails while it is stale). ==== */\n"
)
HEADER_END = "/* ==== end of the generated functions ==== */\n"
TS_BEGIN = "// ==== generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the table, not this part ====\n"
TS_END = "// ==== end of the generated part ====\n"


class TableError(Exception):
    """The table says something the generators cannot write, or that disagrees with the header."""


# ---- the types ------------------------------------------------------------------------------

# C type -> (ctypes expression, koffi type, TypeScript type). An output's koffi and TypeScript
# types are those of the box koffi fills; `char** out` is read as a pointer, so that the binding
# frees the text with lp_free after decoding it.
TYPES: Dict[str, Tuple[str, str, str]] = {
    "void": ("None", "void", "void"),
    "lp_status": ("ctypes.c_int", "lp_status", "Status"),
    "int": ("ctypes.c_int", "int", "number"),
    "int32_t": ("ctypes.c_int32", "int32_t", "number"),
    "int64_t": ("ctypes.c_int64", "int64_t", "number | bigint"),
    "const char*": ("ctypes.c_char_p", "const char *", "string"),
    "void*": ("ctypes.c_void_p", "void *", "unknown"),
    "char**": ("ctypes.POINTER(ctypes.c_void_p)", "_Out_ void **", "[TextPointer | null]"),
    "int*": ("ctypes.POINTER(ctypes.c_int)", "_Out_ int *", "[number]"),
    "int64_t*": ("ctypes.POINTER(ctypes.c_int64)", "_Out_ int64_t *", "[number | bigint]"),
    "lp_engine*": ("EngineHandle", "lp_engine *", "EngineHandle"),
    "lp_engine**": ("ctypes.POINTER(EngineHandle)", "_Out_ lp_engine **", "[EngineHandle | null]"),
    "lp_lead_iter*": ("IterHandle", "lp_lead_iter *", "IterHandle"),
    "lp_lead_iter**": ("ctypes.POINTER(IterHandle)", "_Out_ lp_lead_iter **", "[IterHandle | null]"),
    "lp_change_callback": ("ChangeCallback", "lp_change_callback *", "CallbackPointer"),
    "lp_progress_callback": ("ProgressCallback", "lp_progress_callback *", "CallbackPointer"),
}
OUT_TYPES = {"char**", "int*", "int64_t*", "lp_engine**", "lp_lead_iter**"}
RETURN_TYPES = {"void", "lp_status", "int", "const char*"}
PARAM_KEYS = {"name", "type", "dir", "json", "free", "null", "lines", "is"}
FUNCTION_KEYS = {"name", "doc", "returns", "params", "status", "status_note", "status_as"}


# ---- reading and checking ---------------------------------------------------------------------


def json_shapes(text: str) -> Set[str]:
    """The shape names of docs/json.md: the CamelCase words of its "### A, B and C — ..." headings."""
    shapes: Set[str] = set()
    for heading in re.findall(r"^### (.+)$", text, re.M):
        title = heading.split(" — ")[0]
        for word in re.split(r", | and | ", title):
            if re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*", word):
                shapes.add(word)
    return shapes


def shape_name(expression: str) -> str:
    """'Lead[] | null' -> 'Lead'."""
    name = expression.split(" | ")[0]
    return name[:-2] if name.endswith("[]") else name


def header_facts(header: str) -> Tuple[int, Dict[str, int]]:
    """The hand-written part of the header: LP_ABI_VERSION and the status codes."""
    version = re.search(r"^#define LP_ABI_VERSION (\d+)$", header, re.M)
    enum = re.search(r"typedef enum lp_status \{(.*?)\} lp_status;", header, re.S)
    if not version or not enum:
        raise TableError("capi/leadpool.h: no '#define LP_ABI_VERSION' or no 'typedef enum lp_status'")
    codes = {name: int(value) for name, value in re.findall(r"\bLP_([A-Z_]+) = (\d+)", enum.group(1))}
    return int(version.group(1)), codes


def functions(table: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [fn for section in table["sections"] for fn in section["functions"]]


def check_table(table: Dict[str, Any], header: str, shapes: Set[str]) -> None:
    """Raises TableError naming the first thing in the table the generators cannot stand behind."""
    abi_version, codes = header_facts(header)
    if table.get("abi_version") != abi_version:
        raise TableError(f"abi_version {table.get('abi_version')} is not LP_ABI_VERSION {abi_version} of capi/leadpool.h")
    if table.get("status_codes") != codes:
        raise TableError(f"status_codes {table.get('status_codes')} are not the lp_status of capi/leadpool.h {codes}")
    unknown_types = set(table.get("types", {})) ^ set(TYPES)
    if unknown_types:
        raise TableError(f"types: {sorted(unknown_types)} are not the generator's {sorted(TYPES)}")
    seen: Dict[str, Dict[str, Any]] = {}
    for fn in functions(table):
        name = fn.get("name", "?")
        where = f"{name}: "
        if not re.fullmatch(r"lp_[a-z0-9_]+", name) or name in seen:
            raise TableError(f"{where}a function name is lp_<noun>_<verb> and appears once")
        if set(fn) - FUNCTION_KEYS or not isinstance(fn.get("doc"), list):
            raise TableError(f"{where}unknown fields {sorted(set(fn) - FUNCTION_KEYS)}, or no doc list")
        returns = fn.get("returns", {}).get("type")
        if returns not in RETURN_TYPES:
            raise TableError(f"{where}returns {returns!r}: one of {sorted(RETURN_TYPES)}")
        for index, param in enumerate(fn["params"]):
            check_param(where, index, param, shapes)
        if returns == "lp_status":
            check_status(where, fn, codes, seen)
        elif "status" in fn or "status_as" in fn:
            raise TableError(f"{where}only a function that returns lp_status lists status codes")
        seen[name] = fn


def check_param(where: str, index: int, param: Dict[str, Any], shapes: Set[str]) -> None:
    name, ctype = param.get("name"), param.get("type")
    where += f"parameter {name!r}: "
    if set(param) - PARAM_KEYS:
        raise TableError(f"{where}unknown fields {sorted(set(param) - PARAM_KEYS)}")
    if ctype not in TYPES or ctype == "void":
        raise TableError(f"{where}type {ctype!r} is none of {sorted(set(TYPES) - {'void'})}")
    is_out = param.get("dir") == "out"
    if param.get("dir", "in") not in ("in", "out") or is_out != (ctype in OUT_TYPES):
        raise TableError(f"{where}dir 'out' goes with the types {sorted(OUT_TYPES)}, and only with them")
    if is_out and (index != 0 or name != "out"):
        raise TableError(f"{where}the output comes first and is named out")
    if ctype in ("char**", "lp_engine**", "lp_lead_iter**"):
        wanted = {"char**": "lp_free", "lp_engine**": "lp_engine_close", "lp_lead_iter**": "lp_lead_iter_close"}[ctype]
        if param.get("free") != wanted:
            raise TableError(f"{where}what comes back through {ctype} is released with {wanted}: say so in 'free'")
    elif "free" in param:
        raise TableError(f"{where}'free' is for outputs the caller releases")
    if ctype == "char**" or (ctype == "const char*" and "json" in param):
        shape = param.get("json")
        if not isinstance(shape, str) or not re.fullmatch(r"[A-Z][A-Za-z]+(\[\])?( \| null)?", shape):
            raise TableError(f"{where}json: a docs/json.md shape, 'Shape', 'Shape[]' or 'Shape | null'")
        if shape_name(shape) not in shapes:
            raise TableError(f"{where}json: no shape {shape_name(shape)!r} in docs/json.md (its ### headings)")
    elif "json" in param or "lines" in param:
        raise TableError(f"{where}'json' and 'lines' are for JSON text")
    elif "free" not in param and not param.get("is"):
        raise TableError(f"{where}say what it is ('is') or which JSON shape it holds ('json')")


def check_status(where: str, fn: Dict[str, Any], codes: Dict[str, int], seen: Dict[str, Any]) -> None:
    if "status_as" in fn:
        if "status" in fn or fn["status_as"] not in seen or "status" not in seen[fn["status_as"]]:
            raise TableError(f"{where}status_as names a function above that lists its own status codes")
        return
    entries = fn.get("status")
    if not isinstance(entries, list) or not entries or entries[0] != "OK":
        raise TableError(f"{where}status: a list of codes, OK first")
    names = [entry if isinstance(entry, str) else entry[0] for entry in entries]
    for entry, code in zip(entries, names):
        if code not in codes or (not isinstance(entry, str) and (len(entry) != 2 or not entry[1])):
            raise TableError(f"{where}status {entry!r}: a code of lp_status, or [code, when]")
    if len(set(names)) != len(names):
        raise TableError(f"{where}status lists a code twice")


# ---- the documentation every language shares ---------------------------------------------------


def json_sentence(fn: Dict[str, Any]) -> Optional[str]:
    """'JSON (docs/json.md): filter_json LeadFilter or NULL; *out LeadPage.', or None."""
    parts = []
    for param in fn["params"]:
        if "json" not in param:
            continue
        shape = param["json"]
        if param.get("lines"):
            shape += " or JSON Lines"
        if param.get("null"):
            shape += " or NULL"
        parts.append(f"{'*out' if param.get('dir') == 'out' else param['name']} {shape}")
    return f"JSON (docs/json.md): {'; '.join(parts)}." if parts else None


def status_sentence(fn: Dict[str, Any]) -> Optional[str]:
    if "status_as" in fn:
        return f"Status: as {fn['status_as']}."
    if "status" not in fn:
        return None
    codes = [entry if isinstance(entry, str) else f"{entry[0]} ({entry[1]})" for entry in fn["status"]]
    note = f"; {fn['status_note']}" if "status_note" in fn else ""
    return f"Status: {', '.join(codes)}{note}."


def wrap(sentence: str, width: int) -> List[str]:
    return textwrap.wrap(sentence, width=width, break_long_words=False, break_on_hyphens=False)


def comment_lines(fn: Dict[str, Any], width: int) -> List[str]:
    """The documentation of a function: its doc lines, then its JSON shapes and status codes."""
    lines = list(fn["doc"])
    for sentence in (json_sentence(fn), status_sentence(fn)):
        if sentence:
            lines += wrap(sentence, width)
    return lines


# ---- capi/leadpool.h ----------------------------------------------------------------------------


def c_declaration(fn: Dict[str, Any]) -> str:
    returns = fn["returns"]["type"]
    params = [f"{p['type']} {p['name']}" for p in fn["params"]] or ["void"]
    lead = f"LP_API {returns} {fn['name']}("
    lines, current = [], lead
    for index, param in enumerate(params):
        piece = param + (", " if index < len(params) - 1 else ");")
        if current.strip() and len(current) + len(piece.rstrip()) > WIDTH and current != lead:
            lines.append(current.rstrip())
            current = " " * len(lead)
        current += piece
    lines.append(current)
    return "\n".join(lines)


def c_comment(lines: List[str]) -> str:
    if len(lines) == 1 and len(lines[0]) + 6 <= WIDTH:
        return f"/* {lines[0]} */"
    body = [f"/* {lines[0]}"] + [f" * {line}".rstrip() for line in lines[1:]]
    body[-1] += " */"
    return "\n".join(body)


def header_part(table: Dict[str, Any]) -> str:
    out = []
    for section in table["sections"]:
        title = f"/* ---- {section['title']} "
        out.append(title + "-" * (WIDTH - len(title) - 3) + " */\n")
        for fn in section["functions"]:
            out.append(c_comment(comment_lines(fn, WIDTH - 3)) + "\n" + c_declaration(fn) + "\n")
    return "\n".join(out)


def spliced(text: str, begin: str, end: str, part: str, path: Path) -> str:
    """`text` with what stands between the markers `begin` and `end` replaced by `part`."""
    if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
        raise TableError(f"{path.relative_to(ROOT)}: the markers of the generated part are missing or repeated:\n{begin}{end}")
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    return f"{head}{begin}\n{part}\n{end}{tail}"


# ---- bindings/python/leadpool/_prototypes.py ---------------------------------------------------


def python_module(table: Dict[str, Any]) -> str:
    entries = []
    for section in table["sections"]:
        entries.append(f"    # {section['title']}")
        for fn in section["functions"]:
            restype = TYPES[fn["returns"]["type"]][0]
            args = [TYPES[p["type"]][0] for p in fn["params"]]
            argtypes = "(" + ", ".join(args) + ("," if len(args) == 1 else "") + ")"
            entry = f'    "{fn["name"]}": ({restype}, {argtypes}),'
            if len(entry) > WIDTH:
                entry = f'    "{fn["name"]}": (\n        {restype},\n        {argtypes},\n    ),'
            entries.append(entry)
    return f'''# Generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the table, not this file,
# and run it (ctest's abi_generated fails while this file is stale).
"""The ctypes prototype (restype, argtypes) of every function of the C ABI, and the C types they use.

``char** out`` is declared as a pointer to a raw address (``ctypes.c_void_p``), not ``c_char_p``: the
caller reads the text and frees it with ``lp_free`` (:meth:`leadpool._native.Library.call_json`).
"""

from __future__ import annotations

import ctypes
from typing import Any, Dict, Tuple

__all__ = ["ABI_VERSION", "EngineHandle", "IterHandle", "ChangeCallback", "ProgressCallback", "PROTOTYPES"]

#: The ABI version of ``capi/leadpool.h`` these prototypes describe (``LP_ABI_VERSION``).
ABI_VERSION = {table["abi_version"]}


class LpEngine(ctypes.Structure):
    """``struct lp_engine``: opaque."""


class LpLeadIter(ctypes.Structure):
    """``struct lp_lead_iter``: opaque."""


EngineHandle = ctypes.POINTER(LpEngine)
IterHandle = ctypes.POINTER(LpLeadIter)
#: ``lp_change_callback``: (const char* changes_json, void* user_data).
ChangeCallback = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)
#: ``lp_progress_callback``: (const char* progress_json, void* user_data).
ProgressCallback = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)

#: name -> (restype, argtypes), in the order of ``capi/leadpool.h``.
PROTOTYPES: Dict[str, Tuple[Any, Tuple[Any, ...]]] = {{
{chr(10).join(entries)}
}}
'''


# ---- bindings/node ------------------------------------------------------------------------------


def koffi_prototype(fn: Dict[str, Any]) -> str:
    def declared(ctype: str, name: str = "") -> str:
        koffi = TYPES[ctype][1]
        return f"{koffi}{name}" if koffi.endswith("*") else f"{koffi} {name}".rstrip()

    params = ", ".join(declared(p["type"], p["name"]) for p in fn["params"]) or "void"
    return f"{declared(fn['returns']['type'], fn['name'])}({params})"


def node_module(table: Dict[str, Any]) -> str:
    entries = []
    for section in table["sections"]:
        entries.append(f"    // {section['title']}")
        entries += [f"    {json.dumps(koffi_prototype(fn))}," for fn in section["functions"]]
    return f"""// Generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the table, not this file,
// and run it (ctest's abi_generated fails while this file is stale).
//
// The koffi prototype of every function of the C ABI, in the order of capi/leadpool.h. lib/native.js
// declares the named types they use (lp_status, lp_engine, lp_lead_iter, lp_change_callback,
// lp_progress_callback).
// `char** out` is declared `_Out_ void **out`: the caller reads the text and frees it with lp_free.
'use strict';

/** The ABI version of capi/leadpool.h these prototypes describe (LP_ABI_VERSION). */
const ABI_VERSION = {table['abi_version']};

const PROTOTYPES = [
{chr(10).join(entries)}
];

module.exports = {{ ABI_VERSION, PROTOTYPES }};
"""


def ts_param(param: Dict[str, Any]) -> str:
    ts = TYPES[param["type"]][2]
    if param.get("null") and param.get("dir") != "out":
        ts += " | null"
    return f"{param['name']}: {ts}"


def ts_part(table: Dict[str, Any]) -> str:
    out = [
        "/**",
        " * The C functions as koffi calls them (`nativeFunctions()`), one for each function of",
        " * capi/leadpool.h, with its documentation. Outputs are boxes koffi fills: pass `[null]` (or",
        " * `[0]`), read `[0]`; a JSON text comes back as a pointer to read and free with lp_free.",
        " */",
        "export interface NativeFunctions {",
    ]
    for section in table["sections"]:
        out.append(f"    // ---- {section['title']}")
        for fn in section["functions"]:
            lines = comment_lines(fn, WIDTH - 7)
            for param in fn["params"]:
                what = param.get("is") or (f"{param['json']} JSON text" if "json" in param else "")
                if param.get("free"):
                    what = (what + ", " if what else "") + f"released with {param['free']}"
                if param.get("null"):
                    what += ", may be null" if param.get("dir") != "out" else ", null with LP_OK"
                lines.append(f"@param {param['name']} {what}".rstrip())
            out.append("    /**")
            out += [f"     * {line}".rstrip() for line in lines]
            out.append("     */")
            signature = ", ".join(ts_param(p) for p in fn["params"])
            out.append(f"    {fn['name']}({signature}): {TYPES[fn['returns']['type']][2]};")
    out.append("}")
    return "\n".join(out)


# ---- main -------------------------------------------------------------------------------------


def outputs(table: Dict[str, Any]) -> Dict[Path, str]:
    """Every generated file's wanted text."""
    return {
        HEADER: spliced(HEADER.read_text(), HEADER_BEGIN, HEADER_END, header_part(table), HEADER),
        PYTHON_OUT: python_module(table),
        NODE_OUT: node_module(table),
        TS_OUT: spliced(TS_OUT.read_text(), TS_BEGIN, TS_END, ts_part(table), TS_OUT),
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a file is out of date")
    args = parser.parse_args(argv)
    try:
        table = json.loads(TABLE.read_text())
        check_table(table, HEADER.read_text(), json_shapes(JSON_DOC.read_text()))
        wanted = outputs(table)
    except (TableError, ValueError, KeyError, TypeError) as error:
        print(f"{TABLE.relative_to(ROOT)}: {error}", file=sys.stderr)
        return 2
    stale = []
    for path, text in wanted.items():
        current = path.read_text() if path.exists() else ""
        if current == text:
            continue
        stale.append(path)
        if args.check:
            name = str(path.relative_to(ROOT))
            diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True), name, f"{name} (from the table)")
            sys.stderr.writelines(list(diff)[:40])
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    if args.check and stale:
        print(f"out of date with {TABLE.relative_to(ROOT)}: " + ", ".join(str(p.relative_to(ROOT)) for p in stale)
              + f"; run {REGENERATE}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
