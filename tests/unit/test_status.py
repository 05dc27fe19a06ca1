"""Issue 25: `publish status` (and `publish check`'s warnings, `publish translate mark`):
translations missing, stale by git history or by `translation-of`, PO figures."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES
from publish import config as config_mod, marks, status
from publish.cli import main

ENV = {"GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@example.org",
       "GIT_COMMITTER_NAME": "Ann", "GIT_COMMITTER_EMAIL": "ann@example.org",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
A = "# Arrival\n\nThe train came in at night, and the station was empty.\n"
A_REWRAPPED = "# Arrival\n\nThe train came in at night; and the station\nwas  empty!\n"
A_REWORDED = "# Arrival\n\nThe bus came in at night, and the station was empty.\n"


def _git(root: Path, *args: str, day: int = 1) -> None:
    date = f"2024-01-{day:02d}T12:00:00Z"
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


def _project(root: Path) -> Path:
    shutil.copytree(FIXTURES / "suffix", root)
    (root / "source" / "01-a.md").write_text(A, encoding="utf-8")
    return root


def _fr(root: Path) -> status.EditionState:
    states = status.load_status(config_mod.load(root))
    assert [(s.lang, s.kind) for s in states] == [("en", "source"), ("fr", "parallel")]
    return states[1]


def _states(edition: status.EditionState) -> list[tuple[str, str]]:
    return [(c.source.name, c.state) for c in edition.chapters]


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> dict:
    """A git project: first commit, then a re-wrap with new punctuation, then a new word."""
    root = _project(tmp_path_factory.mktemp("git") / "book")
    seen = {}
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "First draft")
    seen["first"] = _fr(root)
    (root / "source" / "01-a.md").write_text(A_REWRAPPED, encoding="utf-8")
    _git(root, "commit", "-qam", "Re-wrap the arrival", day=2)
    seen["rewrapped"] = _fr(root)
    (root / "source" / "01-a.md").write_text(A_REWORDED, encoding="utf-8")
    _git(root, "commit", "-qam", "A bus, not a train", day=3)
    seen["reworded"] = _fr(root)
    return {"root": root, **seen}


def test_a_chapter_with_no_translation_is_missing(history):
    assert _states(history["first"]) == [("01-a.md", "current"), ("02-b.md", "missing")]
    assert history["first"].chapters[0].basis == "git"


def test_a_whitespace_and_punctuation_change_leaves_the_translation_current(history):
    assert _states(history["rewrapped"]) == [("01-a.md", "current"), ("02-b.md", "missing")]


def test_a_changed_source_makes_the_translation_stale_listing_its_commits(history):
    edition = history["reworded"]
    assert _states(edition) == [("01-a.md", "stale"), ("02-b.md", "missing")]
    stale = edition.chapters[0]
    assert stale.translation.name == "01-a.fr.md"
    # The re-wrap changed nothing that counts: only the rewording is listed.
    assert [c.subject for c in stale.since] == ["A bus, not a train"]
    assert not edition.complete


def test_status_json_and_strict_exit(history, capsys):
    root = history["root"]
    assert main(["status", "--source", str(root), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    french = report[1]
    assert (french["language"], french["complete"]) == ("fr", False)
    assert [(c["source"], c["translation"], c["state"]) for c in french["chapters"]] == [
        ("source/01-a.md", "source/01-a.fr.md", "stale"), ("source/02-b.md", "", "missing")]
    assert french["chapters"][0]["since"][0]["subject"] == "A bus, not a train"
    assert main(["status", "--source", str(root), "--strict"]) == 7
    table = capsys.readouterr().out
    assert "fr: stale: source/01-a.fr.md" in table and "fr: missing: source/02-b.md" in table


def test_check_gives_the_same_findings_as_warnings(history):
    found = status.findings(config_mod.load(history["root"]))
    assert [(m.severity, m.code, Path(m.file).name) for m in found] == [
        ("warning", "translation-missing", "02-b.md"),
        ("warning", "translation-stale", "01-a.fr.md")]
    assert "A bus, not a train" in found[1].text


def test_publish_check_reports_them(history, capsys, tmp_path):
    code = main(["check", "--no-epubcheck", "--json", "--source", str(history["root"]),
                 "--out", str(tmp_path / "out")])
    report = json.loads(capsys.readouterr().out)
    found = {(m["code"], Path(m["file"]).name) for m in report["messages"]}
    assert code == 0
    assert {("translation-missing", "02-b.md"), ("translation-stale", "01-a.fr.md")} <= found


def test_mark_records_the_source_commit_and_makes_it_current(tmp_path, capsys):
    root = _project(tmp_path / "book")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "First draft")
    (root / "source" / "01-a.md").write_text(A_REWORDED, encoding="utf-8")
    _git(root, "commit", "-qam", "A bus", day=2)
    assert _states(_fr(root))[0] == ("01-a.md", "stale")
    assert main(["translate", "mark", "fr", "--source", str(root)]) == 0
    text = (root / "source" / "01-a.fr.md").read_text(encoding="utf-8")
    value = marks.read_mark(text)
    assert marks.is_commit(value) and text.startswith('+++\ntranslation-of = "')
    edition = _fr(root)
    assert _states(edition)[0] == ("01-a.md", "current")
    assert edition.chapters[0].basis == "translation-of"


def test_without_git_the_text_hash_dates_the_translation(tmp_path, capsys):
    root = _project(tmp_path / "book")
    assert _states(_fr(root))[0] == ("01-a.md", "unknown")
    assert main(["translate", "mark", "--source", str(root),
                 str(root / "source" / "01-a.fr.md")]) == 0
    assert marks.read_mark((root / "source" / "01-a.fr.md").read_text()).startswith("sha256:")
    assert _states(_fr(root))[0] == ("01-a.md", "current")
    (root / "source" / "01-a.md").write_text(A_REWRAPPED, encoding="utf-8")
    assert _states(_fr(root))[0] == ("01-a.md", "current")
    (root / "source" / "01-a.md").write_text(A_REWORDED, encoding="utf-8")
    assert _states(_fr(root))[0] == ("01-a.md", "stale")


PO = '''msgid ""
msgstr ""
"Language: fr\\n"

#: src/intro.md:1 src/end.md:3
msgid "Hello"
msgstr "Bonjour"

#: src/intro.md:5
#, fuzzy
msgid "A new day"
msgstr "Un jour"

#: src/end.md:7
msgid "The end"
msgstr ""

#~ msgid "Gone"
#~ msgstr "Parti"
'''


def test_po_figures_overall_and_per_chapter(tmp_path):
    path = tmp_path / "fr.po"
    path.write_text(PO, encoding="utf-8")
    state = status.po_state("fr", path)
    f = state.figures
    assert (f.translated, f.fuzzy, f.untranslated, round(f.percent)) == (1, 1, 1, 33)
    assert [(c.name, c.translated, c.fuzzy, c.untranslated) for c in state.per_chapter] == [
        ("src/intro.md", 1, 1, 0), ("src/end.md", 1, 0, 1)]
    assert not state.complete


def test_a_broken_po_file_is_one_line_naming_it(tmp_path):
    path = tmp_path / "de.po"
    path.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    state = status.po_state("de", path)
    assert state.error.startswith(str(path)) and not state.complete


def test_po_editions_are_found_in_the_po_folder(tmp_path):
    root = _project(tmp_path / "book")
    (root / "po").mkdir()
    (root / "po" / "ja.po").write_text(PO, encoding="utf-8")
    states = status.load_status(config_mod.load(root))
    assert [(s.lang, s.kind) for s in states] == [("en", "source"), ("fr", "parallel"),
                                                  ("ja", "po")]


def test_folders_pair_by_number_when_names_differ(tmp_path):
    from publish.pairs import matched
    from publish.sources import RawChapter

    def raw(path: str, slug: str) -> RawChapter:
        return RawChapter(path=tmp_path / path, slug=slug, text="x", first_line=1)

    en = [raw("en/01-arrival.md", "arrival"), raw("en/02-road.md", "road"),
          raw("en/03-home.md", "home")]
    fr = [raw("fr/01-arrivee.md", "arrivee"), raw("fr/03-maison.md", "maison")]
    assert [(s.name, t.name if t else None) for s, t in
            matched(en, fr, tmp_path / "en", tmp_path / "fr")] == [
        ("01-arrival.md", "01-arrivee.md"), ("02-road.md", None), ("03-home.md", "03-maison.md")]


@pytest.mark.parametrize(("text", "expected"), [
    ("# A\n", '+++\ntranslation-of = "abc1234"\n+++\n# A\n'),
    ('+++\ntitle = "T"\n+++\n# A\n', '+++\ntitle = "T"\ntranslation-of = "abc1234"\n+++\n# A\n'),
    ('+++\ntranslation-of = "old"\n+++\n# A\n', '+++\ntranslation-of = "abc1234"\n+++\n# A\n'),
    ("---\ntitle: T\n---\n# A\n", "---\ntitle: T\ntranslation-of: abc1234\n---\n# A\n"),
])
def test_the_mark_goes_into_the_front_matter_the_file_has(text, expected):
    assert marks.with_mark(text, "abc1234") == expected
    assert marks.read_mark(expected) == "abc1234"


def test_normalised_text_ignores_white_space_and_punctuation_only():
    assert marks.same(A, A_REWRAPPED)
    assert not marks.same(A, A_REWORDED)
    assert marks.same("« Oui », dit-il.", "\"Oui\" dit il")
