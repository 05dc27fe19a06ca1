"""Issue 24, item 5: pages that look right in every script. One small book per script, built
once: a Lao and a Thai page with no rivers, a Persian book whose folios, contents numbers,
note numbers and date are in Persian digits (its date in the Solar Hijri calendar), its
paragraphs visibly apart and its code's lines in order."""
from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest

from publish import config as config_mod
from publish.build import load_book, write

pytestmark = pytest.mark.slow

PT = 10.5                  # the body's size (print.font_size's default): 1 em in PDF points
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
FROM_PERSIAN = str.maketrans(PERSIAN, "0123456789")
BIDI = "[\u200e\u200f\u202a-\u202e\u2066-\u2069]"     # the marks pdftotext wraps runs in

# Text of our own: everyday sentences, spaced between phrases as the scripts are.
LAO = [
    "ປະເທດລາວ ເປັນປະເທດທີ່ບໍ່ມີທາງອອກສູ່ທະເລ ຕັ້ງຢູ່ໃນໃຈກາງຂອງແຫຼມອິນດູຈີນ ມີຊາຍແດນຕິດກັບຈີນ "
    "ຫວຽດນາມ ກຳປູເຈຍ ໄທ ແລະ ມຽນມາ. ນະຄອນຫຼວງວຽງຈັນ ຕັ້ງຢູ່ແຄມແມ່ນ້ຳຂອງ ແລະ ເປັນເມືອງທີ່ໃຫຍ່ທີ່ສຸດຂອງປະເທດ.",
    "ປະຊາຊົນລາວສ່ວນຫຼາຍເຮັດນາປູກເຂົ້າ ແລະ ລ້ຽງສັດຢູ່ຕາມຊົນນະບົດ ໃນລະດູຝົນຊາວນາພາກັນໄຖນາແລະດຳນາ "
    "ເມື່ອຮອດລະດູແລ້ງກໍພາກັນເກັບກ່ຽວເຂົ້າ ແລ້ວເອົາໄປຂາຍຢູ່ຕະຫຼາດໃນເມືອງໃກ້ຄຽງ.",
    "ເດັກນ້ອຍທຸກຄົນໄປໂຮງຮຽນໃນຕອນເຊົ້າ ແລະ ກັບບ້ານໃນຕອນແລງ ພໍ່ແມ່ຢາກໃຫ້ລູກໄດ້ຮຽນໜັງສືຫຼາຍໆ "
    "ເພື່ອວ່າມື້ໜຶ່ງລູກຈະໄດ້ເຮັດວຽກທີ່ດີ ແລະ ຊ່ວຍພັດທະນາບ້ານເກີດເມືອງນອນຂອງຕົນ.",
]
THAI = [
    "ประเทศไทยตั้งอยู่ในภูมิภาคเอเชียตะวันออกเฉียงใต้ มีพรมแดนติดกับพม่า ลาว กัมพูชา และมาเลเซีย "
    "กรุงเทพมหานครเป็นเมืองหลวงและเป็นเมืองที่ใหญ่ที่สุดของประเทศ ตั้งอยู่ริมแม่น้ำเจ้าพระยา",
    "คนไทยส่วนใหญ่ทำนาปลูกข้าวและเลี้ยงสัตว์อยู่ในชนบท ในฤดูฝนชาวนาจะไถนาและดำนา "
    "เมื่อถึงฤดูแล้งก็จะเก็บเกี่ยวข้าวแล้วนำไปขายที่ตลาดในเมืองใกล้เคียง",
    "เด็กทุกคนไปโรงเรียนในตอนเช้าและกลับบ้านในตอนเย็น พ่อแม่อยากให้ลูกได้เรียนหนังสือมากๆ "
    "เพื่อที่วันหนึ่งลูกจะได้มีงานที่ดีและช่วยพัฒนาบ้านเกิดของตน",
]
FA = [
    "ایران کشوری است در جنوب غربی آسیا که از شمال با دریای خزر و از جنوب با خلیج فارس همسایه است. "
    "تهران پایتخت و بزرگ‌ترین شهر این کشور است و در دامنهٔ کوه‌های البرز قرار دارد.",
    "بیشتر مردم در شهرها زندگی می‌کنند، اما در روستاها هنوز کشاورزی و دامداری رواج دارد. "
    "در فصل بهار کشاورزان زمین را شخم می‌زنند و در پاییز محصول را برداشت می‌کنند.[^1]",
    "کودکان هر روز صبح به مدرسه می‌روند و عصر به خانه بازمی‌گردند. پدران و مادران دوست دارند "
    "فرزندانشان درس بخوانند تا روزی کار خوبی پیدا کنند و به آبادانی سرزمین خود کمک کنند.",
]
FA_CODE = "```\n# این خط اول است\nx = 1\n# این خط دوم است\ny = 2\n```\n"


