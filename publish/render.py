"""Markdown -> the Book: one Python-Markdown per language, then one pass over the HTML tree.

Each chapter goes Markdown -> sanitized HTML -> lxml tree; the tree is typeset, its ids
made unique in the whole book, footnotes turned into EPUB notes, images and links resolved.
Then it is serialized twice, as XHTML (EPUB) and as HTML (print).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from lxml import etree, html as lxml_html
from markdown.extensions.toc import slugify_unicode

from . import typography
from .config import Config
from .errors import SourceError
from .metadata import book_labels, read_metadata
from .model import Book, Chapter, Heading, Image, TocEntry
from .paths import PACKAGE_LAYOUTS, resolve_inside
from .printform import print_tree
from .sanitize import sanitize
from .sources import RawChapter

log = logging.getLogger("publish")
BACKLINK = "\u2191"   # ↑: the font has it (↩ it lacks, and ↩ may render as an emoji)
# Ids the layouts themselves use (front and back matter): chapters never take them.
RESERVED_IDS = {"about-author", "toc", "toc-title", "landmarks", "contents-title"}
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


def get_markdown(lang: str, labels: dict[str, str]) -> markdown.Markdown:
    """The Markdown converter for one language; reset() between chapters."""
    return markdown.Markdown(
        extensions=["footnotes", "tables", "attr_list", "toc", "fenced_code", "sane_lists",
                    "md_in_html", "abbr", "def_list"],
        extension_configs={
            "toc": {"slugify": slugify_unicode, "toc_depth": "1-6"},
            "footnotes": {"BACKLINK_TEXT": BACKLINK, "BACKLINK_TITLE": labels["back_to_note"],
                          "SUPERSCRIPT_TEXT": "{}"},
        },
        output_format="html",
    )


@dataclass
class _Draft:
    """A chapter between parsing and serializing (ids known, links not yet resolved)."""

    raw: RawChapter
    root: etree._Element
    renamed: dict[str, str] = field(default_factory=dict)   # Markdown id -> book-unique id
    ids: set[str] = field(default_factory=set)
    images: list[Image] = field(default_factory=list)
    footnotes: list[etree._Element] = field(default_factory=list)
    remote: list[tuple[str, int]] = field(default_factory=list)


def render_book(config: Config, lang: str, raws: list[RawChapter],
                layouts: tuple[Path, ...] = (), memo=None) -> Book:
    """All chapters of one language, rendered; links resolved across chapters.

    `memo` (get/put by key, e.g. cache.BuildCache) keeps each chapter's Markdown
    conversion, the costly part, so an unchanged chapter is not converted again.
    """
    labels = book_labels(config, lang)
    md = get_markdown(lang, labels)
    meta = read_metadata(config, lang, lambda text: render_inline(text, lang, md))
    used: set[str] = set(RESERVED_IDS)
    html = _convert_all(md, lang, labels, memo, [raw.text for raw in raws])
    drafts = [_parse(html[raw.text], raw, lang, used, index) for index, raw in enumerate(raws, 1)]
    by_file = {d.raw.path.name: d for d in drafts}
    chapters = tuple(_finish(d, by_file, config, labels, lang) for d in drafts)
    toc = tuple(_toc_entries(c, config.get("toc_depth")) for c in chapters)
    cover = config.get("cover", lang)
    cover_path = (resolve_inside(config.source_dir / cover, (config.root,), what="cover image",
                                 origin=config.path, line=config.line_of("cover"))
                  if cover else None)
    if cover_path is not None and not cover_path.is_file():
        raise SourceError(f"cover image '{cover}' not found", path=config.path,
                          line=config.line_of("cover"), key="cover")
    text = "".join(_all_text(meta, labels, chapters))
    return Book(metadata=meta, language=meta_language(lang), labels=labels, chapters=chapters,
                toc=toc, cover=cover_path, project=config.root,
                layouts=layouts or (PACKAGE_LAYOUTS,), print=config.print, text=text)


def meta_language(lang: str):
    from .languages import get_language
    return get_language(lang)


def render_inline(source: str, lang: str, md: markdown.Markdown) -> str:
    """A short Markdown text (a bio) as a typeset XHTML fragment of paragraphs."""
    md.reset()
    root = lxml_html.fragment_fromstring(sanitize(md.convert(source)), create_parent="div")
    typography.typeset_tree(root, lang)
    return _serialize(root, "xml")


def _convert_all(md: markdown.Markdown, lang: str, labels: dict, memo,
                 texts: list[str]) -> dict[str, str]:
    """Each distinct Markdown text as sanitized, typeset HTML.

    From the memo when it has the text (keyed by content, language, labels and the
    package), else converted and remembered; many are converted in forked processes.
    """
    html: dict[str, str] = {}
    keys: dict[str, str] = {}
    for text in dict.fromkeys(texts):
        if memo is not None:
            keys[text] = _memo_key(lang, labels, text)
            hit = memo.get("markdown", keys[text])
            if hit is not None:
                html[text] = hit.decode("utf-8")
    todo = [text for text in dict.fromkeys(texts) if text not in html]
    for text, result in zip(todo, _convert_texts(md, lang, labels, todo)):
        html[text] = result
        if memo is not None:
            memo.put("markdown", keys[text], result.encode("utf-8"))
    return html


def _memo_key(lang: str, labels: dict, text: str) -> str:
    import hashlib
    import json

    from .cache import package_digest
    return hashlib.sha256(json.dumps([lang, labels, text, package_digest()],
                                     ensure_ascii=False).encode()).hexdigest()


def _convert(md: markdown.Markdown, lang: str, text: str) -> str:
    md.reset()
    root = lxml_html.fragment_fromstring(sanitize(md.convert(text)), create_parent="div")
    typography.typeset_tree(root, lang)
    return lxml_html.tostring(root, encoding="unicode")


def _convert_many(lang: str, labels: dict, texts: list[str]) -> list[str]:
    md = get_markdown(lang, labels)
    return [_convert(md, lang, text) for text in texts]


PARALLEL_FROM = 16   # chapters to convert before a second process pays for itself


def _convert_texts(md: markdown.Markdown, lang: str, labels: dict, texts: list[str]) -> list[str]:
    """`texts` converted, in this process and forked ones beside it when there are many.

    The results are the same as one by one (each conversion starts from a reset
    converter); only the wall time changes. Not in a process running threads, where
    forking is unsafe (the preview server).
    """
    import multiprocessing
    import os
    import threading

    workers = min(os.cpu_count() or 1, 4)
    if len(texts) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1 or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [_convert(md, lang, text) for text in texts]
    from concurrent.futures import ProcessPoolExecutor

    chunks = [texts[n::workers] for n in range(workers)]
    with ProcessPoolExecutor(max_workers=workers - 1,
                             mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_convert_many, lang, labels, chunk) for chunk in chunks[1:]]
        results = [[_convert(md, lang, text) for text in chunks[0]]] + [f.result() for f in futures]
    by_text = {text: html for chunk, htmls in zip(chunks, results) for text, html in zip(chunk, htmls)}
    return [by_text[text] for text in texts]


def _parse(html: str, raw: RawChapter, lang: str, used: set[str], index: int) -> _Draft:
    root = lxml_html.fromstring(html)
    draft = _Draft(raw=raw, root=root)
    _take_title(draft)
    _make_notes(draft, index)
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


def _take_title(draft: _Draft) -> None:
    """The first h1 is the chapter title; front matter may give one instead."""
    h1 = draft.root.find(".//h1")
    title = draft.raw.meta.get("title")
    if h1 is None:
        if not title:
            raise SourceError("chapter has no title: start it with '# Title' or set title in "
                              "front matter", path=draft.raw.path, line=draft.raw.first_line)
        h1 = etree.Element("h1")
        h1.text = title
        h1.set("id", slugify_unicode(title, "-") or draft.raw.slug)
        draft.root.insert(0, h1)
    h1.set("class", (h1.get("class", "") + " chapter-title").strip())



def _make_notes(draft: _Draft, index: int) -> None:
    """Python-Markdown footnotes -> noterefs and `aside` footnotes with ids unique per chapter."""
    div = draft.root.find(".//div[@class='footnote']")
    if div is None:
        return
    prefix = f"c{index}-"
    called = set()
    for sup in draft.root.iter("sup"):
        a = sup.find("a[@class='footnote-ref']")
        if a is None:
            continue
        n = a.get("href").split(":", 1)[-1]
        called.add(n)
        sup.attrib.pop("id", None)
        a.attrib.clear()
        a.attrib.update({"id": f"{prefix}fnref-{n}", "href": f"#{prefix}fn-{n}", "class": "noteref",
                         "data-epub-type": "noteref", "role": "doc-noteref"})
    for li in div.iter("li"):
        n = li.get("id").split(":", 1)[-1]
        if n not in called:
            log.warning("%s", SourceError(f"footnote [^{n}] is never referenced; left out",
                                          path=draft.raw.path, line=_line(draft, f"[^{n}]:")))
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
        label.text = n
        aside.insert(0, label)
        label.tail, aside.text = aside.text, None
        draft.footnotes.append(aside)
    div.getparent().remove(div)


def _finish(draft: _Draft, by_file: dict[str, _Draft], config: Config, labels, lang: str) -> Chapter:
    """Resolves links and images, then serializes the chapter twice."""
    for a in (a for tree in (draft.root, *draft.footnotes) for a in tree.iter("a")):
        href = a.get("href")
        if href:
            a.set("href", _resolve_link(href, draft, by_file))
    for img in [i for tree in (draft.root, *draft.footnotes) for i in tree.iter("img")]:
        _resolve_image(img, draft, config)
    for p in draft.root.iter("p"):
        # A paragraph that is only an image is set as a centred block, not as text.
        if len(p) == 1 and p[0].tag == "img" and not (p.text or "").strip() \
                and not (p[0].tail or "").strip():
            p.set("class", (p.get("class", "") + " image").strip())
    headings = tuple(
        Heading(level=int(h.tag[1]), id=h.get("id", ""), title=_text(h),
                html=_serialize_inline(h))
        for h in draft.root.iter("h1", "h2", "h3") if h.get("id"))
    body_x = draft.root
    notes = _notes_section(draft.footnotes, labels) if draft.footnotes else None
    xhtml = _serialize(body_x, "xml") + (_serialize_el(notes, "xml") if notes is not None else "")
    html = _serialize(print_tree(draft.root, draft.footnotes, draft.images), "html")
    title = draft.raw.meta.get("title")
    title = typography.typeset(title, lang) if title else headings[0].title
    return Chapter(slug=draft.raw.slug, source=draft.raw.path, title=title,
                   title_html=headings[0].html,
                   xhtml=xhtml, html=html, headings=headings, ids=frozenset(draft.ids),
                   images=tuple(draft.images), has_footnotes=bool(draft.footnotes),
                   remote=tuple(draft.remote))


def _resolve_link(href: str, draft: _Draft, by_file: dict[str, _Draft]) -> str:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href                         # external (http, https, mailto)
    target = draft
    if parts.path:
        name = Path(unquote(parts.path)).name
        target = by_file.get(name)
        if target is None:
            raise SourceError(f"link to '{href}': no chapter file '{name}' in this language",
                              path=draft.raw.path, line=_line(draft, href))
        if not parts.fragment:
            return "#" + target.root.find(".//h1").get("id")
    anchor = unquote(parts.fragment)
    new = target.renamed.get(anchor, anchor if anchor in target.ids else None)
    if new is None:
        raise SourceError(f"link to '{href}': no anchor '#{anchor}' in {target.raw.path.name}",
                          path=draft.raw.path, line=_line(draft, href))
    return "#" + new


def _resolve_image(img: etree._Element, draft: _Draft, config: Config) -> None:
    src = img.get("src") or ""
    alt = img.get("alt")
    parts = urlsplit(src)
    line = _line(draft, src) if src else draft.raw.first_line
    if parts.scheme in ("http", "https") and config.fetch_remote:
        from .remote import fetch_image
        real = fetch_image(src, config.root / "build" / ".cache" / "remote", origin=draft.raw.path,
                           line=line)
        return _use_image(img, real, draft, config, line)
    if parts.scheme or parts.netloc or not src:
        # Remote (or empty) images are not fetched unless asked: the alt text stands in (issue 5).
        if src:
            draft.remote.append((src, line))
        span = etree.Element("span", {"class": "missing-image"})
        span.text, span.tail = alt or "", img.tail
        img.getparent().replace(img, span)
        return
    rel = unquote(parts.path)
    candidates = [draft.raw.path.parent / rel, config.source_dir / rel]
    for candidate in candidates:
        if candidate.exists():
            real = resolve_inside(candidate, (config.root,), what="image", origin=draft.raw.path,
                                  line=line, shown=src)
            break
    else:
        raise SourceError(f"image '{src}' not found", path=draft.raw.path, line=line)
    _use_image(img, real, draft, config, line)


def _use_image(img: etree._Element, real: Path, draft: _Draft, config: Config, line: int) -> None:
    src = img.get("src") or ""
    alt = img.get("alt")
    if real.suffix.lower() not in IMAGE_TYPES:
        raise SourceError(f"image '{src}': unsupported type (use {', '.join(sorted(IMAGE_TYPES))})",
                          path=draft.raw.path, line=line)
    name = "images/" + re.sub(r"[^\w.-]+", "-", real.relative_to(config.root.resolve()).as_posix()
                              .removeprefix("source/").removeprefix("build/.cache/")
                              .replace("/", "-"))
    img.set("src", name)
    if alt is None:
        img.set("alt", "")
    if not img.get("alt"):
        img.set("role", "presentation")
    draft.images.append(Image(src=name, path=real, alt=img.get("alt", ""), line=line))


def _notes_section(notes: list[etree._Element], labels) -> etree._Element:
    section = etree.Element("section", {"class": "footnotes", "data-epub-type": "footnotes",
                                        "role": "doc-endnotes", "aria-label": labels["notes"]})
    section.extend(notes)
    return section


def _toc_entries(chapter: Chapter, depth: int) -> TocEntry:
    children = tuple(TocEntry(title=h.title, href_id=h.id, chapter=chapter.slug, level=h.level)
                     for h in chapter.headings[1:] if 1 < h.level <= depth)
    return TocEntry(title=chapter.title, href_id=chapter.headings[0].id if chapter.headings else "",
                    chapter=chapter.slug, level=1, children=children)


def _line(draft: _Draft, needle: str) -> int:
    """The source line that contains `needle` (for messages)."""
    pos = draft.raw.text.find(needle)
    return draft.raw.first_line + (draft.raw.text.count("\n", 0, pos) if pos >= 0 else 0)


def _text(el: etree._Element) -> str:
    # Only ASCII white space folds: str.split() would also eat the no-break spaces typography set.
    return re.sub(r"[ \t\r\n]+", " ", "".join(el.itertext())).strip()


def _serialize_el(el: etree._Element, method: str) -> str:
    if method == "xml":
        out = etree.tostring(el, method="xml", encoding="unicode", with_tail=False)
        return out.replace(' data-epub-type="', ' epub:type="')
    return lxml_html.tostring(el, method="html", encoding="unicode", with_tail=False)


def _serialize(root: etree._Element, method: str) -> str:
    """The children of a wrapper element, serialized, one per line (stable golden files)."""
    text = (root.text or "").strip()
    parts = [text] if text else []
    for child in root:
        tail = child.tail
        child.tail = None
        parts.append(_serialize_el(child, method))
        child.tail = tail
        if tail and tail.strip():
            parts.append(tail.strip())
    return "\n".join(parts) + "\n"


def _serialize_inline(el: etree._Element) -> str:
    inner = (el.text or "") + "".join(_serialize_el(c, "xml") + (c.tail or "") for c in el)
    return inner


def _all_text(meta, labels, chapters):
    yield from (meta.title, meta.subtitle, meta.description, meta.publisher, meta.rights,
                meta.series, " ".join(meta.subjects), meta.author_line)
    for author in meta.authors:
        yield author.name + author.bio_html
    yield from labels.values()
    for chapter in chapters:
        yield chapter.xhtml
