"""`publish all` and `publish check` (issue 4)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from publish.cli import main
from conftest import FIXTURES


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow
def test_all_builds_every_format_in_parallel(tmp_path, capsys):
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    code, out, err = run(capsys, "all", "--source", str(project), "--jobs", "2")
    assert code == 0, err
    built = sorted(p.name for p in (project / "build").glob("multi-*"))
    assert built == ["multi-en.epub", "multi-en.kepub.epub", "multi-en.pdf", "multi-fr.epub",
                     "multi-fr.kepub.epub", "multi-fr.pdf"]
    rows = [line.split() for line in out.splitlines() if "multi-" in line]
    assert [(r[1], r[2]) for r in rows] == [("en", "epub"), ("en", "kepub"), ("en", "pdf"),
                                            ("fr", "epub"), ("fr", "kepub"), ("fr", "pdf")]
    assert all(r[4] == "pages" for r in rows if r[2] == "pdf")
    from pypdf import PdfReader
    for r in rows:                                       # the count comes from the layout
        if r[2] == "pdf":
            assert int(r[3]) == len(PdfReader(project / "build" / f"multi-{r[1]}.pdf").pages)
    assert all(r[4] == "KiB" for r in rows if r[2] in ("epub", "kepub"))
    assert "built multi-en.pdf" in err                      # plain progress lines off a terminal


def test_all_leaves_out_only_the_edition_with_a_bad_source(tmp_path, capsys):
    """Issue 24: the French edition is refused; the English one is written (tests/e2e/test_isolation.py)."""
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    (project / "source/fr/02-suite.md").write_bytes("# Suite\n\n\xe9t\xe9\n".encode("latin-1"))
    code, out, err = run(capsys, "all", "--source", str(project), "--format", "epub")
    assert code == 4 and "02-suite.md:3: not UTF-8" in err.strip().splitlines()[-1]
    assert sorted(p.name for p in (project / "build").glob("multi-*")) == ["multi-en.epub"]


@pytest.fixture
def broken(tmp_path):
    project = tmp_path / "broken"
    (project / "source/en").mkdir(parents=True)
    (project / "source/images").mkdir()
    (project / "source/book.toml").write_text(
        'slug = "broken"\ndate = 2024-01-02\ntitle = "Broken"\ndescription = "d"\n'
        'publisher = "p"\nrights = "r"\nsubjects = ["s"]\n[[authors]]\nname = "A"\n')
    Image.new("RGB", (2100, 2000)).save(project / "source/images/big.png")
    (project / "source/en/01-one.md").write_text(
        "# One\n\n![](../images/big.png)\n\n![Map](https://example.com/m.png)\n\nText.\n")
    return project


@pytest.mark.java
def test_check_reports_each_finding_with_file_and_line(broken, capsys):
    code, out, err = run(capsys, "check", "--source", str(broken))
    assert code == 0, out + err                              # warnings only
    lines = out.splitlines()
    assert lines == [
        f"{broken}/source/en/01-one.md:5: warning: remote image 'https://example.com/m.png' is not "
        "fetched; its alt text stands in [remote-resource]",
        f"{broken}/source/en/01-one.md:3: warning: image 'big.png' has no alt text [image-alt]",
        f"{broken}/source/en/01-one.md:3: warning: image 'big.png' has 4.2 million pixels; "
        "Apple Books wants at most 4 million [image-size]",
    ]
    assert err.strip() == "0 error(s), 3 warning(s)"


def test_check_strict_and_json(broken, capsys):
    code, out, _ = run(capsys, "check", "--source", str(broken), "--strict", "--json", "--no-epubcheck")
    report = json.loads(out)
    assert code == 7
    assert report["errors"] == 3 and report["warnings"] == 0
    assert {m["code"] for m in report["messages"]} == {"remote-resource", "image-alt", "image-size"}
    assert all(m["line"] in (3, 5) for m in report["messages"])


def test_check_font_coverage_is_a_warning(broken, capsys):
    """Issue 11: a character no embedded font has is listed with file:line; the book builds.
    Code is checked against the monospace, the rest against the serif."""
    (broken / "source/en/01-one.md").write_text(
        "# One\n\nA slide \U0001F6DD here.\n\n```\n\u00bd ├── ok\n```\n")
    code, out, _ = run(capsys, "check", "--source", str(broken), "--no-epubcheck")
    assert code == 0
    assert out.strip() == (f"{broken}/source/en/01-one.md:3: warning: no embedded font has "
                           "1 character(s) of the text: U+1F6DD '\U0001F6DD' [font-coverage]")
    code, out, _ = run(capsys, "check", "--strict", "--source", str(broken), "--no-epubcheck")
    assert code == 7 and out.startswith(f"{broken}/source/en/01-one.md:3: error: no embedded font")


@pytest.mark.java
def test_check_seed_is_clean(capsys, tmp_path):
    from conftest import REPO
    code, out, err = run(capsys, "check", "--source", str(REPO), "--out", str(tmp_path / "out"))
    assert code == 0 and out == "" and "0 error(s), 0 warning(s)" in err


@pytest.mark.slow
def test_bench_reports_every_scenario(tmp_path, capsys):
    """`publish bench` on a tiny book: every scenario of issues 6 and 13, medians of repeated
    runs, and each target with its verdict. pandoc here is a stand-in that notes its
    arguments and whether our cold PDF had just been made (the two take turns)."""
    out, log = tmp_path / "bench.json", tmp_path / "pandoc.log"
    fake = tmp_path / "pandoc"
    fake.write_text(f"""#!/bin/sh
