"""A Jekyll site's collection read as a book (publish/jekyll_collections.py,
sources/jekyll_collection.py): which folder is the book, its language editions, its order."""
from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES
from publish import config as config_mod
from publish import jekyll
from publish.sources import read


@pytest.fixture
def site(tmp_path):
    shutil.copytree(FIXTURES / "jekyll-collection", tmp_path / "site")
    return tmp_path / "site"


def messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records]


def test_the_collection_is_the_book_when_it_holds_more_than_the_posts(site, caplog):
    found = jekyll.find(site)
    assert found.collection == site / "_guides" and found.book == site / "_guides"
    assert found.passed_over == ((site / "_posts", 1),)
    jekyll.translate(found)
    assert any("'_guides'" in m and "'_posts' (1)" in m for m in messages(caplog))
    assert jekyll.is_config(site / "_config.yml")


def test_a_named_folder_is_the_book(site):
    assert jekyll.find(site / "_posts").collection is None
    assert jekyll.find(site / "_guides").collection == site / "_guides"
    assert jekyll.find(site / "_guides").passed_over == ()
    assert jekyll.find(site / "_layouts") is None               # not a collection


def test_the_posts_stay_the_book_of_a_blog(site):
    for n in range(2, 12):
        (site / "_posts" / f"2024-02-{n:02}-p.md").write_text(f"---\ntitle: P{n}\n---\nText.\n")
    found = jekyll.find(site)
    assert found.collection is None and found.book == site / "_posts"


def test_each_language_folder_is_an_edition_titled_by_its_landing_page(site, caplog):
    raw, path, folders = jekyll.translate(jekyll.find(site))
    assert raw["languages"] == ["en", "fr"] and path == site / "_config.yml"
    assert folders == {"en": site / "_guides", "fr": site / "_guides" / "fr"}
    assert raw["title"] == {"en": "Field Guides", "fr": "Guides de terrain"}
    unknown = [m for m in messages(caplog) if "cannot build (xx)" in m]
    assert len(unknown) == 1 and "_guides/xx" in unknown[0]


def test_documents_in_order_titled_by_their_front_matter(site, caplog):
    config = config_mod.load(site)
    assert config.languages == ("en", "fr") and config.root == site
    en = read(config, "en")
    assert [c.slug for c in en] == ["welcome", "tools", "after"]        # order 1, 2, 3
    assert en[0].meta["title"] == "Welcome to the Field"
    assert en[0].text.startswith("# Welcome to the Field") and "This is Field Guides:" in en[0].text
    assert "[the tools](tools.md) and [after](after.md#top)" in en[0].text     # permalinks
    said = messages(caplog)
    assert sum("published: false" in m and "draft.md" in m for m in said) == 1
    assert sum("no front matter" in m and "README.md:1" in m for m in said) == 1
    assert sum("not read here" in m and "class" in m for m in said) == 1
    assert not any("lang" in m and "not this edition" in m for m in said)


def test_a_language_folder_with_fewer_documents_and_a_lang_that_disagrees(site, caplog):
    config = config_mod.load(site)
    caplog.clear()
    fr = read(config, "fr")
    assert [c.slug for c in fr] == ["welcome", "tools"]
    assert "Voici Field Guides" in fr[0].text
    wrong = [m for m in messages(caplog) if "not this edition" in m]
    assert len(wrong) == 1 and "fr/tools.md:2" in wrong[0] and "lang 'en'" in wrong[0]


def _collection(tmp_path, options: str, docs: dict[str, str]):
    site = tmp_path / "s"
    (site / "_notes").mkdir(parents=True)
    (site / "_config.yml").write_text(f"title: S\ncollections:\n  notes:\n{options}")
    for name, front in docs.items():
        (site / "_notes" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "_notes" / name).write_text(f"---\n{front}\n---\nText of {name}.\n")
    return site


def test_sort_by_then_documents_without_the_key(tmp_path):
    site = _collection(tmp_path, "    output: true\n    sort_by: rank\n",
                       {"a.md": "rank: 3", "b.md": "rank: 1", "c.md": "title: C", "d.md": "rank: 2"})
    assert [c.slug for c in read(config_mod.load(site), "en")] == ["b", "d", "a", "c"]


