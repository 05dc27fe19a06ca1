"""A whole catalog in one command (issue 28): `publish all DIR...` and `--catalog FILE`.

One module-scoped build of a three-project catalog (one project holding a refused
edition), shared by the assertions; bad catalogs are refused before any work.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from publish.cli import main

BROKEN = "# Un\n\nCaf\xe9 cr\xe8me.\n".encode("latin-1")      # not UTF-8: a refusal


def make_project(folder: Path, slug: str, langs: tuple[str, ...], broken: str = "") -> Path:
    src = folder / "source"
    src.mkdir(parents=True)
    (src / "book.toml").write_text(
        f'slug = "{slug}"\ndate = 2024-01-02\nlanguages = {json.dumps(list(langs))}\n'
        f'title = "{slug.title()}"\n[[authors]]\nname = "A. Author"\n', encoding="utf-8")
    for code in langs:
        (src / code).mkdir()
        (src / code / "01-one.md").write_text(f"# {slug} {code}\n\nHello.\n", encoding="utf-8")
    if broken:
        (src / broken / "01-one.md").write_bytes(BROKEN)
    return folder


def make_catalog(root: Path) -> Path:
    """alpha (en, fr) and beta (en, fr: refused) by a glob; gamma (en, ru: ru only) by path."""
    make_project(root / "books" / "alpha", "alpha", ("en", "fr"))
    make_project(root / "books" / "beta", "beta", ("en", "fr"), broken="fr")
    make_project(root / "gamma", "gamma", ("en", "ru"))
    (root / "books" / "notes.txt").write_text("not a folder: the glob passes it by\n")
    catalog = root / "catalog.toml"
    catalog.write_text('formats = ["epub"]\n\n[[project]]\npath = "books/*"\n\n'
                       '[[project]]\npath = "gamma"\nlanguages = ["ru"]\n', encoding="utf-8")
    return catalog


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    return make_catalog(tmp_path_factory.mktemp("catalog"))


@pytest.fixture(scope="module")
def first(catalog):
    """The catalog built once, in this process (--jobs 1): exit code, table rows, stderr."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["all", "--catalog", str(catalog), "--jobs", "1", "--json"])
    return code, json.loads(out.getvalue()), err.getvalue()


def test_the_catalog_writes_every_other_output_and_lists_the_refused_one(catalog, first):
    code, rows, err = first
    assert code == 4                                              # the refusal's (SourceError)
    built = sorted(p.relative_to(catalog.parent).as_posix()
                   for p in catalog.parent.rglob("*.epub"))
    assert built == ["books/alpha/build/alpha-en.epub", "books/alpha/build/alpha-fr.epub",
                     "books/beta/build/beta-en.epub", "gamma/build/gamma-ru.epub"]
    table = {(r["project"], r["edition"], r["format"]): r for r in rows}
    assert set(table) == {("alpha", "en", "epub"), ("alpha", "fr", "epub"), ("beta", "en", "epub"),
                          ("beta", "fr", "epub"), ("gamma", "ru", "epub")}
    assert table[("beta", "fr", "epub")]["status"] == "refused"
    assert "01-one.md:3: not UTF-8" in table[("beta", "fr", "epub")]["error"]
    assert all(r["status"] == "built" and r["size"] > 1000 and r["seconds"] >= 0
               and r["warnings"] == 0 for k, r in table.items() if k != ("beta", "fr", "epub"))
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and last.endswith("(not built: beta-fr.epub)"), err
    assert "Traceback" not in err


def test_an_unchanged_catalog_rebuilds_at_once(catalog, first, capsys):
    """Nothing changed: every output up to date, the refusal remembered (not read again),
    in well under half a second of this process's time."""
    before = {p: p.stat().st_mtime_ns for p in catalog.parent.rglob("*.epub")}
    start, cpu = time.perf_counter(), time.process_time()
    code, out, err = run(capsys, "all", "--catalog", str(catalog), "--jobs", "1", "--json")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - start
    rows = json.loads(out)
    assert code == 4 and [r["status"] for r in rows].count("refused") == 1
    assert [r["status"] for r in rows].count("up to date") == 4
    assert {p: p.stat().st_mtime_ns for p in catalog.parent.rglob("*.epub")} == before
    assert "not UTF-8" in err
    assert cpu < 0.5, (cpu, wall)


