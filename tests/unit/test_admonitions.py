"""MkDocs' admonitions and content tabs as a book sets them (issue 24): one shape for every
admonition, `<div class="admonition kind">` opened by its title; tabs one after another."""
from __future__ import annotations

import re

import pytest

from publish.languages import get_language
from publish.render.convert import _convert, get_markdown


@pytest.fixture(scope="module")
def convert():
    language = get_language("en")
    md = get_markdown(dict(language.labels))
    return lambda text: _convert(md, language, text)


def _asides(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<div class="admonition ([^"]+)">\s*<p class="admonition-title">([^<]*)</p>',
                      html)


@pytest.mark.parametrize("text, expected", [
    ('!!! note "Before you start"\n    Body.\n', [("note", "Before you start")]),
    ("!!! warning\n    Body.\n", [("warning", "Warning")]),                  # titled by its kind
    ('??? danger "Folded"\n    Body.\n', [("danger", "Folded")]),            # collapsible: open
    ("???+ tip\n    Body.\n", [("tip", "Tip")]),
    ("!!! tip inline end\n    Body.\n", [("tip", "Tip")]),                   # placement dropped
])
def test_every_admonition_is_one_shape(convert, text, expected):
    html = convert(text)
    assert _asides(html) == expected
    assert "<details" not in html and "<summary" not in html and "Body." in html


def test_an_admonition_keeps_its_markdown(convert):
    html = convert('!!! note\n    Some *emphasis* and a list:\n\n    - one\n    - two\n')
    assert "<em>emphasis</em>" in html and html.count("<li>") == 2


def test_an_authors_own_details_is_not_an_admonition(convert):
    html = convert('<details markdown="1"><summary>More</summary>\n\nHidden text.\n\n</details>\n')
    assert "admonition" not in html and "Hidden text." in html


def test_tabs_follow_one_another_under_their_labels(convert):
    html = convert('=== "Python"\n\n    ```python\n    x = 1\n    ```\n\n=== "Shell"\n\n    Run it.\n')
    assert re.findall(r'<p class="tab-title">([^<]*)</p>', html) == ["Python", "Shell"]
    assert "<input" not in html and "<label" not in html and "===" not in html
    assert "```" not in re.sub(r"<[^>]+>", "", html)
