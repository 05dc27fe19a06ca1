"""Footnotes: Python-Markdown's footnotes become EPUB noterefs and `aside` notes, ids unique per chapter."""
from __future__ import annotations

from lxml import etree

from publish import policy
from publish.render.draft import Draft


def make_notes(draft: Draft, index: int) -> None:
    """Python-Markdown footnotes -> noterefs and `aside` footnotes with ids unique per chapter."""
    div = draft.root.find(".//div[@class='footnote']")
    if div is None:
        return
    prefix = f"c{index}-"
    called: dict[str, str] = {}     # note id -> the number its call shows ([^name] shows 1, 2…)
    for sup in draft.root.iter("sup"):
        a = sup.find("a[@class='footnote-ref']")
        if a is None:
            continue
        n = a.get("href").split(":", 1)[-1]
        called.setdefault(n, "".join(a.itertext()).strip() or n)
        sup.attrib.pop("id", None)
        a.attrib.clear()
        a.attrib.update({"id": f"{prefix}fnref-{n}", "href": f"#{prefix}fn-{n}", "class": "noteref",
                         "data-epub-type": "noteref", "role": "doc-noteref"})
    for li in div.iter("li"):
        n = li.get("id").split(":", 1)[-1]
        if n not in called:
            policy.mend("footnote", f"footnote [^{n}] is never referenced; left out",
                        path=draft.raw.path, line=draft.line(f"[^{n}]:"))
            continue
        aside = etree.Element("aside", {"id": f"{prefix}fn-{n}", "class": "footnote",
                                        "data-epub-type": "footnote", "role": "doc-footnote"})
        aside.text, aside[:] = li.text, list(li)
        for back in aside.iter("a"):
            if back.get("class") == "footnote-backref":
                back.attrib.clear()
                back.attrib.update({"href": f"#{prefix}fnref-{n}", "class": "backlink",
                                    "role": "doc-backlink"})
        label = etree.SubElement(aside, "span", {"class": "note-number"})
        label.text = called[n]
        aside.insert(0, label)
        label.tail, aside.text = aside.text, None
        draft.footnotes.append(aside)
    div.getparent().remove(div)


def notes_section(notes: list[etree._Element], labels) -> etree._Element:
    section = etree.Element("section", {"class": "footnotes", "data-epub-type": "footnotes",
                                        "role": "doc-endnotes", "aria-label": labels["notes"]})
    section.extend(notes)
    return section
