"""Links and images of a chapter: resolved across the book's chapters and inside the project, a
file that is not a chapter as its page on the repository's web host (publish/repository.py)."""
from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from publish import policy, repository
from publish.config import Config
from publish.model import Image
from publish.render import images
from publish.render.draft import Draft


_UNSAFE = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')     # ASCII a URL never holds as it is
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")         # a % that starts no escape


def resolve_link(href: str, draft: Draft, by_file: dict[str, Draft], root: Path) -> str | None:
    """The link's target in the book (`#id`), the href itself if external, a file's page on
    the repository's web host, or None when it leads nowhere in the book: a warning with
    file:line, and the caller keeps only the text.

    Chapters are found as written with `.md` or with mdBook's `.html`, relative to the
    linking chapter (or by file name), or from the project's root for a path starting with
    `/`, as GitHub reads it; anchors as GitHub and mdBook make them. A link is never read:
    one that climbs out of the project keeps its text (no PDF may attach that file)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        # External (http, https, mailto). Characters a URL may not hold (a quote or `>`
        # swept into a bare URL in raw HTML, a space) are percent-encoded (EPUBCheck RSC-020).
        # A % that begins no escape (a fragment cut in the middle of one) is itself escaped.
        href = _STRAY_PERCENT.sub("%25", href)
        href = _UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", href)
        # Brackets belong only to an IPv6 host: elsewhere (`?ip=[QUEST IP]`) they are escaped.
        start = len(parts.scheme) + 3 + len(parts.netloc) if parts.netloc else 0
        href = href[:start] + href[start:].replace("[", "%5B").replace("]", "%5D")
        # A fragment holds no second `#` (`/#docs/async#part`, a web app's route): escaped.
        head, hash_, fragment = href.partition("#")
        return head + hash_ + fragment.replace("#", "%23")
    target = draft
    if parts.path:
        path = unquote(parts.path)
        base = root if path.startswith("/") else draft.raw.path.parent
        try:
            real = _inside(base / path.lstrip("/"), root)
        except (OSError, RuntimeError, ValueError) as exc:     # a symlink loop, a NUL byte
            _warn(draft, href, f"it cannot be followed ({exc}); the link is left out, its "
                               "text stays")
            return None
        if real is None:
            _warn(draft, href, "it lies outside the project folder; the link is left out, "
                               "its text stays")
            return None
        target = _chapter_for(path.lstrip("/"), base, by_file)
        if target is None:
            return _in_repository(href, path, real, draft, root)
        if not parts.fragment:
            return "#" + target.root.find(".//h1").get("id")
    anchor = unquote(parts.fragment)
    new = target.renamed.get(anchor, anchor if anchor in target.ids else None) or \
        _loose_anchor(anchor, target)
    if new is None:
        _warn(draft, href, f"no anchor '#{anchor}' in {target.raw.path.name}")
        return None
    return "#" + new


def _inside(path: Path, root: Path) -> Path | None:
    """`path` with links resolved, if it lies inside `root`; else None. A symlink loop or a
    NUL byte raises (RuntimeError, OSError, ValueError)."""
    real = path.resolve()
    return real if real.is_relative_to(root.resolve()) else None


def _chapter_for(path: str, base: Path, by_file: dict[str, Draft]) -> Draft | None:
    """The chapter a link's path names: `ch01.md`, `ch01.html` (mdBook), `../intro/README.md`."""
    candidates = [path]
    if path.endswith(".html"):                  # mdBook's output names: x.html, dir/index.html
        stem = path[:-len(".html")]
        candidates.append(stem[:-len("index")] + "README.md" if stem.endswith("index")
                          else stem + ".md")
    for candidate in candidates:
        try:
            found = by_file.get(str((base / candidate).resolve()))
        except (OSError, RuntimeError, ValueError):
            found = None
        # A bare file name may name a chapter in another folder; a path must be exact, or
        # `missing/README.md` would lead to some other README.md.
        if found is None and "/" not in candidate:
            found = by_file.get(candidate)
        if found is not None:
            return found
    try:
        folder = base / path
        if folder.is_dir():         # a folder's page is its README, as on GitHub
            for name in ("README.md", "index.md"):
                found = by_file.get(str((folder / name).resolve()))
                if found is not None:
                    return found
    except (OSError, RuntimeError, ValueError):
        pass
    return None


