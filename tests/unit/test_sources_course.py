"""mdbook-course's outlines, written as that preprocessor writes them (issue 25): a book of
our own with a course, a session, two segments and a slide with a sub-chapter."""
from __future__ import annotations

import logging

import pytest

from publish import config as config_mod
from publish import sources
from publish.sources.course import duration, mdbook_name, relative_link
from publish.translations.pot import collect

SUMMARY = """# Summary

[Intro](intro.md)

- [Welcome](welcome.md)
- [Basics](basics.md)
  - [Values](basics/values.md)
  - [The `for_each` Loop](basics/loops.md)
    - [For](basics/for.md)
"""
FILES = {
    "intro.md": "# Intro\n\n{{%course outline Fundamentals}}\n",
    "welcome.md": "---\nminutes: 5\ncourse: Fundamentals\nsession: Day 1\n---\n\n# Welcome\n\n"
                  "{{%session outline}}\n",
    "basics.md": "---\nminutes: 2\n---\n\n# Basics\n\n{{%segment outline}}\n\n"
                 "```\n{{%segment outline}}\n```\n",
    "basics/values.md": "---\nminutes: 7\n---\n\n# Values\n\nText.\n",
    "basics/loops.md": "---\nminutes: 3\n---\n\n# Loops\n\nText.\n",
    "basics/for.md": "---\nminutes: 4\n---\n\n# For\n\nText.\n",
}


def _book(root, lists: bool = False):
    (root / "src" / "basics").mkdir(parents=True)
    (root / "book.toml").write_text('[book]\ntitle = "Course"\nlanguage = "en"\n\n'
                                    '[preprocessor.course]\n', encoding="utf-8")
    (root / "src" / "SUMMARY.md").write_text(SUMMARY, encoding="utf-8")
    for name, text in FILES.items():
        (root / "src" / name).write_text(text, encoding="utf-8")
    if lists:                                     # a copy of mdbook-course from before April 2024
        (root / "mdbook-course" / "src").mkdir(parents=True)
        (root / "mdbook-course" / "src" / "course.rs").write_text(
            'String::from("In this session:\\n")', encoding="utf-8")
    logging.disable(logging.WARNING)
    try:
        config = config_mod.load(root)
        return config, {c.path.name: c.text for c in sources.read(config, "en")}
    finally:
        logging.disable(logging.NOTSET)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return _book(tmp_path_factory.mktemp("course"))


def test_durations_as_mdbook_course_rounds_them():
    assert [duration(m) for m in (0, 1, 2, 7, 60, 61, 120, 130)] == [
        "0 minutes", "1 minute", "2 minutes", "10 minutes", "1 hour", "1 hour and 5 minutes",
        "2 hours", "2 hours and 10 minutes"]


def test_relative_links_as_mdbook_course_writes_them():
    assert relative_link("welcome.md", "hello-world.md") == "./hello-world.md"
    assert relative_link("hello-world.md", "hello-world/foo.md") == "./hello-world/foo.md"
    assert relative_link("references/foo.md", "hello-world.md") == "../hello-world.md"
    assert relative_link("references/foo/bar.md", "hello-world.md") == "../../hello-world.md"
    assert relative_link("references/foo.md", "hello-world/foo.md") == "../hello-world/foo.md"


def test_chapter_names_are_the_summary_titles_text():
    assert mdbook_name("The `for_each` *Loop*") == "The for_each Loop"


def test_session_outline_sums_segments_and_breaks(book):
    _, texts = book
    # Welcome 5 + Basics (2 + 7 + 3 + 4 = 16) + one break of 10 = 31, written as 35
    assert "Including 10 minute breaks, this session should take about 35 minutes. " \
           "It contains:\n\n| Segment | Duration |\n| - | - |\n| Welcome | 5 minutes |\n" \
           "| Basics | 20 minutes |\n" in texts["welcome.md"]


def test_segment_outline_lists_slides_with_their_sub_chapters(book):
    _, texts = book
    assert "This segment should take about 20 minutes. It contains:\n\n| Slide | Duration |\n" \
           "| - | - |\n| Basics | 2 minutes |\n| Values | 10 minutes |\n" \
           "| The for_each Loop | 10 minutes |\n" in texts["basics.md"]
    assert "```\nThis segment should take about" in texts["basics.md"]   # in code too


def test_course_outline_by_name_outside_the_course(book):
    _, texts = book
    assert "Course schedule:\n * Day 1 (35 minutes, including breaks)\n\n| Segment |" \
           in texts["intro.md"]
    assert "{{%" not in texts["intro.md"]


def test_outline_messages_are_extracted(book):
    config, _ = book
    chapters = [(c.path, c.text) for c in sources.read(config, "en")]
    ids = {e.msgid for e in collect(config.source_dir, config.source_dir / "src" / "SUMMARY.md",
                                    chapters)}
    assert {"Slide", "Duration", "20 minutes", "The for_each Loop",
            "This segment should take about 20 minutes. It contains:"} <= ids


def test_older_copies_write_lists_of_links(tmp_path):
    _, texts = _book(tmp_path, lists=True)
    assert "In this segment:\n * [Basics](./basics.md) (2 minutes)\n" \
           " * [Values](./basics/values.md) (10 minutes)\n" in texts["basics.md"]
    assert "\nThis segment should take about 20 minutes\n" in texts["basics.md"]
    assert "\nIncluding 10 minute breaks, this session should take about 35 minutes\n" \
           in texts["welcome.md"]


def test_checks_know_the_directives_are_carried_out(book):
    from publish.sources.course import runs_for

    config, _ = book
    assert runs_for(config.source_dir / "src" / "basics" / "values.md")
    assert not runs_for(config.source_dir / "book.toml")
