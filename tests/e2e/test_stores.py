"""Store preflight (`publish check --for`) and store files (`publish all --for`), issue 27.

One fixture book with planted faults (an image over 4 million pixels, a cover too small, no
ISBN, a page-number reference, a short text) and the example book, each built once."""
from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from publish import epubread, preflight, stores
from publish.cli import main
from publish.cover import EPUB_SIZE

ALL = "apple,google,kobo,kdp,d2d,ingram"
BOOK_TOML = """slug = "faults"
date = 2024-01-02
title = "Faults"
cover = "images/cover.png"
description = "A book with faults planted for the stores."
publisher = "Test Press"
rights = "CC0"
subjects = ["tests"]

[[authors]]
name = "A. Author"
"""
CHAPTER = """# One

As the table on page 12 shows, the river is wide.

![A wide grey field](../images/big.png)
"""


@pytest.fixture(scope="module")
def faults(tmp_path_factory) -> Path:
    """The fault book, built: cover 500×800, big.png 2100×2000 = 4.2 million pixels."""
    root = tmp_path_factory.mktemp("faults")
    src = root / "source"
    (src / "en").mkdir(parents=True)
    (src / "images").mkdir()
    (src / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    (src / "en" / "01-one.md").write_text(CHAPTER, encoding="utf-8")
    Image.new("RGB", (500, 800), (90, 40, 40)).save(src / "images" / "cover.png")
    Image.new("RGB", (2100, 2000), (128, 128, 128)).save(src / "images" / "big.png")
    assert main(["epub", "--source", str(root)]) == 0
    return root


def check_json(capsys, root: Path, stores_asked: str, *more: str) -> tuple[int, list[dict]]:
    capsys.readouterr()
    code = main(["check", "--source", str(root), "--no-epubcheck", "--json", "--for",
                 stores_asked, *more])
    out = capsys.readouterr().out
    return code, json.loads(out)["messages"]


def inside(epub: Path, name: str) -> str:
    """The zip entry the writer gave a source image (its name is the writer's to choose)."""
    with zipfile.ZipFile(epub) as z:
        [entry] = [n for n in z.namelist() if n.endswith(name) and "cover" not in n]
    return entry


def store_findings(messages: list[dict], store: str) -> list[tuple[str, int | None, str]]:
    return [(m["file"], m["line"], m["text"]) for m in messages if m["code"] == f"store-{store}"]


def test_each_store_reports_the_planted_faults_naming_file_or_key(faults, capsys):
    code, messages = check_json(capsys, faults, ALL)
    assert code == 7
    epub = faults / "build" / "faults-en.epub"
    big, cover = f"{epub}/{inside(epub, 'big.png')}", str(faults / "source/images/cover.png")
    apple = store_findings(messages, "apple")
    assert apple == [(big, None, "apple: image of 2100×2000 = 4.20 million pixels; Apple Books "
                      "takes at most 4 million (https://itunespartner.apple.com/books/support/"
                      "9-prepare-book)")]
    google = store_findings(messages, "google")
    assert [(f, t.split(" (")[0]) for f, _, t in google] == [
        (str(epub), "google: the book is about 1 page(s) long"),
        (cover, "google: cover of 500×800 pixels; Google Play Books wants at least 640 on the "
                "shorter side")]
    kdp = store_findings(messages, "kdp")
    assert [(f, t.split(" (")[0]) for f, _, t in kdp] == [
        (cover, "kdp: cover of 500×800 pixels; Amazon KDP wants at least 625 on the shorter side"),
        (cover, "kdp: cover of 500×800 pixels; Amazon KDP wants at least 1000 on the longer side")]
    ingram = store_findings(messages, "ingram")
    texts = [t for _, _, t in ingram]
    assert any(f == big and "3.2 million" in t for f, _, t in ingram)
    assert any(f == cover and "at least 1600 on the shorter side" in t for f, _, t in ingram)
    assert any(f == str(faults / "source" / "book.toml") and t.startswith("isbn.en.epub: ingram:")
               for f, _, t in ingram)
    [(where, line, text)] = [x for x in ingram if "printed page" in x[2]]
    assert where.startswith(f"{epub}/EPUB/") and where.endswith(".xhtml")
    with zipfile.ZipFile(epub) as z:
        page = z.read(where.split(".epub/")[1]).decode().splitlines()
    assert "page 12" in page[line - 1] and text.startswith("ingram: 'page 12' refers")
    assert len(texts) == 4
    assert store_findings(messages, "d2d") == store_findings(messages, "kobo") == []


def test_the_cli_prints_file_and_line_of_each_finding(faults, capsys):
    capsys.readouterr()
    assert main(["check", "--source", str(faults), "--no-epubcheck", "--for", "ingram"]) == 7
    out = capsys.readouterr().out
    assert re.search(r"faults-en\.epub/EPUB/[\w-]+\.xhtml:\d+: error: ingram: 'page 12'", out)
    assert re.search(r"book\.toml: error: isbn\.en\.epub: ingram: no ISBN for the en EPUB", out)


@pytest.mark.parametrize("command", ["check", "all"])
def test_an_unknown_store_lists_the_known_ones(faults, capsys, command):
    capsys.readouterr()
    assert main([command, "--source", str(faults), "--for", "kdp,amazon"]) == 3
    out, err = capsys.readouterr()
    assert err == ("error: --for: unknown store 'amazon' (known: apple, google, kobo, kdp, d2d, "
                   "ingram)\n")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_all_for_writes_store_copies_and_covers_reproducibly(faults, capsys):
    build = faults / "build"
    master = sha256(build / "faults-en.epub")
    args = ["all", "--source", str(faults), "--format", "epub", "--jobs", "1",
            "--for", "apple,ingram,d2d,kobo"]
    assert main(args) == 0
    first = {p: sha256(p) for p in build.glob("*/*") if p.parent.name != ".cache"}
    assert main(args) == 0                                       # same bytes again
    assert {p: sha256(p) for p in first} == first
    assert sha256(build / "faults-en.epub") == master            # the master is never touched
    for store, limit in (("apple", 4_000_000), ("ingram", 3_200_000)):
        with zipfile.ZipFile(build / store / "faults-en.epub") as z:
            with Image.open(io.BytesIO(z.read(inside(build / "faults-en.epub", "big.png")))) as im:
                assert im.format == "PNG" and limit - 5000 < im.width * im.height <= limit
        assert not [m for m in preflight.check(stores.known()[store], build / store / "faults-en.epub",
                                               _edition(faults), faults / "source/book.toml")
                    if "million pixels" in m.text]
    with zipfile.ZipFile(build / "d2d" / "faults-en.epub") as z:
        package = epubread.read(z, build / "d2d" / "faults-en.epub")
        assert "images/cover.png" in z.read(package.spine[0]).decode()   # the cover is page 1
    for store in ("apple", "ingram", "d2d", "kobo"):
        with Image.open(build / store / "faults-en-cover.jpg") as im:   # never scaled up
            assert (im.format, im.size) == ("JPEG", (500, 800))


def _edition(root: Path):
    from publish import config

    return config.load(root).edition("en")


def test_the_example_book_passes_every_store(seed_config, seed_epubs):
    """The example book's six EPUBs (built once for the session, as `publish epub` does):
    nothing from any store; IngramSpark's ISBN is the config's to give (ONIX needs them too),
    so without one the only finding is the key to set."""
    from dataclasses import replace

    for lang, epub in seed_epubs.items():
        edition = seed_config.edition(lang)
        given = replace(edition, isbns=edition.isbns or {"epub": "978-3-16-148410-0"})
        for store in stores.known().values():
            assert preflight.check(store, epub, given, seed_config.path) == [], (lang, store.key)
        if not edition.isbns:
            [missing] = preflight.check(stores.known()["ingram"], epub, edition, seed_config.path)
            assert missing.text.startswith(f"isbn.{lang}.epub: ingram: no ISBN")


def test_kdp_gets_publish_s_own_cover_at_its_ideal_size(seed_config, seed_books, seed_epubs,
                                                        tmp_path):
    from publish import storefiles
    from publish.cover import make_cover

    book, epub = seed_books["en"], tmp_path / seed_epubs["en"].name
    shutil.copyfile(seed_epubs["en"], epub)
    written = storefiles.write(stores.known()["kdp"], epub, seed_config.edition("en"),
                               seed_config.path, lambda: make_cover(book.metadata, book.language))
    assert written == [tmp_path / "kdp" / epub.name, tmp_path / "kdp" / "russia-and-laos-en-cover.jpg"]
    with Image.open(written[1]) as im:
        assert (im.format, im.size) == ("JPEG", (1600, 2560))
    assert sha256(written[0]) == sha256(epub)                # nothing over a limit: a plain copy


def test_the_stores_data_names_a_source_for_each():
    known = stores.known()
    assert list(known) == ["apple", "google", "kobo", "kdp", "d2d", "ingram"]
    for store in known.values():
        assert store.name and store.sources and all(s.startswith("https://") for s in store.sources)
        assert store.advisory <= {"epub_bytes_max", "image_bytes_max", "html_bytes_max", "cover_ratio"}
    # publish's own cover inside an EPUB is under every store's pixel limit
    assert EPUB_SIZE[0] * EPUB_SIZE[1] <= min(s.image_pixels_max for s in known.values()
                                              if s.image_pixels_max)
    assert stores.target_of("Jane <jane@pbsync.com>").key == "pocketbook"
    assert stores.target_of("jane@Kindle.com").key == "kindle"
    assert stores.target_of("jane@example.com") is None


def test_recommended_limits_are_warnings_and_enforced_ones_errors(faults):
    from dataclasses import replace

    epub, edition = faults / "build" / "faults-en.epub", _edition(faults)
    kobo = replace(stores.known()["kobo"], html_bytes_max=100, image_bytes_max=1000)
    found = preflight.check(kobo, epub, edition, faults / "source/book.toml")
    assert found and {m.severity for m in found} == {"warning"}
    assert any(m.file.endswith(".xhtml") and "content document of" in m.text for m in found)
    square = preflight._cover_size(stores.known()["kobo"], "c.png", (1000, 1000))
    assert [(m.severity, m.text.split(" (")[0]) for m in square] == [
        ("warning", "kobo: cover of 1000×1000 pixels")]
    [small] = preflight._cover_size(stores.known()["google"], "c.png", (600, 960))
    assert small.severity == "error"


def test_d2d_wants_the_cover_on_the_first_page(faults, tmp_path):
    import datetime as dt

    from publish.writers.epub import container

    epub = faults / "build" / "faults-en.epub"
    moved = tmp_path / "moved.epub"

    def cover_last(opf: bytes) -> bytes:
        text = opf.decode()
        ref = re.search(r'<itemref idref="cover"[^>]*/>', text).group()
        return text.replace(ref, "").replace("</spine>", ref + "</spine>").encode()

    container.repack(epub, moved, dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc),
                     {"EPUB/content.opf": cover_last})
    [found] = preflight.check(stores.known()["d2d"], moved, _edition(faults),
                              faults / "source/book.toml")
    assert found.file.startswith(f"{moved}/EPUB/") and "first page does not show the cover" in found.text


def test_kobo_s_cover_file_is_named_by_the_isbn(faults):
    from dataclasses import replace

    from publish import storefiles

    kobo, edition = stores.known()["kobo"], _edition(faults)
    assert storefiles._cover_name(kobo, Path("b/faults-en.epub"), edition) == "faults-en-cover.jpg"
    with_isbn = replace(edition, isbns={"epub": "978-3-16-148410-0"})
    assert storefiles._cover_name(kobo, Path("b/faults-en.epub"), with_isbn) == "9783161484100.jpg"
