"""mdBook's include directives, expanded as mdBook does before the Markdown is read.

`{{#include file}}`, `{{#include file:10:20}}` (also `:10`, `:10:`, `::20`),
`{{#include file:anchor}}` (the lines between `ANCHOR: anchor` and `ANCHOR_END: anchor`),
and the same for `{{#rustdoc_include …}}` and `{{#playground …}}`. Lines holding anchor
markers are left out. Paths are relative to the chapter and confined to the project under
the same rules as images (outside the project: refused). A missing or unreadable file, a
file that includes itself or includes nested too deep, is left out with a warning naming
the chapter and line; a missing anchor too (mdBook includes nothing).
`\\{{#include …}}` stays as text, without its backslash.

Other preprocessors' directives (`{{#foo …}}`, `{{%…}}`) are left out of the prose, since
this tool does not run them; checks.py notes each kind once. (mdbook-course's, in a book
that runs it, are then written back in by course.py.)
Inside code (fenced or in backticks) they are code, as a Handlebars example is, and stay.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from publish import policy
from publish.paths import resolve_inside
from publish.sources.text import absent, read_text

DIRECTIVE = re.compile(r"(\\?)\{\{#(include|rustdoc_include|playground|title)\s+([^}]*?)\s*\}\}")
ANY_DIRECTIVE = re.compile(r"\{\{[#%]\s*[A-Za-z_][^}]*\}\}")
_FENCE = re.compile(r"^\s*(?:>\s*)*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+).+?\1")
_ANCHOR_LINE = re.compile(r"ANCHOR(?:_END)?:\s*\w+")
MAX_DEPTH = 10


def expand(text: str, path: Path, root: Path) -> tuple[str, tuple[int, ...]]:
    """`text` (of the chapter at `path`) with its includes in place, and for each line of the
    result the line of `text` it comes from (an included line: its directive's); no map
    when nothing was included."""
    if "{{#" not in text and "{{%" not in text:
        return text, ()
    lines: list[str] = []
    origins: list[int] = []
    fence = None
    chain = (os.path.realpath(path),)
    for number, line in enumerate(text.split("\n"), 1):
        expanded = _expand_line(line, path, root, number, chain, in_code=fence is not None)
        fence = _fence_after(line, fence)
        lines += expanded
        origins += [number] * len(expanded)
    return "\n".join(lines), tuple(origins)


def _fence_after(line: str, fence: str | None) -> str | None:
    """The open fence's character after `line` (None outside code)."""
    m = _FENCE.match(line)
    if not m:
        return fence
    if fence is None:
        return m.group(1)[0]
    return None if m.group(1)[0] == fence else fence


def _expand_line(line: str, path: Path, root: Path, number: int, chain: tuple[str, ...],
                 in_code: bool = True) -> list[str]:
    """The line with mdBook's directives expanded; outside code, other directives left out."""
    if "{{#" not in line and "{{%" not in line:
        return [line]

    def substitute(m: re.Match) -> str:
        if m.group(1):                                    # \{{#include …}}: the text itself
            return m.group(0)[1:]
        if m.group(2) == "title":                         # the HTML page's title: not for a book
            return ""
        return _included(m.group(3), path, root, number, chain)
    out = DIRECTIVE.sub(substitute, line)
    if not in_code and ANY_DIRECTIVE.search(line):
        out = _without_directives(out)
    return out.split("\n")


def foreign_directives(line: str) -> list[str]:
    """The directives on a prose line this tool does not carry out (inline code aside)."""
    prose = _INLINE_CODE.sub("", line)
    return [d for d in ANY_DIRECTIVE.findall(prose) if not DIRECTIVE.fullmatch(d)]


def _without_directives(line: str) -> str:
    """`line` without foreign directives, except inside backticks."""
    parts, last = [], 0
    for m in _INLINE_CODE.finditer(line):
        parts.append(_strip(line[last:m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(_strip(line[last:]))
    return "".join(parts)


def _strip(prose: str) -> str:
    return ANY_DIRECTIVE.sub(lambda m: m.group() if DIRECTIVE.fullmatch(m.group()) else "", prose)


def _included(argument: str, path: Path, root: Path, number: int,
              chain: tuple[str, ...]) -> str:
    """The text a directive stands for (its own includes expanded too); "" for an include
    left out (with a warning)."""
    name, _, selector = argument.partition(":")
    name = name.strip()
    real = resolve_inside(path.parent / name, (root,), what="included file", origin=path,
                          line=number, shown=name)
    why = _left_out(real, chain)
    text = None if why else read_text(real)
    if why or text is None:
        if why:
            policy.mend("include", f"included file '{name}' {why}; left out", path=path,
                        line=number)
        return ""
    lines = _select(text.split("\n"), selector.strip(), name, path, number)
    lines = [line for line in lines if not _ANCHOR_LINE.search(line)]
    expanded = []
    for n, line in enumerate(lines, 1):
        expanded += _expand_line(line, real, root, n, (*chain, str(real)))
    return "\n".join(expanded).rstrip("\n")


def _left_out(real: Path, chain: tuple[str, ...]) -> str:
    """Why an include is left out before it is read ("" when it is not)."""
    if str(real) in chain:
        return "includes itself" if str(real) == chain[-1] else \
            "is being included already (an include loop)"
    if len(chain) > MAX_DEPTH:
        return f"is nested more than {MAX_DEPTH} includes deep"
    return absent(real)


def _select(lines: list[str], selector: str, name: str, path: Path, number: int) -> list[str]:
    """The lines a selector names: a range (`10:20`, `:20`, `10:`, `10`) or an anchor."""
    if not selector:
        return lines
    m = re.fullmatch(r"(\d*)(?::(\d*))?", selector)
    if m and (m.group(1) or m.group(2)):
        start = int(m.group(1) or 1)
        if m.group(2) is None:                    # `file:10`: that line only
            return lines[start - 1:start]
        end = int(m.group(2)) if m.group(2) else len(lines)
        return lines[start - 1:end]
    begin = next((i for i, line in enumerate(lines)
                  if re.search(rf"ANCHOR:\s*{re.escape(selector)}\b", line)), None)
    if begin is None:
        # mdBook includes nothing then, and says nothing: here it is at least a warning.
        policy.mend("include", f"no anchor '{selector}' in included file '{name}'; "
                    "nothing included", path=path, line=number)
        return []
    end = next((i for i, line in enumerate(lines[begin + 1:], begin + 1)
                if re.search(rf"ANCHOR_END:\s*{re.escape(selector)}\b", line)), len(lines))
    return lines[begin + 1:end]
