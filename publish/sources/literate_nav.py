"""mkdocs-literate-nav's nav files: the last Markdown list of a folder's SUMMARY.md (or
the file its `nav_file` names), read as a tree of titles, link targets and children.

    * [Home](index.md)              a page
    * Guide                         a section: its items below it
        * [Installing](install.md)
    * [Reference](reference/)       a folder: its own nav file, else its pages
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(?P<body>.*?)\s*$")
_LINK = re.compile(r"^\[(?P<title>[^\]]*)\]\(<?(?P<target>[^)\s>]*)>?(?:\s+[\"'][^)]*)?\)$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Node:
    title: str
    target: str                     # "" for an item that is only text (a section's title)
    line: int
    children: tuple["Node", ...] = ()


def read_nav(text: str) -> list[Node]:
    """The last list of `text` as nodes (a list is its items and their indented lines)."""
    top: list = []
    stack: list = []                # (indent, children) of the open items
    fenced, in_list = False, False
    for number, line in enumerate(text.split("\n"), 1):
        if _FENCE.match(line):
            fenced = not fenced
        m = None if fenced else _ITEM.match(line)
        if m is None:
            if line.strip() and not line[:1].isspace() and in_list:
                in_list = False            # a paragraph ends the list: a later one wins
            continue
        if not in_list:
            top, stack, in_list = [], [], True
        width = len(m.group("indent").expandtabs(4))
        while stack and stack[-1][0] >= width:
            stack.pop()
        node: list = [*_title_and_target(m.group("body")), number, []]
        (stack[-1][1] if stack else top).append(node)
        stack.append((width, node[3]))
    return [_frozen(node) for node in top]


def _title_and_target(body: str) -> tuple[str, str]:
    link = _LINK.match(body)
    if link:
        return re.sub(r"[`*_]", "", link.group("title")).strip(), link.group("target")
    return re.sub(r"[`*_]", "", body).strip(), ""


def _frozen(node: list) -> Node:
    return Node(node[0], node[1], node[2], tuple(_frozen(child) for child in node[3]))
