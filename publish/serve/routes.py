"""The URL map of `publish serve`: each path to what it serves; every other path is a 404.

Nothing here joins a request's path to a folder: every path segment is looked up in
a table of what the server itself made (languages, output files, fonts, book images),
so `..`, encoded slashes or absolute paths can only miss.
"""
from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

from publish import fonts, media, templates, writers
from publish.catalog import Addresses, Catalog, Download, Entry, make_catalog, opds1, opds2
from publish.serve import preview
from publish.errors import PublishError
from publish.paths import PACKAGE_LAYOUTS
from publish.serve.site import Edition, Site

OPDS_ROOT = "/opds"
OPDS2_ROOT = "/opds2"
LONG_POLL_SECONDS = 20.0
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
NO_STORE = (("Cache-Control", "no-store"),)


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str = TEXT
    body: bytes = b""
    file: Path | None = None                  # sent from disk instead of `body`
    headers: tuple[tuple[str, str], ...] = NO_STORE


def not_found() -> Response:
    return Response(404, TEXT, b"not found\n")


def respond(site: Site, target: str, host: str = "") -> Response:
    """The response to GET `target` (path and query, as in the request line)."""
    path, query = _split_target(target)
    if path is None:
        return Response(400, TEXT, b"bad request\n")
    parts = [unquote(part) for part in path[1:].split("/")]
    head, rest = parts[0], parts[1:]
    if head == "" and not rest:
        return _shelf(site, host)
    if head in site.langs:
        return _language(site, head, rest)
    handler = _ROUTES.get(head)
    return handler(site, rest, parse_qs(query), host) if handler else not_found()


def _split_target(target: str) -> tuple[str | None, str]:
    """Path and query of a request target, origin form (`/a?b`) or absolute form (`http://h/a?b`)."""
    path, _, query = target.partition("?")
    if re.match(r"https?://", path):
        after = path.split("://", 1)[1]
        path = after[after.find("/"):] if "/" in after else "/"
    return (path if path.startswith("/") else None), query


# ---- the preview ----

def _language(site: Site, lang: str, rest: list[str]) -> Response:
    if not rest:
        return Response(302, TEXT, b"", headers=(("Location", f"/{lang}/"), *NO_STORE))
    if rest == [""]:
        return _page(site, lang)
    if len(rest) == 2 and rest[0] == "images":
        return _image(site.edition(lang), f"images/{rest[1]}")
    return not_found()


def _page(site: Site, lang: str) -> Response:
    edition = site.edition(lang)
    if edition is None:                      # the language left the config a moment ago
        return not_found()
    nonce = secrets.token_urlsafe(16)
    chrome = preview.Chrome(
        lang=lang, watch=lang, version=edition.version, nonce=nonce, font_url=font_url,
        languages=tuple(preview.Link(language_name(site, e), page_href(e.lang), lang=e.lang,
                                     current=e.lang == lang) for e in site.editions()),
        links=(*_download_links(edition), preview.Link("OPDS", OPDS_ROOT, opds1.NAVIGATION)),
        error=edition.error, icon=thumbnail_href(lang) if edition.art else "")
    layouts = edition.book.layouts if edition.book else templates.layout_path(site.config.root, lang)
    try:
        html = preview.render_book(edition.book, layouts, chrome)
    except PublishError as exc:
        html = preview.error_page(_with_error(chrome, str(exc)))
    return _html(html, nonce)


def _shelf(site: Site, host: str) -> Response:
    editions = site.editions()
    nonce = secrets.token_urlsafe(16)
    first = next((e for e in editions if e.book), None)
    title = first.book.metadata.title if first else site.config.slug
    cards = [_card(site, e) for e in editions]
    chrome = preview.Chrome(lang=editions[0].lang if editions else "en", watch="",
                            version=site.version(), nonce=nonce, font_url=font_url,
                            languages=tuple(preview.Link(language_name(site, e), page_href(e.lang),
                                                         lang=e.lang) for e in editions),
                            icon=next((thumbnail_href(e.lang) for e in editions if e.art), ""))
    layouts = tuple(d for d in (site.config.root / "layouts", PACKAGE_LAYOUTS) if d.is_dir())
    try:
        html = preview.render_shelf(str(title), cards, f"http://{host or 'localhost'}{OPDS_ROOT}",
                                    layouts, chrome)
    except PublishError as exc:
        html = preview.error_page(_with_error(chrome, str(exc)))
    return _html(html, nonce)


def _card(site: Site, edition: Edition) -> preview.Card:
    meta = edition.book.metadata if edition.book else None
    return preview.Card(
        lang=edition.lang, language_name=language_name(site, edition), href=page_href(edition.lang),
        title=meta.title if meta else "", author=meta.author_line if meta else "",
        description=meta.description if meta else "",
        thumbnail_href=thumbnail_href(edition.lang) if edition.art else "",
        downloads=_download_links(edition), error=edition.error)


def _with_error(chrome: preview.Chrome, message: str) -> preview.Chrome:
    from dataclasses import replace
    return replace(chrome, error=message)


def _html(html: str, nonce: str) -> Response:
    csp = ("default-src 'none'; img-src 'self'; font-src 'self'; style-src 'self' 'unsafe-inline'; "
           f"script-src 'nonce-{nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
           "frame-ancestors 'none'")
    return Response(200, HTML, html.encode("utf-8"),
                    headers=(*NO_STORE, ("Content-Security-Policy", csp)))


def _reload(site: Site, rest: list[str], query: dict, host: str) -> Response:
    """The live reload's long poll: answers when the page's version moves on (or after a while)."""
    lang, since = query.get("lang", [""])[0], query.get("since", [""])[0]
    if rest or (lang and lang not in site.langs) or not re.fullmatch(r"\d{1,12}", since):
        return not_found() if rest else Response(400, TEXT, b"bad request\n")
    version = site.wait(lang, int(since), LONG_POLL_SECONDS)
    return Response(200, "application/json", json.dumps({"version": version}).encode())


