"""One chapter from its HTML to the finished Chapter: title, notes, book-unique ids, links, images."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html as lxml_html

from publish import policy
from publish.config import Config
from publish.languages import Language
from publish.model import Chapter, Heading, TocEntry
from publish.render import typography
from publish.render.slug import slugify
from publish.render.convert import html_parser
from publish.render.draft import Draft
from publish.render.links import name_empty_links, resolve_image, resolve_link
from publish.render.notes import make_notes, notes_section
from publish.render.printform import print_tree
from publish.render.serialize import plain_text, serialize, serialize_element, serialize_inline
from publish.sources import RawChapter


def parse(html: str, raw: RawChapter, used: set[str], index: int) -> Draft:
    """The chapter's tree with its title and notes in place and every id unique in the book
    (`used` holds the ids taken so far; `index` numbers the chapter's notes)."""
    root = lxml_html.fromstring(html, parser=html_parser())
    draft = Draft(raw=raw, root=root)
    _take_title(draft)
    make_notes(draft, index)
    for el in (e for tree in (root, *draft.footnotes) for e in tree.iter()):
        old = el.get("id")
        if old is None:
            continue
        new = old if old not in used else _unique(old, used)
        used.add(new)
        draft.ids.add(new)
        draft.renamed.setdefault(old, new)
        el.set("id", new)
    return draft


def _unique(base: str, used: set[str]) -> str:
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def _take_title(draft: Draft) -> None:
    """The chapter's first heading, whatever its level, is its title (h1); front matter (or
    the reader, from a SUMMARY entry) gives one when the text has none. Heading levels are
    then made to follow on from it without a gap (h1, h2, h3: Ace's heading-order)."""
    headings = [h for h in draft.root.iter(*HEADINGS)]
    title = draft.raw.meta.get("title") or draft.raw.listed_title
    if not headings:
        if not title:
            title = title_from_name(draft.raw.path)
            policy.mend("untitled-chapter", f"chapter has no heading and no title; titled "
                        f"'{title}' from its file name (start it with '# Title')",
                        path=draft.raw.path, line=draft.raw.first_line)
        h1 = etree.Element("h1")
        h1.text = title
        h1.set("id", slugify(title, "-") or draft.raw.slug)
        draft.root.insert(0, h1)
        headings = [h1]
    _normalize_levels(headings)
    h1 = headings[0]
    h1.set("class", (h1.get("class", "") + " chapter-title").strip())
    if not h1.get("id"):            # a heading written in HTML, or set as plain text: the
        h1.set("id", slugify("".join(h1.itertext()), "-") or draft.raw.slug)   # contents link to it


def title_from_name(path: Path) -> str:
    """A title from a file name, as an editor would write it: `02-the_road.md` -> The road."""
    words = re.sub(r"[-_]+", " ", re.sub(r"^\d+[-_. ]*", "", path.stem)).strip() or path.stem
    return words[:1].upper() + words[1:]


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _normalize_levels(headings: list[etree._Element]) -> None:
    """The first heading becomes h1, the others h2 or below, none more than one deeper than
    the heading before it (### after # becomes ##)."""
    previous = 0
    for n, heading in enumerate(headings):
        new = 1 if n == 0 else max(2, min(int(heading.tag[1]), previous + 1))
        heading.tag = f"h{new}"
        previous = new


_PHRASING = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins",
             "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
             "u", "var"}
_BLOCKS = {"address", "aside", "blockquote", "details", "div", "dl", "figure", "h1", "h2", "h3",
           "h4", "h5", "h6", "hr", "ol", "p", "pre", "section", "table", "ul"}
# Elements whose children are items or rows only: the same stray inline element (holding
# nothing but the line's end) lands between their items.
_LISTS = {"ol", "ul", "dl", "table", "thead", "tbody", "tfoot", "tr"}


