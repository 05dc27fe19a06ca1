"""Links and images of a chapter: resolved across the book's chapters and inside the project."""
from __future__ import annotations

import hashlib
import logging
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

log = logging.getLogger("publish")


def resolve_link(href: str, draft: Draft, by_file: dict[str, Draft], root: Path) -> str | None:
    """The link's target in the book (`#id`), the href itself if external, or None when it
    leads nowhere in the book: a warning with file:line, and the caller keeps only the text.

    Chapters are found as written with `.md` or with mdBook's `.html`, relative to the
    linking chapter (or by file name); anchors as GitHub and mdBook make them."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href                         # external (http, https, mailto)
    target = draft
    if parts.path:
        _inside_project(unquote(parts.path), href, draft, root)
        target = _chapter_for(unquote(parts.path), draft, by_file)
        if target is None:
            _warn(draft, href, _not_a_chapter(unquote(parts.path), draft))
            return None
        if not parts.fragment:
            return "#" + target.root.find(".//h1").get("id")
    anchor = unquote(parts.fragment)
    new = target.renamed.get(anchor, anchor if anchor in target.ids else None) or \
        _loose_anchor(anchor, target)
    if new is None:
        _warn(draft, href, f"no anchor '#{anchor}' in {target.raw.path.name}")
        return None
    return "#" + new


def _inside_project(path: str, href: str, draft: Draft, root: Path) -> None:
    """A link that climbs out of the project (`/etc/passwd`, `../../..`) is refused: it could
    make a PDF attach that file (issue 5)."""
    resolve_inside(draft.raw.path.parent / path, (root,), what="link to", origin=draft.raw.path,
                   line=draft.line(href), shown=href)


def _chapter_for(path: str, draft: Draft, by_file: dict[str, Draft]) -> Draft | None:
    """The chapter a link's path names: `ch01.md`, `ch01.html` (mdBook), `../intro/README.md`."""
    candidates = [path]
    if path.endswith(".html"):                  # mdBook's output names: x.html, dir/index.html
        stem = path[:-len(".html")]
        candidates.append(stem[:-len("index")] + "README.md" if stem.endswith("index")
                          else stem + ".md")
    for candidate in candidates:
        found = by_file.get(str((draft.raw.path.parent / candidate).resolve()))
        # A bare file name may name a chapter in another folder; a path must be exact, or
        # `missing/README.md` would lead to some other README.md.
        if found is None and "/" not in candidate:
            found = by_file.get(candidate)
        if found is not None:
            return found
    return None


def _not_a_chapter(path: str, draft: Draft) -> str:
    local = (draft.raw.path.parent / path).resolve()
    if local.exists():
        return f"'{path}' is not a chapter of this book; the link is left out, its text stays"
    return f"no file '{path}'; the link is left out, its text stays"


def _loose_anchor(anchor: str, target: Draft) -> str | None:
    """An id of `target` that `anchor` names in GitHub's or mdBook's way: other case,
    punctuation dropped, spaces as hyphens (#Описание for id описание, #Hello-World!)."""
    key = _loose(anchor)
    if not key:
        return None
    matches = [i for i in sorted(target.ids) if _loose(i) == key]
    return matches[0] if matches else None


def _loose(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _warn(draft: Draft, href: str, why: str) -> None:
    log.warning("%s", SourceError(f"link to '{href}': {why}", path=draft.raw.path,
                                  line=draft.line(href)))


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
    flat = re.sub(r"[^\w.-]+", "-", where.replace("/", "-"))
    if flat != where.replace("/", "-"):
        # Characters a file name in the EPUB cannot have were replaced: the path's hash keeps
        # `a b.png` and `a-b.png` apart.
        stem, dot, suffix = flat.rpartition(".")
        digest = hashlib.sha256(where.encode()).hexdigest()[:8]
        flat = f"{stem}-{digest}.{suffix}" if dot else f"{flat}-{digest}"
    name = "images/" + flat
    img.set("src", name)
    if alt is None:
        img.set("alt", "")
    if not img.get("alt"):
        img.set("role", "presentation")
    draft.images.append(Image(src=name, path=real, alt=img.get("alt", ""), line=line))
