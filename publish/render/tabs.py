"""Content tabs (pymdownx.tabbed, as MkDocs Material sites write them: `=== "Python"` and
an indented block) set one after another, each under its label: a page cannot switch tabs.

    <div class="tabs"><p class="tab-title">Python</p><div class="tab">…</div>…</div>

Without this the label stayed `=== “Python”` and the indented block, read as code,
showed its fences.
"""
from __future__ import annotations

from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class _Tabs(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for tabs in [d for d in root.iter("div") if d.get("class") == "tabbed-set"]:
            tabs.attrib.clear()
            tabs.set("class", "tabs")
            for child in list(tabs):
                if child.tag == "input":            # the radio button that switches tabs
                    _remove(tabs, child)
                elif child.tag == "label":
                    child.tag = "p"
                    child.attrib.clear()
                    child.set("class", "tab-title")
                elif child.get("class") == "tabbed-content":
                    child.set("class", "tab")


def _remove(parent: ElementTree.Element, child: ElementTree.Element) -> None:
    """`child` out of `parent`, its tail text kept."""
    if child.tail and child.tail.strip():
        index = list(parent).index(child)
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


class Tabs(Extension):
    """pymdownx.tabbed, its tabs made a sequence of labelled blocks."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtensions(["pymdownx.tabbed"], {})
        md.treeprocessors.register(_Tabs(md), "book_tabs", 1)
