"""Nesting too deep to lay out (block quotes, list levels), flattened before Markdown reads it.

A thousand nested quotes or list levels would exhaust Python-Markdown's recursion (and lxml's
and WeasyPrint's after it), and no page can show them: beyond MAX_DEPTH levels, the deeper
ones are set at MAX_DEPTH, their text kept. One warning per chapter names the first line.
Fenced code is left as it is.
"""
from __future__ import annotations

import re
from pathlib import Path

from publish import policy

MAX_DEPTH = 20
_QUOTES = re.compile(r"^(?:[ \t]{0,3}>)+[ \t]?")
_ITEM = re.compile(r"^([ \t]*)(?=(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))")
_FENCE = re.compile(r"^[ \t]*(?:>[ \t]?)*(`{3,}|~{3,})")


def flatten(text: str, path: Path, line_of) -> str:
    """`text` with nesting deeper than MAX_DEPTH flattened; `line_of(i)` gives the file line
    of the text's line i (from 1), for the warning."""
    if ">" * (MAX_DEPTH + 1) not in text.replace(" ", "") and \
            " " * (2 * MAX_DEPTH) not in text.expandtabs(4):
        return text                                     # the common case, at once
    lines = text.split("\n")
    first, fence, items, blank = None, None, [], False  # items: the indents of open list items
    for i, line in enumerate(lines):
        if not line.strip():
            blank = True
            continue
        if blank and not line[:1].isspace() and not _ITEM.match(line):
            items.clear()                               # unindented text after a blank ends lists
        blank = False
        m = _FENCE.match(line)
        if m and (fence is None or m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)):
            fence = m.group(1) if fence is None else None
            continue
        if fence is not None:
            continue
        flat = _flat(line, items)
        if flat != line:
            lines[i] = flat
            first = i if first is None else first
    if first is None:
        return text
    policy.mend("markup", f"nesting deeper than {MAX_DEPTH} levels (quotes or lists) is "
                f"flattened to {MAX_DEPTH}", path=path, line=line_of(first + 1))
    return "\n".join(lines)


def _flat(line: str, items: list[int]) -> str:
    """The line with at most MAX_DEPTH quote markers, and as a list item at most MAX_DEPTH
    levels deep (a deeper item becomes the sibling of the deepest kept); `items` is updated."""
    m = _QUOTES.match(line)
    if m and m.group().count(">") > MAX_DEPTH:
        line = "> " * MAX_DEPTH + line[m.end():]
    m = _ITEM.match(line)
    if not m:
        return line
    width = len(m.group(1).expandtabs(4))
    while items and items[-1] >= width:
        items.pop()
    if len(items) < MAX_DEPTH:
        items.append(width)
        return line
    return " " * items[-1] + line[m.end():]