# ---- files: fonts, images, covers, downloads ----

def _image(edition: Edition | None, src: str) -> Response:
    """A book image, by the href its chapters use (Book.images), from its resolved path only."""
    book = edition.book if edition else None
    image = next((i for i in book.images if i.src == src), None) if book else None
    if image is None or not image.path.is_file():
        return not_found()
    return Response(200, media.of(image.path.suffix),
                    file=image.path)


def _font(site: Site, rest: list[str], query: dict, host: str) -> Response:
    from publish.fonts.families import all_faces

    face = next((f for f in all_faces() if [f.file_name] == rest and f.installed), None)
    if face is None:
        return not_found()
    return Response(200, media.font_type(face.file_name), file=fonts.static_path(face),
                    headers=(("Cache-Control", "max-age=86400"),))


def _cover(site: Site, rest: list[str], query: dict, host: str) -> Response:
    for edition in site.editions():
        art = edition.art
        if art is None or len(rest) != 1:
            continue
        if rest[0] == f"{edition.lang}{art.suffix}":
            return Response(200, art.media_type, art.data)
        if rest[0] == f"{edition.lang}-thumbnail.png":
            return Response(200, "image/png", art.thumbnail)
    return not_found()


def _download(site: Site, rest: list[str], query: dict, host: str) -> Response:
    """An output this server wrote, by its bare file name; nothing else in the folder."""
    if len(rest) != 1:
        return not_found()
    for edition in site.editions():
        for _, path in edition.files:
            if path.name == rest[0] and path.is_file():
                disposition = f"attachment; filename=\"{path.name}\"; filename*=UTF-8''{quote(path.name)}"
                return Response(200, writers.by_file_name(path.name).media_type, file=path,
                                headers=(*NO_STORE, ("Content-Disposition", disposition)))
    return not_found()


# ---- the OPDS catalog: the same documents `publish catalog` writes (publish/catalog/) ----

def _opds(site: Site, rest: list[str], query: dict, host: str) -> Response:
    return _catalog_document(site, rest, "atom")


def _opds2(site: Site, rest: list[str], query: dict, host: str) -> Response:
    return _catalog_document(site, rest, "json")


def _catalog_document(site: Site, rest: list[str], kind: str) -> Response:
    """The root, a language's or a collection's feed, or an edition's own entry."""
    catalog = site_catalog(site)
    atom = kind == "atom"
    if rest in ([], [""]):
        return Response(200, opds1.NAVIGATION if atom else opds2.FEED,
                        (opds1 if atom else opds2).navigation_feed(catalog, ADDRESSES))
    if len(rest) != 1:
        return not_found()
    group = catalog.group(rest[0])
    if group is not None:
        return Response(200, opds1.ACQUISITION, opds1.acquisition_feed(catalog, group, ADDRESSES)) \
            if atom else Response(200, opds2.FEED, opds2.publications_feed(catalog, group, ADDRESSES))
    entry = next((e for e in catalog.entries if f"entry-{e.key}" == rest[0]), None)
    if entry is None:
        return not_found()
    return Response(200, opds1.ENTRY, opds1.entry_document(catalog, entry, ADDRESSES)) if atom \
        else Response(200, opds2.PUBLICATION, opds2.publication_document(catalog, entry, ADDRESSES))


def site_catalog(site: Site) -> Catalog:
    """The catalog: every language with a good book and an output on disk."""
    entries = []
    for edition in site.editions():
        downloads = tuple(Download(fmt, path, path.stat().st_size, writers.get_writer(fmt).media_type)
                          for fmt, path in edition.files if path.is_file())
        if edition.book is None or not downloads:
            continue
        entries.append(Entry(edition.book.metadata, language_name(site, edition), downloads,
                             edition.art, edition.book.language.direction))
    title = entries[0].metadata.title if entries else site.config.slug
    return make_catalog(title, entries)


# ---- addresses ----

def page_href(lang: str) -> str:
    return f"/{lang}/"


def download_href(name: str) -> str:
    return f"/download/{quote(name)}"


def cover_href(lang: str, suffix: str) -> str:
    return f"/cover/{lang}{suffix}"


def thumbnail_href(lang: str) -> str:
    return f"/cover/{lang}-thumbnail.png"


ADDRESSES = Addresses(
    feed=lambda key, kind: (OPDS_ROOT if kind == "atom" else OPDS2_ROOT) + (f"/{key}" if key else ""),
    entry=lambda entry, kind: f"{OPDS_ROOT if kind == 'atom' else OPDS2_ROOT}/entry-{entry.key}",
    download=lambda entry, download: download_href(download.name),
    cover=lambda entry: cover_href(entry.metadata.lang, entry.art.suffix if entry.art else ""),
    thumbnail=lambda entry: thumbnail_href(entry.metadata.lang),
)


def font_url(face: fonts.Face) -> str:
    return f"/_fonts/{face.file_name}"


def language_name(site: Site, edition: Edition) -> str:
    if edition.book is not None:
        return edition.book.labels["language_name"]
    if edition.lang in site.config.languages:
        return site.config.edition(edition.lang).labels["language_name"]
    return edition.lang


def _download_links(edition: Edition) -> tuple[preview.Link, ...]:
    return tuple(preview.Link(fmt.upper(), download_href(path.name), writers.get_writer(fmt).media_type)
                 for fmt, path in edition.files)


_ROUTES = {"_reload": _reload, "_fonts": _font, "cover": _cover, "download": _download,
           "opds": _opds, "opds2": _opds2}
