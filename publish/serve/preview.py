"""The screen preview of a book: one HTML page per language (and a shelf page), from layouts/preview."""
from __future__ import annotations

import html as _html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html as lxml_html

from publish import fonts, templates
from publish.model import Book, Image


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    type: str = ""
    lang: str = ""
    current: bool = False


@dataclass(frozen=True)
class Card:
    """One language on the shelf page."""

    lang: str
    language_name: str
    href: str
    title: str = ""
    author: str = ""
    description: str = ""
    thumbnail_href: str = ""
    downloads: tuple[Link, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class Chrome:
    """What every preview page carries besides the book: navigation, state, reload."""

    lang: str                              # the page's language (<html lang>)
    watch: str                             # the version the page waits on ("" for the site's)
    version: int
    nonce: str                             # for the inline script (Content-Security-Policy)
    font_url: Callable[[fonts.Face], str]
    languages: tuple[Link, ...] = ()       # every edition's page (rel=alternate for the others)
    links: tuple[Link, ...] = ()           # downloads and the OPDS catalog
    error: str = ""
    icon: str = ""                         # the page's favicon (a cover thumbnail)


def render_book(book: Book | None, layouts: tuple[Path, ...], chrome: Chrome) -> str:
    """The whole book on one page: title page, contents, chapters with side notes, the author."""
    env = templates.get_environment(layouts)
    context = _chrome_context(env, chrome)
    if book is not None:
        meta = book.metadata
        context.update(
            meta=meta, labels=book.labels, toc=book.toc,
            chapters=[{"slug": c.slug, "html": screen_html(c.html, c.images), "lang": c.lang,
                       "dir": c.dir} for c in book.chapters],
            authors=list(meta.with_bios),
            date_text=book.language.format_date(meta.date, meta.calendar))
    return templates.render(env, "preview/book.html", book=book, **context)


def render_shelf(title: str, cards: list[Card], opds_url: str, layouts: tuple[Path, ...],
                 chrome: Chrome) -> str:
    """The site's front page: every language's book with its cover, downloads and the OPDS address."""
    env = templates.get_environment(layouts)
    return templates.render(env, "preview/index.html", title=title, cards=cards, opds_url=opds_url,
                            **_chrome_context(env, chrome))


def _chrome_context(env, chrome: Chrome) -> dict:
    """The page's stylesheet and state. Every installed family is offered (a browser loads
    only what the page uses), in the order of the page language's own stack."""
    from publish.errors import ConfigError
    from publish.fonts.families import FALLBACKS, all_faces
    from publish.languages import get_language

    try:
        language = get_language(chrome.lang)
        lead, direction = tuple(language.fonts), language.direction
    except ConfigError:          # a language only the project defines: the Latin design
        lead, direction = (fonts.FAMILY,), "ltr"
    order = tuple(dict.fromkeys(lead + (fonts.FAMILY,) + FALLBACKS))
    families = ", ".join(f'"{name}"' for name in order if fonts.coverage(name))
    faces = tuple(f for f in all_faces() if f.installed)
    css = templates.render(env, "css/preview.css", faces=fonts.css_faces(chrome.font_url, faces),
                           family=fonts.FAMILY, mono=fonts.MONO_FAMILY, families=families,
                           screen=True)
    return {"lang": chrome.lang, "dir": direction, "watch": chrome.watch, "version": chrome.version,
            "nonce": chrome.nonce, "languages": chrome.languages, "links": chrome.links,
            "error": chrome.error, "icon": chrome.icon, "css": css, "reload_script": RELOAD_SCRIPT}


def error_page(chrome: Chrome) -> str:
    """A bare page for when the preview templates themselves fail: the error, and still reloading."""
    return (f'<!DOCTYPE html>\n<html lang="{_html.escape(chrome.lang)}" data-version="{chrome.version}" '
            f'data-watch="{_html.escape(chrome.watch)}">\n<head><meta charset="utf-8">'
            f"<title>Build error</title></head>\n<body>\n"
            f'<p role="alert" class="build-error">{_html.escape(chrome.error)}</p>\n'
            f'<script nonce="{chrome.nonce}">{RELOAD_SCRIPT}</script>\n</body>\n</html>\n')


def screen_html(chapter_html: str, images: Iterable[Image] = ()) -> str:
    """A chapter's print HTML made for the screen: side notes, images by their book href.

    The print form keeps a note's text where its call is (span.footnote, for WeasyPrint);
    on screen the call becomes a superscript number linking to the note, which the
    stylesheet sets in the margin (or shows on demand on narrow screens).
    """
    root = lxml_html.fragment_fromstring(chapter_html, create_parent="div")
    _screen_images(root, images)
    _side_notes(root)
    parts = [root.text or ""] + [lxml_html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def _screen_images(root: etree._Element, images: Iterable[Image]) -> None:
    """Print images point at files (file:///…); the page asks the server for `images/<name>`."""
    hrefs = {image.path.as_uri(): image.src for image in images}
    for img in root.iter("img"):
        src = img.get("src", "")
        if src in hrefs:
            img.set("src", hrefs[src])
        elif src.startswith("file:"):
            img.attrib.pop("src")           # never show a local path to the browser


def _side_notes(root: etree._Element) -> None:
    for number, note in enumerate(root.xpath('.//span[contains(concat(" ", @class, " "), " footnote ")]'), 1):
        note_id = note.get("id") or f"note-{number}"
        note.set("id", note_id)
        note.set("role", "note")
        call = etree.Element("sup", {"class": "fn-call"})
        link = etree.SubElement(call, "a", {"href": f"#{note_id}", "id": f"{note_id}-call",
                                            "role": "doc-noteref"})
        link.text = str(number)
        note.addprevious(call)
        marker = etree.Element("a", {"class": "note-number", "href": f"#{note_id}-call"})
        marker.text = str(number)
        marker.tail = note.text
        note.text = None
        note.insert(0, marker)


# The live reload: the page asks the server (a long poll) whether its version moved on.
RELOAD_SCRIPT = """
(() => {
  const root = document.documentElement;
  const since = root.dataset.version;
  const url = "/_reload?lang=" + encodeURIComponent(root.dataset.watch || "") + "&since=" + since;
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  (async () => {
    for (;;) {
      try {
        const answer = await fetch(url, {cache: "no-store"});
        if (answer.ok) {
          const state = await answer.json();
          if (String(state.version) !== since) { location.reload(); return; }
          continue;
        }
      } catch (error) { /* the server is restarting: ask again shortly */ }
      await pause(1000);
    }
  })();
})();
"""
