"""Bad input: one line naming the file and line or key, non-zero exit, no traceback (issue 2)."""
from __future__ import annotations

import pytest

from publish.cli import main


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_builds_the_requested_languages(project, capsys, tmp_path):
    code, out, err = run(capsys, "epub", "--source", str(project), "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert (tmp_path / "o" / "tiny-en.epub").is_file()


# Exit codes are a documented contract (README): 3 config, 4 sources.
@pytest.mark.parametrize("edit,expected,exit_code", [
    (("source/book.toml", 'slug = "tiny"\ndate = 2024-01-02\ntitle = "T\n'), r"book.toml:3: invalid TOML", 3),
    (("source/book.toml", 'slug = "tiny"\ndate = 2024-01-02\n[[authors]]\nname = "A"\n'),
     r"book.toml: title: missing required key 'title'", 3),
    (("source/book.toml", 'slug = "tiny"\ndate = "soon"\ntitle = "T"\n[[authors]]\nname = "A"\n'),
     r"book.toml:2: date: expected a date \(YYYY-MM-DD\), got a string 'soon'", 3),
    (("source/book.toml", 'slug = "tiny"\nlanguages = ["qq"]\ndate = 2024-01-02\ntitle = "T"\n'
      '[[authors]]\nname = "A"\n'), r"book.toml:2: languages: unknown language 'qq': no data file, and CLDR does not know it \(add languages/qq.toml to the project; shipped: ar, .*\)$", 3),
    (("source/book.toml", 'slug = "tiny"\ndate = 2024-01-02\nisbn = "978-0-00-000000-1"\ntitle = "T"\n'
      '[[authors]]\nname = "A"\n'), r"book.toml:3: isbn: ISBN '978-0-00-000000-1' has a wrong check digit", 3),
    (("source/en/01-one.md", "# One\n\n![map](" + "../" * 30 + "etc/passwd)\n"), r"01-one.md:3: image '(\.\./)+etc/passwd' lies outside the project folder; refused", 4),
])
def test_bad_input_gives_one_line(project, capsys, tmp_path, edit, expected, exit_code):
    name, text = edit
    (project / name).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "epub", "--source", str(project), "--out", str(tmp_path / "o"))
    assert code == exit_code, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    import re
    assert re.search(expected, lines[0]), lines[0]
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").glob("*.epub"))


# What a careful editor would mend is mended, with one warning line, and the book is built (issue 24).
@pytest.mark.parametrize("edit,expected", [
    (("source/en/02-two.md", "   \n\n"), r"02-two.md:1: empty chapter: the file has no text; left out"),
    (("source/en/01-one.md", "Text with no title.\n"), r"01-one.md:1: chapter has no heading .* titled 'One'"),
    (("source/en/02-one.md", "# Again\n"), r"02-one.md:1: chapter slug 'one' is taken already .* 'one-2'"),
    (("source/en/01-one.md", "+++\nautor = 'x'\n+++\n# One\n"),
     r"01-one.md:2: unknown front-matter key 'autor' .*; ignored"),
])
def test_mended_input_gives_one_warning_and_a_book(project, capsys, tmp_path, edit, expected):
    import re
    name, text = edit
    (project / name).write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "epub", "--source", str(project), "--out", str(tmp_path / "o"))
    lines = err.strip().splitlines()
    assert code == 0 and len(lines) == 1, err
    assert lines[0].startswith("warning: ") and re.search(expected, lines[0]), lines[0]
    assert (tmp_path / "o" / "tiny-en.epub").is_file()


def test_not_utf8(project, capsys, tmp_path):
    (project / "source/en/01-one.md").write_bytes("# One\n\ncaf\xe9\n".encode("latin-1"))
    code, _, err = run(capsys, "epub", "--source", str(project), "--out", str(tmp_path))
    assert code == 4 and "01-one.md:3: not UTF-8" in err


