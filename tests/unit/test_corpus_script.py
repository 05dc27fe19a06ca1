"""scripts/corpus.py: how it names a book's layout and editions, and judges its language."""
from __future__ import annotations

import collections
import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "corpus.py"


@pytest.fixture(scope="module")
def corpus():
    spec = importlib.util.spec_from_file_location("corpus_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_script"] = module          # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["corpus_script"]


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_layouts_are_named_from_the_files_present(corpus, tmp_path):
    assert corpus.layout_of(make(tmp_path / "a", {"book.toml": "[book]\ntitle = 'x'\n"})) == "mdBook"
    assert corpus.layout_of(make(tmp_path / "b", {"book.toml": "title = 'x'\n"})) == "plain"
    assert corpus.layout_of(make(tmp_path / "c", {"SUMMARY.md": "* [a](a.md)\n"})) == "GitBook"
    assert corpus.layout_of(make(tmp_path / "d", {"mkdocs.yml": "site_name: x\n"})) == "MkDocs"
    assert corpus.layout_of(make(tmp_path / "e", {"README.md": "# a", "README_fr.md": "# b"})) == "README set"
    assert corpus.layout_of(make(tmp_path / "f", {"README.md": "# a"})) == "plain"


def test_editions_present_come_from_langs_md_and_readme_folders(corpus, tmp_path):
    gitbook = make(tmp_path / "g", {"LANGS.md": "* [English](en/)\n* [Русский](ru/)\n* [فارسی](fa/)\n"})
    assert corpus.present_editions(gitbook, "GitBook") == ["en", "ru", "fa"]
    readmes = make(tmp_path / "r", {"README.md": "# a", "translations/README-ja.md": "# b",
                                    "docs/zh-cn/README.zh-CN.md": "# c", "th-TH/README.md": "# d",
                                    "src/README.md": "# not a translation"})
    assert corpus.present_editions(readmes, "README set") == [
        "README.md", "docs/zh-cn/README.zh-CN.md", "th-TH/README.md", "translations/README-ja.md"]


def test_a_han_heavy_text_is_not_english(corpus):
    counts = collections.Counter()
    corpus.count_scripts("第一个静态网页 环境部署 创建 install the theme with pip", counts)
    assert corpus.main_script(counts) == "Hani"
    assert not corpus.language_matches("en", "Hani")
    assert corpus.language_matches("zh-Hans", "Hani")
    assert corpus.language_matches("ja", "Jpan")
    assert not corpus.language_matches("tw", "Hani")      # a code CLDR does not know, on Han text


def test_a_traceback_and_a_refusal_are_told_apart(corpus):
    tb = ('Traceback (most recent call last):\n  File "x.py", line 3, in f\n    g()\n'
          "IndexError: tuple index out of range\n")
    assert corpus.diagnose(tb, 1)[0] == "traceback"
    assert corpus.diagnose(tb, 1)[1].startswith("IndexError")
    cls, first, _ = corpus.diagnose("warning: a\nerror: README.md:3: link to '/C.md' lies outside the project folder\n", 1)
    assert (cls, first[:9]) == ("refusal:outside-project", "README.md")
    assert corpus.diagnose("killed\nTIMEOUT", 124)[0] == "timeout"
    assert corpus.diagnose("warning: x\n", 0) == ("", "", [])


def pack(path: Path, xhtml: str, lang: str = "ar") -> Path:
    """A one-chapter EPUB (container, package, chapter): what epub_facts reads."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("META-INF/container.xml",
                   '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                   '<rootfiles><rootfile full-path="EPUB/p.opf"/></rootfiles></container>')
        z.writestr("EPUB/p.opf",
                   '<package xmlns="http://www.idpf.org/2007/opf" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata>'
                   f'<dc:language>{lang}</dc:language></metadata><manifest>'
                   '<item href="c.xhtml" media-type="application/xhtml+xml"/></manifest>'
                   '</package>')
        z.writestr("EPUB/c.xhtml", xhtml)
    return path


def test_an_edition_is_judged_on_the_text_it_does_not_mark_as_another_language(corpus, tmp_path):
    """An Arabic edition whose English passages say `lang="en"`: Arabic, with their share."""
    english = "<p lang=\"en\">" + "The resources listed here stay in English. " * 20 + "</p>"
    body = ("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\"><body>"
            "<p>مقدمة قصيرة إلى الخوارزميات وهياكل البيانات</p>" + english + "</body></html>")
    lang, script, letters, foreign = corpus.epub_facts(pack(tmp_path / "ar.epub", body))
    assert (lang, script) == ("ar", "Arab")
    assert corpus.language_matches(lang, script)
    assert 0.8 < foreign < 1 and letters < 60
    unmarked = pack(tmp_path / "unmarked.epub", body.replace(' lang="en"', ""))
    assert corpus.epub_facts(unmarked)[1] == "Latn"        # unmarked, the English outweighs


def test_an_edition_is_judged_on_its_prose_not_its_tables(corpus, tmp_path):
    """A Chinese site whose appendix is a long table of English names (emoji short names)."""
    rows = "".join(f"<tr><td>:smile_{n}:</td><td>grinning face with big eyes</td></tr>"
                   for n in range(60))
    body = ('<html xmlns="http://www.w3.org/1999/xhtml" lang="zh"><body>'
            "<p>本书介绍如何用 Markdown 写作，并用 MkDocs 生成网站。</p>"
            f"<table>{rows}</table></body></html>")
    lang, script, letters, _ = corpus.epub_facts(pack(tmp_path / "zh.epub", body, "zh"))
    assert (lang, script) == ("zh", "Hani") and corpus.language_matches(lang, script)
    assert letters < 40                                   # the table's letters are not counted
