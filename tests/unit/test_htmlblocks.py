"""Raw HTML blocks end at a blank line, as on GitHub (render/htmlblocks.py, issue 24)."""
from __future__ import annotations

import pytest

from publish.render.convert import get_markdown

# A question as javascript-questions writes each of its answers (written here, not copied).
ANSWER = """Which is it?

<details><summary><b>Answer</b></summary>
<p>

#### Answer: B

Because `x` is *hoisted*.

```js
var x = 1;
```

</p>
</details>

---
"""


@pytest.fixture(scope="module")
def md():
    return get_markdown({"back_to_note": "Back"})


def html(md, text: str) -> str:
    md.reset()
    return md.convert(text)


def test_markdown_after_an_html_block_and_a_blank_line_is_read(md):
    out = html(md, ANSWER)
    assert '<h4 id="answer-b">Answer: B</h4>' in out, out
    assert "####" not in out and "<em>hoisted</em>" in out and "<code>x</code>" in out
    assert '<span class="kd">var</span>' in out                 # the fence is code
    assert out.index("<summary>") < out.index("<h4") < out.index("</details>") < out.index("<hr")


def test_no_empty_paragraph_is_left_by_the_split_p(md):
    out = html(md, ANSWER)
    assert "<p>\n" not in out and "</p>\n</details>" not in out and out.count("<p>") == 2, out


@pytest.mark.parametrize("text,kept", [
    ('<div align="center">\n*raw*\n</div>\n', "*raw*"),                 # no blank line: raw
    ("<pre>\n\n# not a heading\n</pre>\n", "# not a heading"),         # pre ends at </pre>
    ("```html\n<div>\n\n# code\n```\n", "# code"),                     # fenced code
    ("    <div>\n\n    # indented code\n", "# indented code"),
])
def test_raw_html_without_a_blank_line_and_code_stay_as_they_are(md, text, kept):
    out = html(md, text)
    assert kept in out and "<h1" not in out, out


def test_table_cells_and_details_hold_markdown(md):
    out = html(md, "<table>\n<tr>\n<td>\n\n**x**\n\n</td>\n</tr>\n</table>\n")
    assert "<td>\n<p><strong>x</strong></p>\n</td>" in out, out
    out = html(md, "<details>\n<summary>More</summary>\n\n- one\n- two\n\n</details>\n")
    assert "<li>one</li>" in out and out.endswith("</details>"), out


def test_an_element_with_a_markdown_attribute_is_left_to_md_in_html(md):
    out = html(md, '<div class="grid" markdown>\n\n- a\n\n</div>\n\nAfter.\n')
    assert out.startswith('<div class="grid">\n<ul>') and "<p>After.</p>" in out, out


def test_a_comment_on_its_own_line_inside_raw_html_does_not_end_the_block(md):
    """A sponsor's `<picture>` with a comment before each source (as READMEs write them):
    the HTML stays HTML, never an indented code block."""
    out = html(md, '<div align="center">\n  <a href="https://example.org/">\n    <picture>\n'
                   '      <!-- Dark mode -->\n      <source srcset="dark.png" />\n'
                   '      <img src="light.png" alt="Logo" />\n    </picture>\n  </a>\n</div>\n\n'
                   'First.\n<!-- between paragraphs -->\nSecond.\n')
    assert "<pre" not in out and "&lt;source" not in out and "<source" in out
    assert "Dark mode" not in out
    assert "<p>First.</p>" in out.replace("\n", "") and "<p>Second.</p>" in out
