"""publish/sources: the reader registry, read(), the numbered reader and the checked chapter text."""
from __future__ import annotations

import os
import types
from pathlib import Path

import pytest

from publish import config, sources
from publish.errors import SourceError
from publish.sources import RawChapter, Reader, numbered
from publish.sources.chapters import read_chapter, read_chapters
from publish.sources.text import read_text, split_front_matter

BOOK = 'slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n\n[[authors]]\nname = "A. Author"\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A minimal book whose source/en/ starts empty; the working directory is the project."""
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "source" / "book.toml").write_text(BOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def chapter(project: Path, name: str, text: str | bytes = "# One\n\nHello.\n") -> Path:
    path = project / "source" / "en" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def read_en(project: Path) -> list[RawChapter]:
    return sources.read(config.load(project), "en")


def error_of(call, *args) -> str:
    with pytest.raises(SourceError) as info:
        call(*args)
    return str(info.value)


def mended(caplog, call, *args):
    """What `call` returns, and the warnings it logged (issue 24: mended, not refused)."""
    caplog.clear()
    with caplog.at_level("WARNING", logger="publish"):
        result = call(*args)
    return result, [r.getMessage() for r in caplog.records]


# --- order and selection -------------------------------------------------------------------------

@pytest.mark.parametrize(("names", "expected"), [
    (["10-home.md", "2-road.md", "1-arrival.md"], ["1-arrival.md", "2-road.md", "10-home.md"]),
    (["02-b.md", "010-c.md", "1-a.md"], ["1-a.md", "02-b.md", "010-c.md"]),
    (["epilogue.md", "01-one.md", "afterword.md"], ["01-one.md", "afterword.md", "epilogue.md"]),
    (["03-b.md", "03-a.md"], ["03-a.md", "03-b.md"]),
])
def test_numbered_order(project, names, expected):
    for name in names:
        chapter(project, name, f"# {name}\n")
    assert [p.name for p in numbered.chapter_files(project / "source" / "en")] == expected


@pytest.mark.parametrize("skipped", ["_draft.md", ".hidden.md", "notes.txt", "01-one.markdown"])
def test_files_left_out(project, skipped):
    chapter(project, "01-one.md")
    chapter(project, skipped, "# Skip\n")
    assert [c.path.name for c in read_en(project)] == ["01-one.md"]


def test_read_gives_chapters_in_order(project):
    chapter(project, "10-home.md", "# Home\n")
    chapter(project, "2-road.md", "# Road\n")
    assert [(c.slug, c.text) for c in read_en(project)] == [("road", "# Road\n"), ("home", "# Home\n")]


def test_read_chapter_fields(project):
    path = chapter(project, "01-one.md")
    assert read_en(project) == [RawChapter(path=path.resolve(), slug="one",
                                           text="# One\n\nHello.\n", first_line=1, meta={})]


@pytest.mark.parametrize("names", [[], ["_draft.md"], [".x.md"], ["readme.txt"]])
def test_folder_without_chapters(project, names):
    for name in names:
        chapter(project, name)
    assert error_of(read_en, project) == "source/en: no chapters (*.md files) in this folder"


def test_missing_language_folder(project):
    chapter(project, "01-one.md")
    c = config.load(project)
    assert error_of(sources.read, c, "fr") == "source/fr: no folder for language 'fr'"


# --- slugs -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "text", "slug"), [
    ("01-arrival.md", "x\n", "arrival"),
    ("01_arrival.md", "x\n", "arrival"),
    ("3 Arrival Day!.md", "x\n", "arrival-day"),
    ("Épilogue.md", "x\n", "épilogue"),
    ("01.md", "x\n", "chapter-01"),
    ("01-one.md", '+++\nslug = "The Start"\n+++\nx\n', "the-start"),
    ("01-one.md", '+++\ntitle = "T"\n+++\nx\n', "one"),
])
def test_slug(project, name, text, slug):
    assert read_chapter(chapter(project, name, text)).slug == slug