ours=$(ls book/build/*.pdf 2>/dev/null | wc -l)
echo "$ours $*" >> {log}
while [ $# -gt 0 ]; do [ "$1" = "-o" ] && : > "$2"; shift; done
""")
    fake.chmod(0o755)
    code, printed, err = run(capsys, "bench", "--chapters", "2", "--repeat", "3", "--pandoc",
                             str(fake), "--json", str(out))
    assert code == 0, err
    calls = log.read_text().splitlines()
    assert [c.split()[0] for c in calls if "--pdf-engine=weasyprint" in c] == ["1", "1", "1"]
    assert [c.split()[2] for c in calls] == ["-o"] * 6 and \
        [Path(c.split()[3]).name for c in calls] == ["p.pdf"] * 3 + ["p.epub"] * 3
    report = json.loads(out.read_text())
    names = [t["name"] for t in report["timings"]]
    assert names == ["cold EPUB (en)", "KEPUB from the up-to-date EPUB (en)", "cold PDF (en)",
                     "rebuild, nothing changed (EPUB+PDF, en)",
                     "rebuild after editing one chapter (EPUB, en)",
                     "rebuild after editing one chapter (PDF, en)", "all, three languages, cold build/",
                     "serve: a saved edit in the preview",
                     "serve: a saved edit in the preview, a PDF building",
                     "publish status (3,500 messages)",
                     "cold EPUB, mdBook of 35 messages a chapter (en)",
                     "cold EPUB, the same translated by its PO file (fr)",
                     "publish catalog, 500 synthetic editions, cold",
                     "publish catalog, 500 synthetic editions, rebuilt unchanged",
                     "pandoc EPUB (en)", "pandoc PDF via WeasyPrint (en)"]
    assert [len(t["runs"]) for t in report["timings"]] == [3, 3, 3, 3, 3, 3, 1] + [3] * 9
    for timing in report["timings"]:
        runs = timing["runs"]
        assert timing["seconds"] == pytest.approx(sorted(runs)[len(runs) // 2], abs=1e-3)
        assert timing["peak_mib"] > 10 or not timing["ours"]     # the stand-in is a shell
    by = {t["name"]: t["seconds"] for t in report["timings"]}
    assert by["rebuild, nothing changed (EPUB+PDF, en)"] < by["cold PDF (en)"]
    assert set(report["ratios"]) == {"edit one chapter / cold, EPUB", "edit one chapter / cold, PDF",
                                     "cold EPUB / pandoc EPUB", "cold PDF / pandoc PDF",
                                     "KEPUB / cold EPUB"}
    assert "cold EPUB (en)" in printed
    goals = {t["name"]: t for t in report["targets"]}
    assert goals["cold PDF at most 1/2 of pandoc + WeasyPrint"]["met"] == (
        by["cold PDF (en)"] <= by["pandoc PDF via WeasyPrint (en)"] / 2)
    assert goals["KEPUB at most 1/4 of cold EPUB (issue 27)"]["met"] == (
        by["KEPUB from the up-to-date EPUB (en)"] <= by["cold EPUB (en)"] / 4)
    nothing = by["rebuild, nothing changed (EPUB+PDF, en)"]
    assert goals["rebuild with nothing changed under 0.25 s"]["met"] == (nothing < 0.25)
    assert goals["PDF after editing one chapter at most 1/4 of cold"]["met"] == (
        by["rebuild after editing one chapter (PDF, en)"] <= by["cold PDF (en)"] / 4)
    slowest = max(next(t for t in report["timings"] if t["name"] == "serve: a saved edit in the "
                       "preview, a PDF building")["runs"])
    assert goals["serve: a saved edit in the preview, a PDF building under 1 s"]["met"] == (slowest < 1)
    assert "peak memory under 400 MiB a process" in printed
    assert goals["publish status (3,500 messages) under 2 s (issue 25)"]["met"] == (
        by["publish status (3,500 messages)"] < 2)
    for when in ("cold", "rebuilt unchanged"):
        name = f"publish catalog, 500 synthetic editions, {when}"
        assert goals[f"{name} under 5 s (issue 27)"]["met"] == (by[name] < 5)
    added = by["cold EPUB, the same translated by its PO file (fr)"] - \
        by["cold EPUB, mdBook of 35 messages a chapter (en)"]
    assert goals["translating the book (3,500 messages at 100 chapters) adds under 1 s"]["met"] \
        == (added < 1)
