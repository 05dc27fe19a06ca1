"""The EPUB package's titles and people (writers/epub/package.py, issue 26): each title refined
by its title-type; an issue's editors are contributors (edt) beside the articles' authors."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from ebooklib import epub

from publish.model import Article, Author, Issue
from publish.writers.epub import package
from test_writers import make_book

DC = "http://purl.org/dc/elements/1.1/"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        return make_book(tmp_path_factory.mktemp("meta"))


def refinements(book, prop: str) -> dict[str, str]:
    made = epub.EpubBook()
    package._metadata(made, book)
    return {o["refines"][1:]: v for v, o in made.metadata[None]["meta"]
            if o.get("property") == prop}


def test_a_plain_book_has_its_title_refined_as_main(tiny):
    made = epub.EpubBook()
    package._metadata(made, tiny)
    titles = made.metadata[DC]["title"]
    assert titles == [("Tiny", {"id": "title"})] and made.title == "Tiny"
    assert refinements(tiny, "title-type") == {"title": "main"}


def test_an_issue_has_main_subtitle_collection_and_edition_titles(tiny):
    meta = replace(tiny.metadata, subtitle="Harbours",
                   issue=Issue(periodical="The Review", volume="12", number="3",
                               date=dt.date(2026, 3, 1)))
    made = epub.EpubBook()
    package._metadata(made, replace(tiny, metadata=meta))
    titles = [(text, attrs["id"]) for text, attrs in made.metadata[DC]["title"]]
    assert titles[:3] == [("Tiny", "title"), ("Harbours", "subtitle"),
                          ("The Review", "collection-title")]
    assert titles[3][1] == "edition-title" and titles[3][0].startswith("12.3")
    assert refinements(replace(tiny, metadata=meta), "title-type") == {
        "title": "main", "subtitle": "subtitle", "collection-title": "collection",
        "edition-title": "edition"}


def test_an_issues_editor_is_a_contributor_beside_the_articles_authors(tiny):
    editor = Author(name="Maria Editor", sort_name="Editor, Maria", role="edt")
    writer = Author(name="Ana Lima", sort_name="Lima, Ana", role="aut")
    chapters = (replace(tiny.chapters[0], article=Article(authors=(writer,))),) + tiny.chapters[1:]
    issue = replace(tiny, metadata=replace(tiny.metadata, authors=(editor,)), chapters=chapters)
    creators, contributors = package.people(issue)
    assert [p.name for p in creators] == ["Ana Lima"]
    assert [(p.name, p.role) for p in contributors] == [("Maria Editor", "edt")]
    # With no author anywhere, the editor stays the creator (an edited book, as before).
    alone = replace(tiny, metadata=replace(tiny.metadata, authors=(editor,)))
    assert [p.name for p in package.people(alone)[0]] == ["Maria Editor"]
