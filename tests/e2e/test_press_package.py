"""`publish pdf --press ingram|kdp` on the example book (issue 27): the interior in PDF/X with
the printer's output intent, and the cover spread, measured, decoded and mirrored."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from publish import build, config as config_mod, printers
from publish.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ean13 import decode_image  # noqa: E402

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
A5 = (148 / 25.4, 210 / 25.4)          # the example book's trim, in inches
PRINT_ISBN = {"en": "9780999001004", "ar": "9780999009000"}


def _build(out: Path, lang: str, printer: str) -> tuple[Path, Path, int]:
    config = config_mod.load(REPO, overrides=config_mod.Overrides(press=printer))
    [result] = build.build(config, ["pdf"], [lang], out)
    interior = result.path
    return interior, interior.with_name(f"{interior.stem}-cover.pdf"), result.pages


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("ingram"), "en", "ingram")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("kdp"), "ar", "kdp")


def _inches(box) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return (x1 - x0) / 72, (y1 - y0) / 72


def test_interior_is_pdf_x_with_the_printers_output_intent(english):
    interior, _, pages = english
    with pikepdf.open(interior) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "CGATS TR 001"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert str(pdf.docinfo["/GTS_PDFXVersion"]).startswith("PDF/X-1a")
        assert b"pdfx:GTS_PDFXVersion" in pdf.Root.Metadata.read_bytes()
        assert len(pdf.pages) == pages and "/Outlines" not in pdf.Root   # no bookmarks
        for page in pdf.pages:        # the trim size, no bleed or crop marks around it
            assert _inches(page.MediaBox) == pytest.approx(A5, abs=0.01)
            assert list(page.TrimBox) == list(page.MediaBox)
            assert "/Annots" not in page.obj                         # no links on the page


def test_spread_width_is_twice_trim_and_bleed_plus_the_spine(english, arabic):
    for (_, cover, pages), name in ((english, "ingram"), (arabic, "kdp")):
        printer = printers.known()[name]
        caliper = printer.papers[printer.paper]
        with pikepdf.open(cover) as pdf:
            [page] = pdf.pages
            width, height = _inches(page.MediaBox)
            trim_width, trim_height = _inches(page.TrimBox)
        spine = trim_width - 2 * A5[0]
        assert spine == pytest.approx(pages * caliper, abs=0.01)
        assert width == pytest.approx(2 * (A5[0] + 0.125) + pages * caliper, abs=0.01)
        assert (height, trim_height) == pytest.approx((A5[1] + 0.25, A5[1]), abs=0.01)


def _render(cover: Path, tmp: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(cover), str(tmp / "c")],
                   check=True, timeout=60)
    return tmp / "c.png"


def test_barcode_decodes_to_the_print_isbn(english, tmp_path):
    assert decode_image(_render(english[1], tmp_path)) == PRINT_ISBN["en"]


def test_arabic_spread_is_mirrored(arabic, tmp_path):
    """The back cover, with its barcode, is on the right; the front cover on the left."""
    from PIL import Image

    with Image.open(_render(arabic[1], tmp_path)) as image:
        width, height = image.size
        image.crop((width // 2, 0, width, height)).save(tmp_path / "right.png")
        image.crop((0, 0, width // 2, height)).save(tmp_path / "left.png")
    assert decode_image(tmp_path / "right.png") == PRINT_ISBN["ar"]
    assert decode_image(tmp_path / "left.png") is None
    half = int(width / 150 * 72 / 2)                         # in points
    left = subprocess.run(["pdftotext", "-x", "0", "-y", "0", "-W", str(half), "-H", "2000",
                           str(arabic[1]), "-"], capture_output=True, text=True, timeout=60)
    assert "ISBN" not in left.stdout and "روسيا" in left.stdout     # the title, on the front


@pytest.mark.parametrize("which", [0, 1])
def test_check_pdf_passes(english, which):
    script = next((p / "shared/acceptance/check_pdf.sh" for p in REPO.parents
                   if (p / "shared/acceptance/check_pdf.sh").is_file()), None)
    if script is None or shutil.which("qpdf") is None:
        pytest.skip("the acceptance tools are not here")
    done = subprocess.run(["bash", str(script), str(english[which]), "--no-aval"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "PDF/X-1a" in done.stdout and "OutputIntents=['/GTS_PDFX']" in done.stdout


def test_a_missing_print_isbn_is_one_line_naming_the_key(project, capsys):
    code = main(["pdf", "--press", "kdp", "--source", str(project),
                 "--out", str(project / "out")])
    err = capsys.readouterr().err
    assert code != 0
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        "error: isbn.en.print: a printer's package needs the print book's ISBN for its "
        "barcode: set isbn.en.print (or isbn.en) in book.toml"]
    assert not (project / "out" / "tiny-en.pdf").exists()
