"""A static-site page's whole front matter (TOML, YAML, JSON), mapped to issue 26's keys."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from publish.sources.frontmatter import Unread, mapped, split, titled

PAGE = Path("page.md")


def test_the_three_formats_give_the_same_keys():
    toml = '+++\ntitle = "T"\nauthor = "A"\ndate = 2024-01-02\nweight = 2\n+++\nBody'
    yaml = "---\ntitle: T\nauthor: A\ndate: 2024-01-02T10:00:00Z\norder: 2\n---\nBody"
    json = '{\n  "title": "T",\n  "author": "A",\n  "date": "2024-01-02",\n  "weight": 2\n}\nBody'
    for text in (toml, yaml, json):
        data, body, first, lines = split(text, PAGE)
        meta = mapped(data, PAGE, lines, Unread())
        assert meta == {"title": "T", "authors": ["A"], "date": dt.date(2024, 1, 2),
                        "weight": 2.0}, text
        assert body.strip() == "Body" and text.split("\n")[first - 1] == "Body"


def test_aliases_map_to_article_keys_and_the_rest_is_named_once(caplog):
    unread = Unread()
    text = ("---\ndescription: S\ndek: D\nkeywords: [k]\ntranslator: T\nlicence: L\nDOI: 10.1/x\n"
            "layout: wide\nimages: [a]\n---\nx")
    data, _, _, lines = split(text, PAGE)
    meta = mapped(data, PAGE, lines, unread)
    assert meta == {"summary": "S", "standfirst": "D", "tags": ["k"], "translators": ["T"],
                    "license": "L", "doi": "10.1/x"}
    other, _, _, other_lines = split("---\nlayout: x\nother: y\n---\nz", Path("b.md"))
    mapped(other, Path("b.md"), other_lines, unread)
    unread.warn("Hugo")
    assert len(caplog.records) == 1
    assert "images, layout, other" in caplog.records[0].getMessage()
    assert "page.md:8" in caplog.records[0].getMessage()


def test_front_matter_that_does_not_parse_is_left_out_with_its_line(caplog):
    data, body, _, _ = split("---\ntitle: [unclosed\n---\nText", PAGE)
    assert data == {} and body == "Text"
    assert "page.md:" in caplog.records[0].getMessage()


def test_the_title_heads_the_body_unless_it_does_already():
    assert titled("## Part\ntext", (), "My Title") == ("# My Title\n\n## Part\ntext",
                                                        (1, 1, 1, 2))
    assert titled("# My Title\ntext", (), "My Title")[0] == "# My Title\ntext"