def test_the_collections_order_list(tmp_path):
    site = _collection(tmp_path, "    output: true\n    order: [c.md, a.md]\n",
                       {"a.md": "order: 1", "b.md": "order: 0", "c.md": "title: C"})
    assert [c.slug for c in read(config_mod.load(site), "en")] == ["c", "a", "b"]


def test_without_order_the_path_and_topic_folders_stay_in_the_base_edition(tmp_path):
    site = _collection(tmp_path, "    output: true\n",
                       {"b.md": "title: B", "a.md": "title: A", "api/z.md": "title: Z",
                        "de/a.md": "title: A (de)\nlang: de"})
    config = config_mod.load(site)
    assert config.languages == ("en", "de")
    assert [c.slug for c in read(config, "en")] == ["a", "z", "b"]     # by path: api/z.md
    assert [c.slug for c in read(config, "de")] == ["a"]


def test_front_matter_order_puts_documents_without_it_last(tmp_path):
    site = _collection(tmp_path, "    output: true\n",
                       {"a.md": "title: A", "b.md": "order: 2", "c.md": "order: -1"})
    assert [c.slug for c in read(config_mod.load(site), "en")] == ["c", "b", "a"]


def test_a_list_of_collections_without_posts_is_read_and_base_language_from_config(tmp_path):
    site = _collection(tmp_path, "", {"a.md": "title: A\nlang: de"})
    (site / "_config.yml").write_text("title: S\nlang: de\ncollections: [notes]\n")
    config = config_mod.load(site)
    assert config.languages == ("de",) and [c.slug for c in read(config, "de")] == ["a"]


def test_a_site_with_no_posts_and_no_collection_folder_is_no_jekyll_site(tmp_path):
    (tmp_path / "_config.yml").write_text("title: S\ncollections: {notes: {output: true}}\n")
    assert jekyll.find(tmp_path) is None and not jekyll.is_config(tmp_path / "_config.yml")


def test_odd_documents_are_mended_never_a_traceback(tmp_path, caplog):
    site = _collection(tmp_path, "    output: true\n",
                       {"a.md": "title: [unclosed", "b.md": "order: x\ntitle: B"})
    (site / "_notes" / "c.md").write_bytes(b"---\ntitle: C\n---\n\x00\xff\xfe binary")
    chapters = read(config_mod.load(site), "en")
    assert [c.slug for c in chapters] == ["b", "a"]          # order: x is read as 0; a has none
    said = messages(caplog)
    assert any("a.md:2: front matter does not parse" in m for m in said)
    assert any("c.md" in m and "binary" in m for m in said)


def test_links_to_permalinks_are_file_paths(tmp_path):
    from publish.sources import jekyll_permalinks as permalinks

    site = _collection(tmp_path, "    output: true\n",
                       {"a.md": "title: A", "sub/b.md": "title: B\npermalink: /bee/",
                        "fr/a.md": "title: A"})
    where = permalinks.site(site / "_notes", {"collections": {"notes": {}}})
    body = ("[b](/bee/) [a](../notes/a.html#x) [fr](/notes/fr/a.html) [w](https://x.org/a.html)"
            " [n](/nowhere/)")                          # b is at /bee/, the others at /notes/…
    assert permalinks.rewrite(body, site / "_notes" / "sub" / "b.md", where) == \
        "[b](b.md) [a](../a.md#x) [fr](../fr/a.md) [w](https://x.org/a.html) [n](/nowhere/)"


def test_a_document_marked_untranslated_is_set_in_the_base_language(site, caplog):
    page = site / "_guides" / "fr" / "welcome.md"
    page.write_text(page.read_text().replace("order: 1\n", "order: 1\nuntranslated: true\n"))
    chapters = read(config_mod.load(site), "fr")
    marked = {c.path.name: c.lang for c in chapters}
    assert marked["welcome.md"] == "en" and marked["tools.md"] != "en"
    said = [m for m in messages(caplog) if "untranslated: true" in m]
    assert len(said) == 1 and "1 document(s)" in said[0]
    assert not any("untranslated" in m and "not read" in m for m in messages(caplog))
