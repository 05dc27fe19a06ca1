"""Admonitions as a book sets them: MkDocs' `!!! note "Title"` (Python-Markdown's
`admonition`) and its collapsible `??? warning` / `???+ tip` (pymdownx.details), all as
`<div class="admonition note">` opened by `<p class="admonition-title">`.

A page cannot be folded: a collapsible one is set open, as the others are. Material's
placement words (`inline`, `end`) float a note beside the text on a web page; a book
keeps it in the text's flow, so they are dropped. GitBook's hints use the same classes,
so one stylesheet block (layouts/css, "Admonitions") serves both.
"""
from __future__ import annotations

from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

PLACEMENT = {"inline", "end"}


class _Admonitions(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for details in list(root.iter("details")):
            kind = details.get("class")
            if not kind:
                continue            # an author's own <details>: not an admonition
            details.tag = "div"
            details.attrib.clear()
            details.set("class", f"admonition {kind}")
            summary = details.find("summary")
            if summary is not None:
                summary.tag = "p"
                summary.set("class", "admonition-title")
        for div in root.iter("div"):
            classes = div.get("class", "").split()
            if "admonition" in classes and PLACEMENT & set(classes):
                div.set("class", " ".join(c for c in classes if c not in PLACEMENT))


class Admonitions(Extension):
    """`admonition` and `pymdownx.details`, with their output made one shape for a book."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtensions(["admonition", "pymdownx.details"], {})
        md.treeprocessors.register(_Admonitions(md), "book_admonitions", 1)