def _book(root: Path, code: str, title: str, chapters: list[str], extra: str = "") -> None:
    (root / "source" / code).mkdir(parents=True)
    (root / "source" / "book.toml").write_text(
        f'slug = "s-{code}"\nlanguages = ["{code}"]\ndate = 2026-12-07\n{extra}'
        f'title = "{title}"\n[[authors]]\nname = "A"\n', encoding="utf-8")
    for n, text in enumerate(chapters, 1):
        (root / "source" / code / f"{n:02d}-c{n}.md").write_text(text, encoding="utf-8")


def _build(root: Path, code: str, formats=("pdf",)) -> dict:
    book = load_book(config_mod.load(root), code)
    return {"book": book, **{fmt: write(book, fmt, root / "out") for fmt in formats}}


@pytest.fixture(scope="module")
def lao(tmp_path_factory):
    root = tmp_path_factory.mktemp("lao")
    _book(root, "lo", "ປະເທດລາວ", ["# ປະເທດລາວ\n\n" + "\n\n".join(LAO * 2) + "\n"])
    return _build(root, "lo")["pdf"]


@pytest.fixture(scope="module")
def thai(tmp_path_factory):
    root = tmp_path_factory.mktemp("thai")
    _book(root, "th", "ประเทศไทย", ["# ประเทศไทย\n\n" + "\n\n".join(THAI * 2) + "\n"])
    return _build(root, "th")["pdf"]


@pytest.fixture(scope="module")
def persian(tmp_path_factory):
    root = tmp_path_factory.mktemp("persian")
    body = "\n\n".join(FA * 3)
    _book(root, "fa", "ایران", [
        f"# ایران\n\n{body}\n\n{FA_CODE}\n[^1]: برداشت محصول در پاییز.\n",
        f"# تهران\n\n{body}\n",
    ], extra='calendar = "persian"\n')
    return _build(root, "fa", ("pdf", "epub"))


def _lines(pdf: Path) -> list[tuple[int, list[tuple[float, float, str]]]]:
    """Per line of text (pdftotext -bbox-layout): its page and its words as (xMin, xMax, text)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    lines = []
    for n, page in enumerate(re.findall(r"<page .*?</page>", out, re.S), 1):
        for line in re.findall(r"<line .*?</line>", page, re.S):
            words = [(float(a), float(b), t) for a, b, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                line)]
            lines.append((n, words))
    return lines


def _widest_gap(pdf: Path, script: str) -> tuple[float, int]:
    """The widest gap between two words on one line of text in `script` (a character class),
    and how many such lines of more than one word there are. pdftotext gives a vowel or tone
    mark set above a letter as a word of its own, placed by its glyph: such words are set
    aside, and a gap is measured from the furthest end of the words before it."""
    widest, lines = 0.0, 0
    for _, words in _lines(pdf):
        words = sorted(w for w in words
                       if not all(unicodedata.category(ch).startswith("M") for ch in w[2]))
        if len(words) < 2 or not re.search(script, "".join(w[2] for w in words)) \
                or [w[2] for w in words].count(".") > 3:      # a contents entry's leader
            continue
        lines += 1
        right = words[0][1]
        for word in words[1:]:
            widest = max(widest, word[0] - right)
            right = max(right, word[1])
    return widest, lines


@pytest.mark.parametrize("script,fixture", [("[\u0e80-\u0eff]", "lao"), ("[\u0e00-\u0e7f]", "thai")])
def test_no_line_opens_a_river(script, fixture, request):
    """No two words of a Lao or Thai line stand more than 1 em apart: the few spaces between
    phrases are not stretched to fill the measure (lo.toml, th.toml: justify = "ragged").
    Justified at the spaces, the same Lao page has gaps of up to 1.2 em (0.26 em ragged)."""
    widest, lines = _widest_gap(request.getfixturevalue(fixture), script)
    assert lines >= 10
    assert widest <= PT, f"a gap of {widest / PT:.1f} em"


def _text(pdf: Path, *pages: int) -> str:
    args = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _foot(pdf: Path) -> dict[int, str]:
    """Page number -> the words in the page's foot (its folio)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    found = {}
    for n, (height, page) in enumerate(re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>',
                                                   out, re.S), 1):
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>',
                           page)
        found[n] = " ".join(t for y, t in words if float(y) > float(height) * 0.88)
    return found


def test_persian_folios_are_in_persian_digits(persian):
    feet = {n: text for n, text in _foot(persian["pdf"]).items() if text}
    assert len(feet) >= 3
    for n, text in feet.items():
        expected = str(n).translate(str.maketrans("0123456789", PERSIAN))
        assert text == expected, (n, text)


