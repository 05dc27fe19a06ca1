"""Messages cut as mdbook-i18n-helpers cuts them, and translations spliced back (issue 25)."""
from __future__ import annotations

import pytest

from publish.translations.segment import extract, translate

# Input and messages, as mdbook-i18n-helpers' own tests (i18n-helpers/src/lib.rs) state them.
CASES = [
    ("This is\nthe first\nparagraph.🦀\n\nSecond paragraph.",
     ["This is the first paragraph.🦀", "Second paragraph."]),
    ("**This** __~~message~~__ _has_ `code` *style*\n",
     ["**This** **~~message~~** _has_ `code` _style_"]),
    ("Hi from <span dir=\"ltr\">Rust</div>", ["Hi from <span dir=\"ltr\">Rust</div>"]),
    ("<div class=\"warning\">\n\nBeware of the dog!\n\n</div>",
     ["<div class=\"warning\">\n", "Beware of the dog!", "</div>"]),
    ("Preamble\n<details>\nSome Details\n</details>\n\nPostamble",
     ["Preamble", "<details>\nSome Details\n</details>\n", "Postamble"]),
    ("> *   Hello, this is a\n>     list in a quote.\n>\n>     This is the second\n>     paragraph.\n",
     ["Hello, this is a list in a quote.", "This is the second paragraph."]),
    ("| Module Type | Description\n|---|---\n| `rust_binary` | Produces a Rust binary.\n",
     ["Module Type", "Description", "`rust_binary`", "Produces a Rust binary."]),
    ("See [foo][1] and [bar].\n\n[1]: http://a.b\n[bar]: http://c \"T\"\n",
     ["See [foo](http://a.b) and [bar](http://c \"T\")."]),
    ("line  \nbreak <http://x.y>", ["line  \nbreak <http://x.y>"]),
    ("Note[^1].\n\n[^1]: The note.\n", ["Note[^1].", "The note."]),
    ("Preamble\n```rust\n// Example:\nfn hello() {\n  some_code()\n\n  todo!()\n}\n```\nPostamble",
     ["Preamble", "// Example:\n", "Postamble"]),
    ("```\n\"First\" block\n```\n```\n\"Second\" block\n```\n",
     ["```\n\"First\" block\n```", "```\n\"Second\" block\n```"]),
    ("```rust\n// continuous\n// line\n{\n    // inner\n    // lines\n    let a = 1; // single\n}\n```",
     ["// continuous\n// line\n", "// inner\n    // lines\n", "// single\n"]),
    ("```c\n// C\n'C'; \"C\";\n```\n```ruby\n# Ruby\n```", ["// C\n'C'", "\"C\"", "# Ruby\n"]),
    ("```txt\nno \"message\" here\n```", []),
    ("```text\nsays \"hi\"\n```", ["```text\nsays \"hi\"\n```"]),   # no grammar: whole
    # pulldown-cmark-to-cmark escapes a text run that starts with a special character
    ("Projects that are `cargo`-based, up to 2**32 bytes, int\\[3\\].",
     ["Projects that are `cargo`\\-based, up to 2\\*\\*32 bytes, int\\[3\\]."]),
    ("snake_case stays.", ["snake_case stays."]),
]


@pytest.mark.parametrize("text, messages", CASES)
def test_messages_are_cut_as_mdbook_xgettext_cuts_them(text, messages):
    assert [m.msgid for m in extract(text)] == messages


def test_directives_skip_and_comment():
    text = ("<!-- i18n:skip -->\n\nSkipped.\n\n<!-- i18n:comment: Say it warmly. -->\n\nKept.\n\n"
            "<!-- i18n:skip-start -->\n\nA.\n\nB.\n\n<!-- i18n:skip-end -->\n\nC.\n\n"
            "<!-- mdbook-xgettext: skip -->\n\n```rust\nlet x = 1;\n```\n\nD.\n")
    found = extract(text)
    assert [(m.msgid, m.comment) for m in found] == [
        ("Kept.", "Say it warmly."), ("C.", ""), ("D.", "")]
    assert [m.line for m in found] == [7, 17, 25]


def test_older_po_files_cut_at_inline_html():
    text = "If _n<sub>i</sub>_ is 1, stop."
    assert [m.msgid for m in extract(text, legacy=True)] == ["If _n", "i", "_ is 1, stop."]
    done, _ = translate(text, {"If _n": "Si _n", "_ is 1, stop.": "_ vaut 1, stop."}.get)
    assert done == "Si _n<sub>i</sub>_ vaut 1, stop."


def test_translations_keep_the_structure_around_them():
    text = ("# Title {#top}\n\n> - Tea and\n>   biscuits\n> - Jam\n\n| A | B |\n|---|---|\n| x | y |\n\n"
            "```rust\nfn f() {\n    // Say hi.\n    println!(\"hi\");\n}\n```\n")
    table = {"Title": "Titre", "Tea and biscuits": "Thé et\nbiscuits", "x": "ex",
             "// Say hi.\n": "// Dis bonjour,\n    // gentiment.\n", '"hi"': '"salut"'}
    done, index = translate(text, table.get)
    assert done.split("\n")[:5] == ["# Titre {#top}", "", "> - Thé et", ">   biscuits", "> - Jam"]
    assert "| ex | y |" in done
    assert "    // Dis bonjour,\n    // gentiment.\n    println!(\"salut\");" in done
    assert len(index) == done.count("\n") + 1 and index[3] == 3 and index[17] == 16


def test_untranslated_passages_are_marked_with_the_source_language():
    text = "# Head\n\nOne\ntwo.\n\n| Cell |\n|---|\n| Left |\n"
    done, index = translate(text, {"Head": "Tête"}.get, "en")
    assert done.split("\n") == ["# Tête", "", "One", "two.", '{: lang="en" }', "",
                                '| Cell {: lang="en" } |', "|---|", '| Left {: lang="en" } |', ""]
    assert index[4] == 3                  # the mark belongs to the paragraph's last line
    assert translate(text, {}.get)[0] == text            # no mark asked: as written


def test_a_setext_heading_keeps_its_underline():
    text = "Title\n=====\n\nText.\n"
    assert translate(text, {"Text.": "Texte."}.get, "en")[0] == \
        'Title {: lang="en" }\n=====\n\nTexte.\n'
    assert translate(text, {"Title": "Titre", "Text.": "Texte."}.get, "en")[0] == \
        "Titre\n=====\n\nTexte.\n"


def test_comments_translated_a_line_at_a_time():
    text = "```rust\nfn f() {\n    // The base case.\n    // And more.\n    g(); // x\n}\n```\n"
    assert [m.msgid for m in extract(text, legacy=True)] == \
        ["// The base case.", "// And more.", "// x"]
    done, _ = translate(text, {"// The base case.": "// Cas de base.", "// x": "// y"}.get)
    assert "    // Cas de base.\n    // And more.\n    g(); // y\n" in done
