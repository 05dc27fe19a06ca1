"""The build cache: each kind of change invalidates what it must and nothing else (issue 6)."""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from publish import cache, config as config_mod
from publish.build import build
from publish.writers import get_writer
from conftest import FIXTURES

OUTPUTS = [(lang, fmt) for lang in ("en", "fr") for fmt in ("epub", "pdf")]


@pytest.fixture
def proj(tmp_path):
    target = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", target)
    return target


def keys(project, **overrides):
    config = config_mod.load(project)
    if overrides:
        config = replace(config, **overrides)
    return {(lang, fmt): cache.fingerprint(config, lang, get_writer(fmt)) for lang, fmt in OUTPUTS}


def changed(before, after):
    return sorted(k for k in before if before[k] != after[k])


def edit(path, text="\nMore.\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


@pytest.mark.parametrize("change,expected", [
    ("source/en/02-middle.md", [("en", "epub"), ("en", "pdf")]),
    ("source/fr/02-suite.md", [("fr", "epub"), ("fr", "pdf")]),
    ("source/book.toml", OUTPUTS),
    ("source/images/square.png", OUTPUTS),
    ("layouts/css/print.css", [("en", "pdf"), ("fr", "pdf")]),
    ("layouts/epub/chapter.xhtml", [("en", "epub"), ("fr", "epub")]),
    ("layouts/fr/print/book.html", [("fr", "pdf")]),
])
def test_a_change_invalidates_exactly_its_outputs(proj, change, expected):
    before = keys(proj)
    edit(proj / change, "\n" if change.endswith(".toml") else "\nMore.\n")
    assert changed(before, keys(proj)) == sorted(expected)


def test_nothing_changed_keeps_every_key(proj):
    assert changed(keys(proj), keys(proj)) == []


def test_print_options_invalidate_pdfs_only(proj):
    before = keys(proj)
    options = replace(config_mod.load(proj).print, press=True)
    assert changed(before, keys(proj, print=options)) == [("en", "pdf"), ("fr", "pdf")]


def test_source_date_epoch_and_package_invalidate_everything(proj, monkeypatch):
    before = keys(proj)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert changed(before, keys(proj)) == sorted(OUTPUTS)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setattr(cache, "package_digest", lambda: "another version")
    assert changed(before, keys(proj)) == sorted(OUTPUTS)


def test_the_same_code_elsewhere_keeps_the_package_digest(tmp_path, monkeypatch):
    """The package copied to another folder (a fresh clone, another virtual environment)
    hashes as it does here, so its caches are found; an edit to a copied file does not."""
    here = cache.package_digest.__wrapped__()
    code, layouts = tmp_path / "elsewhere" / "publish", tmp_path / "elsewhere" / "layouts"
    shutil.copytree(cache.PACKAGE, code, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(cache.PACKAGE_LAYOUTS, layouts)
    monkeypatch.setattr(cache, "PACKAGE", code)
    monkeypatch.setattr(cache, "PACKAGE_LAYOUTS", layouts)
    assert cache.package_digest.__wrapped__() == here
    css = layouts / "css" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert cache.package_digest.__wrapped__() != here


def test_rebuild_skips_what_is_current(proj, tmp_path):
    out = tmp_path / "out"
    config = config_mod.load(proj)
    build(config, ("epub",), ("en", "fr"), out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.epub")}
    build(config, ("epub",), ("en", "fr"), out)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.epub")} == stamps
    edit(proj / "source/en/03-end.md")
    build(config_mod.load(proj), ("epub",), ("en", "fr"), out)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.epub")}
    assert after["multi-fr.epub"] == stamps["multi-fr.epub"]
    assert after["multi-en.epub"] != stamps["multi-en.epub"]


def test_cached_chapters_give_the_same_book(proj, tmp_path):
    """A rebuild from cached Markdown is byte-identical to a build without any cache."""
    config = config_mod.load(proj)
    first = build(config, ("epub",), ("en",), tmp_path / "a")[0].path
    original = first.read_bytes()
    edit(proj / "source/en/03-end.md")
    config = config_mod.load(proj)
    build(config, ("epub",), ("en",), tmp_path / "a")                  # two chapters from cache
    fresh = build(config, ("epub",), ("en",), tmp_path / "b")[0].path         # nothing cached
    assert original != fresh.read_bytes()
    assert (tmp_path / "a" / first.name).read_bytes() == fresh.read_bytes()


def test_parallel_conversion_gives_the_same_chapters(tmp_path, monkeypatch):
    """Many uncached chapters are converted in forked processes: the same book as one by one.

    The test sees the forked workers (each records its process id), so it cannot pass with
    the conversion quietly done in this process."""
    import os
    import threading

    from publish import sources
    from publish.render import convert
    from publish.build import load_book
    from publish.bench.samplebook import make_sample_book

    if threading.active_count() > 1:
        pytest.skip("another test left a thread running: forking is off in threaded processes")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)            # two workers even on one core
    seen = tmp_path / "pids"
    seen.mkdir()
    real = convert._convert

    def recording(*args):
        (seen / str(os.getpid())).touch()
        return real(*args)
    monkeypatch.setattr(convert, "_convert", recording)
    assert convert.PARALLEL_FROM <= 20
    project = make_sample_book(tmp_path / "sample", 20)
    config = config_mod.load(project)
    memo = cache.BuildCache(tmp_path / "out")
    parallel = load_book(config, "en", memo=memo)
    assert [p.name for p in seen.iterdir() if p.name != str(os.getpid())]   # a worker converted
    assert len(list((tmp_path / "out" / ".cache" / "markdown").iterdir())) == 20
    monkeypatch.setattr(convert, "PARALLEL_FROM", 10_000)
    serial = load_book(config, "en")                                  # one by one, no memo
    assert [c.xhtml for c in parallel.chapters] == [c.xhtml for c in serial.chapters]
    assert parallel.text == serial.text
    assert len(sources.read(config, "en")) == 20


def test_generated_cover_is_cached_by_what_it_shows(proj, tmp_path):
    import zipfile

    def cover(path):
        with zipfile.ZipFile(path) as z:
            return z.read("EPUB/images/cover.png")

    out = tmp_path / "out"
    config = config_mod.load(proj)
    first = cover(build(config, ("epub",), ("en",), out)[0].path)
    covers = list((out / ".cache" / "cover").iterdir())
    assert len(covers) == 1 and covers[0].read_bytes() == first
    edit(proj / "source/en/03-end.md")                    # text changes, cover does not
    assert cover(build(config_mod.load(proj), ("epub",), ("en",), out)[0].path) == first
    assert len(list((out / ".cache" / "cover").iterdir())) == 1
    toml = proj / "source" / "book.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('en = "Three', 'en = "Four', 1), encoding="utf-8")
    assert cover(build(config_mod.load(proj), ("epub",), ("en",), out)[0].path) != first
    assert len(list((out / ".cache" / "cover").iterdir())) == 2
