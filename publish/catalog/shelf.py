"""The HTML shelf of a Catalog: one page listing every edition by language and collection."""
from __future__ import annotations

from publish import templates
from publish.catalog import Addresses, Catalog
from publish.catalog.opds1 import NAVIGATION
from publish.paths import PACKAGE_LAYOUTS


def render_shelf(catalog: Catalog, addresses: Addresses, prefix: str = "") -> bytes:
    """The shelf page; `prefix` leads from the page to where `addresses` are relative to."""
    env = templates.get_environment((PACKAGE_LAYOUTS,))
    first = catalog.entries[0].metadata.lang if catalog.entries else "en"
    html = templates.render(
        env, "catalog/shelf.html", catalog=catalog, lang=first, navigation_type=NAVIGATION,
        opds1=prefix + addresses.feed("", "atom"), opds2=prefix + addresses.feed("", "json"),
        thumbnail=lambda entry: _tidy(prefix + addresses.thumbnail(entry)),
        href=lambda entry, download: _tidy(prefix + addresses.download(entry, download)))
    return html.encode("utf-8")


def _tidy(href: str) -> str:
    """`opds/../books/x.epub` -> `books/x.epub`."""
    parts: list[str] = []
    for part in href.split("/"):
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)
