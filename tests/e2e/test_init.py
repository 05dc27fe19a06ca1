"""`publish init DIR`: the new project builds and checks clean as is, and nothing is ever overwritten."""
from __future__ import annotations

import datetime as _dt
import tomllib
from pathlib import Path

import pytest

from publish.languages import available

from conftest import run_epubcheck
from publish import config as config_mod
from publish.cli import main

LANGS = ("en", "fr", "ru")
CHAPTERS = {"en": "01-first-chapter.md", "fr": "01-premier-chapitre.md", "ru": "01-pervaya-glava.md"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def new_project(tmp_path_factory) -> tuple[Path, int, str, str]:
    """`init` into a fresh folder, with the default languages; (folder, code, stdout, stderr)."""
    import contextlib
    import io

    root = tmp_path_factory.mktemp("init") / "my-novel"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["init", str(root)])
    return root, code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def built(new_project, tmp_path_factory):
    """The new project's EPUBs and PDFs, built with --strict; (code, stdout, stderr) per format."""
    import contextlib
    import io

    root = new_project[0]
    results = {}
    for fmt in ("epub", "pdf"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([fmt, "--source", str(root), "--strict"])
        results[fmt] = (code, out.getvalue(), err.getvalue())
    return results


def test_init_writes_config_chapters_and_gitignore(new_project):
    root, code, out, err = new_project
    assert (code, err) == (0, "")
    written = [root / "source/book.toml", *(root / "source" / lang / CHAPTERS[lang] for lang in LANGS),
               root / ".gitignore"]
    assert out.splitlines() == [f"created {path}" for path in written] + \
        [f"next: python -m publish all --source {root}"]
    assert (root / ".gitignore").read_text() == "build/\n"
    for lang in LANGS:
        text = (root / "source" / lang / CHAPTERS[lang]).read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0].startswith("# ") and sum(line.startswith("## ") for line in lines) == 1
        assert "[^1]:" in text and '"' in text and "--" in text     # plain keyboard typography


def test_the_config_is_documented_and_complete(new_project):
    root = new_project[0]
    path = root / "source/book.toml"
    text = path.read_text(encoding="utf-8")
    assert sum(line.startswith("#") for line in text.splitlines()) > 20
    raw = tomllib.loads(text)
    assert {"slug", "title", "authors", "date"} <= set(raw)
    assert raw["slug"] == "my-novel" and raw["languages"] == list(LANGS)
    assert raw["date"] == _dt.date.today()
    assert set(raw["authors"][0]["bio"]) == set(LANGS)
    config = config_mod.load(root, strict=True)
    assert config.languages == LANGS
    for lang in LANGS:
        for key in ("title", "description", "publisher", "rights", "subjects"):
            assert getattr(config.edition(lang), key)


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_the_new_project_builds_without_a_warning(new_project, built, fmt):
    root = new_project[0]
    code, out, err = built[fmt]
    assert (code, err) == (0, "")
    assert out.splitlines() == [str(root / "build" / f"my-novel-{lang}.{fmt}") for lang in LANGS]


@pytest.mark.java
@pytest.mark.parametrize("lang", LANGS)
def test_the_new_project_passes_epubcheck(new_project, built, lang):
    messages = run_epubcheck(new_project[0] / "build" / f"my-novel-{lang}.epub")
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []


def test_the_new_project_checks_clean(new_project, built, capsys):
    code, out, err = run(capsys, "check", "--source", str(new_project[0]), "--no-epubcheck")
    assert (code, out, err) == (0, "", "0 error(s), 0 warning(s)\n")


def test_init_refuses_an_existing_project_in_one_line(new_project, capsys):
    root = new_project[0]
    config = root / "source/book.toml"
    before = config.read_bytes()
    code, out, err = run(capsys, "init", str(root))
    assert (code, out) == (6, "")
    assert err == f"error: {config}: a book project is already here; init never overwrites files\n"
    assert config.read_bytes() == before


def test_init_never_overwrites_a_chapter(tmp_path, capsys):
    chapter = tmp_path / "source/fr/01-premier-chapitre.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("# Le mien\n")
    code, _, err = run(capsys, "init", str(tmp_path), "--lang", "fr")
    assert code == 6
    assert err == f"error: {chapter}: already exists; init never overwrites files\n"
    assert chapter.read_text() == "# Le mien\n"
    assert not (tmp_path / "source/book.toml").exists() and not (tmp_path / ".gitignore").exists()


def test_title_author_and_languages_from_the_command_line(tmp_path, capsys):
    root = tmp_path / "Мой роман"
    code, _, err = run(capsys, "init", str(root), "--lang", "ru", "--lang", "fr,ru",
                       "--title", 'Le "vrai" titre \\ ici', "--author", "Marie Curie")
    assert (code, err) == (0, "")
    config = config_mod.load(root, strict=True)
    assert config.languages == ("ru", "fr")
    assert config.slug == "le-vrai-titre-ici"                 # the folder's name has no ASCII
    assert config.edition("fr").title == 'Le "vrai" titre \\ ici'
    assert config.edition("fr").authors[0].name == "Marie Curie"
    assert config.edition("ru").rights == f"© Marie Curie, {_dt.date.today().year}. Все права защищены."
    assert sorted(p.name for p in (root / "source").iterdir()) == ["book.toml", "fr", "ru"]


def test_an_existing_gitignore_gains_build_once(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/.gitignore").write_text("*.pyc")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/.gitignore").write_text("/build/\n")
    assert main(["init", str(tmp_path / "a"), "--lang", "en"]) == 0
    assert main(["init", str(tmp_path / "b"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "a/.gitignore").read_text() == "*.pyc\nbuild/\n"
    assert (tmp_path / "b/.gitignore").read_text() == "/build/\n"
    assert f"updated {tmp_path / 'a/.gitignore'}" in out and "b/.gitignore" not in out


@pytest.mark.parametrize("args, message", [
    (["--lang", "qq"], "--lang: unknown language 'qq': no data file, and CLDR does not know it (add languages/qq.toml to the project; shipped: "
     + ", ".join(available()) + ")"),
    (["--title", "Le livre \U00013000"], "--title: no embedded font has U+13000 '\U00013000'"),
    (["--author", "  "], "--author: expected some text on one line"),
])
def test_bad_options_are_one_line_errors(tmp_path, capsys, args, message):
    code, out, err = run(capsys, "init", str(tmp_path / "book"), *args)
    assert (code, out, err) == (3, "", f"error: {message}\n")
    assert not (tmp_path / "book").exists()


def test_a_language_with_no_sample_gets_the_english_one_and_a_note(tmp_path, capsys):
    """Issue 12: any shipped language can start a book; init has sample text in three."""
    code, out, err = run(capsys, "init", str(tmp_path / "book"), "--lang", "lo,ar")
    assert code == 0 and err == ""
    assert "note: no sample text in 'lo' (init has: en, fr, ru); the English sample stands in, " \
           "in source/lo/: replace it" in out
    assert (tmp_path / "book" / "source" / "lo" / "01-first-chapter.md").is_file()
    code, out, err = run(capsys, "check", "--source", str(tmp_path / "book"), "--no-epubcheck")
    assert (code, out) == (0, "")
