"""GitHub and mdBook Markdown made ready for Python-Markdown (render/gfm.py, issue 11)."""
from __future__ import annotations

import pytest

from publish.render.convert import get_markdown
from publish.render.gfm import language_of


def html(text: str) -> str:
    return get_markdown({"back_to_note": "Back"}).convert(text)


@pytest.mark.parametrize("info,language", [
    ("rust,ignore", "rust"), ("rust", "rust"), ("console", "console"), ("", ""),
    ("text title=\"x\"", "text"), ("{.python}", "python"), ("c++", "c++"), ("js {1,3}", "js"),
])
def test_language_of_an_info_string(info, language):
    assert language_of(info) == language


@pytest.mark.parametrize("text,present,absent", [
    ("```rust,ignore\nfn main() {}\n```\n", '<span class="k">fn</span>', "rust,ignore"),
    ("```rust\n# use std::io;\nfn main() {}\n#[derive(Debug)]\nstruct S;\n```\n",
     "derive", "std::io"),                                    # `# ` hidden, `#[` kept
    ("```python\n# a comment\n```\n", "a comment", None),       # only Rust hides lines
    ("Text <!-- hidden\nover lines --> visible.\n", "visible", "hidden"),
    ("```html\n<!-- kept in code -->\n```\n", "kept in code", None),
    ("Para\n- one\n- two\n", "<li>one</li>", None),
    ("> Quote\n> - one\n>   - nested\n", "<li>one<ul>", None),
    ("- a\n  - b\n    - c\n", "<li>b<ul>", None),
    ("1. Step\n\n   ```rust\n   let x = 1;\n   ```\n", '<span class="kd">let</span>', "```"),
    ("> ```text\n> ├── a\n> ```\n", "├── a", "```"),
    ("~~gone~~ and https://example.org", "<del>gone</del>", None),
])
def test_markdown_as_github_writes_it(text, present, absent):
    out = html(text)
    assert present in out, out
    if absent:
        assert absent not in out, out


def test_markdown_inside_details_and_div_is_read():
    """As GitHub does, when blank lines set it apart (Comprehensive Rust's speaker notes)."""
    out = html("<details>\n\n- Use `&raw` here.\n\n</details>\n")
    assert "<li>Use <code>&amp;raw</code> here.</li>" in out


def test_loose_text_between_blocks_is_escaped(tmp_path):
    from lxml import html as lxml_html

    from publish.render.serialize import serialize
    root = lxml_html.fragment_fromstring("<div><p>a</p>x &amp; Arc&lt;_&gt;</div>")
    assert serialize(root, "xml") == "<p>a</p>\nx &amp; Arc&lt;_&gt;\n"
