"""A static catalog folder (`publish catalog`): OPDS 1.2, OPDS 2.0 and an HTML shelf, with
the books and covers beside them, every link relative (issue 27).

    index.html                 the shelf
    opds/index.xml, .json      the roots (OPDS 1.2 navigation; OPDS 2.0)
    opds/<key>.xml, .json      a language's, series' or periodical's feed
    opds/entry-<slug>-<lang>.* an edition's own entry (what alternates point to)
    books/<file>               the EPUB, KEPUB and PDF, copied from each project's build/
    covers/<slug>-<lang>.*     the cover and its thumbnail

The input is a list of project folders. Each project's books come from its build folder
(`<project>/build`): made there first through the build and its cache (up-to-date files are
kept), or taken as they are (`build=False`). Files are written only when their bytes change,
and files of ours that the catalog no longer lists are removed: a rebuild is byte-identical.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from publish import writers
from publish.cache import BuildCache, package_digest
from publish.catalog import FORMATS, Addresses, Catalog, Download, Entry, make_catalog
from publish.config import Config, Edition
from publish.errors import ConfigError, OutputError
from publish.model import Metadata
from publish.outputs import write_atomic
from publish.serve.covers import CoverArt

OURS = ("opds", "books", "covers")      # the folders the catalog owns (and tidies)

STATIC = Addresses(
    feed=lambda key, kind: f"{key or 'index'}.{'xml' if kind == 'atom' else 'json'}",
    entry=lambda entry, kind: f"entry-{entry.key}.{'xml' if kind == 'atom' else 'json'}",
    download=lambda entry, download: f"../books/{quote(download.name)}",
    cover=lambda entry: f"../covers/{quote(entry.key)}{entry.art.suffix if entry.art else ''}",
    thumbnail=lambda entry: f"../covers/{quote(entry.key)}{_thumbnail_suffix(entry)}",
)


def _thumbnail_suffix(entry: Entry) -> str:
    """A cover small enough to be its own thumbnail is written once (its own file)."""
    art = entry.art
    return art.suffix if art is not None and art.thumbnail is art.data else "-thumbnail.png"


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
    entries = []
    for edition in config.editions:
        downloads = tuple(_download(fmt, files[(edition.code, fmt)]) for fmt in FORMATS
                          if (edition.code, fmt) in files)
        if not downloads:
            continue
        meta = read_metadata(config, edition, lambda bio: "")
        entries.append(Entry(meta, edition.labels.get("language_name", edition.code), downloads,
                             cover_art(config, edition, meta, memo), edition.language.direction))
    return entries


def _download(fmt: str, path: Path) -> Download:
    return Download(fmt, path, path.stat().st_size, writers.get_writer(fmt).media_type)


def cover_art(config: Config, edition: Edition, meta: Metadata, memo: BuildCache) -> CoverArt:
    """The edition's cover and thumbnail, kept in the build cache: a generated cover takes
    most of a second to draw, and a catalog is rebuilt far more often than a cover changes."""
    from publish.render import cover_file
    from publish.serve.covers import cover_art_of

    cover = cover_file(config, edition.cover, memo)
    digest = hashlib.sha256(f"{package_digest()}|{meta!r}".encode())
    if cover is not None:
        digest.update(cover.read_bytes())
    key = digest.hexdigest()
    kept = memo.get("catalog-art", key)
    if kept is not None:
        head, _, rest = kept.partition(b"\n")
        facts = json.loads(head)
        return CoverArt(rest[:facts["length"]], facts["media_type"], facts["suffix"],
                        rest[facts["length"]:])
    art = cover_art_of(cover, meta, edition.language)
    if art.thumbnail is art.data:       # a small PNG cover: read again at once, nothing to keep
        return art
    head = json.dumps({"media_type": art.media_type, "suffix": art.suffix,
                       "length": len(art.data)}).encode()
    memo.put("catalog-art", key, head + b"\n" + art.data + art.thumbnail)
    return art


def documents(catalog: Catalog) -> dict[str, bytes | Path]:
    """Every file of the static catalog, by its path in the folder: bytes, or a file to copy."""
    from publish.catalog import opds1, opds2, shelf

    files: dict[str, bytes | Path] = {
        "index.html": shelf.render_shelf(catalog, STATIC, prefix="opds/"),
        "opds/index.xml": opds1.navigation_feed(catalog, STATIC),
        "opds/index.json": opds2.navigation_feed(catalog, STATIC),
    }
    made = {entry.key: opds1.entry(catalog, entry, STATIC) for entry in catalog.entries}
    for group in catalog.groups:
        files[f"opds/{group.key}.xml"] = opds1.acquisition_feed(catalog, group, STATIC, made)
        files[f"opds/{group.key}.json"] = opds2.publications_feed(catalog, group, STATIC)
    for entry in catalog.entries:
        files[f"opds/entry-{entry.key}.xml"] = opds1.serialize(made[entry.key])
        files[f"opds/entry-{entry.key}.json"] = opds2.publication_document(catalog, entry, STATIC)
        for download in entry.downloads:
            files[f"books/{download.name}"] = download.path
        if entry.art is not None:
            files[f"covers/{entry.key}{entry.art.suffix}"] = entry.art.data
            files[f"covers/{entry.key}{_thumbnail_suffix(entry)}"] = entry.art.thumbnail
    return files


def write_site(catalog: Catalog, out: Path) -> int:
    """Writes the catalog into `out`; the number of files written (0: it was up to date)."""
    files = documents(catalog)
    written = sum(_put(out / name, content) for name, content in files.items())
    for folder in OURS:
        for path in sorted((out / folder).rglob("*")) if (out / folder).is_dir() else ():
            if path.is_file() and path.relative_to(out).as_posix() not in files:
                path.unlink()                     # an edition the catalog no longer has
    return written


def _put(target: Path, content: bytes | Path) -> bool:
    """Writes `content` to `target` unless it is there already, byte for byte."""
    try:
        data = content.read_bytes() if isinstance(content, Path) else content
    except OSError as exc:
        raise OutputError(f"cannot read: {exc.strerror or exc}", path=content) from None
    try:
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(target, data)
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