def _in_repository(href: str, path: str, real: Path, draft: Draft, root: Path) -> str | None:
    """A file or folder of the project that is not a chapter (CONTRIBUTING.md, LICENSE, a
    source file): its page on the repository's web host, when the project says where that
    is; else None, with a warning."""
    try:
        kind = "folder" if real.is_dir() else "file" if real.exists() else None
    except OSError:
        kind = None
    if kind is None:
        _warn(draft, href, f"no file '{path}'; the link is left out, its text stays")
        return None
    base = repository.web_base(root)
    if base is None:
        _warn(draft, href, f"'{path}' is not a chapter of this book; the link is left out, "
                           "its text stays")
        return None
    fragment = urlsplit(href).fragment
    url = repository.file_url(base, real.relative_to(root.resolve()).as_posix(),
                              folder=kind == "folder")
    return url + ("#" + fragment if fragment else "")


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
    policy.mend("link", f"link to '{href}': {why}", path=draft.raw.path, line=draft.line(href))


def resolve_image(img: etree._Element, draft: Draft, config: Config,
                  remote_cache: Path | None) -> None:
    """Points `img` at the book's copy of its file; remote images are fetched into `remote_cache`
    only with --fetch-remote, else the alt text stands in. An image that cannot be used is
    left out, its alt text standing in, with one warning; one EPUB readers lack is converted
    into the build cache beside `remote_cache` (publish/render/images.py)."""
    images_cache = remote_cache.parent / "images" if remote_cache is not None else None
    src = img.get("src") or ""
    parts = urlsplit(src)
    line = draft.line(src) if src else draft.raw.first_line
    if parts.scheme in ("http", "https") and config.fetch_remote:
        from publish.render.remote import RemoteImageError, fetch_image
        folder = remote_cache or Path(tempfile.mkdtemp(prefix="publish-remote-"))
        try:
            real = fetch_image(src, folder)
        except RemoteImageError as error:   # a download that failed: as a missing image
            policy.mend("image", f"{error.message}; its alt text stands in",
                        path=draft.raw.path, line=line)
            return _alt_stands_in(img)
        return _use_image(img, real, draft, config, line, images_cache, fetched=True)
    if parts.scheme or parts.netloc or not src:
        # Remote (or empty) images are not fetched unless asked: the alt text stands in (issue 5).
        if src:
            draft.remote.append((src, line))
        return _alt_stands_in(img)
    real = _image_file(unquote(parts.path), src, draft, config, line)
    if real is None:
        policy.mend("image", f"image '{src}' not found; its alt text stands in",
                    path=draft.raw.path, line=line)
        return _alt_stands_in(img)
    _use_image(img, real, draft, config, line, images_cache)


def _alt_stands_in(img: etree._Element) -> None:
    span = etree.Element("span", {"class": "missing-image"})
    span.text, span.tail = img.get("alt") or img.get("title") or _name_in_link(img), img.tail
    img.getparent().replace(img, span)


def _name_in_link(img: etree._Element) -> str:
    """For an image with no alt text that is a link's only content (a README's badges): its
    file's name in words, so the link keeps a name (Ace: link-name); else nothing."""
    link = next((a for a in img.iterancestors("a")), None)
    if link is None or "".join(link.itertext()).strip():
        return ""
    stem = PurePosixPath(unquote(urlsplit(img.get("src") or "").path)).stem
    return re.sub(r"[-_.+%]+", " ", stem).strip() or urlsplit(link.get("href") or "").netloc


