"""Passages in Latin letters in an edition of another script are marked with their language."""
from __future__ import annotations

from lxml import html as lxml_html

from publish.render.foreign import foreign_language, mark_foreign
from publish.render.serialize import serialize_element


def tree(markup: str):
    return lxml_html.fragment_fromstring(markup, create_parent="div")


def test_an_all_latin_block_of_an_arabic_edition_takes_the_source_language():
    root = tree("<p>مقدمة إلى الخوارزميات</p>"
                "<ul><li>Introduction to Algorithms, third edition</li>"
                "<li>كتاب <em>Introduction to Algorithms</em> الشهير</li></ul>")
    assert mark_foreign([root], "ar", "Arab", "en", "Latn") == 1
    items = root.findall(".//li")
    assert items[0].get("lang") == "en" and items[0].get("dir") == "ltr"
    assert items[1].get("lang") is None            # mixed: the Arabic sentence stays Arabic
    assert root.find("p").get("lang") is None


def test_latin_editions_code_and_short_names_are_left_alone():
    root = tree("<p>The whole paragraph is English here.</p>")
    assert mark_foreign([root], "fr", "Latn", "en", "Latn") == 0
    root = tree("<p><code>print('hello world and more')</code></p><p>Python 3</p>"
                "<p>Это <code>for item in items</code> цикл</p>")
    assert mark_foreign([root], "ru", "Cyrl", "en", "Latn") == 0
    assert all(p.get("lang") is None for p in root.iter("p"))


def test_a_block_inside_a_marked_one_is_not_marked_again():
    root = tree("<ul><li>Sorting and searching algorithms<ul><li>Merge sort, quick sort</li>"
                "</ul></li></ul>")
    assert mark_foreign([root], "ja", "Jpan", "en", "Latn") == 1
    assert root.find(".//li/ul/li").get("lang") is None
    assert root.find(".//li").get("dir") is None        # left to right already


def test_without_a_latin_source_language_english_is_recognised_by_its_words():
    assert foreign_language("", "zh", "Hans", "How to install the theme") == "en"
    assert foreign_language("", "zh", "Hans", "Lorem ipsum dolor sit amet") == ""
    assert foreign_language("fr", "ar", "Arab", "Une phrase en français") == "fr"
    root = tree("<p>Install the theme with pip and enable it.</p><p>Lorem ipsum dolor sit amet</p>")
    assert mark_foreign([root], "zh", "Hans", "zh", "Hans") == 1   # a one-language book
    assert [p.get("lang") for p in root.iter("p")] == ["en", None]


def test_the_xhtml_of_a_marked_block_carries_xml_lang_too():
    root = tree('<p lang="en">Read the <a hreflang="en" href="x.html">notes</a></p>')
    xml = serialize_element(root.find("p"), "xml")
    assert 'lang="en" xml:lang="en"' in xml
    assert 'hreflang="en" xml:lang' not in xml
    assert "xml:lang" not in serialize_element(root.find("p"), "html")
