"""A static catalog folder (`publish catalog`): OPDS 1.2, OPDS 2.0 and an HTML shelf, with
the books and covers beside them, every link relative (issue 27).

    index.html                 the shelf
    opds/index.xml, .json      the roots (OPDS 1.2 navigation; OPDS 2.0)
    opds/<key>.xml, .json      a language's, series' or periodical's feed
    opds/entry-<slug>-<lang>.* an edition's own entry (what alternates point to)
    books/<file>               the EPUB, KEPUB and PDF: hard links to each project's build/
                               files (copies where the file system cannot link)
    covers/<slug>-<lang>.*     the cover and its thumbnail (one file for editions sharing one)

The input is a list of project folders. Each project's books come from its build folder
(`<project>/build`): made there first through the build and its cache (up-to-date files are
kept), or taken as they are (`build=False`). Files are written only when their bytes change,
and files of ours that the catalog no longer lists are removed: a rebuild is byte-identical.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from publish import writers
from publish.cache import BuildCache, package_digest
from publish.catalog import FORMATS, Addresses, Catalog, Download, Entry, make_catalog
from publish.config import Config, Edition
from publish.errors import ConfigError, OutputError
from publish.model import Metadata
from publish.outputs import link_atomic, write_atomic
from publish.serve.covers import CoverArt

OURS = ("opds", "books", "covers")      # the folders the catalog owns (and tidies)

def addresses(names: dict[str, tuple[str, str]]) -> Addresses:
    """The folder's relative addresses, the covers' from `cover_names`."""
    quoted = functools.lru_cache(maxsize=None)(quote)      # each name is asked for often
    return Addresses(
        feed=lambda key, kind: f"{key or 'index'}.{'xml' if kind == 'atom' else 'json'}",
        entry=lambda entry, kind: f"entry-{entry.key}.{'xml' if kind == 'atom' else 'json'}",
        download=lambda entry, download: f"../books/{quoted(download.name)}",
        cover=lambda entry: f"../{quote(names[entry.key][0])}",
        thumbnail=lambda entry: f"../{quote(names[entry.key][1])}",
    )


def cover_names(catalog: Catalog) -> dict[str, tuple[str, str]]:
    """Each edition's cover and thumbnail file in the folder, by its key: `covers/<key>.png`
    and `covers/<key>-thumbnail.png` (a small PNG is its own thumbnail). An image several
    editions share (a work's editions often have one cover) is one file, named after the
    first edition that has it."""
    owners: dict[tuple[str, bytes], str] = {}
    names = {}
    for entry in catalog.entries:
        art = entry.art
        if art is not None:
            owner = owners.setdefault((art.suffix, art.data), entry.key)
            thumbnail = art.suffix if art.thumbnail is art.data else "-thumbnail.png"
            names[entry.key] = (f"covers/{owner}{art.suffix}", f"covers/{owner}{thumbnail}")
    return names


def collect(configs: Iterable[Config], *, build: bool = True, fmts: Iterable[str] = FORMATS,
            strict: bool = False) -> tuple[list[Entry], list]:
    """Every edition of these projects that has a file; and the build's failures (each
    project's `Failed` records: those editions are left out)."""
    entries: list[Entry] = []
    failed: list = []
    seen: dict[str, Path] = {}
    for config in configs:
        if config.slug in seen:
            raise ConfigError(f"two projects have the slug '{config.slug}' (the other: "
                              f"{seen[config.slug]}): their files would share names",
                              path=config.path, key="slug")
        seen[config.slug] = config.path
        files, broken = _files(config, tuple(fmts), build, strict)
        failed += broken
        entries += project_entries(config, files)
    return entries, failed


def _files(config: Config, fmts: tuple[str, ...], build: bool,
           strict: bool) -> tuple[dict[tuple[str, str], Path], list]:
    out = config.root / "build"
    if build:
        from publish.build import build_editions

        outcome = build_editions(config, fmts, config.languages, out, strict=strict)
        return {(r.lang, r.fmt): r.path for r in outcome.results}, outcome.failed
    found = {}
    for lang in config.languages:
        for fmt in fmts:
            path = writers.output_path(out, config.slug, lang, writers.get_writer(fmt))
            if path.is_file():
                found[(lang, fmt)] = path
    return found, []


def project_entries(config: Config, files: dict[tuple[str, str], Path]) -> list[Entry]:
    """The project's editions that have at least one file, with metadata from the config
    alone (no chapter is read) and their cover art."""
    from publish.render.metadata import read_metadata

    memo = BuildCache(config.root / "build")
    covers: dict[str, Path | None] = {}         # editions naming one image: checked once
    entries = []
    for edition in config.editions:
        downloads = tuple(_download(fmt, files[(edition.code, fmt)]) for fmt in FORMATS
                          if (edition.code, fmt) in files)
        if not downloads:
            continue
        meta = read_metadata(config, edition, lambda bio: "")
        if edition.cover not in covers:
            covers[edition.cover] = _cover_file(config, edition.cover, memo)
        art = cover_art(covers[edition.cover], edition, meta, memo)
        entries.append(Entry(meta, edition.labels.get("language_name", edition.code), downloads,
                             art, edition.language.direction))
    return entries


def _download(fmt: str, path: Path) -> Download:
    return Download(fmt, path, path.stat().st_size, writers.get_writer(fmt).media_type)


def _cover_file(config: Config, cover: str, memo: BuildCache) -> Path | None:
    from publish.render import cover_file
    from publish.serve.covers import own_thumbnail

    # A cover that is its own thumbnail is decoded on every run all the same (to check it):
    # no verdict of images.prepare is kept for it (nor a folder made for one).
    return cover_file(config, cover, memo, lambda data: not own_thumbnail(data))


def cover_art(cover: Path | None, edition: Edition, meta: Metadata,
              memo: BuildCache) -> CoverArt:
    """The edition's cover and thumbnail: the cover image's (`cover`, as `cover_file` found
    it; its bytes alone decide its art, made once for every edition that shares it), else
    the generated cover (its metadata decides)."""
    art = _image_art(cover, memo) if cover is not None else None
    return art if art is not None else _generated_art(meta, edition, memo)


_ART: dict[str, CoverArt] = {}      # a project's editions, one after another, share a cover


def _image_art(cover: Path, memo: BuildCache) -> CoverArt | None:
    from publish.serve.covers import image_art

    try:
        key = _art_key(b"image|", cover.read_bytes())
    except OSError:
        return image_art(cover)                   # which says why it cannot be read
    if key not in _ART:
        art = _kept(memo, key)
        if art is None:
            art = image_art(cover, checked=True)     # by cover_file (images.prepare)
            if art is None:
                return None
            _keep(memo, key, art)
        _ART.clear()
        _ART[key] = art
    return _ART[key]


def _generated_art(meta: Metadata, edition: Edition, memo: BuildCache) -> CoverArt:
    from publish.serve.covers import generated_art

    key = _art_key(b"drawn|", repr(meta).encode())
    art = _kept(memo, key)
    if art is None:
        art = generated_art(meta, edition.language)
        _keep(memo, key, art)
    return art


def _art_key(kind: bytes, data: bytes) -> str:
    return hashlib.sha256(f"{package_digest()}|".encode() + kind + data).hexdigest()


def _kept(memo: BuildCache, key: str) -> CoverArt | None:
    """Art kept in the build cache: a generated cover takes most of a second to draw, a
    large image's thumbnail a while to scale, and a catalog is rebuilt far more often."""
    kept = memo.get("catalog-art", key)
    if kept is None:
        return None
    head, _, rest = kept.partition(b"\n")
    facts = json.loads(head)
    return CoverArt(rest[:facts["length"]], facts["media_type"], facts["suffix"],
                    rest[facts["length"]:])


def _keep(memo: BuildCache, key: str, art: CoverArt) -> None:
    """Keeps `art`, unless the image is its own thumbnail (read again at once: a small PNG)."""
    if art.thumbnail is art.data:
        return
    head = json.dumps({"media_type": art.media_type, "suffix": art.suffix,
                       "length": len(art.data)}).encode()
    memo.put("catalog-art", key, head + b"\n" + art.data + art.thumbnail)


def documents(catalog: Catalog) -> dict[str, bytes | Path]:
    """Every file of the static catalog, by its path in the folder: bytes, or a file to copy."""
    from publish.catalog import opds1, opds2, shelf

    images = cover_names(catalog)
    where = addresses(images)
    files: dict[str, bytes | Path] = {
        "index.html": shelf.render_shelf(catalog, where, prefix="opds/"),
        "opds/index.xml": opds1.navigation_feed(catalog, where),
        "opds/index.json": opds2.navigation_feed(catalog, where),
    }
    made = {entry.key: opds1.entry(catalog, entry, where) for entry in catalog.entries}
    publications = {e.key: opds2.publication(catalog, e, where) for e in catalog.entries}
    for group in catalog.groups:
        files[f"opds/{group.key}.xml"] = opds1.acquisition_feed(catalog, group, where, made)
        files[f"opds/{group.key}.json"] = opds2.publications_feed(catalog, group, where,
                                                                  publications)
    for entry in catalog.entries:
        files[f"opds/entry-{entry.key}.xml"] = opds1.serialize(made[entry.key])
        files[f"opds/entry-{entry.key}.json"] = opds2.dump(publications[entry.key])
        for download in entry.downloads:
            files[f"books/{download.name}"] = download.path
        if entry.art is not None:
            cover, thumbnail = images[entry.key]
            files[cover], files[thumbnail] = entry.art.data, entry.art.thumbnail
    return files


def write_site(catalog: Catalog, out: Path) -> int:
    """Writes the catalog into `out`; the number of files written (0: it was up to date)."""
    files = documents(catalog)
    written = sum(_put(out / name, content) for name, content in files.items())
    for folder in OURS:
        for root, _folders, names in os.walk(out / folder):
            where = Path(root)
            place = where.relative_to(out).as_posix()
            for name in names:
                if f"{place}/{name}" not in files:
                    (where / name).unlink()       # an edition the catalog no longer has
    return written


def _put(target: Path, content: bytes | Path) -> bool:
    """Writes `content` to `target` unless it is there already, byte for byte."""
    if isinstance(content, Path):
        return _put_file(target, content)
    try:
        if target.stat().st_size == len(content) and target.read_bytes() == content:
            return False
    except OSError:
        pass
    write_atomic(target, content)
    return True


def _put_file(target: Path, source: Path) -> bool:
    """A book from a build folder: `target` becomes a hard link to it (a copy where the
    file system cannot link), unless it is that file already, or has its bytes."""
    try:
        here = source.stat()
    except OSError as exc:
        raise OutputError(f"cannot read: {exc.strerror or exc}", path=source) from None
    try:
        there = target.stat()
        if os.path.samestat(there, here) or \
                (there.st_size == here.st_size and target.read_bytes() == source.read_bytes()):
            return False
    except OSError:
        pass
    link_atomic(target, source)
    return True


def write_catalog(projects: Iterable[Path], out: Path, *, title: str = "", build: bool = True,
                  fmts: Iterable[str] = FORMATS, strict: bool = False) -> tuple[Catalog, int, list]:
    """`publish catalog`: loads each project, gathers its editions, writes the folder."""
    from publish import config as config_mod

    configs = [config_mod.load(project, strict=strict) for project in projects]
    entries, failed = collect(configs, build=build, fmts=fmts, strict=strict)
    if not title:
        title = entries[0].metadata.title if len(configs) == 1 and entries else "Catalog"
    catalog = make_catalog(title, entries)
    return catalog, write_site(catalog, out), failed