def test_unknown_key_warns_and_strict_fails(project, capsys, tmp_path):
    toml = project / "source/book.toml"
    toml.write_text('colour = "red"\n' + toml.read_text())
    code, _, err = run(capsys, "epub", "--source", str(project), "--out", str(tmp_path))
    assert code == 0 and "warning:" in err and "unknown key 'colour'" in err
    code, _, err = run(capsys, "epub", "--strict", "--source", str(project), "--out", str(tmp_path))
    assert code == 3 and err.startswith("error:") and "book.toml:1: colour: unknown key" in err


def test_failed_build_keeps_previous_output(project, capsys, tmp_path):
    out = tmp_path / "o"
    assert run(capsys, "epub", "--source", str(project), "--out", str(out))[0] == 0
    before = (out / "tiny-en.epub").read_bytes()
    (project / "source/en/01-one.md").write_text("# One\n\n![x](" + "../" * 30 + "etc/passwd)\n")
    assert run(capsys, "epub", "--source", str(project), "--out", str(out))[0] == 4
    assert (out / "tiny-en.epub").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [".cache", "tiny-en.epub"]   # no partial file


def test_unknown_lang_option(project, capsys):
    code, _, err = run(capsys, "pdf", "--lang", "fr", "--source", str(project))
    assert code == 3 and "language 'fr' is not in this book" in err


def test_a_warning_prints_once_with_print_overrides(project, capsys, tmp_path):
    """Issue 10: --press and --variant are validated with the file, in one pass."""
    toml = project / "source/book.toml"
    toml.write_text('colour = "red"\n' + toml.read_text())
    code, _, err = run(capsys, "all", "--format", "epub", "--press", "--variant", "pdf/a-3b",
                       "--source", str(project), "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert [line for line in err.splitlines() if line.startswith("warning:")] == [
        f"warning: {toml}:1: colour: unknown key 'colour' (known: slug, languages, title, subtitle, "
        "description, authors, translators, original, publisher, date, calendar, subjects, rights, "
        "isbn, identifier, series, cover, chapters, toc_depth, labels, print, send, metadata, "
        "issue, contributors, offprints, onix, translations)"]


def test_an_unknown_variant_lists_weasyprints_own(project, capsys):
    code, _, err = run(capsys, "pdf", "--variant", "pdf/a-9z", "--source", str(project))
    assert code == 3
    assert err.startswith("error: --variant: expected one of ") and "pdf/a-4e" in err \
        and "pdf/x-5g" in err and err.rstrip().endswith("got 'pdf/a-9z'")


@pytest.mark.parametrize("text,warning", [
    ("# One\n\nSee [x](#nowhere).\n",
     "01-one.md:3: link to '#nowhere': no anchor '#nowhere' in 01-one.md"),
    ("# One\n\nSee [the Czech one](../README-cs.md).\n",
     "01-one.md:3: link to '../README-cs.md': '../README-cs.md' is not a chapter of this book; "
     "the link is left out, its text stays"),
    ("# One\n\nSee [gone](gone.md#top).\n",
     "01-one.md:3: link to 'gone.md#top': no file 'gone.md'; the link is left out, its text stays"),
])
def test_a_link_that_leads_nowhere_is_a_warning_and_strict_an_error(project, capsys, tmp_path, text,
                                                                    warning):
    """Issue 11: a reader merely notices a dead link; the book builds without it."""
    import zipfile
    (project / "source/en/01-one.md").write_text(text, encoding="utf-8")
    (project / "source/README-cs.md").write_text("# Jedna\n", encoding="utf-8")   # not a chapter
    out = tmp_path / "o"
    code, _, err = run(capsys, "epub", "--source", str(project), "--out", str(out))
    assert code == 0, err
    assert err.strip().splitlines() == [f"warning: {project}/source/en/{warning}"]
    with zipfile.ZipFile(out / "tiny-en.epub") as z:
        body = z.read("EPUB/one.xhtml").decode()
    assert '<span class="unlinked">' in body and "<a " not in body.split("<h1", 1)[1]
    code, _, err = run(capsys, "epub", "--strict", "--source", str(project), "--out", str(out))
    assert code == 7
    assert err.strip() == (f"error: {project}/source/en/{warning} (a warning; --strict makes it "
                           "an error)")