def _unwrap_phrasing_around_blocks(root: etree._Element) -> None:
    """A tag left open in raw HTML (`<em>unclosed` in a heading) can end up holding the
    blocks after it, or between a list's items, which XHTML forbids (EPUBCheck RSC-005):
    such an inline element gives way to its content, as a browser shows it."""
    def misplaced(e: etree._Element) -> bool:
        parent = e.getparent()
        return parent is not None and (parent.tag in _LISTS or any(
            isinstance(c.tag, str) and c.tag in _BLOCKS for c in e.iter()))

    while found := [e for e in root.iter(*_PHRASING) if misplaced(e)]:
        for element in found:
            if element.getparent() is not None:
                lxml_html.HtmlElement.drop_tag(element)   # its text and children take its place
    for item in root.iter("li"):
        # A list item cut off from its list by such a tag (a footnote's, say) stays a block.
        if item.getparent() is not None and item.getparent().tag not in ("ol", "ul", "menu"):
            item.tag = "div"


def _pixel_sizes(img: etree._Element) -> None:
    """An image's width and height as HTML wants them, a number of pixels: `200px` is 200;
    `50%` or `auto` (as READMEs write them) is dropped (EPUBCheck RSC-005)."""
    for name in ("width", "height"):
        value = (img.get(name) or "").strip()
        m = re.fullmatch(r"(\d+)(?:\.\d*)?\s*(?:px)?", value, re.I)
        if m:
            img.set(name, m.group(1))
        elif name in img.attrib:
            del img.attrib[name]


def finish(draft: Draft, by_file: dict[str, Draft], config: Config, labels, language: Language,
           remote_cache: Path | None, print_html: bool = True) -> Chapter:
    """Resolves links and images, then serializes the chapter twice (once without
    `print_html`: its print HTML is then empty)."""
    for a in [a for tree in (draft.root, *draft.footnotes) for a in tree.iter("a")]:
        href = a.get("href")
        if href is None:
            continue
        # `[text]()` goes nowhere (EPUBCheck: HTM-045, empty href): its text stays.
        target = resolve_link(href, draft, by_file, config.root) if href.strip() else None
        if not href.strip():
            policy.mend("link", f"link '{''.join(a.itertext()).strip()}' has no target; the link "
                        "is left out, its text stays", path=draft.raw.path,
                        line=draft.line(f"[{''.join(a.itertext())}]("))
        if target is None:
            _unlink(a)
        else:
            a.set("href", target)
    for img in [i for tree in (draft.root, *draft.footnotes) for i in tree.iter("img")]:
        _pixel_sizes(img)
        resolve_image(img, draft, config, remote_cache)
    _note_numbers(draft, language)
    for tree in (draft.root, *draft.footnotes):
        _unwrap_phrasing_around_blocks(tree)
        name_empty_links(tree)
    for aside in draft.root.iter("aside"):
        # An author's <aside> (or a GitBook hint) is a note beside the text, not a page
        # region: unlabelled complementary landmarks repeat on a page (Ace: landmark-unique).
        aside.set("role", aside.get("role") or "note")
    for h in list(draft.root.iter("h2", "h3", "h4", "h5", "h6")):
        # A heading whose words an author's <p> inside it carried out heads nothing (Ace:
        # empty-heading): it stays a link target, as a plain block.
        if not "".join(h.itertext()).strip() and h.find(".//img") is None:
            h.tag = "div"
    for th in list(draft.root.iter("th")):
        # An empty header cell heads nothing (Ace: empty-table-header): a plain cell.
        if not "".join(th.itertext()).strip() and len(th) == 0:
            th.tag = "td"
    for p in draft.root.iter("p"):
        # A paragraph that is only an image is set as a centred block, not as text.
        if len(p) == 1 and p[0].tag == "img" and not (p.text or "").strip() \
                and not (p[0].tail or "").strip():
            p.set("class", (p.get("class", "") + " image").strip())
    headings = tuple(
        Heading(level=int(h.tag[1]), id=h.get("id", ""), title=plain_text(h),
                html=serialize_inline(h))
        for h in draft.root.iter("h1", "h2", "h3") if h.get("id"))
    notes = notes_section(draft.footnotes, labels) if draft.footnotes else None
    xhtml = serialize(draft.root, "xml") + (serialize_element(notes, "xml") if notes is not None else "")
    html = serialize(print_tree(draft.root, draft.footnotes, draft.images), "html") \
        if print_html else ""
    title = draft.raw.meta.get("title")
    title = typography.typeset(title, language) if title else headings[0].title
    return Chapter(slug=draft.raw.slug, source=draft.raw.path, title=title,
                   title_html=headings[0].html,
                   xhtml=xhtml, html=html, headings=headings, ids=frozenset(draft.ids),
                   images=tuple(draft.images), has_footnotes=bool(draft.footnotes),
                   remote=tuple(draft.remote), level=draft.raw.level, part=draft.raw.part,
                   unnumbered=draft.raw.unnumbered, lang=draft.raw.lang,
                   dir=language.direction if draft.raw.lang else "")