def name_empty_links(root: etree._Element) -> None:
    """Links a reader cannot name (Ace: link-name): an image that is a link's only content
    and has no alt text takes its file's name in words; a link with nothing in it at all (a
    heading's `<a name=x href=#x></a>` anchor) stays a target, but is no longer a link."""
    for a in list(root.iter("a")):
        if not a.get("href") or "".join(a.itertext()).strip() or a.get("aria-label"):
            continue
        images = list(a.iter("img"))
        if any(img.get("alt") for img in images):
            continue
        if images:
            img = images[0]
            img.set("alt", _name_in_link(img) or urlsplit(a.get("href") or "").netloc or "link")
            if img.get("role") == "presentation":
                del img.attrib["role"]
        elif len(a) == 0:
            del a.attrib["href"]


def _image_file(rel: str, src: str, draft: Draft, config: Config, line: int) -> Path | None:
    """The image's file, relative to the chapter or the sources (from the project's root for
    `/images/x.png`, as GitHub reads it); None if there is none. One that lies outside the
    project is never read: the edition is refused."""
    if rel.startswith("/"):
        candidates = [config.root / rel.lstrip("/"), config.source_dir / rel.lstrip("/")]
    else:
        candidates = [draft.raw.path.parent / rel, config.source_dir / rel]
    for candidate in candidates:
        try:
            if not (candidate.exists() or candidate.is_symlink()):
                continue
        except (OSError, ValueError):
            continue
        try:
            real = _inside(candidate, config.root)
        except (OSError, RuntimeError, ValueError):
            return candidate            # a symlink loop: found unreadable by images.prepare
        if real is None:
            raise policy.refuse("outside-project",
                                f"image '{src}' lies outside the project folder; refused",
                                path=draft.raw.path, line=line)
        return real
    return None


def _use_image(img: etree._Element, real: Path, draft: Draft, config: Config, line: int,
               images_cache: Path | None, fetched: bool = False) -> None:
    """The image's name in the book: images/ and its path in the project with `-` for `/`
    (images/remote-<hash>.png for a fetched one, wherever the build cache lies); a converted
    image adds its new suffix (images/fig.tiff.png)."""
    src = img.get("src") or ""
    try:
        usable = images.prepare(real, images_cache or temporary_cache())
    except images.ImageProblem as problem:
        policy.mend("image", f"image '{src}' {problem}; its alt text stands in",
                    path=draft.raw.path, line=line)
        return _alt_stands_in(img)
    if usable.note:
        policy.mend("image-converted", f"image '{src}': {usable.note}", path=draft.raw.path,
                    line=line)
    where = f"remote/{real.name}" if fetched else \
        real.relative_to(config.root.resolve()).as_posix().removeprefix("source/")
    flat = re.sub(r"[^\w.-]+", "-", where.replace("/", "-"))
    if flat != where.replace("/", "-"):
        # Characters a file name in the EPUB cannot have were replaced: the path's hash keeps
        # `a b.png` and `a-b.png` apart.
        stem, dot, suffix = flat.rpartition(".")
        digest = hashlib.sha256(where.encode()).hexdigest()[:8]
        flat = f"{stem}-{digest}.{suffix}" if dot else f"{flat}-{digest}"
    if usable.path != real:
        flat += usable.suffix
    name = "images/" + flat
    img.set("src", name)
    if img.get("alt") is None:
        img.set("alt", "")
    if not img.get("alt"):
        img.set("role", "presentation")
    draft.images.append(Image(src=name, path=usable.path, alt=img.get("alt", ""), line=line))


_TEMPORARY: list[Path] = []


def temporary_cache() -> Path:
    """Where conversions go when no build cache is given (a book read by a test)."""
    if not _TEMPORARY:
        _TEMPORARY.append(Path(tempfile.mkdtemp(prefix="publish-images-")))
    return _TEMPORARY[0]
