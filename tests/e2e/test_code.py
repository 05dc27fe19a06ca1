"""Code in print (issue 11): highlighted, in the embedded monospace, and never past the text block."""
from __future__ import annotations

import re
import subprocess

import pytest

from publish import config as config_mod
from publish.build import build, read_book
from publish.writers.pdf.document import page_geometry, _mm

pytestmark = pytest.mark.slow

LONG = "let value = compute(" + ", ".join(f"argument_{n}" for n in range(20)) + ");"
CHAPTER = f"""# Long lines

Some text before the code.

```rust,ignore
fn main() {{
    {LONG}
# let hidden = "mdBook hides this line";
}}
```

- In a list:

  ```text
  {"y" * 200}
  ```

> ```
> {"z" * 200}
> ```
"""


@pytest.fixture(scope="module")
def long_code(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    (root / "source" / "en").mkdir(parents=True)
    (root / "source" / "book.toml").write_text(
        'slug = "long"\ndate = 2024-01-01\ntitle = "Long"\n[[authors]]\nname = "A"\n', encoding="utf-8")
    (root / "source" / "en" / "01-long.md").write_text(CHAPTER, encoding="utf-8")
    config = config_mod.load(root)
    pdf = build(config, ("pdf",), ("en",), root / "out")[0].path
    return read_book(config, "en"), pdf


def _words(pdf, page):
    """(text, xMin, xMax) of every word on `page`, from poppler's bounding boxes."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(html, float(x0), float(x1)) for x0, x1, html in
            re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                       out)]


def test_200_character_lines_stay_inside_the_text_block(long_code):
    book, pdf = long_code
    geometry = page_geometry(book)
    pt = 72 / 25.4
    width = _mm(book.print.width) * pt
    left, right = _mm(geometry["inside"]) * pt, width - _mm(geometry["outside"]) * pt   # a recto
    words = _words(pdf, 7)
    assert any(w.startswith("yyyy") for w, _, _ in words)            # the page holds the code
    assert all(left - 0.5 <= x0 and x1 <= right + 0.5 for _, x0, x1 in words), \
        [(w[:12], x0, x1) for w, x0, x1 in words if x1 > right + 0.5]


def test_broken_lines_carry_a_continuation_mark_and_hidden_lines_are_gone(long_code):
    book, pdf = long_code
    text = subprocess.run(["pdftotext", "-f", "7", "-l", "8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert text.count("\u2192") >= 8                                 # each 200-character line broke
    joined = re.sub(r"\s+", "", text.replace("\n\u2192 ", ""))      # marks out: one line again
    assert re.sub(r"\s+", "", LONG) in joined and "mdBook hides this line" not in text


def test_code_is_set_in_the_embedded_monospace(long_code):
    _, pdf = long_code
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert "Source-Code-Pro-Bold" in names                            # `fn` is a keyword: bold
    assert all(n.startswith(("Source-Serif-4", "Source-Code-Pro")) for n in names), names
