"""publish/sources: the reader registry, read(), the numbered reader and the checked chapter text."""
from __future__ import annotations

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


@pytest.mark.parametrize(("files", "message"), [
    ({"01-intro.md": "a\n", "02-intro.md": "b\n"},
     "source/en/02-intro.md:1: duplicate chapter slug 'intro' (also 01-intro.md)"),
    ({"01-one.md": "a\n", "02-two.md": '+++\nslug = "one"\n+++\nb\n'},
     "source/en/02-two.md:1: duplicate chapter slug 'one' (also 01-one.md)"),
])
def test_duplicate_slugs(project, files, message):
    for name, text in files.items():
        chapter(project, name, text)
    assert error_of(read_en, project) == message


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


@pytest.mark.parametrize(("text", "message"), [
    ('+++\ntitle = "T"\ncolour = "red"\n+++\n# One\n',
     "source/en/c.md:3: unknown front-matter key 'colour' (known: title, slug)"),
    ('+++\ntitle = "T"\n# One\n', "source/en/c.md:1: front matter opened with +++ is never closed"),
    ('+++\ntitle = \nslug = "s"\n+++\n# One\n', "source/en/c.md:2: invalid front matter: Invalid value"),
    ('+++\nslug = "s"\nslug = "t"\ntitle = "T"\n+++\n# One\n',
     "source/en/c.md:3: invalid front matter: Cannot overwrite a value"),
    ('+++\ntitle = "T"\nslug = 3\n+++\n# One\n', "source/en/c.md:3: front-matter key 'slug' must be a string"),
    ('+++\ntitle = ["T"]\n+++\n# One\n', "source/en/c.md:2: front-matter key 'title' must be a string"),
])
def test_front_matter_errors(project, text, message):
    assert error_of(read_chapter, chapter(project, "c.md", text)) == message


# --- the text ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line"), [
    ("", 1),
    ("  \n\n\t\n", 1),
    ('+++\ntitle = "T"\n+++\n', 4),
    ('+++\ntitle = "T"\n+++\n\n   \n', 4),
])
def test_empty_chapter(project, text, line):
    assert error_of(read_chapter, chapter(project, "c.md", text)) == \
        f"source/en/c.md:{line}: empty chapter: the file has no text"


@pytest.mark.parametrize(("data", "line", "byte", "offset"), [
    (b"\xff# One\n", 1, 0xFF, 0),
    (b"# One\n\nHello \xe9t\xe9\n", 3, 0xE9, 13),
    (b"# One\r\n\r\nCaf\xc3\n", 3, 0xC3, 12),
])
def test_non_utf8(project, data, line, byte, offset):
    assert error_of(read_text, chapter(project, "c.md", data)) == (
        f"source/en/c.md:{line}: not UTF-8 text (byte 0x{byte:02x} at offset {offset}); "
        "save the file as UTF-8")


@pytest.mark.parametrize(("text", "line", "column", "code"), [
    ("# One\n\nab\x01c\n", 3, 3, "0001"),
    ("\x00# One\n", 1, 1, "0000"),
    ("# One\n\x7f\n", 2, 1, "007F"),
    ("# One\r\n\r\nab\x0bc\r\n", 3, 3, "000B"),
    ("# One\n\x0c\n", 2, 1, "000C"),
    ("# One\nabc\ufffe\n", 2, 4, "FFFE"),
    ("\ufeff\x1b\n", 1, 1, "001B"),        # counted after the byte-order mark is dropped
])
def test_control_character(project, text, line, column, code):
    assert error_of(read_text, chapter(project, "c.md", text)) == (
        f"source/en/c.md:{line}: control character U+{code} at column {column} "
        "(invisible, and not allowed in a book); delete it")


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


def test_read_text_missing_file(project):
    assert error_of(read_text, project / "source" / "en" / "gone.md") == \
        "source/en/gone.md: cannot read: No such file or directory"


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


@pytest.mark.parametrize("directive,message", [
    ("{{#include gone.rs}}", "included file 'gone.rs' not found"),
    ("{{#include ../../../../etc/passwd}}",
     "included file '../../../../etc/passwd' lies outside the project folder; refused"),
])
def test_a_bad_include_is_an_error_at_its_line(project, directive, message):
    (project / "source" / "en" / "listing.rs").write_text(LISTING, encoding="utf-8")
    path = chapter(project, "01-one.md", f"# One\n\ntext\n{directive}\n")
    with pytest.raises(SourceError) as err:
        read_chapter(path, project)
    assert (err.value.message, err.value.line) == (message, 4)


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
     {"yaml_keys": ["title", "slug", "tags"], "title": "The One", "slug": "first"}, "\n# One\n", 8),
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
