#!/usr/bin/env python3
"""Doxygen's input filter for leadpool's public headers (docs/Doxyfile, scripts/api-reference.sh).

The headers are written for a reader of the source: plain `//` comments in the C++ headers,
`/* */` comments in the C one, one concept per header and sections in the C header. This filter
shows Doxygen the same text as documentation, without changing a file:

- a C++ header becomes one group (a "module" of the reference), named after the file and titled
  by its first comment line ("leadpool — the Engine: the only door to a lead pool.");
- the C header's sections (`/* ---- leads ---- */`) become groups under "C ABI";
- a comment that stands on its own lines documents what follows it, a comment after code on the
  same line documents that member.

Standard library only: Doxygen runs it as `python3 doxygen_filter.py FILE` and reads stdout.
"""

from __future__ import annotations

import os
import re
import sys

SECTION = re.compile(r"^/\*\s*-{2,}\s*(.*?)\s*-*\s*\*/\s*$")
RULE = re.compile(r"^\s*//\s*---")  # a C++ separator line: no documentation
TRAILING = re.compile(r"^(?P<code>[^\"/]*?\S)(?P<gap>\s+)//(?P<text>(?!/).*)$")


def plain(text: str) -> str:
    """Comment text as the reader wrote it: no Doxygen command in it (an address's "@host",
    a "\\n" in an example) is taken as one."""
    return text.replace("\\", "\\\\").replace("@", "\\@")


def group_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "section"


def title_of(first_line: str, fallback: str) -> str:
    """'// leadpool — the Engine: the only door' -> 'the Engine: the only door'."""
    text = first_line.lstrip("/ ").strip()
    text = re.sub(r"^leadpool\s+—\s+", "", text)
    text = text.rstrip(".")
    return text[:1].upper() + text[1:] if text else fallback


def cpp_header(path: str, lines: list[str]) -> list[str]:
    stem = os.path.splitext(os.path.basename(path))[0]
    out: list[str] = []
    index = 0
    # The file's opening comment: the group's title and description.
    opening: list[str] = []
    while index < len(lines) and lines[index].startswith("//"):
        opening.append(lines[index][2:].strip())
        index += 1
    title = title_of(opening[0] if opening else "", stem)
    group = "cpp_" + group_name(stem)
    out.append(f"/** @defgroup {group} {title}")
    out.append(" *  @ingroup cpp_api")
    for text in opening[1:]:
        out.append(" *  " + plain(text))
    out.append(" *  @{ */")
    for line in lines[index:]:
        stripped = line.lstrip()
        if stripped.startswith("//") and not stripped.startswith("///") and not RULE.match(line):
            out.append(line[: len(line) - len(stripped)] + "///" + plain(stripped[2:]))
            continue
        match = TRAILING.match(line)
        if match and not line.lstrip().startswith("#"):
            out.append(f"{match['code']}{match['gap']}///<{plain(match['text'])}")
            continue
        out.append(line)
    out.append("/** @} */")
    return out


def c_header(lines: list[str]) -> list[str]:
    index = 0
    opening: list[str] = []
    if lines and lines[0].startswith("/*"):
        while index < len(lines):
            text = lines[index].strip()
            index += 1
            text = re.sub(r"^/\*+|\*/$", "", text).strip()
            opening.append(re.sub(r"^\*\s?", "", text))
            if lines[index - 1].rstrip().endswith("*/"):
                break
    title = title_of(opening[0] if opening else "", "the C ABI")
    out: list[str] = [f"/** @defgroup c_api C ABI (leadpool.h): {title}"]
    out += [" *  " + plain(text) for text in opening[1:]]
    out.append(" */")
    open_group = False
    in_comment = False
    for line in lines[index:]:
        section = SECTION.match(line.strip())
        if section:
            if open_group:
                out.append("/** @} */")
            title = section.group(1)
            out.append(f"/** @defgroup c_{group_name(title)} {title}")
            out.append(" *  @ingroup c_api")
            out.append(" *  @{ */")
            open_group = True
            continue
        stripped = line.lstrip()
        if not in_comment and stripped.startswith("/*") and not stripped.startswith("/**"):
            line = line[: len(line) - len(stripped)] + "/**" + plain(stripped[2:])
            in_comment = "*/" not in stripped
        elif not in_comment and "/*" in line and "/**" not in line and '"' not in line:
            # A comment after code documents that member (an enum value, a typedef).
            code, _, text = line.partition("/*")
            line = code + "/**<" + plain(text)
            in_comment = "*/" not in line
        elif in_comment:
            line = plain(line)
            in_comment = "*/" not in line
        out.append(line)
    if open_group:
        out.append("/** @} */")
    return out


def main() -> int:
    path = sys.argv[1]
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    filtered = c_header(lines) if path.endswith(".h") else cpp_header(path, lines)
    sys.stdout.write("\n".join(filtered))
    return 0


if __name__ == "__main__":
    sys.exit(main())
