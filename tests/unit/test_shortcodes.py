"""Hugo shortcodes and Jekyll's Liquid tags, carried out where their meaning is plain."""
from __future__ import annotations

from pathlib import Path

from publish.sources.liquid import Expander as Liquid
from publish.sources.shortcodes import Expander, arguments, rewrite

PAGE = Path("page.md")


def test_figure_is_a_figure_with_its_caption_and_alt():
    text, _ = Expander().expand('{{< figure src="img/a b.png" caption="A *cap*" alt="Alt" >}}',
                                PAGE)
    assert '<figure markdown="1">' in text and "![Alt](<img/a b.png>)" in text
    assert '<figcaption markdown="1">A *cap*</figcaption>' in text and "</figure>" in text


def test_pullquote_inner_or_positional_is_an_aside():
    paired, _ = Expander().expand("{{< pullquote >}}Said so.{{< /pullquote >}}", PAGE)
    positional, _ = Expander().expand("{{<pullquote right `Said it twice.`>}}", PAGE)
    quote, _ = Expander().expand('{{% blockquote class="pullquote" %}}Q{{% /blockquote %}}', PAGE)
    for text, words in ((paired, "Said so."), (positional, "Said it twice."), (quote, "Q")):
        assert '<aside class="pullquote" markdown="1">' in text and words in text
        assert text.count("</aside>") == 1 and "right" not in text


def test_unknown_shortcodes_keep_inner_text_and_are_noted_once(caplog):
    expander = Expander()
    text, _ = expander.expand("{{< wrap >}}inner{{< /wrap >}} {{< youtube x >}}\n"
                              "{{< wrap >}}again{{< /wrap >}}", PAGE)
    assert text == "inner \nagain"
    noted = [r.getMessage() for r in caplog.records]
    assert len(noted) == 2 and "'wrap'" in noted[0] and "'youtube'" in noted[1]


def test_escaped_shortcodes_stay_as_written_and_highlight_is_code():
    text, _ = Expander().expand("{{</* figure src=x */>}}\n{{< highlight go >}}\nx := 1\n"
                                "{{< /highlight >}}", PAGE)
    assert text.startswith("{{< figure src=x >}}") and "```go\nx := 1\n```" in text


def test_each_new_line_maps_to_its_line_in_the_page():
    text, origins = rewrite("a\nX\nb\nc", __import__("re").compile("X"), lambda m, n: "1\n2\n3")
    assert text == "a\n1\n2\n3\nb\nc" and origins == (1, 2, 2, 2, 3, 4)


def test_arguments_take_quotes_off():
    assert arguments('left `a b` src="x \\"y\\"" w=3') == (["left", "a b"],
                                                          {"src": 'x "y"', "w": "3"})


def test_liquid_variables_code_raw_comments_and_unknown_tags(caplog):
    liquid = Liquid({"title": "Notes", "nested": {"x": 2}})
    text, _ = liquid.expand("{{ site.title }} {{ site.nested.x }} {{ page.who }} {{ x | y }}\n"
                            "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n"
                            "{% raw %}{{ kept }}{% endraw %}{% comment %}gone{% endcomment %}"
                            "{% include a.html %}{% if x %}shown{% endif %}", PAGE, {"who": "Me"})
    assert text.startswith("Notes 2 Me {{ x | y }}") and "```ruby\nputs 1\n```" in text
    assert "{{ kept }}" in text and "gone" not in text and "shown" in text and "include" not in text
    assert len(caplog.records) == 3      # {{ x | y }}, include, if: each once


def test_a_block_for_the_plain_text_output_only_is_left_out(caplog):
    text, origins = Expander().expand('a\n{{< wrap class="txt-only" >}}\n#----\n| FIGURE\n'
                                      '{{</ wrap >}}\nb {{< wrap >}}kept{{< /wrap >}}', PAGE)
    assert text == "a\nb kept" and origins == (1, 6)
    assert "txt-only" in caplog.records[0].getMessage()


def test_liquid_includes_come_from_the_sites_includes_folder(tmp_path, caplog):
    site = tmp_path / "site"
    (site / "_includes" / "parts").mkdir(parents=True)
    (site / "_posts").mkdir()
    (site / "_includes" / "note.html").write_text(
        '<aside class="note">{{ include.text }} from {{ site.title }}</aside>\n'
        "{% include parts/sign.md %}\n")
    (site / "_includes" / "parts" / "sign.md").write_text("*Signed.*\n")
    (site / "_includes" / "loop.html").write_text("again {% include loop.html %}")
    (site / "_posts" / "side.md").write_text("Beside the post.")
    post = site / "_posts" / "2024-01-01-a.md"
    liquid = Liquid({"title": "Notes"}, site)
    text, origins = liquid.expand('Before.\n{% include note.html text="Hello" %}\n'
                                  "{% include_relative side.md %}\n{% include gone.html %}\n"
                                  "{% include loop.html %}\nAfter.", post, {})
    assert '<aside class="note">Hello from Notes</aside>\n*Signed.*' in text
    assert "Beside the post." in text and "After." in text and "{%" not in text
    assert text.count("again") == 1                                  # the loop is cut once
    assert origins[:3] == (1, 2, 2)                                  # included lines: the tag's
    messages = [r.getMessage() for r in caplog.records]
    assert any("'gone.html' not found in _includes/" in m and ":4:" in m for m in messages)
    assert any("'loop.html' includes itself" in m for m in messages)


def test_a_liquid_include_outside_the_site_is_refused(tmp_path):
    import pytest

    from publish.errors import PublishError
    (tmp_path / "secret.html").write_text("no")
    (tmp_path / "site" / "_includes").mkdir(parents=True)
    with pytest.raises(PublishError, match="outside the project"):
        Liquid({}, tmp_path / "site").expand("{% include ../../secret.html %}",
                                             tmp_path / "site" / "p.md", {})
