"""Kobo's markup on one XHTML document (writers/kepub/spans.py), on small documents written here."""
from __future__ import annotations

import pytest
from lxml import etree

from conftest import icu_sentences
from publish.writers.kepub.spans import kobo_document

X = "http://www.w3.org/1999/xhtml"
NS = {"x": X}


def page(body: str, lang: str = "en") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="{X}" '
            f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">\n'
            f'<head><title>T</title></head>\n<body>{body}</body>\n</html>').encode()


def kobo(body: str, lang: str = "en") -> etree._Element:
    return etree.fromstring(kobo_document(page(body, lang), lang))


def spans(root: etree._Element) -> list[etree._Element]:
    return root.xpath(".//x:span[@class='koboSpan']", namespaces=NS)



def grouped(block: etree._Element, lang: str) -> list[str]:
    """The block's span texts, joined per ICU sentence (the span boundaries must include every
    sentence boundary: no span may cross one)."""
    text = "".join(block.itertext())
    ends, at = [], 0
    for sentence in icu_sentences(text, lang):
        at += len(sentence)
        ends.append(at)
    groups, cursor = [""] * len(ends), 0
    for span in block.iter(f"{{{X}}}span"):
        if span.get("class") != "koboSpan" or span.text is None:
            continue
        start = text.index(span.text, cursor)
        assert text[cursor:start].isspace() or start == cursor
        cursor = start + len(span.text)
        index = next(i for i, end in enumerate(ends) if start < end)
        assert cursor <= ends[index], f"span {span.text!r} crosses a sentence end"
        groups[index] += span.text
    return [g for g in groups if g]


def test_each_sentence_of_a_plain_paragraph_is_one_span_numbered_in_order():
    root = kobo("<p>First one. Second one? Third!</p>")
    assert [(s.get("id"), s.text) for s in spans(root)] == [
        ("kobo.1.1", "First one. "), ("kobo.1.2", "Second one? "), ("kobo.1.3", "Third!")]


def test_a_sentence_through_inline_markup_keeps_the_markup_and_its_ids_run_on():
    root = kobo('<p>He said <em>hello. Bye</em> now. Next <a href="#x">one</a>.</p>')
    p = root.find(".//x:p", NS)
    assert [(s.get("id"), s.text) for s in spans(root)] == [
        ("kobo.1.1", "He said "), ("kobo.1.2", "hello. "), ("kobo.1.3", "Bye"),
        ("kobo.1.4", " now. "), ("kobo.1.5", "Next "), ("kobo.1.6", "one"), ("kobo.1.7", ".")]
    assert [s.getparent().tag.split("}")[1] for s in spans(root)] == ["p", "em", "em", "p", "p",
                                                                      "a", "p"]
    assert p.find("x:a", NS).get("href") == "#x"
    assert grouped(p, "en") == icu_sentences("He said hello. Bye now. Next one.", "en")


@pytest.mark.parametrize("lang,text,count", [
    ("zh-Hans", "今天天气很好。我们去公园吧！你来吗？", 3),
    ("ar", "هذه جملة أولى. هل هذه جملة ثانية؟ نعم.", 3),
    ("ru", "Первое предложение. Второе! Третье?", 3),
])
def test_sentences_are_cut_in_the_language_of_the_element(lang, text, count):
    root = kobo(f'<p lang="{lang}" xml:lang="{lang}">{text}</p><p>One. Two.</p>')
    first, second = root.findall(".//x:p", NS)
    assert [s.text for s in spans(first)] == icu_sentences(text, lang)
    assert len(spans(first)) == count
    assert [s.text for s in spans(second)] == ["One. ", "Two."]


def test_every_block_is_a_paragraph_of_its_own_and_an_image_too():
    root = kobo('<h1>Title</h1><ul><li>Item one.<p>Inside.</p>After.</li></ul>'
                '<p>Before <img src="a.png" alt="A"/> after.</p>')
    ids = [s.get("id") for s in spans(root)]
    assert ids == ["kobo.1.1", "kobo.2.1", "kobo.3.1", "kobo.4.1", "kobo.5.1", "kobo.6.1",
                   "kobo.6.2"]
    img_span = root.find(".//x:img", NS).getparent()
    assert img_span.get("class") == "koboSpan" and img_span.get("id") == "kobo.6.1"
    assert img_span.text is None and len(img_span) == 1 and img_span.tail is None
    assert img_span.getnext().text == " after."


@pytest.mark.parametrize("tag", ["pre", "script", "style"])
def test_pre_script_and_style_are_left_alone(tag):
    body = f"<p>Text.</p><{tag}>x = 1. y = 2.</{tag}>"
    root = kobo(body)
    kept = root.find(f"x:body//x:{tag}", NS)
    assert kept.text == "x = 1. y = 2." and len(kept) == 0
    assert len(spans(root)) == 1


def test_svg_and_math_are_left_alone_inside_a_sentence():
    root = kobo('<p>See <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math> here. '
                'And <svg xmlns="http://www.w3.org/2000/svg"><text>in svg.</text></svg> there.</p>')
    assert [s.text for s in spans(root)] == ["See ", " here. ", "And ", " there."]
    assert root.find(".//{http://www.w3.org/1998/Math/MathML}mi").text == "x"


def test_a_line_break_ends_no_word_and_keeps_its_place():
    root = kobo("<p>line one<br/>line two.</p>")
    p = root.find(".//x:p", NS)
    assert [s.text for s in spans(root)] == ["line one", "line two."]
    assert [c.tag.split("}")[1] for c in p] == ["span", "br", "span"]


def test_the_body_goes_into_the_two_kobo_divs_and_a_style_block_ends_the_head():
    root = kobo("<section><p>Text.</p></section>")
    body = root.find("x:body", NS)
    assert [c.get("id") for c in body] == ["book-columns"]
    inner = body[0][0]
    assert inner.get("id") == "book-inner" and len(body[0]) == 1
    assert inner[0].tag == f"{{{X}}}section"
    style = root.find("x:head", NS)[-1]
    assert style.tag == f"{{{X}}}style" and style.get("class") == "kobostylehacks"
    assert "div#book-inner" in style.text


def test_whitespace_between_blocks_gets_no_span_and_ids_are_unique():
    root = kobo("\n<p>A. B.</p>\n<p>C.</p>\n<div>D <em>E.</em> F.</div>\n")
    ids = [s.get("id") for s in spans(root)]
    assert len(ids) == len(set(ids)) == 6
    assert all(s.text.strip() for s in spans(root))


def test_a_document_with_kobo_spans_already_is_left_as_it_is():
    data = page('<p><span class="koboSpan" id="kobo.1.1">Done.</span></p>')
    assert kobo_document(data, "en") == data


def test_text_beyond_the_basic_plane_is_cut_at_the_right_characters():
    root = kobo("<p>Emoji 😀 here. 𠀀 next one.</p>")
    assert [s.text for s in spans(root)] == ["Emoji 😀 here. ", "𠀀 next one."]