@pytest.mark.parametrize(("files", "slugs", "message"), [
    ({"01-intro.md": "a\n", "02-intro.md": "b\n"}, ["intro", "intro-2"],
     "source/en/02-intro.md:1: chapter slug 'intro' is taken already (by 01-intro.md); "
     "this chapter's is 'intro-2'"),
    ({"01-one.md": "a\n", "02-one-2.md": "b\n", "03-two.md": '+++\nslug = "one"\n+++\nc\n'},
     ["one", "one-2", "one-3"],
     "source/en/03-two.md:1: chapter slug 'one' is taken already (by 01-one.md); "
     "this chapter's is 'one-3'"),
])
def test_duplicate_slugs_are_made_distinct(project, caplog, files, slugs, message):
    for name, text in files.items():
        chapter(project, name, text)
    raws, warnings = mended(caplog, read_en, project)
    assert [c.slug for c in raws] == slugs
    assert warnings[0] == message


# --- front matter ------------------------------------------------------------------------------

def test_front_matter(project):
    path = chapter(project, "01-one.md", '+++\ntitle = "The One"\nslug = "first"\n+++\n# One\n')
    c = read_chapter(path)
    assert (c.meta, c.slug, c.text, c.first_line) == \
        ({"title": "The One", "slug": "first"}, "first", "# One\n", 5)


def test_front_matter_markers_may_carry_spaces():
    assert split_front_matter('+++ \ntitle = "T"\n +++\nBody', Path("c.md")) == \
        ({"title": "T"}, "Body", 4)


def test_no_front_matter():
    assert split_front_matter("# One\n+++\n", Path("c.md")) == ({}, "# One\n+++\n", 1)


KNOWN = "title, slug, authors, translators, subtitle, standfirst, date, abstract, summary, doi, " \
    "license, tags, translation-of"


@pytest.mark.parametrize(("text", "meta", "body", "message"), [
    ('+++\ntitle = "T"\ncolour = "red"\n+++\n# One\n', {"title": "T"}, "# One\n",
     f"source/en/c.md:3: unknown front-matter key 'colour' (known: {KNOWN}); ignored"),
    ('+++\ntitle = "T"\n# One\n', {}, '+++\ntitle = "T"\n# One\n',
     "source/en/c.md:1: front matter opened with +++ is never closed; read as text"),
    ('+++\ntitle = \nslug = "s"\n+++\n# One\n', {}, "# One\n",
     "source/en/c.md:2: invalid front matter: Invalid value; the front matter is left out"),
    ('+++\nslug = "s"\nslug = "t"\ntitle = "T"\n+++\n# One\n', {}, "# One\n",
     "source/en/c.md:3: invalid front matter: Cannot overwrite a value; the front matter is left out"),
    ('+++\ntitle = "T"\nslug = 3\n+++\n# One\n', {"title": "T"}, "# One\n",
     "source/en/c.md:3: front-matter key 'slug' must be a string; ignored"),
    ('+++\ntitle = ["T"]\n+++\n# One\n', {}, "# One\n",
     "source/en/c.md:2: front-matter key 'title' must be a string; ignored"),
])
def test_front_matter_faults_are_mended(project, caplog, text, meta, body, message):
    raw, warnings = mended(caplog, read_chapter, chapter(project, "c.md", text))
    assert (raw.meta, raw.text, warnings) == (meta, body, [message])


def test_article_keys_in_front_matter_are_kept_without_a_warning(project, caplog):
    text = '+++\nsubtitle = "S"\ntags = ["a", "b"]\ndate = 2024-05-01\n+++\n# One\n'
    raw, warnings = mended(caplog, read_chapter, chapter(project, "c.md", text))
    assert (raw.meta["subtitle"], raw.meta["tags"], str(raw.meta["date"]), warnings) == \
        ("S", ["a", "b"], "2024-05-01", [])


# --- the text ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line"), [
    ("", 1),
    ("  \n\n\t\n", 1),
    ('+++\ntitle = "T"\n+++\n', 4),
    ('+++\ntitle = "T"\n+++\n\n   \n', 4),
])
def test_empty_chapter_is_left_out(project, caplog, text, line):
    assert mended(caplog, read_chapter, chapter(project, "c.md", text)) == \
        (None, [f"source/en/c.md:{line}: empty chapter: the file has no text; left out"])