def _note_numbers(draft: Draft, language: Language) -> None:
    """Note calls and the notes' own numbers in the language's digits (Persian ۱۲)."""
    for tree in (draft.root, *draft.footnotes):
        for el in tree.iter("a", "span"):
            if el.get("class") in ("noteref", "note-number") and (el.text or "").isdigit() \
                    and len(el) == 0:
                el.text = language.number(el.text)


def _unlink(a: etree._Element) -> None:
    """The link goes, its text and children stay where it was."""
    a.tag = "span"
    for name in list(a.attrib):
        del a.attrib[name]
    a.set("class", "unlinked")


def toc_entry(chapter: Chapter, depth: int, subchapters: tuple[TocEntry, ...] = ()) -> TocEntry:
    """The chapter's entry in the contents: its headings down to `depth` (one left with no
    text, its words moved out by an author's `<p>` inside it, has no entry: a contents
    link must say something), then its sub-chapters."""
    children = tuple(TocEntry(title=h.title, href_id=h.id, chapter=chapter.slug, level=h.level)
                     for h in chapter.headings[1:] if 1 < h.level <= depth and h.title)
    return TocEntry(title=chapter.title, href_id=chapter.headings[0].id if chapter.headings else "",
                    chapter=chapter.slug, level=chapter.level, children=children + subchapters,
                    kind="chapter")


def part_id(chapter: Chapter) -> str:
    """The id of the part divider that comes before `chapter`."""
    return f"part-{chapter.slug}"


def build_toc(chapters: tuple[Chapter, ...], depth: int) -> tuple[TocEntry, ...]:
    """The contents: parts holding their chapters, chapters holding their sub-chapters.

    A sub-chapter goes under the nearest chapter before it of a lesser level (at the top
    when there is none); a chapter that opens a part starts a new part entry."""
    top: list = []                        # [entry, children] pairs, built then frozen
    container, stack = top, []            # stack: (level, children list) of open chapters
    for chapter in chapters:
        if chapter.part:
            part = [TocEntry(title=chapter.part, href_id=part_id(chapter), chapter=chapter.slug,
                             level=0, kind="part"), []]
            top.append(part)
            container, stack = part[1], []
        elif chapter.unnumbered and container is not top:       # a suffix chapter: no part
            container, stack = top, []
        while stack and stack[-1][0] >= chapter.level:
            stack.pop()
        node = [chapter, []]
        (stack[-1][1] if stack else container).append(node)
        stack.append((chapter.level, node[1]))
    return tuple(_freeze(node, depth) for node in top)


def _freeze(node: list, depth: int) -> TocEntry:
    item, children = node
    frozen = tuple(_freeze(child, depth) for child in children)
    if isinstance(item, TocEntry):                     # a part
        return TocEntry(item.title, item.href_id, item.chapter, 0, frozen, "part")
    return toc_entry(item, depth, frozen)
