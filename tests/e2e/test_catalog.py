"""`publish catalog`: a static OPDS 1.2 / OPDS 2.0 catalog with an HTML shelf, served as plain
files over http.server on 127.0.0.1 (issue 27)."""
from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import shutil
import threading
import urllib.request
import xml.etree.ElementTree as ET
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import FIXTURES
from publish import config as config_mod, writers
from publish.build import build
from publish.cli import main

ATOM = "http://www.w3.org/2005/Atom"
NS = {"a": ATOM, "dc": "http://purl.org/dc/terms/"}
ACQUIRE = "http://opds-spec.org/acquisition"
CHROMIUM = Path("/usr/bin/chromium")          # as tests/e2e/test_serve.py launches it
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAGIC = {"application/epub+zip": b"PK\x03\x04", "application/kepub+zip": b"PK\x03\x04",
         "application/pdf": b"%PDF-", "image/png": b"\x89PNG"}


def _issue(root: Path, number: int, date: str) -> Path:
    """A one-article issue of a small periodical, in English only."""
    project = root / f"quarterly-{number}"
    (project / "source/en").mkdir(parents=True)
    (project / "source/book.toml").write_text(
        f'slug = "quarterly-{number}"\ndate = {date}\ntitle = "Tiny Quarterly {number}"\n'
        f'publisher = "Tiny Press"\n[[authors]]\nname = "Ann Editor"\n'
        f'[issue]\nperiodical = "Tiny Quarterly"\nvolume = "1"\nnumber = "{number}"\ndate = {date}\n',
        encoding="utf-8")
    (project / "source/en/01.md").write_text(f"# Issue {number}\n\nShort.\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> list[Path]:
    """Three projects: `multi` (en, fr, a series; EPUB and KEPUB), and two issues of one
    periodical (EPUB; the newer one a PDF too), built once through the build."""
    root = tmp_path_factory.mktemp("catalog")
    multi = root / "multi"
    shutil.copytree(FIXTURES / "multi", multi)
    old, new = _issue(root, 1, "2024-01-15"), _issue(root, 2, "2024-04-15")
    for project, fmts in ((multi, ("epub", "kepub")), (old, ("epub",)), (new, ("epub", "pdf"))):
        config = config_mod.load(project)
        build(config, fmts, config.languages, project / "build")
    return [multi, old, new]


@pytest.fixture(scope="module")
def site(projects, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert main(["catalog", "--no-build", *map(str, projects), "--out", str(out)]) == 0
    return out


class _Handler(SimpleHTTPRequestHandler):
    """A plain static host, its types configured for e-books (`.kepub.epub` by the writers'
    own table, as a host's MIME map would say)."""

    def guess_type(self, path):
        writer = writers.by_file_name(str(path))
        return writer.media_type if writer else super().guess_type(path)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def host(site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["Content-Type"], response.read()


def feed(url: str) -> ET.Element:
    kind, body = get(url)
    assert kind.startswith("application/xml") or kind.startswith("text/xml") or "atom" in kind
    return ET.fromstring(body)


def links(el: ET.Element, rel: str) -> list[ET.Element]:
    return [link for link in el.findall("a:link", NS) if link.get("rel") == rel]


def test_every_acquisition_link_downloads_its_type(host):
    root_url = urljoin(host, "opds/index.xml")
    root = feed(root_url)
    seen = set()
    subsections = [link for e in root.findall("a:entry", NS) for link in links(e, "subsection")]
    assert len(subsections) == 5              # en, fr; the series in each language; the periodical
    for sub in subsections:
        feed_url = urljoin(root_url, sub.get("href"))
        for entry in feed(feed_url).findall("a:entry", NS):
            for link in links(entry, ACQUIRE) + links(entry, "http://opds-spec.org/image") + \
                    links(entry, "http://opds-spec.org/image/thumbnail"):
                url = urljoin(feed_url, link.get("href"))
                kind, body = get(url)
                assert kind == link.get("type"), url
                assert body.startswith(MAGIC[kind]), url
                if link.get("length"):
                    assert int(link.get("length")) == len(body)
                if kind.endswith("zip"):
                    assert body[30:58] == b"mimetypeapplication/epub+zip"
                seen.add(urlsplit(url).path.rsplit("/", 1)[1])
    assert {"multi-en.epub", "multi-fr.kepub.epub", "quarterly-1-en.epub",
            "quarterly-2-en.pdf", "multi-fr.png"} <= seen


def test_the_opds2_catalog_lists_the_same_files(host):
    root_url = urljoin(host, "opds/index.json")
    kind, body = get(root_url)
    root = json.loads(body)
    assert [n["title"] for n in root["navigation"]][:2] == ["English", "Français"]
    english = urljoin(root_url, root["navigation"][0]["href"])
    publications = json.loads(get(english)[1])["publications"]
    assert [p["metadata"]["title"] for p in publications] == \
        ["Three Small Chapters", "Tiny Quarterly 2", "Tiny Quarterly 1"]   # newest first (2025, 2024)
    for publication in publications:
        for link in publication["links"]:
            if link["rel"] == ACQUIRE:
                kind, data = get(urljoin(english, link["href"]))
                assert kind == link["type"] and data.startswith(MAGIC[kind])
    assert publications[0]["metadata"]["belongsTo"]["series"] == [{"name": "Test Series",
                                                                   "position": 2}]


def test_a_periodicals_issues_come_newest_first(site):
    root = ET.parse(site / "opds/index.xml").getroot()
    (entry,) = [e for e in root.findall("a:entry", NS) if e.findtext("a:title", namespaces=NS)
                == "Tiny Quarterly"]
    assert all(e.findtext("a:title", namespaces=NS) != "Tiny Quarterly"
               for e in root.findall("a:entry", NS)[:-1])      # the periodical comes last
    issues = ET.parse(site / "opds" / links(entry, "subsection")[0].get("href")).getroot()
    assert [e.findtext("a:title", namespaces=NS) for e in issues.findall("a:entry", NS)] == \
        ["Tiny Quarterly 2", "Tiny Quarterly 1"]


def test_editions_of_one_work_are_alternates(site):
    entry = ET.parse(site / "opds/entry-multi-en.xml").getroot()
    (other,) = links(entry, "alternate")
    assert (other.get("hreflang"), other.get("href")) == ("fr", "entry-multi-fr.xml")
    assert other.get("type") == "application/atom+xml;type=entry;profile=opds-catalog"
    assert ET.parse(site / "opds" / other.get("href")).getroot().findtext(
        "dc:language", namespaces=NS) == "fr"


def test_every_link_is_relative(site):
    import re

    hrefs = []
    for path in site.rglob("*"):
        if path.suffix in (".xml", ".html"):
            hrefs += re.findall(r'(?:href|src)="([^"]*)"', path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            hrefs += re.findall(r'"href":"([^"]*)"', path.read_text(encoding="utf-8"))
    assert len(hrefs) > 50
    offenders = [h for h in hrefs if h.startswith("/") or urlsplit(h).scheme or urlsplit(h).netloc]
    assert offenders == []


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_is_byte_identical(projects, site, tmp_path, capsys):
    before = _tree(site)
    assert main(["catalog", "--no-build", *map(str, projects), "--out", str(site)]) == 0
    assert "0 files written" in capsys.readouterr().err
    assert _tree(site) == before
    elsewhere = tmp_path / "again"
    assert main(["catalog", "--no-build", *map(str, projects), "--out", str(elsewhere)]) == 0
    assert _tree(elsewhere) == before


def test_the_catalog_builds_what_it_needs_and_drops_what_is_gone(projects, tmp_path, capsys):
    """Without --no-build, the up-to-date EPUB is kept (the build's cache) and listed; an
    edition no longer in the catalog leaves no file behind."""
    out = tmp_path / "one"
    (out / "books").mkdir(parents=True)
    (out / "books/gone-en.epub").write_bytes(b"PK old")
    (out / "notes.txt").write_text("the user's own")
    epub = projects[1] / "build/quarterly-1-en.epub"
    stamp = epub.stat().st_mtime_ns
    assert main(["catalog", str(projects[1]), "--format", "epub", "--out", str(out)]) == 0
    assert epub.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in (out / "books").iterdir()) == ["quarterly-1-en.epub"]
    assert (out / "notes.txt").exists()


def test_two_projects_with_one_slug_are_one_error(projects, tmp_path, capsys):
    twin = tmp_path / "twin"
    shutil.copytree(projects[1], twin)
    assert main(["catalog", "--no-build", str(projects[1]), str(twin), "--out",
                 str(tmp_path / "s")]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "slug" in err and "quarterly-1" in err


def test_books_are_hard_links_to_the_builds_files(projects, site):
    """No second copy on disk: the folder's book is the build's file itself."""
    assert os.path.samefile(site / "books/multi-fr.kepub.epub",
                            projects[0] / "build/multi-fr.kepub.epub")


def test_a_book_built_anew_replaces_the_folders_and_leaves_the_old_alone(projects, tmp_path):
    """The build replaces its file (a new one), so the folder's link keeps the old bytes
    until the catalog runs again, which links the new file."""
    from publish.outputs import write_atomic

    project = tmp_path / "q"
    shutil.copytree(projects[1], project)
    out = tmp_path / "site"
    assert main(["catalog", "--no-build", str(project), "--out", str(out)]) == 0
    built = project / "build/quarterly-1-en.epub"
    old = built.read_bytes()
    write_atomic(built, old + b"new")
    assert (out / "books/quarterly-1-en.epub").read_bytes() == old
    assert main(["catalog", "--no-build", str(project), "--out", str(out)]) == 0
    assert os.path.samefile(out / "books/quarterly-1-en.epub", built)
    assert f'length="{len(old) + 3}"'.encode() in (out / "opds/en.xml").read_bytes()


def test_books_are_copied_where_no_hard_link_can_be_made(projects, tmp_path, monkeypatch):
    def cross_device(*args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    out = tmp_path / "site"
    assert main(["catalog", "--no-build", str(projects[1]), "--out", str(out)]) == 0
    copy, built = out / "books/quarterly-1-en.epub", projects[1] / "build/quarterly-1-en.epub"
    assert copy.read_bytes() == built.read_bytes() and not os.path.samefile(copy, built)
    assert [p.name for p in out.rglob("*.part")] == []


@pytest.mark.slow       # runs a browser
def test_the_shelf_opens_in_chromium_and_a_download_link_works(host, site):
    if not CHROMIUM.exists():
        pytest.fail("the shelf test needs Debian's chromium (scripts/setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            page.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda r: r.abort())
            page.goto(urljoin(host, "index.html"))
            assert page.locator("section#en .card").count() == 3
            assert page.locator("img").first.evaluate("img => img.naturalWidth") > 0
            link = page.locator('section#fr a[type="application/kepub+zip"]')
            with page.expect_download() as info:
                link.click()
            download = info.value
            assert download.suggested_filename == "multi-fr.kepub.epub"
            assert Path(download.path()).read_bytes() == (site / "books/multi-fr.kepub.epub").read_bytes()
        finally:
            browser.close()


def test_the_bench_catalog_is_made_of_fake_outputs(tmp_path):
    """`publish bench --only catalog`'s projects: listed without a build, a periodical's
    issues newest first, small covers used as their own thumbnails (a few of the 500)."""
    from publish.bench.catalogs import make_catalog_projects
    from publish.catalog.static import write_catalog

    projects = make_catalog_projects(tmp_path / "bench", 12)
    catalog, written, failed = write_catalog(projects, tmp_path / "site", build=False)
    assert len(catalog.entries) == 12 and not failed
    assert all(len(e.downloads) == 3 for e in catalog.entries)
    (review,) = [g for g in catalog.groups if g.kind == "periodical"]
    dates = [e.metadata.issue.date for e in review.entries]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4      # two issues, two languages
    assert not list((tmp_path / "site/covers").glob("*-thumbnail.png"))
    # Every edition has the same small cover: one file, which every feed points to, and no
    # image verdict kept in a build cache (it is decoded once a run all the same).
    assert [p.name for p in (tmp_path / "site/covers").iterdir()] == ["bench-0000-en.png"]
    feed = ET.parse(tmp_path / "site/opds/en.xml").getroot()
    images = {link.get("href") for e in feed.findall("a:entry", NS)
              for link in links(e, "http://opds-spec.org/image")}
    assert images == {"../covers/bench-0000-en.png"}
    assert not any((p / "build/.cache/images").exists() for p in projects)
    assert write_catalog(projects, tmp_path / "site", build=False)[1] == 0