def test_persian_contents_numbers_and_date_are_in_persian_digits(persian):
    """The front matter holds no Western digit but the identifier's: the contents' numbers,
    the date and the copyright's year are Persian, the date a Solar Hijri one: 2026-12-07
    is 16 Azar 1405 (ICU's calendar)."""
    front = re.sub(BIDI, "", _text(persian["pdf"], 1, 6))
    assert not re.search(r"[0-9]", re.sub(r"urn:uuid:\S+|Source Serif 4", "", front)), front
    contents = re.findall(r"^(ایران|تهران)[ .]*\n+([۰-۹]+)$", front, re.M)
    assert [title for title, _ in contents] == ["ایران", "تهران"], front
    assert int(contents[0][1].translate(FROM_PERSIAN)) >= 5
    date = next(line for line in front.splitlines() if "آذر" in line)
    # pdftotext gives a right-to-left line's runs in its own order: the words are compared
    assert {"۱۶", "آذر", "۱۴۰۵"} <= set(re.findall(r"[^\s.:،]+", date)), date
    assert any("©" in line and "۱۴۰۵" in line for line in front.splitlines()), front


def test_the_fonts_are_cut_for_the_date_the_pages_print(persian):
    """The font subsets hold every letter of the date (its Solar Hijri month's name is
    nowhere in the chapters): none is drawn as a missing glyph."""
    book = persian["book"]
    date = book.language.format_date(book.metadata.date, book.metadata.calendar)
    assert date == "۱۶ آذر ۱۴۰۵"
    assert set(date) <= set(book.text)


def test_persian_note_numbers_are_in_persian_digits(persian):
    text = re.sub(BIDI, "", _text(persian["pdf"]))
    assert re.search(r"۱\.?\s*برداشت محصول در پاییز", text), text
    with zipfile.ZipFile(persian["epub"]) as z:
        chapter = next(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")
                       and "برداشت محصول در پاییز" in z.read(n).decode())
    assert re.search(r'class="noteref"[^>]*>۱</a>', chapter)
    assert re.search(r'class="note-number"[^>]*>۱</span>', chapter)


def test_the_persian_epub_dates_its_title_and_copyright_pages_in_persian(persian):
    with zipfile.ZipFile(persian["epub"]) as z:
        pages = "".join(z.read(n).decode() for n in z.namelist()
                        if n.endswith(("titlepage.xhtml", "copyright.xhtml")))
    assert "۱۶ آذر ۱۴۰۵" in pages
    assert "2026" not in pages and "1405" not in pages


def test_persian_paragraphs_are_visibly_apart(persian):
    """A paragraph after another starts with an indent of 1 em on the right, where a right-
    to-left line starts (WeasyPrint 70 alone puts it at the left: print.css works round it).
    The chapter's first page holds seven paragraphs: six are indented, and no other line."""
    lines = [words for n, words in _lines(persian["pdf"]) if n == 7 and len(words) > 3
             and re.search("[\u0600-\u06ff]", words[0][2])]
    right = max(max(w[1] for w in words) for words in lines)
    indents = [right - max(w[1] for w in words) for words in lines]
    indented = [x for x in indents if 0.7 * PT < x < 1.5 * PT]
    assert len(indented) == 6, indents
    assert all(x < 0.1 * PT for x in indents if x not in indented)


def test_a_code_block_with_persian_comments_keeps_its_lines_in_order(persian):
    text = _text(persian["pdf"])
    first, second = text.find("اول"), text.find("دوم")
    x, y = text.find("x = 1"), text.find("y = 2")
    assert -1 not in (first, second, x, y), text
    assert first < x < second < y


@pytest.mark.java
def test_the_persian_epub_passes_epubcheck(persian):
    from conftest import run_epubcheck

    messages = run_epubcheck(persian["epub"])
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []


@pytest.mark.parametrize("family,word", [("Noto Serif Thai", "ทำนา"), ("Noto Serif Lao", "ນ້ຳ")])
def test_sara_am_is_drawn_from_a_subset_of_the_words_that_have_it(family, word):
    """HarfBuzz shapes SARA AM (ำ, ຳ) as NIKHAHIT and SARA AA: a subset cut for a text in which
    NIKHAHIT never stands alone keeps it all the same, or ำ is a missing glyph (seen on the
    Thai page: ทำนา drawn as ท▯นา)."""
    import uharfbuzz as hb

    from publish.fonts import subset_face
    from publish.fonts.families import FAMILIES

    face = next(f for f in FAMILIES[family].faces if f.weight == 400)
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(hb.Font(hb.Face(subset_face(face, word))), buf)
    assert 0 not in [g.codepoint for g in buf.glyph_infos]