@pytest.mark.parametrize(("data", "line", "byte", "offset"), [
    (b"\xff# One\n", 1, 0xFF, 0),
    (b"# One\n\nHello \xe9t\xe9\n", 3, 0xE9, 13),
    (b"# One\r\n\r\nCaf\xc3\n", 3, 0xC3, 12),
])
def test_non_utf8_is_refused(project, data, line, byte, offset):
    with pytest.raises(SourceError) as info:
        read_text(chapter(project, "c.md", data))
    assert str(info.value) == (
        f"source/en/c.md:{line}: not UTF-8 text (byte 0x{byte:02x} at offset {offset}); "
        "save the file as UTF-8")
    assert info.value.finding == "text-undecodable"


@pytest.mark.parametrize(("text", "line", "column", "code", "clean"), [
    ("# One\n\nab\x01c\n", 3, 3, "0001", "# One\n\nabc\n"),
    ("\x00# One\n", 1, 1, "0000", "# One\n"),
    ("# One\n\x7f\n", 2, 1, "007F", "# One\n\n"),
    ("# One\r\n\r\nab\x0bc\r\n", 3, 3, "000B", "# One\n\nabc\n"),
    ("# One\n\x0c\n", 2, 1, "000C", "# One\n\n"),
    ("# One\nabc\ufffe\n", 2, 4, "FFFE", "# One\nabc\n"),
    ("\ufeff\x1b\n", 1, 1, "001B", "\n"),        # counted after the byte-order mark is dropped
    ("Work\x08ing on it\n", 1, 5, "0008", "Working on it\n"),
])
def test_control_character_is_removed(project, caplog, text, line, column, code, clean):
    assert mended(caplog, read_text, chapter(project, "c.md", text)) == (clean, [
        f"source/en/c.md:{line}: control character U+{code} at column {column} "
        "is invisible and not allowed in a book; removed"])


def test_control_characters_give_one_warning_per_file(project, caplog):
    text, warnings = mended(caplog, read_text, chapter(project, "c.md", "a\x01\nb\x02c\x03\n"))
    assert text == "a\nbc\n"
    assert warnings == ["source/en/c.md:1: control character U+0001 at column 2 (and 2 more in "
                        "the file) is invisible and not allowed in a book; removed"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(project, caplog, encoding):
    body = "# Ünï\r\n\r\n€ 𝄞\r".encode(encoding)
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    assert mended(caplog, read_text, chapter(project, "c.md", bom + body)) == \
        ("# Ünï\n\n€ 𝄞\n", [])


def test_a_binary_file_is_left_out(project, caplog):
    path = chapter(project, "c.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")
    assert mended(caplog, read_text, path) == (None, [
        "source/en/c.md: a binary file, not text (it holds NUL bytes and is not UTF-8); left out"])


@pytest.mark.parametrize("make,reason", [
    (lambda p: p.mkdir(), "a folder"),
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.symlink_to(p.name), "Too many levels of symbolic links"),
    (lambda p: p.symlink_to("nowhere.md"), "No such file or directory"),
])
def test_a_file_that_cannot_be_read_is_left_out(project, caplog, make, reason):
    path = project / "source" / "en" / "c.md"
    make(path)
    assert mended(caplog, read_text, path) == (None, [f"source/en/c.md: cannot read ({reason}); left out"])


@pytest.mark.parametrize(("text", "expected"), [
    ("a\tb\nc\n", "a\tb\nc\n"),           # tab and newline are allowed
    ("a\r\nb\r\n", "a\nb\n"),             # CRLF normalised
    ("a\rb\r", "a\nb\n"),                 # a lone CR too
    ("\ufeffa\n", "a\n"),                 # BOM stripped
    ("\ufeff\ufeffa\n", "\ufeffa\n"),     # only the first one
    ("é\u202f»\n", "é\u202f»\n"),
])
def test_read_text(project, text, expected):
    assert read_text(chapter(project, "c.md", text)) == expected


def test_read_text_missing_file(project, caplog):
    assert mended(caplog, read_text, project / "source" / "en" / "gone.md") == \
        (None, ["source/en/gone.md: cannot read (No such file or directory); left out"])