def test_projects_named_on_the_command_line_and_a_plain_table(catalog, first, capsys):
    code, out, err = run(capsys, "all", str(catalog.parent / "books" / "alpha"),
                         str(catalog.parent / "gamma"), "--format", "epub", "--jobs", "1",
                         "--lang", "en")
    lines = out.splitlines()
    assert code == 0, err
    assert lines[0].split() == ["project", "edition", "format", "pages", "/", "size", "seconds",
                                "warnings"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["alpha", "en", "epub"], ["alpha", "fr", "epub"], ["gamma", "en", "epub"],
        ["gamma", "ru", "epub"]]
    assert (catalog.parent / "gamma/build/gamma-en.epub").is_file()


def test_an_entry_that_is_not_a_project_is_named_with_its_line(tmp_path, capsys):
    make_project(tmp_path / "good", "good", ("en",))
    (tmp_path / "empty").mkdir()
    catalog = tmp_path / "catalog.toml"
    catalog.write_text('formats = ["epub"]\n[[project]]\npath = "good"\n\n[[project]]\n'
                       'path = "empty"\n', encoding="utf-8")
    code, out, err = run(capsys, "all", "--catalog", str(catalog), "--jobs", "1")
    assert code != 0
    assert (tmp_path / "good/build/good-en.epub").is_file()       # the rest is written
    assert f"error: {catalog}:6: {tmp_path / 'empty'}: not a project: no book.toml found" \
        in err.replace(str(Path.cwd()) + "/", ""), err
    assert "REFUSED" in out


@pytest.mark.parametrize("text, line, said", [
    ('[[project]]\npath = "nowhere/*"\n', 2, "'nowhere/*' matches no folder"),
    ('[[project]]\npath = "a"\ncolour = "red"\n', 2, "unknown key 'colour'"),
    ('[[project]]\npath = "a"\nformats = ["mobi"]\n', 2, "unknown format 'mobi'"),
    ('[[project]]\nformats = ["epub"]\n', 1, "each [[project]] needs a path"),
])
def test_a_bad_catalog_entry_is_one_line_naming_it(tmp_path, capsys, text, line, said):
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "all", "--catalog", str(catalog))
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and f"catalog.toml:{line}: " in err and said in err, err


def test_two_projects_writing_the_same_file_are_refused_before_any_work(tmp_path, capsys):
    make_project(tmp_path / "one", "same", ("en",))
    make_project(tmp_path / "two", "same", ("en",))
    catalog = tmp_path / "catalog.toml"
    catalog.write_text('[[project]]\npath = "one"\n[[project]]\npath = "two"\n',
                       encoding="utf-8")
    code, out, err = run(capsys, "all", "--catalog", str(catalog), "--out", str(tmp_path / "o"))
    assert code == 3 and err.count("\n") == 1, err
    assert "catalog.toml:4: " in err and str(tmp_path / "two") in err and \
        str(tmp_path / "one") in err and "same-en.epub" in err
    assert not (tmp_path / "o").exists()                          # nothing was built


def test_cluster_without_dask_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)         # as if not installed
    make_project(tmp_path / "p", "p", ("en",))
    code, out, err = run(capsys, "all", str(tmp_path / "p"), "--cluster", "local")
    assert code != 0 and err == "error: --cluster needs Dask: pip install 'publish[cluster]'\n"


def test_catalog_and_onix_read_the_same_list(catalog, first):
    """`publish catalog --catalog` and `publish onix --catalog` take the folders the
    catalog's globs and paths name (projects.folders), as `all` does, each once."""
    from publish.projects import folders

    listed = folders([], catalog)
    assert [p.name for p in listed] == ["alpha", "beta", "gamma"]
    assert folders([catalog.parent / "gamma"], catalog)[0].name == "gamma"
    assert len(folders([catalog.parent / "gamma"], catalog)) == 3      # each once
