"""Links and images of a chapter: resolved across the book's chapters and inside the project."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from publish import media
from publish.config import Config
from publish.errors import SourceError
from publish.model import Image
from publish.paths import resolve_inside
from publish.render.draft import Draft


def resolve_link(href: str, draft: Draft, by_file: dict[str, Draft]) -> str:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href                         # external (http, https, mailto)
    target = draft
    if parts.path:
        name = Path(unquote(parts.path)).name
        target = by_file.get(name)
        if target is None:
            raise SourceError(f"link to '{href}': no chapter file '{name}' in this language",
                              path=draft.raw.path, line=draft.line(href))
        if not parts.fragment:
            return "#" + target.root.find(".//h1").get("id")
    anchor = unquote(parts.fragment)
    new = target.renamed.get(anchor, anchor if anchor in target.ids else None)
    if new is None:
        raise SourceError(f"link to '{href}': no anchor '#{anchor}' in {target.raw.path.name}",
                          path=draft.raw.path, line=draft.line(href))
    return "#" + new


def resolve_image(img: etree._Element, draft: Draft, config: Config,
                  remote_cache: Path | None) -> None:
    """Points `img` at the book's copy of its file; remote images are fetched into `remote_cache`
    only with --fetch-remote, else the alt text stands in."""
    src = img.get("src") or ""
    alt = img.get("alt")
    parts = urlsplit(src)
    line = draft.line(src) if src else draft.raw.first_line
    if parts.scheme in ("http", "https") and config.fetch_remote:
        from publish.render.remote import fetch_image
        folder = remote_cache or Path(tempfile.mkdtemp(prefix="publish-remote-"))
        real = fetch_image(src, folder, origin=draft.raw.path, line=line)
        return _use_image(img, real, draft, config, line, fetched=True)
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


def _use_image(img: etree._Element, real: Path, draft: Draft, config: Config, line: int,
               fetched: bool = False) -> None:
    """The image's name in the book: images/ and its path in the project with `-` for `/`
    (images/remote-<hash>.png for a fetched one, wherever the build cache lies)."""
    src = img.get("src") or ""
    alt = img.get("alt")
    if real.suffix.lower() not in media.IMAGES:
        raise SourceError(f"image '{src}': unsupported type (use {', '.join(sorted(media.IMAGES))})",
                          path=draft.raw.path, line=line)
    where = f"remote/{real.name}" if fetched else \
        real.relative_to(config.root.resolve()).as_posix().removeprefix("source/")
    name = "images/" + re.sub(r"[^\w.-]+", "-", where.replace("/", "-"))
    img.set("src", name)
    if alt is None:
        img.set("alt", "")
    if not img.get("alt"):
        img.set("role", "presentation")
    draft.images.append(Image(src=name, path=real, alt=img.get("alt", ""), line=line))
