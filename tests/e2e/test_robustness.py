"""Faults, interruptions and concurrent builds leave every previous output whole (issue 5)."""
from __future__ import annotations

import multiprocessing
import os
import zipfile

import pytest

from publish import config as config_mod
from publish.build import build
from publish.cli import main

pytestmark = pytest.mark.slow      # lays out PDFs, big books or runs a browser


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name,text,expected", [
    ("layouts/epub/chapter.xhtml", "{% extends 'epub/base.xhtml' %}\n{% block body %}\n{{ chapter.nope.deeper }}\n{% endblock %}\n",
     r"layouts/epub/chapter.xhtml:3: template error: .*nope"),
    ("layouts/epub/chapter.xhtml", "one\n{% if %}\n", r"layouts/epub/chapter.xhtml:2: template error: Expected an expression"),
    ("layouts/epub/cover.xhtml", "\n{% extends 'epub/missing.xhtml' %}\n",
     r"layouts/epub/cover.xhtml:2: template 'epub/missing.xhtml' not found"),
])
def test_template_errors_name_template_and_line(project, capsys, tmp_path, name, text, expected):
    import re
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    code, _, err = run(capsys, "epub", "--source", str(project), "--out", str(tmp_path / "o"))
    assert code == 5
    assert len(err.strip().splitlines()) == 1 and re.search(expected, err), err


def test_a_folder_named_like_a_chapter(project, capsys, tmp_path):
    (project / "source/en/02-two.md").mkdir()
    code, _, err = run(capsys, "epub", "--source", str(project), "--out", str(tmp_path))
    assert code == 0 and "02-two.md: cannot read (a folder); left out" in err     # issue 24


def test_interrupt_leaves_previous_output(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    config = config_mod.load(project)
    build(config, ("epub", "pdf"), ("en",), out)
    before = {p.name: p.read_bytes() for p in out.glob("tiny-*")}
    (project / "source/en/01-one.md").write_text("# One\n\nChanged.\n")
    import weasyprint

    def interrupted(self, target, *args, **kwargs):
        with open(target, "wb") as fh:               # a partial file, then Ctrl-C
            fh.write(b"%PDF-1.7 partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(weasyprint.Document, "write_pdf", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(config_mod.load(project), ("pdf",), ("en",), out, force=True)
    assert {p.name: p.read_bytes() for p in out.glob("tiny-*")} == before
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []


def _build_in_process(project: str, out: str) -> None:
    build(config_mod.load(project), ("epub", "pdf"), ("en",), __import__("pathlib").Path(out),
          force=True)


def test_two_builds_at_once_do_not_corrupt(project, tmp_path):
    out = tmp_path / "out"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_build_in_process, args=(str(project), str(out))) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with zipfile.ZipFile(out / "tiny-en.epub") as z:
        assert z.testzip() is None
    assert (out / "tiny-en.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize("tz,lc", [("Pacific/Kiritimati", "C.UTF-8"), ("America/Los_Angeles", "C")])
def test_reproducible_across_time_zones_and_locales(multi_project, tmp_path, tz, lc):
    """Builds in other time zones and locales give the same bytes as the session build."""
    import subprocess
    import sys
    import hashlib
    env = {**os.environ, "TZ": tz, "LC_ALL": lc, "LANG": lc}
    out = tmp_path / "o"
    subprocess.run([sys.executable, "-m", "publish", "all", "--source", str(multi_project),
                    "--out", str(out), "--lang", "fr", "--jobs", "1"], env=env, check=True,
                   capture_output=True)
    reference = tmp_path / "ref"
    subprocess.run([sys.executable, "-m", "publish", "all", "--source", str(multi_project),
                    "--out", str(reference), "--lang", "fr", "--jobs", "1"],
                   env={**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"}, check=True, capture_output=True)
    for name in ("multi-fr.epub", "multi-fr.pdf"):
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == \
            hashlib.sha256((reference / name).read_bytes()).hexdigest(), name


def test_source_date_epoch_is_honoured(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")       # 2023-11-14T22:13:20Z
    epub = build(config_mod.load(project), ("epub",), ("en",), tmp_path)[0].path
    with zipfile.ZipFile(epub) as z:
        assert b"<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>" in z.read("EPUB/content.opf")
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
