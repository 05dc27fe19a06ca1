"""A Hugo site's section read as a book's config (publish/hugo.py)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import FIXTURES
from publish import hugo, jekyll


@pytest.fixture
def site(tmp_path):
    shutil.copytree(FIXTURES / "hugo-site", tmp_path / "site")
    return tmp_path / "site"


def test_the_site_root_is_found_above_the_section(site):
    found = hugo.find(site / "content" / "issues" / "3")
    assert found.root == site and found.config == site / "hugo.toml"
    assert found.section == site / "content" / "issues" / "3"
    assert found.languages() == ["en", "es"] and found.authors_file() == site / "data" / "authors.yml"


def test_config_default_folder_is_read_whole(site):
    (site / "hugo.toml").unlink()
    (site / "config" / "_default").mkdir(parents=True)
    (site / "config" / "_default" / "hugo.yaml").write_text("title: Q\ndefaultContentLanguage: es\n")
    (site / "config" / "_default" / "languages.toml").write_text("[es]\nweight = 1\n[fr]\nweight = 2\n")
    found = hugo.find(site / "content" / "issues" / "3")
    assert found.root == site and found.values["title"] == "Q" and found.languages() == ["es", "fr"]
    assert hugo.is_config(found.config)


def test_at_the_site_root_the_section_with_most_pages_is_read_with_a_warning(site, caplog):
    found = hugo.find(site)
    assert found.section == site / "content" / "issues" / "3"
    assert "content/issues/3" in caplog.records[0].getMessage()


def test_the_issue_gives_title_theme_editors_date_and_its_place(site):
    raw, path, folders = hugo.translate(hugo.find(site / "content" / "issues" / "3"))
    assert path == site / "hugo.toml" and set(folders) == {"en", "es"}
    assert raw["languages"] == ["en", "es"]
    assert raw["title"] == {"en": "Issue Three", "es": "Número tres"}
    assert raw["subtitle"] == {"en": "Harbours", "es": "Puertos"}
    assert raw["authors"] == [{"name": "Ksenia Muratshina"}]        # an id, from data/authors.yml
    assert raw["date"] == dt.date(2024, 5, 1) and raw["slug"] == "the-quarterly-3"
    place = raw.get("issue") or raw.get("series")
    assert "3" in (place.get("number"), place.get("position"))


def test_a_language_the_section_has_no_page_in_is_no_edition(site):
    for page in (site / "content" / "issues" / "3").rglob("*.es.md"):
        page.unlink()
    raw, _, _ = hugo.translate(hugo.find(site / "content" / "issues" / "3"))
    assert raw["languages"] == ["en"]


def test_a_folder_outside_any_site_is_none(tmp_path):
    (tmp_path / "notes").mkdir()
    assert hugo.find(tmp_path / "notes") is None and jekyll.find(tmp_path / "notes") is None


def test_a_jekyll_site_is_found_from_its_root_or_its_posts(tmp_path):
    shutil.copytree(FIXTURES / "jekyll-site", tmp_path / "j")
    for source in (tmp_path / "j", tmp_path / "j" / "_posts"):
        raw, path, folders = jekyll.translate(jekyll.find(source))
        assert raw["title"] == "Field Notes" and raw["authors"] == [{"name": "Rosa Lind"}]
        assert raw["date"] == dt.date(2024, 3, 5) and folders == {"en": tmp_path / "j" / "_posts"}


def test_odd_pages_are_mended_never_a_traceback(tmp_path, caplog):
    from publish import config as config_mod
    from publish.sources import read

    site = tmp_path / "odd"
    (site / "content" / "mag" / "b").mkdir(parents=True)
    (site / "config.yaml").write_text("title: Odd\ndefaultContentLanguage: en\nlanguages:\n"
                                      "  en: {weight: 1}\n  pt-br: {weight: 2}\n")
    (site / "content" / "mag" / "a.md").write_text(
        "---\n1: one\ntitle: [A, list]\nauthors: [{name: N}, 3, {x: 1}]\n---\n"
        "{{< pullquote one >}}never closed\n{{< /nothing >}}{{< figure caption=c >}}\n")
    (site / "content" / "mag" / "a.pt-br.md").write_text("+++\ntitle = \n+++\nTexto.\n")
    (site / "content" / "mag" / "b" / "index.md").write_text('{"title": "B", "weight": "x"}\nB.\n')
    config = config_mod.load(site / "content" / "mag")
    assert config.languages == ("en", "pt-BR") and config.root == site
    en, pt = read(config, "en"), read(config, "pt-BR")
    assert [c.slug for c in en] == ["a", "b"] and [c.slug for c in pt] == ["a", "b"]
    assert en[0].meta["authors"] == ["N", "3"]
    assert en[0].text.count("<aside") == en[0].text.count("</aside>") == 1
    assert pt[0].text.strip().endswith("Texto.") and pt[1].lang == "en"
    assert any("does not parse" in r.getMessage() for r in caplog.records)


def test_a_section_of_sections_reads_the_one_with_most_pages(site, caplog):
    found = hugo.find(site / "content" / "issues")
    assert found.section == site / "content" / "issues" / "3"
    assert "'content/issues/3' is read" in caplog.records[0].getMessage()


def test_a_language_with_its_own_content_folder_reads_the_same_section_there(tmp_path):
    from publish import config as config_mod
    from publish.sources import read

    site = tmp_path / "bydir"
    for lang, text in (("en", "Harbour."), ("fr", "Port.")):
        (site / "content" / lang / "issues" / "2" / "essay").mkdir(parents=True)
        (site / "content" / lang / "issues" / "2" / "_index.md").write_text(
            f"---\ntitle: Issue {lang}\ndate: 2024-01-01\n---\nIntro {lang}.\n")
        (site / "content" / lang / "issues" / "2" / "essay" / "index.md").write_text(
            f"---\ntitle: Essay {lang}\n---\n{text}\n")
    (site / "content" / "en" / "issues" / "2" / "notes.md").write_text("---\ntitle: N\n---\nOnly.\n")
    (site / "hugo.toml").write_text('title = "T"\ndefaultContentLanguage = "en"\n'
                                    '[languages.en]\ncontentDir = "content/en"\nweight = 1\n'
                                    '[languages.fr]\ncontentDir = "content/fr"\nweight = 2\n')
    config = config_mod.load(site / "content" / "en" / "issues" / "2")
    assert config.languages == ("en", "fr")
    assert config.edition("fr").title == "Issue fr"
    fr = read(config, "fr")
    assert [c.slug for c in fr] == ["introduction", "essay", "notes"]
    assert "Port." in fr[1].text and "Intro fr." in fr[0].text and fr[2].lang == "en"


def nested_site(root):
    """An issue whose articles sit in sub-sections (essays/, reviews/), beside another issue;
    its editor named by role in `_index.md`."""
    files = {
        "hugo.toml": 'title = "The Quarterly"\ndefaultContentLanguage = "en"\n'
                     "[languages.en]\nweight = 1\n[languages.es]\nweight = 2\n",
        "data/authors.yml": "ana:\n  name: Ana Ruiz\n  sort_name: Ruiz, Ana\neva:\n  name: Eva Diaz\n",
        "content/issues/3/old.md": "---\ntitle: Old\n---\nAn older issue.\n",
        "content/issues/3/_index.md": "---\ntitle: Issue Three\nnumber: 3\n---\n",
        "content/issues/4/_index.md": "---\ntitle: Issue Four\nnumber: 4\ndate: 2024-06-01\n"
                                      "contributors:\n  editors: [eva]\n---\nThe issue opens.\n",
        "content/issues/4/opening.md": "---\ntitle: Opening\nauthors: [ana]\n---\nHello.\n",
        "content/issues/4/essays/_index.md": "---\ntitle: Essays\nweight: 2\n---\n",
        "content/issues/4/essays/_index.es.md": "---\ntitle: Ensayos\n---\n",
        "content/issues/4/essays/harbours/index.md": "---\ntitle: Harbours\nauthors: [ana]\n---\nWater.\n",
        "content/issues/4/essays/harbours/index.es.md": "---\ntitle: Puertos\n---\nAgua.\n",
        "content/issues/4/essays/salt/index.md": "---\ntitle: Salt\nweight: 1\n---\nSalt.\n",
        "content/issues/4/reviews/_index.md": "---\ntitle: Reviews\nweight: 1\n---\n",
        "content/issues/4/reviews/books/index.md": "---\ntitle: Books\n---\nRead.\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_an_issue_reads_the_page_bundles_of_its_sub_sections_as_parts(tmp_path):
    from publish import config as config_mod
    from publish.sources import read

    site = nested_site(tmp_path / "nested")
    assert hugo.find(site).section == site / "content" / "issues" / "4"     # not essays/ alone
    config = config_mod.load(site / "content" / "issues" / "4")
    assert config.languages == ("en", "es")
    en, es = read(config, "en"), read(config, "es")
    assert [c.slug for c in en] == ["introduction", "opening", "books", "salt", "harbours"]
    assert [c.part for c in en] == ["", "", "Reviews", "Essays", ""]
    assert [c.slug for c in es] == ["opening", "books", "salt", "harbours"]   # no _index.es.md
    assert [c.part for c in es] == ["", "Reviews", "Ensayos", ""]
    assert "Agua." in es[3].text and es[2].lang == "en"


def test_an_issues_editors_by_role_are_edt(tmp_path):
    from publish import config as config_mod
    from publish.build import load_book
    from publish.writers.epub.package import people

    site = nested_site(tmp_path / "nested")
    raw, _, _ = hugo.translate(hugo.find(site / "content" / "issues" / "4"))
    assert raw["authors"] == [{"name": "Eva Diaz", "role": "edt"}]
    book = load_book(config_mod.load(site / "content" / "issues" / "4"), "en")
    creators, contributors = people(book)
    assert [(p.name, p.role, p.sort_name) for p in creators] == [("Ana Ruiz", "aut", "Ruiz, Ana")]
    assert [(p.name, p.role) for p in contributors] == [("Eva Diaz", "edt")]
