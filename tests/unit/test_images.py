"""Unit tests for publish/render/images.py and the images of a rendered book (issue 24):
unusable images are left out with one warning at their line, their alt text standing in;
SVGZ, TIFF, BMP, WebP and CMYK JPEG are converted, the same bytes every time."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image as PILImage

from imagecases import SVG, convertible, encoded, unusable, write
from publish import checks
from publish import config as config_mod
from publish.build import read_book
from publish.render import images

BOOK_TOML = ('slug = "pics"\ndate = 2024-01-02\ntitle = "Pictures"\n{extra}\n'
             '[[authors]]\nname = "A. Author"\n')


@pytest.fixture(autouse=True)
def fresh_verdicts(monkeypatch):
    monkeypatch.setattr(images, "_SEEN", {})


# -- prepare(): one file -------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(unusable()))
def test_an_unusable_image_is_a_problem_saying_why(tmp_path, name):
    data, why = unusable()[name]
    (tmp_path / name).write_bytes(data)
    with pytest.raises(images.ImageProblem) as problem:
        images.prepare(tmp_path / name, tmp_path / "cache")
    assert str(problem.value).startswith(why)


@pytest.mark.parametrize("name", sorted(convertible()))
def test_a_convertible_image_becomes_a_core_media_type(tmp_path, name):
    data, suffix, note = convertible()[name]
    (tmp_path / name).write_bytes(data)
    usable = images.prepare(tmp_path / name, tmp_path / "cache")
    assert (usable.suffix, usable.note) == (suffix, note)
    assert usable.path.parent == tmp_path / "cache" and usable.path.suffix == suffix
    if suffix == ".svg":
        assert etree.fromstring(usable.path.read_bytes()).tag.endswith("svg")
    else:
        with PILImage.open(usable.path) as image:
            assert image.format == {".png": "PNG", ".jpg": "JPEG"}[suffix]
            assert image.mode in ("RGB", "RGBA")


def test_transparency_is_kept_as_png_and_a_cmyk_red_stays_red(tmp_path):
    write(tmp_path, convertible())
    with PILImage.open(images.prepare(tmp_path / "glass.webp", tmp_path / "c").path) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 90
    with PILImage.open(images.prepare(tmp_path / "print.jpg", tmp_path / "c").path) as image:
        red, green, blue = image.getpixel((5, 5))
        assert red > 180 and green < 80 and blue < 80


def test_conversions_give_the_same_bytes_every_time(tmp_path, monkeypatch):
    write(tmp_path / "src", convertible())
    first = {n: images.prepare(tmp_path / "src" / n, tmp_path / "a").path.read_bytes()
             for n in convertible()}
    monkeypatch.setattr(images, "_SEEN", {})
    second = {n: images.prepare(tmp_path / "src" / n, tmp_path / "b").path.read_bytes()
              for n in convertible()}
    assert first == second


def test_a_usable_image_is_used_as_it_is(tmp_path):
    for name, kind in (("a.png", "PNG"), ("b.jpeg", "JPEG"), ("c.gif", "GIF")):
        (tmp_path / name).write_bytes(encoded(PILImage.new("RGB", (4, 4), "red"), kind))
        assert images.prepare(tmp_path / name, tmp_path / "c") == \
            images.Usable(tmp_path / name, Path(name).suffix)
    (tmp_path / "d.svg").write_bytes(SVG)
    assert images.prepare(tmp_path / "d.svg", tmp_path / "c").note == ""
    assert [p.suffix for p in (tmp_path / "c").iterdir()] == [".json"] * 4   # verdicts only


def test_a_verdict_is_recorded_and_read_back_without_decoding(tmp_path, monkeypatch):
    write(tmp_path, {**convertible(), **unusable()})
    first = {n: _verdict(tmp_path / n, tmp_path / "c") for n in ("scan.tiff", "cut.png")}
    monkeypatch.setattr(images, "_SEEN", {})
    monkeypatch.setattr(images, "_judge", lambda *a: pytest.fail("decoded again"))
    assert {n: _verdict(tmp_path / n, tmp_path / "c") for n in first} == first


def _verdict(path, folder):
    try:
        return images.prepare(path, folder)
    except images.ImageProblem as problem:
        return str(problem)


def test_a_deleted_conversion_is_made_again(tmp_path):
    write(tmp_path, convertible())
    first = images.prepare(tmp_path / "scan.tiff", tmp_path / "c").path
    data = first.read_bytes()
    first.unlink()
    assert images.prepare(tmp_path / "scan.tiff", tmp_path / "c").path.read_bytes() == data


def test_a_folder_or_an_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    (tmp_path / "dir.png").mkdir()
    with pytest.raises(images.ImageProblem, match="is a folder"):
        images.prepare(tmp_path / "dir.png", tmp_path / "c")
    (tmp_path / "locked.png").write_bytes(b"x")

    def refuse(self):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Path, "read_bytes", refuse)      # root reads any file: pretend
    with pytest.raises(images.ImageProblem, match=r"cannot be read \(Permission denied\)"):
        images.prepare(tmp_path / "locked.png", tmp_path / "c")


def test_a_gzip_bomb_is_not_unpacked(tmp_path):
    import gzip
    (tmp_path / "huge.svgz").write_bytes(gzip.compress(b"<svg>" + b" " * (40 * 2**20), mtime=0))
    with pytest.raises(images.ImageProblem, match="unpacks to over 32 MB"):
        images.prepare(tmp_path / "huge.svgz", tmp_path / "c")


# -- in a book: left out with one warning, or converted -----------------------------------

def project(root: Path, chapter: str, extra: str = "") -> Path:
    src = root / "source"
    (src / "en").mkdir(parents=True)
    (src / "book.toml").write_text(BOOK_TOML.format(extra=extra), encoding="utf-8")
    (src / "en" / "01-one.md").write_text(chapter, encoding="utf-8")
    write(src / "images", {**unusable(), **convertible()})
    return root


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_each_unusable_image_is_left_out_with_one_warning_at_its_line(tmp_path, caplog):
    names = sorted(unusable())
    text = "# One\n\n" + "".join(f"Look: ![Alt of {n}](../images/{n}) here.\n\n" for n in names)
    root = project(tmp_path, text)
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(root), "en")
    chapter = book.chapters[0]
    assert chapter.images == () and "<img" not in chapter.xhtml and "<img" not in chapter.html
    for n, name in enumerate(names):
        assert f'<span class="missing-image">Alt of {name}</span> here.' in chapter.xhtml
        found = [w for w in warnings_of(caplog) if f"image '../images/{name}'" in w]
        assert len(found) == 1, found
        assert f"01-one.md:{3 + 2 * n}: image '../images/{name}' {unusable()[name][1]}" in found[0]
        assert found[0].endswith("; its alt text stands in")
    assert checks.check_book(book) is not None


def test_convertible_images_reach_the_book_under_their_new_names(tmp_path, caplog):
    names = sorted(convertible())
    text = "# One\n\n" + "".join(f"![Alt of {n}](../images/{n})\n\n" for n in names)
    root = project(tmp_path, text)
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(root), "en")
    by_src = {image.src: image for image in book.images}
    for n, name in enumerate(names):
        suffix = convertible()[name][1]
        src = f"images/images-{name}{suffix}"
        assert src in by_src and by_src[src].path.suffix == suffix
        assert f'src="{src}"' in book.chapters[0].xhtml
        assert f'src="{by_src[src].path.as_uri()}"' in book.chapters[0].html
        assert any(f"01-one.md:{3 + 2 * n}: image '../images/{name}': "
                   f"{convertible()[name][2]}" in w for w in warnings_of(caplog))
    messages = checks.check_book(book)               # reads every image's pixels: no error
    assert not [m for m in messages if m.code.startswith("image-size")]


def test_a_root_relative_image_is_read_from_the_project_root(tmp_path, caplog):
    root = project(tmp_path, "# One\n\n![Scan](/source/images/scan.tiff)\n")
    book = read_book(config_mod.load(root), "en")
    assert [i.src for i in book.images] == ["images/images-scan.tiff.png"]


def test_the_epub_holds_the_converted_files_with_their_media_types(tmp_path):
    import zipfile

    from publish.build import write as write_book
    names = sorted(convertible())
    root = project(tmp_path, "# One\n\n" + "".join(f"![{n}](../images/{n})\n\n" for n in names))
    book = read_book(config_mod.load(root), "en")
    epub = write_book(book, "epub", tmp_path / "out")
    with zipfile.ZipFile(epub) as z:
        opf = z.read("EPUB/content.opf").decode()
        for image in book.images:
            assert z.read(f"EPUB/{image.src}") == image.path.read_bytes()
        assert "image/webp" not in opf and "image/tiff" not in opf and "image/bmp" not in opf
        assert opf.count('media-type="image/svg+xml"') == 1


# -- the cover -----------------------------------------------------------------------------

@pytest.mark.parametrize("cover,why", [
    ("images/none.png", "not found"),
    ("images/page.png", "is an HTML page, not an image"),
    ("images/empty.png", "is empty (0 bytes)"),
    ("images/bomb.png", "has too many pixels"),
])
def test_an_unusable_cover_gives_way_to_the_generated_one(tmp_path, caplog, cover, why):
    root = project(tmp_path, "# One\n\nText.\n", extra=f'cover = "{cover}"')
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(root), "en")
    assert book.cover is None
    assert any(f"book.toml:4: cover: cover image '{cover}' {why}" in w and
               w.endswith("the generated cover stands in") for w in warnings_of(caplog))


def test_a_tiff_cover_is_converted(tmp_path, caplog):
    root = project(tmp_path, "# One\n\nText.\n", extra='cover = "images/scan.tiff"')
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(root), "en")
    assert book.cover.suffix == ".png"
    assert any("cover image 'images/scan.tiff': TIFF converted to PNG" in w
               for w in warnings_of(caplog))


def test_the_catalog_cover_never_fails_on_a_bad_file(tmp_path, caplog):
    from dataclasses import replace

    from publish.serve.covers import cover_art
    root = project(tmp_path, "# One\n\nText.\n")
    book = read_book(config_mod.load(root), "en")
    for bad in ("page.png", "cut.png", "broken.svgz"):
        with caplog.at_level(logging.WARNING, logger="publish"):
            art = cover_art(replace(book, cover=root / "source/images" / bad))
        assert art.media_type == "image/png"
        with PILImage.open(io.BytesIO(art.data)) as image:
            assert image.size == (1600, 2560)               # the generated cover
        assert any(f"cover image '{bad}'" in w for w in warnings_of(caplog))
    gone = replace(book, cover=root / "source/images/gone.png")
    assert cover_art(gone).media_type == "image/png"


def test_a_png_its_own_thumbnail_is_told_by_its_header():
    """own_thumbnail() (the catalog keeps no image verdict for such a cover) says what
    thumbnail() does: an 8-bit RGB PNG within the box is kept as it is, nothing else."""
    from publish.serve.covers import own_thumbnail, thumbnail

    cases = [("RGB", (160, 256), "PNG"), ("RGB", (240, 384), "PNG"), ("RGB", (241, 10), "PNG"),
             ("RGBA", (10, 10), "PNG"), ("L", (10, 10), "PNG"), ("P", (10, 10), "PNG"),
             ("RGB", (10, 10), "JPEG"), ("RGB", (10, 10), "GIF")]
    found = []
    for mode, size, kind in cases:
        data = encoded(PILImage.new(mode, size), kind)
        assert own_thumbnail(data) == (thumbnail(data) is data), (mode, size, kind)
        found.append(own_thumbnail(data))
    assert found == [True, True] + [False] * 6
    assert not own_thumbnail(b"\x89PNG\r\n\x1a\n")            # cut short: no header to read


def test_a_symlink_loop_or_a_nul_byte_is_left_out_too(tmp_path, caplog):
    import os
    root = project(tmp_path, "# One\n\n![Loop](../images/loop.png)\n\n![Nul](a%00b.png)\n")
    os.symlink("loop.png", root / "source/images/loop.png")
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(root), "en")
    assert book.images == ()
    found = [w.split("01-one.md:")[1] for w in warnings_of(caplog) if "01-one.md:" in w]
    assert found == ["3: image '../images/loop.png' cannot be read (Too many levels of "
                     "symbolic links); its alt text stands in",
                     "5: image 'a%00b.png' not found; its alt text stands in"]


@pytest.mark.parametrize("text,limit,expected", [
    ("Short", 10, "Short"),
    ("A heading that is a whole paragraph", 20, "A heading that is a…"),
    ("书" * 30, 10, "书" * 10 + "…"),
])
def test_the_generated_cover_clips_a_title_that_is_a_paragraph(text, limit, expected):
    from publish.cover import _clip
    assert _clip(text, limit) == expected


def test_postscript_is_never_run(tmp_path, monkeypatch):
    """Pillow reads EPS by running Ghostscript: an .eps (or one named .png) is not an image."""
    import subprocess
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("a program ran"))
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n%%EOF\n"
    for name in ("fig.eps", "fig.png"):
        (tmp_path / name).write_bytes(eps)
        with pytest.raises(images.ImageProblem, match="cannot be identified"):
            images.prepare(tmp_path / name, tmp_path / "c")


def test_svg_ids_that_are_no_xml_name_are_renamed_with_their_references():
    from publish.render.images import _svg
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           b'<defs><clipPath id="4Z3V-s"><path d="M0 0"/></clipPath></defs>'
           b'<g clip-path="url(#4Z3V-s)"><use xlink:href="#4Z3V-s"/></g><g id="ok"/></svg>')
    out = _svg(svg, "SVG").decode()
    assert 'id="_4Z3V-s"' in out and "url(#_4Z3V-s)" in out and 'href="#_4Z3V-s"' in out
    assert 'id="ok"' in out
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><g id="a1"/></svg>'
    assert _svg(plain, "SVG") == plain                 # nothing to mend: the bytes as they are
