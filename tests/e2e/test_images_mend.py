"""Images as people have them, built through the CLI (issue 24): every unusable image is left
out with one warning at its line and the build exits 0; converted ones make an EPUB that
EPUBCheck passes and a PDF that shows them. Never a traceback."""
from __future__ import annotations

import re
import zipfile

import pytest

from conftest import run_epubcheck
from imagecases import convertible, unusable, write
from publish.cli import main

pytestmark = pytest.mark.slow      # EPUBCheck and a PDF


def make(root, names, cover=""):
    src = root / "source"
    (src / "en").mkdir(parents=True)
    (src / "book.toml").write_text(
        'slug = "pics"\ndate = 2024-01-02\ntitle = "Pictures"\ndescription = "d"\n'
        'publisher = "p"\nsubjects = ["s"]\nrights = "r"\n' + cover +
        '[[authors]]\nname = "A. Author"\n', encoding="utf-8")
    text = "# Pictures\n\n" + "".join(f"Figure: ![Alt of {n}](../images/{n})\n\n" for n in names)
    (src / "en" / "01-pictures.md").write_text(text, encoding="utf-8")
    write(src / "images", {**unusable(), **convertible()})
    return root


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_case_in_one_epub_one_warning_each_and_epubcheck_passes(tmp_path, capsys):
    """One book holding every case (one EPUBCheck run for them all)."""
    names = sorted(unusable()) + sorted(convertible())
    root = make(tmp_path, names, cover='cover = "images/print.jpg"\n')
    # And links as GitHub resolves them, in the same book (one EPUBCheck run).
    (root / "CONTRIBUTING.md").write_text("# How to help\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text('[remote "origin"]\n\turl = git@github.com:o/pics.git\n')
    with (root / "source/en/01-pictures.md").open("a", encoding="utf-8") as chapter:
        chapter.write("See [how to help](/CONTRIBUTING.md) and [the images](/source/images/).\n")
    code, _, err = run(capsys, "epub", "--source", str(root), "--out", str(root / "out"))
    assert code == 0, err
    assert "Traceback" not in err
    for n, name in enumerate(names):
        why = unusable()[name][1] if name in unusable() else convertible()[name][2]
        found = [line for line in err.splitlines() if f"image '../images/{name}'" in line]
        assert len(found) == 1, (name, found)
        assert f"01-pictures.md:{3 + 2 * n}: image '../images/{name}'" in found[0]
        assert why in found[0]
    assert "cover image 'images/print.jpg': CMYK JPEG converted to RGB" in err

    with zipfile.ZipFile(root / "out" / "pics-en.epub") as z:
        chapter = z.read("EPUB/pictures.xhtml").decode()
        listed = [n for n in z.namelist() if n.startswith("EPUB/images/")]
    for name in unusable():
        assert f'<span class="missing-image">Alt of {name}</span>' in chapter
    assert sorted(listed) == sorted(["EPUB/images/cover.jpg"] + [
        f"EPUB/images/images-{n}{convertible()[n][1]}" for n in convertible()])
    assert len(re.findall("<img ", chapter)) == len(convertible())
    assert '<a href="https://github.com/o/pics/blob/HEAD/CONTRIBUTING.md">how to help</a>' in chapter
    assert '<a href="https://github.com/o/pics/tree/HEAD/source/images">the images</a>' in chapter

    messages = run_epubcheck(root / "out" / "pics-en.epub")
    bad = [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")
           and m["ID"] != "CSS-028"]
    assert bad == []


def test_a_pdf_of_mixed_images_shows_the_converted_ones(tmp_path, capsys):
    from pypdf import PdfReader
    names = ["page.png", "bomb.png", "figure.svgz", "scan.tiff", "photo.webp", "print.jpg"]
    root = make(tmp_path, names)
    code, _, err = run(capsys, "pdf", "--source", str(root), "--out", str(root / "out"))
    assert code == 0, err
    assert "Traceback" not in err and "refused to read" not in err
    reader = PdfReader(root / "out" / "pics-en.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Alt of page.png" in text and "Alt of bomb.png" in text
    rasters = sum(1 for page in reader.pages
                  for obj in (page["/Resources"].get("/XObject") or {}).values()
                  if obj.get_object().get("/Subtype") == "/Image")
    assert rasters >= 3                                  # the TIFF, the WebP, the CMYK JPEG
