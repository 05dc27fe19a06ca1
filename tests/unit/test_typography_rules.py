"""Unit tests for publish/render/typography.py: the rule table, the tree pass (what it leaves
alone, context across inline elements, quotes per block) and project languages.

The per-language input/expected pairs of typeset() live in tests/test_typography.py.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from lxml import html as lxml_html

from publish import languages
from publish.languages.cldr import number_rules
from publish.languages import get_language
from publish.render import typography
from publish.render.typography import get_rules, typeset, typeset_tree

NB, NN = "\u00a0", "\u202f"


def shipped(code: str) -> dict:
    return tomllib.loads((languages.SHIPPED / f"{code}.toml").read_text(encoding="utf-8"))


def typeset_html(fragment: str, code: str = "en", project: Path | None = None) -> str:
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    typeset_tree(root, get_language(code, project))
    out = lxml_html.tostring(root, encoding="unicode")
    return out[len("<div>"):-len("</div>")]


# -- get_rules -----------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["en", "fr", "ru"])
def test_rules_start_with_the_shared_ones(code):
    rules = get_rules(get_language(code).typography).rules
    assert rules[:len(typography._COMMON)] == typography._COMMON


@pytest.mark.parametrize("code", ["en", "fr", "ru"])
def test_then_come_the_languages_rules_from_its_data_file(code):
    language = get_language(code)
    rules = get_rules(language.typography).rules[len(typography._COMMON):]
    cldr = number_rules(language.babel_locale)
    assert rules[:len(cldr)] == cldr                 # CLDR's number rules, then the file's own
    assert [[p.pattern, r] for p, r in rules[len(cldr):]] == shipped(code)["typography"]["rules"]


@pytest.mark.parametrize("code", ["en", "fr", "ru"])
def test_quotes_and_quote_space_come_from_the_data_file(code):
    rules, data = get_rules(get_language(code).typography), shipped(code)["typography"]
    assert (list(rules.quotes), rules.quote_space) == (data["quotes"], data.get("quote_space", ""))


def test_the_shared_rules_are_an_ellipsis_and_the_apostrophe_between_letters():
    assert [(p.sub(r, "a...b"), p.sub(r, "l'a 'b")) for p, r in typography._COMMON] == \
        [("a…b", "l'a 'b"), ("a...b", "l’a 'b")]


def test_get_rules_is_computed_once_per_typography():
    t = get_language("fr").typography
    assert get_rules(t) is get_rules(t)


def test_get_rules_differ_between_languages():
    assert get_rules(get_language("en").typography) != get_rules(get_language("fr").typography)


# -- typeset_tree: what it leaves alone ----------------------------------------------------

@pytest.mark.parametrize("tag", ["code", "pre", "kbd", "samp", "var"])
def test_code_like_elements_are_left_as_typed(tag):
    assert typeset_html(f'<div>Say "a" <{tag}>"x" -- y... it\'s</{tag}> "b"</div>') == \
        f'<div>Say “a” <{tag}>"x" -- y... it\'s</{tag}> “b”</div>'


def test_nested_markup_inside_code_is_left_as_typed():
    assert typeset_html('<pre><code>a <em>"b"</em> -- c...</code></pre>') == \
        '<pre><code>a <em>"b"</em> -- c...</code></pre>'


def test_the_text_after_code_is_typeset():
    assert typeset_html("<p><code>x</code> -- then...</p>") == "<p><code>x</code> – then…</p>"


@pytest.mark.parametrize("text", ["http://example.org/a--b...c", "https://x.org/'q'", "mailto:a--b@x.org",
                                  "ftp://x.org/don't"])
def test_a_link_whose_text_is_its_address_is_left_as_typed(text):
    assert typeset_html(f'<p><a href="https://x.org">{text}</a> -- "ok"</p>') == \
        f'<p><a href="https://x.org">{text}</a> – “ok”</p>'


def test_markup_inside_a_url_link_is_left_as_typed_too():
    assert typeset_html('<p><a href="https://x.org">https://x.org/<em>a--b...</em></a> -- z</p>') == \
        '<p><a href="https://x.org">https://x.org/<em>a--b...</em></a> – z</p>'


@pytest.mark.parametrize("text,expected", [
    ('see "here"...', "see “here”…"),
    ("www.example.org -- site", "www.example.org – site"),
    ("the http: scheme", "the http: scheme"),
])
def test_links_with_other_text_are_typeset(text, expected):
    assert typeset_html(f'<p><a href="https://x.org">{text}</a></p>') == \
        f'<p><a href="https://x.org">{expected}</a></p>'


def test_attributes_are_not_typeset():
    assert typeset_html('<p title="a -- b..."><img alt="it\'s &quot;x&quot;" src="a.png"></p>') == \
        '<p title="a -- b..."><img alt="it\'s &quot;x&quot;" src="a.png"></p>'


# -- typeset_tree: context across inline elements --------------------------------------------

@pytest.mark.parametrize("fragment,expected", [
    ('<p>He said "hello <em>there</em>" again</p>', "<p>He said “hello <em>there</em>” again</p>"),
    ('<p>He said <em>"hello</em> there"</p>', "<p>He said <em>“hello</em> there”</p>"),
    ('<p>"<strong>Bold</strong>"</p>', "<p>“<strong>Bold</strong>”</p>"),
    ('<p>"Outer <em>"inner"</em> end"</p>', "<p>“Outer <em>‘inner’</em> end”</p>"),
    ('<p>"Outer <em>"inner</em>" end"</p>', "<p>“Outer <em>‘inner</em>’ end”</p>"),
])
def test_a_quote_opened_in_one_text_node_closes_in_another(fragment, expected):
    assert typeset_html(fragment) == expected


@pytest.mark.parametrize("fragment,code,expected", [
    ("<p><em>don</em>'t</p>", "en", "<p><em>don</em>’t</p>"),
    ("<p>Vraiment <em>oui</em> ?</p>", "fr", f"<p>Vraiment <em>oui</em>{NN}?</p>"),
    ("<p><em>Note</em> : voir</p>", "fr", f"<p><em>Note</em>{NB}: voir</p>"),
    ("<p>The <em>students</em>' day</p>", "en", "<p>The <em>students</em>’ day</p>"),
    ("<p>Il <em>a</em>... dit</p>", "fr", "<p>Il <em>a</em>… dit</p>"),
])
def test_rules_see_the_end_of_the_previous_text_node(fragment, code, expected):
    assert typeset_html(fragment, code) == expected


def test_the_context_does_not_cross_into_the_next_block():
    # "a" ends the first paragraph; the second's quote still opens (nothing before it).
    assert typeset_html('<p>a</p><p>"b"</p>') == "<p>a</p><p>“b”</p>"


# -- typeset_tree: quotes per block -------------------------------------------------------------

@pytest.mark.parametrize("block,inner", [
    ("p", None), ("li", "ul"), ("h2", None), ("blockquote", None), ("dd", "dl"), ("figcaption", "figure"),
])
def test_quotes_start_afresh_in_each_block(block, inner):
    first, second = f'<{block}>"Unclosed</{block}>', f'<{block}>"Fresh" start</{block}>'
    fragment = first + second
    expected = f"<{block}>“Unclosed</{block}><{block}>“Fresh” start</{block}>"
    if inner:
        fragment, expected = f"<{inner}>{fragment}</{inner}>", f"<{inner}>{expected}</{inner}>"
    assert typeset_html(fragment) == expected


def test_quotes_start_afresh_in_each_table_cell():
    assert typeset_html('<table><tr><td>"a</td><td>"b"</td></tr></table>') == \
        "<table><tr><td>“a</td><td>“b”</td></tr></table>"


def test_an_inline_element_does_not_reset_the_quotes():
    assert typeset_html('<p>"a <span>b</span> c"</p>') == "<p>“a <span>b</span> c”</p>"


@pytest.mark.parametrize("code,fragment", [
    ("en", '<p>He said "a <em>"b"</em> c" -- ok... it\'s</p><ul><li>"x</li><li>"y"</li></ul>'),
    ("fr", '<p>Il dit "oui <em>non</em>" ? Bien : 10 %</p>'),
    ("ru", '<p>Он - "тот <em>"самый"</em>"</p>'),
])
def test_typeset_tree_is_idempotent(code, fragment):
    once = typeset_html(fragment, code)
    assert typeset_html(once, code) == once
    assert once != fragment


# -- project languages -----------------------------------------------------------------------

def _project_language(root: Path, code: str, text: str) -> Path:
    (root / "languages").mkdir(parents=True)
    (root / "languages" / f"{code}.toml").write_text(text, encoding="utf-8")
    return root


def test_a_project_override_of_quotes_changes_them_and_keeps_the_other_rules(tmp_path):
    project = _project_language(tmp_path, "en", '[typography]\nquotes = ["«", "»", "‹", "›"]\n'
                                                'quote_space = "\\u00a0"\n')
    en = get_language("en", project)
    assert typeset('"a "b" c" -- d', en) == f"«{NB}a ‹b› c{NB}» – d"
    assert typeset('"a"', get_language("en")) == "“a”"


def test_a_project_override_of_quotes_applies_to_trees(tmp_path):
    project = _project_language(tmp_path, "en", '[typography]\nquotes = ["«", "»", "‹", "›"]\n')
    assert typeset_html('<p>"a <em>"b"</em>"</p>', "en", project) == "<p>«a <em>‹b›</em>»</p>"


def _german(tmp_path: Path, code: str = "de") -> Path:
    labels = "\n".join(f'{key} = "{value}"' for key, value in get_language("en").labels.items())
    return _project_language(tmp_path, code, f'''name = "Deutsch"
babel_locale = "de_DE"

[typography]
quotes = ["„", "“", "‚", "‘"]
rules = [['--', "–"]]

[labels]
{labels}
''')


@pytest.mark.parametrize("text,expected", [
    ('Er sagte "Hallo".', "Er sagte „Hallo“."),
    ('"Das "Wort" hier"', "„Das ‚Wort‘ hier“"),
    ("„Schon“ gesetzt", "„Schon“ gesetzt"),
    ("a -- b...", "a – b…"),
])
def test_a_new_project_language_uses_its_own_quotes(tmp_path, text, expected):
    assert typeset(text, get_language("de", _german(tmp_path))) == expected


def test_a_new_project_languages_rules_come_after_the_shared_ones(tmp_path):
    de = get_language("de", _german(tmp_path))
    rules = get_rules(de.typography).rules
    assert rules[:len(typography._COMMON)] == typography._COMMON
    assert [(p.pattern, r) for p, r in rules[len(typography._COMMON):]] == \
        [(p.pattern, r) for p, r in number_rules(de.babel_locale)] + [("--", "–")]


def test_the_shared_rules_apply_before_a_project_languages_own(tmp_path):
    # The project's rule rewrites the ellipsis, which exists only once the shared rule made it.
    project = _project_language(tmp_path, "en", "[typography]\nrules = [['…', \"[dots]\"]]\n")
    assert typeset("wait...", get_language("en", project)) == "wait[dots]"


def test_a_project_language_is_only_known_in_its_project(tmp_path):
    project = _german(tmp_path, "qq")        # a tag neither shipped nor known to CLDR
    assert "qq" in languages.available(project)
    assert "qq" not in languages.available()


def test_the_project_language_typesets_trees(tmp_path):
    project = _german(tmp_path)
    assert typeset_html('<p>"Ja" <code>"nein"</code></p>', "de", project) == \
        '<p>„Ja“ <code>"nein"</code></p>'


def test_rules_are_regular_expressions_applied_in_order(tmp_path):
    project = _project_language(tmp_path, "en", "[typography]\nrules = [['ab', 'b'], ['bb', 'X']]\n")
    assert typeset("abb", get_language("en", project)) == "X"
    assert all(isinstance(p, re.Pattern) for p, _ in get_rules(get_language("en", project).typography).rules)


def test_a_closing_guillemet_is_not_repeated_after_its_element():
    """Found on a public README (issue 11): the guillemet rule, seeing only the "»" that ended
    the text before, put a second "»" in the tail after </li>."""
    from lxml import html as lxml_html

    from publish.languages import get_language
    from publish.render.typography import typeset_tree
    root = lxml_html.fragment_fromstring('<ul><li>versions "0/1" et "Sans"</li>\n<li>b</li></ul>')
    typeset_tree(root, get_language("fr"))
    assert lxml_html.tostring(root, encoding="unicode") == (
        "<ul><li>versions «\u202f0/1\u202f» et «\u202fSans\u202f»</li>\n<li>b</li></ul>")


# -- quotes in scripts written without spaces (issue 24) ------------------------------------

@pytest.mark.parametrize("code,text,expected", [
    ("ja", '彼は"友人は再び会う"と言った。', "彼は「友人は再び会う」と言った。"),
    ("ja", '"はい"と"いいえ"。', "「はい」と「いいえ」。"),
    ("ja", '彼は"友人の"本"を読む"と言った。', "彼は「友人の」本「を読む」と言った。"),
    ("zh-Hans", '他说"我们会再见"。', "他说“我们会再见”。"),
    ("zh-Hant", '他說"我們會再見"。', "他說「我們會再見」。"),
    ("th", 'เขาพูดว่า"สวัสดีครับ"แล้วก็ไป', "เขาพูดว่า“สวัสดีครับ”แล้วก็ไป"),
    ("th", 'เขาพูดว่า "สวัสดี" แล้ว', "เขาพูดว่า “สวัสดี” แล้ว"),
    ("lo", 'ລາວເວົ້າວ່າ"ສະບາຍດີ"ແລ້ວໄປ', "ລາວເວົ້າວ່າ“ສະບາຍດີ”ແລ້ວໄປ"),
    ("km", 'គាត់និយាយថា"សួស្តី"ហើយ', "គាត់និយាយថា“សួស្តី”ហើយ"),
])
def test_a_quote_after_a_letter_opens_by_alternation_in_scripts_without_spaces(code, text, expected):
    assert typeset(text, get_language(code)) == expected
    assert typeset(expected, get_language(code)) == expected


@pytest.mark.parametrize("code,text,expected", [
    # Unchanged where words are spaced: a quote after a letter closes.
    ("en", 'He said "so"and left', "He said “so”and left"),
    ("en", 'x"y"', "x”y”"),
    ("fr", 'Il dit "oui"', f"Il dit «{NN}oui{NN}»"),
    ("ru", 'Он сказал "да"', "Он сказал «да»"),
])
def test_a_quote_after_a_letter_still_closes_where_words_are_spaced(code, text, expected):
    assert typeset(text, get_language(code)) == expected


def test_alternation_carries_across_text_nodes():
    assert typeset_html('<p>彼は"<em>友人</em>"と言った。</p>', "ja") == \
        "<p>彼は「<em>友人</em>」と言った。</p>"


@pytest.mark.parametrize("code,by", [("ja", "alternation"), ("zh-Hans", "alternation"),
                                     ("zh-Hant", "alternation"), ("th", "alternation"),
                                     ("lo", "alternation"), ("km", "alternation"),
                                     ("my", "alternation"), ("en", "context"), ("ko", "context")])
def test_the_data_file_says_how_quotes_pair(code, by):
    assert get_language(code).typography.quotes_by == by
