"""One edition's fault stays in that edition (issue 24): the others are written, as `make -k` does."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from publish import writers
from publish.cli import main

CHAPTERS = {"en": "# One\n\nHello.\n", "fr": "# Un\n\nBonjour.\n", "ru": "# Один\n\nПривет.\n"}
BROKEN_FR = "# Un\n\nCaf\xe9 cr\xe8me.\n".encode("latin-1")      # not UTF-8: a refusal


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def trio(tmp_path) -> Path:
    """A project in English, French and Russian."""
    src = tmp_path / "p" / "source"
    src.mkdir(parents=True)
    (src / "book.toml").write_text(
        'slug = "trio"\ndate = 2024-01-02\nlanguages = ["en", "fr", "ru"]\ntitle = "Trio"\n'
        '[[authors]]\nname = "A. Author"\n', encoding="utf-8")
    for code, text in CHAPTERS.items():
        (src / code).mkdir()
        (src / code / "01-one.md").write_text(text, encoding="utf-8")
    return tmp_path / "p"


def _french_built_then_broken(capsys, trio: Path, out: Path, *formats: str) -> dict:
    """Builds the French edition alone, then breaks its chapter; what was there before."""
    for fmt in formats:
        code, _, err = run(capsys, fmt, "--lang", "fr", "--source", str(trio), "--out", str(out))
        assert code == 0, err
    (trio / "source/fr/01-one.md").write_bytes(BROKEN_FR)
    return _snapshot(out, "fr", formats)


def _snapshot(out: Path, lang: str, formats) -> dict:
    """Bytes and mtime of each output of `lang`, and its cache stamp."""
    snap = {}
    for fmt in formats:
        path = out / f"trio-{lang}.{fmt}"
        stamp = out / ".cache/outputs" / f"{path.name}.json"
        snap[fmt] = (path.read_bytes(), path.stat().st_mtime_ns, stamp.read_bytes())
    return snap


def _refusal_listed_last(err: str, files: str) -> None:
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and "source/fr/01-one.md:3: not UTF-8" in last, err
    assert last.endswith(f"(not built: {files})"), last
    assert "Traceback" not in err


def test_all_writes_the_other_editions_and_lists_the_refused_one(trio, capsys, tmp_path):
    out = tmp_path / "out"
    before = _french_built_then_broken(capsys, trio, out, "epub")
    code, stdout, err = run(capsys, "all", "--format", "epub", "--jobs", "1", "--source", str(trio),
                            "--out", str(out))
    assert code == 4, err                                         # a source refusal's code
    assert (out / "trio-en.epub").is_file() and (out / "trio-ru.epub").is_file()
    assert [line.split()[1] for line in stdout.splitlines() if "trio-" in line] == ["en", "ru"]
    _refusal_listed_last(err, "trio-fr.epub")
    assert _snapshot(out, "fr", ["epub"]) == before               # the previous French book
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".part")) == []


def test_the_epub_verb_goes_on_past_a_refused_edition(trio, capsys, tmp_path):
    out = tmp_path / "out"
    before = _french_built_then_broken(capsys, trio, out, "epub")
    code, stdout, err = run(capsys, "epub", "--source", str(trio), "--out", str(out))
    assert code == 4, err
    assert [Path(line).name for line in stdout.splitlines()] == ["trio-en.epub", "trio-ru.epub"]
    _refusal_listed_last(err, "trio-fr.epub")
    assert _snapshot(out, "fr", ["epub"]) == before
    # Put back as it was, the French chapter finds its book up to date (stamp untouched);
    # changed, it is built.
    (trio / "source/fr/01-one.md").write_text(CHAPTERS["fr"], encoding="utf-8")
    assert run(capsys, "epub", "--source", str(trio), "--out", str(out))[0] == 0
    assert _snapshot(out, "fr", ["epub"]) == before
    (trio / "source/fr/01-one.md").write_text("# Un\n\nCafé crème.\n", encoding="utf-8")
    assert run(capsys, "epub", "--source", str(trio), "--out", str(out))[0] == 0
    assert _snapshot(out, "fr", ["epub"])["epub"][0] != before["epub"][0]


def test_only_refused_editions_give_the_plain_error_line(trio, capsys, tmp_path):
    (trio / "source/fr/01-one.md").write_bytes(BROKEN_FR)
    code, stdout, err = run(capsys, "epub", "--lang", "fr", "--source", str(trio),
                            "--out", str(tmp_path / "o"))
    assert (code, stdout) == (4, "")
    assert err.strip().splitlines() == [err.strip()] and err.startswith("error: ")
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").glob("*.epub"))


def test_strict_refuses_the_edition_with_a_warning_only(trio, capsys, tmp_path):
    (trio / "source/ru/01-one.md").write_text("# Один\n\nСм. [x](#nowhere).\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "epub", "--strict", "--source", str(trio), "--out", str(out))
    assert code == 7, err
    assert [Path(line).name for line in stdout.splitlines()] == ["trio-en.epub", "trio-fr.epub"]
    assert "--strict makes it an error" in err and err.strip().endswith("(not built: trio-ru.epub)")


def test_a_writer_that_crashes_is_that_editions_failure(trio, capsys, tmp_path, monkeypatch):
    epub = writers.get_writer("epub")

    def crash_in_russian(book, target, jobs=None):
        if book.metadata.lang == "ru":
            raise RuntimeError("boom\nsecond line")
        return epub.write(book, target, jobs)

    monkeypatch.setitem(writers.registry(), "epub", dataclasses.replace(epub, write=crash_in_russian))
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "all", "--format", "epub", "--jobs", "1", "--source", str(trio),
                            "--out", str(out))
    assert code == 8, err                                         # an internal error
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == ("error: internal error: RuntimeError: boom "
                                            "(not built: trio-ru.epub)")
    assert sorted(p.name for p in out.glob("trio-*")) == ["trio-en.epub", "trio-fr.epub"]
    assert not (out / ".cache/outputs/trio-ru.epub.json").exists()   # not marked as built


def test_a_reader_that_crashes_is_that_editions_failure(trio, capsys, tmp_path, monkeypatch):
    import publish.build

    real = publish.build.read_book

    def crash_in_french(config, lang, *args, **kwargs):
        if lang == "fr":
            raise ZeroDivisionError("division by zero")
        return real(config, lang, *args, **kwargs)

    monkeypatch.setattr(publish.build, "read_book", crash_in_french)
    code, stdout, err = run(capsys, "epub", "--source", str(trio), "--out", str(tmp_path / "o"))
    assert code == 8 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == ("error: internal error: ZeroDivisionError: division "
                                            "by zero (not built: trio-fr.epub)")
    assert [Path(line).name for line in stdout.splitlines()] == ["trio-en.epub", "trio-ru.epub"]


def test_the_build_function_still_raises_for_its_other_callers(trio, tmp_path):
    from publish import config as config_mod
    from publish.build import build, build_editions
    from publish.errors import SourceError

    (trio / "source/fr/01-one.md").write_bytes(BROKEN_FR)
    config = config_mod.load(trio)
    outcome = build_editions(config, ("epub",), config.languages, tmp_path / "a")
    assert [(r.lang, r.cached) for r in outcome.results] == [("en", False), ("ru", False)]
    assert [(f.lang, f.fmt, type(f.error)) for f in outcome.failed] == [("fr", "epub", SourceError)]
    with pytest.raises(SourceError, match="not UTF-8"):
        build(config, ("epub",), config.languages, tmp_path / "b")
    assert sorted(p.name for p in (tmp_path / "b").glob("trio-*")) == ["trio-en.epub", "trio-ru.epub"]


@pytest.mark.slow
def test_pdfs_in_workers_one_failing_leaves_the_others(trio, capsys, tmp_path):
    """Written in worker processes: a refused edition, and a writer failing in its worker
    (a print layout of the Russian edition's own that cannot render), leave the rest."""
    out = tmp_path / "out"
    before = _french_built_then_broken(capsys, trio, out, "epub", "pdf")
    layout = trio / "layouts/ru/print/book.html"
    layout.parent.mkdir(parents=True)
    layout.write_text("<html>\n{{ nothing.here.deeper }}\n</html>\n")
    code, stdout, err = run(capsys, "all", "--jobs", "2", "--source", str(trio), "--out", str(out))
    assert code == 4, err                                         # the first failure's (French)
    assert "Traceback" not in err
    built = sorted(p.name for p in out.glob("trio-*"))
    assert built == ["trio-en.epub", "trio-en.kepub.epub", "trio-en.pdf", "trio-fr.epub",
                     "trio-fr.pdf", "trio-ru.epub", "trio-ru.kepub.epub"]
    lines = err.strip().splitlines()
    assert lines[-2].endswith("(not built: trio-fr.epub, trio-fr.kepub.epub, trio-fr.pdf)"), err
    assert "layouts/ru/print/book.html" in lines[-1] and \
        lines[-1].endswith("(not built: trio-ru.pdf)"), err
    assert _snapshot(out, "fr", ["epub", "pdf"]) == before
    assert json.loads((out / ".cache/outputs/trio-en.pdf.json").read_text())["pages"] > 0


# -- library log lines (issue 24): never raw on the terminal, once each --------------------

OUR_PREFIXES = ("warning: ", "error: ", "building ", "built ", "failed ")


@pytest.mark.slow
@pytest.mark.parametrize("verb", [("pdf",), ("all", "--jobs", "2", "--format", "pdf", "--format", "epub")])
def test_weasyprints_log_lines_are_our_warnings_once(project, tmp_path, verb):
    """A project's print stylesheet with a property WeasyPrint does not know, twice: one
    warning, naming the file and line, in a process of its own (as a user runs it) and
    from the worker processes of `all`."""
    import subprocess
    import sys

    from publish.paths import PACKAGE_LAYOUTS

    css = project / "layouts/css/print.css"
    css.parent.mkdir(parents=True)
    css.write_text((PACKAGE_LAYOUTS / "css/print.css").read_text(encoding="utf-8")
                   + "\n.a { foo-bar: 1px; }\n.b { foo-bar: 1px; }\n", encoding="utf-8")
    line = len(css.read_text(encoding="utf-8").splitlines()) - 1
    done = subprocess.run([sys.executable, "-m", "publish", *verb, "--source", str(project),
                           "--out", str(tmp_path / "o")], cwd=project, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert [x for x in lines if not x.startswith(OUR_PREFIXES)] == [], done.stderr
    assert [x for x in lines if "foo-bar" in x] == [
        f"warning: layouts/css/print.css:{line}: weasyprint: Ignored `foo-bar: 1px`, unknown property."]


def test_a_bug_outside_any_edition_is_one_line_too(trio, capsys, monkeypatch):
    import publish.commands

    def broken(args):
        raise KeyError("nowhere")

    monkeypatch.setattr(publish.commands, "load_config", broken)
    monkeypatch.delenv("PUBLISH_TRACEBACK", raising=False)
    assert run(capsys, "epub", "--source", str(trio)) == \
        (8, "", "error: internal error: KeyError: 'nowhere'\n")
    monkeypatch.setenv("PUBLISH_TRACEBACK", "1")
    with pytest.raises(KeyError):
        main(["epub", "--source", str(trio)])


@pytest.mark.slow
def test_warnings_in_part_workers_reach_this_process_not_the_terminal(tmp_path, capfd, caplog):
    """A PDF laid out in parts: each worker process's warnings are sent to this process
    (and logged here), none printed raw by Python's last-resort handler."""
    import logging
    import shutil

    from publish import config as config_mod
    from publish.build import load_book
    from publish.paths import PACKAGE_LAYOUTS
    from publish.writers.pdf.writer import write_pdf
    from conftest import FIXTURES

    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    css = project / "layouts/css/print.css"
    css.parent.mkdir(parents=True)
    css.write_text((PACKAGE_LAYOUTS / "css/print.css").read_text(encoding="utf-8")
                   + "\n.a { foo-bar: 1px; }\n", encoding="utf-8")
    line = len(css.read_text(encoding="utf-8").splitlines())
    book = load_book(config_mod.load(project), "en")
    capfd.readouterr()
    with caplog.at_level(logging.WARNING, logger="publish"):
        pages = write_pdf(book, tmp_path / "multi-en.pdf", 2)
    assert pages > 0 and "laying out in 2 parts failed" not in caplog.text
    said = [r.getMessage() for r in caplog.records
            if r.name == "publish" and "foo-bar" in r.getMessage()]
    assert len(said) >= 2                       # this process's (the front) and a worker's
    assert set(said) == {f"{css}:{line}: weasyprint: Ignored `foo-bar: 1px`, unknown property."}
    raw = [x for x in capfd.readouterr().err.splitlines() if not x.startswith("warning: ")]
    assert raw == []                            # (a CLI run before may have left its printer)