def test_crlf_and_bom_through_front_matter(project):
    path = chapter(project, "01-one.md", '\ufeff+++\r\ntitle = "T"\r\n+++\r\n# One\r\n\r\nHi\r\n')
    c = read_chapter(path)
    assert (c.meta, c.text, c.first_line) == ({"title": "T"}, "# One\n\nHi\n", 4)


def test_read_chapters_refuses_a_file_outside_the_root(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "01-x.md"
    outside.write_text("x\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_chapters([outside], project)
    assert info.value.message == f"chapter '{outside}' lies outside the project folder; refused"


def test_read_refuses_a_symlinked_chapter_outside_the_root(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("x\n", encoding="utf-8")
    (project / "source" / "en" / "01-link.md").symlink_to(outside)
    with pytest.raises(SourceError, match="lies outside the project folder; refused"):
        read_en(project)


# --- the registry --------------------------------------------------------------------------------

def test_registry_has_the_numbered_reader():
    assert numbered.READER in sources.readers()
    assert (numbered.READER.name, numbered.READER.precedence) == ("numbered", 90)


def test_registry_is_sorted_by_precedence():
    found = sources.readers()
    assert list(found) == sorted(found, key=lambda r: (r.precedence, r.name))


def test_registry_sorts_what_it_finds(monkeypatch):
    def reader(name, precedence):
        return Reader(name, precedence, lambda c, f: True, lambda c, f: [])

    modules = {"late": reader("late", 50), "early": reader("early", 10), "tie": reader("a-tie", 50)}
    infos = [types.SimpleNamespace(name=n) for n in (*modules, "helper")]
    monkeypatch.setattr(sources.pkgutil, "iter_modules", lambda path: infos)
    monkeypatch.setattr(sources.importlib, "import_module", lambda name: types.SimpleNamespace(
        READER=modules.get(name.rsplit(".", 1)[-1], "not a reader")))
    sources.readers.cache_clear()
    try:
        assert [r.name for r in sources.readers()] == ["early", "a-tie", "late"]
    finally:
        monkeypatch.undo()
        sources.readers.cache_clear()


def _fake(name: str, precedence: int, applies: bool, calls: list) -> Reader:
    def read(cfg, edition):
        calls.append((name, edition.folder))
        return [RawChapter(path=edition.folder / "x.md", slug=name, text="x", first_line=1)]

    return Reader(name=name, precedence=precedence, applies=lambda c, f: applies, read=read)


def test_reader_that_applies_first_is_used(project, monkeypatch):
    chapter(project, "01-one.md")
    calls: list = []
    monkeypatch.setattr(sources, "readers", lambda: (_fake("mine", 10, True, calls), numbered.READER))
    assert [c.slug for c in read_en(project)] == ["mine"]
    assert calls == [("mine", project.resolve() / "source" / "en")]


def test_reader_that_does_not_apply_is_skipped(project, monkeypatch):
    chapter(project, "01-one.md")
    calls: list = []
    monkeypatch.setattr(sources, "readers", lambda: (_fake("mine", 10, False, calls), numbered.READER))
    assert ([c.slug for c in read_en(project)], calls) == (["one"], [])


def test_lower_precedence_reader_used_even_for_empty_folder(project, monkeypatch):
    calls: list = []
    monkeypatch.setattr(sources, "readers", lambda: (_fake("mine", 10, True, calls), numbered.READER))
    assert [c.slug for c in read_en(project)] == ["mine"]


def test_no_reader_applies(project, monkeypatch):
    chapter(project, "01-one.md")
    monkeypatch.setattr(sources, "readers", lambda: (_fake("mine", 10, False, []),))
    assert error_of(read_en, project) == "source/en: no chapters (*.md files) in this folder"


@pytest.mark.parametrize(("names", "applies"), [([], False), (["_x.md"], False), (["a.md"], True)])
def test_numbered_applies(project, names, applies):
    for name in names:
        chapter(project, name)
    cfg = config.load(project)
    assert numbered.READER.applies(cfg, cfg.edition("en")) is applies


# -- mdBook includes (includes.py, issue 11) ---------------------------------------------

LISTING = "// ANCHOR: all\nfn main() {\n    // ANCHOR: body\n    println!(\"hi\");\n    // ANCHOR_END: body\n}\n// ANCHOR_END: all\n"


@pytest.mark.parametrize("directive,expected", [
    ("{{#include listing.rs}}", 'fn main() {\n    println!("hi");\n}'),
    ("{{#include listing.rs:body}}", '    println!("hi");'),
    ("{{#rustdoc_include listing.rs:body}}", '    println!("hi");'),
    ("{{#include listing.rs:2}}", "fn main() {"),
    ("{{#include listing.rs:2:4}}", 'fn main() {\n    println!("hi");'),
    ("{{#include listing.rs::2}}", "fn main() {"),
    ("{{#include listing.rs:6:}}", "}"),
    ("\\{{#include listing.rs}}", "{{#include listing.rs}}"),
])
def test_includes_expand_as_mdbook_does(project, directive, expected):
    (project / "source" / "en" / "listing.rs").write_text(LISTING, encoding="utf-8")
    path = chapter(project, "01-one.md", f"# One\n\n```rust\n{directive}\n```\n")
    raw = read_chapter(path, project)
    assert raw.text == f"# One\n\n```rust\n{expected}\n```\n"


def test_lines_after_an_include_keep_their_own_numbers(project):
    (project / "source" / "en" / "listing.rs").write_text(LISTING, encoding="utf-8")
    path = chapter(project, "01-one.md", "# One\n\n{{#include listing.rs}}\n\nlast\n")
    raw = read_chapter(path, project)
    lines = raw.text.split("\n")
    assert raw.origins[lines.index("last")] == 5 and raw.origins[lines.index("fn main() {")] == 3


def test_an_include_outside_the_project_is_refused_at_its_line(project):
    path = chapter(project, "01-one.md", "# One\n\ntext\n{{#include ../../../../etc/passwd}}\n")
    with pytest.raises(SourceError) as err:
        read_chapter(path, project)
    assert (err.value.message, err.value.line, err.value.finding) == (
        "included file '../../../../etc/passwd' lies outside the project folder; refused", 4,
        "outside-project")


@pytest.mark.parametrize("files,directive,message", [
    ({}, "{{#include gone.rs}}", "01-one.md:4: included file 'gone.rs' not found; left out"),
    ({}, "{{#include 01-one.md}}", "01-one.md:4: included file '01-one.md' includes itself; left out"),
    ({"a.md": "A {{#include b.md}}\n", "b.md": "B {{#include a.md}}\n"}, "{{#include a.md}}",
     "b.md:1: included file 'a.md' is being included already (an include loop); left out"),
    ({"d": None}, "{{#include d}}", "01-one.md:4: included file 'd' is a folder, not a file; left out"),
])
def test_a_bad_include_is_left_out_with_a_warning_at_its_line(project, caplog, files, directive,
                                                               message):
    for name, text in files.items():
        target = project / "source" / "en" / name
        target.mkdir() if text is None else target.write_text(text, encoding="utf-8")
    path = chapter(project, "01-one.md", f"# One\n\ntext\n{directive}\n")
    raw, warnings = mended(caplog, read_chapter, path, project)
    assert "{{#include" not in raw.text and raw.text.startswith("# One\n\ntext\n")
    assert [w.rsplit("/", 1)[-1] for w in warnings] == [message]


def test_includes_nested_too_deep_are_cut_with_one_warning(project, caplog):
    for n in range(15):
        chapter(project, f"i{n}.md", f"level {n}\n{{{{#include i{n + 1}.md}}}}\n")
    chapter(project, "i15.md", "bottom\n")
    raw, warnings = mended(caplog, read_chapter, chapter(project, "01-one.md", "# One\n{{#include i0.md}}\n"),
                           project)
    assert "level 9" in raw.text and "level 10" not in raw.text
    assert [w.rsplit("/", 1)[-1] for w in warnings] == [
        "i9.md:2: included file 'i10.md' is nested more than 10 includes deep; left out"]


def test_a_missing_include_anchor_is_a_warning_and_includes_nothing(project, caplog):
    (project / "source" / "en" / "listing.rs").write_text(LISTING, encoding="utf-8")
    path = chapter(project, "01-one.md", "# One\n\ntext\n{{#include listing.rs:nowhere}}\n")
    with caplog.at_level("WARNING", logger="publish"):
        raw = read_chapter(path, project)
    assert raw.text == "# One\n\ntext\n\n"
    assert [r.getMessage().rsplit("/", 1)[-1] for r in caplog.records] == [
        "01-one.md:4: no anchor 'nowhere' in included file 'listing.rs'; nothing included"]


# -- other tools' marks: YAML front matter, preprocessor directives (issue 11) -----------

@pytest.mark.parametrize("text,meta,body,line", [
    ("---\nminutes: 5\n---\n# One\n", {"yaml_keys": ["minutes"]}, "# One\n", 4),
    ("---\ntitle: 'The One'\nslug: first\ntags:\n  - a\n  - b\n---\n\n# One\n",
     {"yaml_keys": ["title", "slug", "tags"], "title": "The One", "slug": "first",
      "tags": ["a", "b"]}, "\n# One\n", 8),
])
def test_yaml_front_matter_is_taken_out(text, meta, body, line):
    assert split_front_matter(text, Path("c.md")) == (meta, body, line)


@pytest.mark.parametrize("text", [
    "---\n\nA thematic break, then prose: not front matter.\n---\n",
    "---\nJust a sentence: with a colon\n---\n",
    "---\nkey: value\n",                               # never closed: text after all
])
def test_a_rule_followed_by_text_is_not_front_matter(text):
    assert split_front_matter(text, Path("c.md")) == ({}, text, 1)


def test_yaml_front_matter_gives_title_and_slug(project):
    raw = read_chapter(chapter(project, "01-one.md", "---\ntitle: Given\nslug: given\n---\nText.\n"))
    assert (raw.meta["title"], raw.slug, raw.text, raw.first_line) == ("Given", "given", "Text.\n", 5)


@pytest.mark.parametrize("line,expected", [
    ("{{%session outline}}", ""),
    ("Before {{#foo bar}} after", "Before  after"),
    ("Kept in code: `{{%segment outline}}` and `{{#each x}}`",
     "Kept in code: `{{%segment outline}}` and `{{#each x}}`"),
])
def test_foreign_directives_leave_prose_but_not_code(project, line, expected):
    raw = read_chapter(chapter(project, "01-one.md", f"# One\n\n{line}\n\n```hbs\n{{{{#each items}}}}\n```\n"))
    assert raw.text == f"# One\n\n{expected}\n\n```hbs\n{{{{#each items}}}}\n```\n"


# -- nesting too deep to lay out (nesting.py, issue 24) -----------------------------------

from publish.sources.nesting import MAX_DEPTH, flatten  # noqa: E402


def _flat(caplog, text):
    return mended(caplog, flatten, text, Path("c.md"), lambda n: n + 10)


def test_quotes_deeper_than_the_limit_are_set_at_the_limit(caplog):
    text = "intro\n\n" + "> " * 30 + "deep\n" + ">" * 25 + " deeper\n"
    out, warnings = _flat(caplog, text)
    assert out == "intro\n\n" + "> " * MAX_DEPTH + "deep\n" + "> " * MAX_DEPTH + "deeper\n"
    assert warnings == [f"c.md:13: nesting deeper than {MAX_DEPTH} levels (quotes or lists) is "
                        f"flattened to {MAX_DEPTH}"]


def test_list_items_deeper_than_the_limit_become_siblings_of_the_deepest_kept(caplog):
    lines = ["    " * n + f"- item {n}" for n in range(25)] + ["- back at the top"]
    out, warnings = _flat(caplog, "\n".join(lines))
    indents = [len(line) - len(line.lstrip()) for line in out.split("\n")]
    assert indents == [4 * n for n in range(MAX_DEPTH)] + [4 * (MAX_DEPTH - 1)] * 5 + [0]
    assert len(warnings) == 1 and warnings[0].startswith(f"c.md:{MAX_DEPTH + 11}:")


@pytest.mark.parametrize("text", [
    "plain text\n\n> a quote\n> > nested\n",
    "\n".join("  " * n + "- item" for n in range(MAX_DEPTH)),
    "```\n" + "> " * 40 + "code stays\n" + "    " * 40 + "- code too\n```\n",
    "Name: " + "_" * 60 + "\n",
])
def test_nesting_within_the_limit_or_in_code_is_left_alone(caplog, text):
    assert _flat(caplog, text) == (text, [])


# -- SUMMARY.md and `chapters` entries that cannot be read (issue 24) ---------------------

def test_summary_entries_missing_repeated_or_itself_are_left_out(project, caplog):
    chapter(project, "01-one.md")
    (project / "source" / "en" / "d").mkdir()
    chapter(project, "SUMMARY.md", "# Summary\n\n- [One](01-one.md)\n- [Gone](gone.md)\n"
            "- [Again](./01-one.md)\n- [Me](SUMMARY.md)\n- [Folder](d)\n")
    raws, warnings = mended(caplog, read_en, project)
    assert [r.path.name for r in raws] == ["01-one.md"]
    assert warnings == [
        "source/en/SUMMARY.md:5: '01-one.md' is listed already (line 3); the first entry is kept",
        "source/en/SUMMARY.md:6: SUMMARY.md lists itself; the entry is left out",
        "source/en/SUMMARY.md:4: chapter 'gone.md' not found; left out",
        "source/en/SUMMARY.md:7: chapter 'd' is a folder, not a file; left out"]


def test_a_summary_with_nothing_readable_is_refused(project, caplog):
    chapter(project, "SUMMARY.md", "# Summary\n\n- [Gone](gone.md)\n")
    with caplog.at_level("WARNING", logger="publish"), pytest.raises(SourceError) as info:
        read_en(project)
    assert (str(info.value), info.value.finding) == (
        "source/en/SUMMARY.md: SUMMARY.md lists no chapter that can be read", "nothing-readable")


def test_summary_chapters_in_two_folders_keep_distinct_slugs(project):
    for folder in ("a", "b"):
        (project / "source" / "en" / folder).mkdir()
        chapter(project, f"{folder}/README.md", f"# {folder}\n")
    chapter(project, "SUMMARY.md", "- [A](a/README.md)\n- [B](b/README.md)\n")
    assert [r.slug for r in read_en(project)] == ["a-readme", "b-readme"]


def test_a_listed_chapter_that_is_missing_is_left_out(project, caplog):
    chapter(project, "01-one.md")
    toml = project / "source" / "book.toml"
    toml.write_text(BOOK.replace('title = "Tiny"\n', 'title = "Tiny"\nchapters = ["01-one.md", "gone.md"]\n'),
                    encoding="utf-8")
    raws, warnings = mended(caplog, read_en, project)
    assert [r.path.name for r in raws] == ["01-one.md"]
    assert len(warnings) == 1 and warnings[0].startswith("source/book.toml:4: chapters: chapter "
                                                         "'gone.md' not found (in ")


def test_a_folder_of_chapters_none_of_them_readable_is_refused(project, caplog):
    chapter(project, "01-one.md", b"\x00\xff\x00\xfe")
    with caplog.at_level("WARNING", logger="publish"), pytest.raises(SourceError) as info:
        read_en(project)
    assert (str(info.value), info.value.finding) == (
        "source/en: no chapter left to read (see the warnings above)", "nothing-readable")


def test_chapters_in_a_submodule_not_checked_out_are_refused_naming_it(project, caplog):
    (project / "upstream").mkdir()          # what `git clone` without --recursive leaves
    (project / ".gitmodules").write_text('[submodule "upstream"]\n\tpath = upstream\n'
                                         '\turl = https://example.org/upstream.git\n')
    (project / "source" / "en" / "01-one.md").symlink_to(project / "upstream" / "one.md")
    with caplog.at_level("WARNING", logger="publish"), pytest.raises(SourceError) as info:
        read_en(project)
    assert str(info.value) == ("source/en: no chapter left to read; git submodule 'upstream' is "
                               "not checked out (run `git submodule update --init`)")
    (project / "upstream" / "one.md").write_text("# One\n")     # once fetched, it builds
    assert [r.path.name for r in read_en(project)] == ["01-one.md"]
