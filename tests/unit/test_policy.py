"""publish/policy.py: what each finding becomes, README's list of refusals, and that every source
error raised in publish/ is one of those refusals (issue 24)."""
from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest

from publish import policy
from publish.errors import ConfigError, SourceError

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "publish"
M, R = policy.MEND, policy.REFUSE

# The outcome of each finding class, written out here: a change to the policy is a change to
# this table too (and to README's list when it is a refusal).
OUTCOMES = {
    "config-unreadable": R, "text-undecodable": R, "outside-project": R, "nothing-readable": R,
    "strict": R,
    "control-character": M, "not-text": M, "front-matter": M, "missing-chapter": M,
    "summary-loop": M, "empty-chapter": M, "untitled-chapter": M, "duplicate-slug": M,
    "include": M, "image": M, "image-converted": M, "cover": M, "link": M, "markup": M,
    "footnote": M, "draft-chapter": M, "language": M, "default": M, "unknown-key": M,
    "press-pages": M,
    "contributor": M, "offprint": M,
    "glyph": M, "engine": M, "untranslated": M, "readme-duplicate": M, "readme-contents": M, "orphan-translation": M,
    "isbn-shared": M, "translation": M,
}


@pytest.mark.parametrize("name,outcome", sorted(OUTCOMES.items()))
def test_each_finding_has_its_outcome(name, outcome):
    assert policy.FINDINGS[name].outcome == outcome


def test_every_finding_is_in_the_table_here():
    assert set(policy.FINDINGS) == set(OUTCOMES)


def test_the_refusals_are_only_the_listed_ones():
    assert [f.name for f in policy.refusals()] == \
        ["config-unreadable", "text-undecodable", "outside-project", "nothing-readable", "strict"]


def test_mend_logs_one_warning_naming_file_and_line(caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert policy.mend("empty-chapter", "empty; left out", path="c.md", line=3) is None
    assert [r.getMessage() for r in caplog.records] == ["c.md:3: empty; left out"]


def test_refuse_gives_the_error_to_raise():
    error = policy.refuse("text-undecodable", "not UTF-8", path="c.md", line=2)
    assert (type(error), str(error), error.finding) == (SourceError, "c.md:2: not UTF-8",
                                                        "text-undecodable")
    assert type(policy.refuse("config-unreadable", "bad", path="book.toml")) is ConfigError


@pytest.mark.parametrize("call,name", [(policy.mend, "text-undecodable"),
                                       (policy.refuse, "control-character"),
                                       (policy.mend, "no-such-finding")])
def test_a_finding_used_against_its_outcome_is_a_programming_error(call, name):
    with pytest.raises(ValueError):
        call(name, "message")


# --- README ------------------------------------------------------------------------------------

def _readme_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("### What stops a build, and what does not")
    return text[start:text.index("\n### ", start + 1)]


def test_readme_lists_exactly_the_refusals():
    """The section's first list is the refusals, each bullet the finding's own words, in order."""
    section = _readme_section()
    first_list = re.search(r"(?m)(^- .*\n)+", section).group()
    assert first_list.splitlines() == [f"- {f.what}" for f in policy.refusals()]
    assert "Nothing else stops a build." in section


# --- every SourceError raised in publish/ is a refusal --------------------------------------

def _is_source_error_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == "SourceError") or
        (isinstance(node.func, ast.Attribute) and node.func.attr == "SourceError"))


def _factories(tree: ast.AST) -> set[str]:
    """Functions in the module that return a SourceError made on the spot (raised by callers)."""
    return {fn.name for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
            and any(isinstance(n, ast.Return) and n.value is not None
                    and _is_source_error_call(n.value) for n in ast.walk(fn))}


def source_errors_raised_outside_policy() -> list[str]:
    """`file:line` of each `raise SourceError(...)` (or of a local function returning one)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "policy.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        factories = _factories(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            exc = node.exc
            if _is_source_error_call(exc) or (isinstance(exc, ast.Call) and isinstance(
                    exc.func, ast.Name) and exc.func.id in factories):
                found.append((path.relative_to(REPO).as_posix(), node.lineno))
    return [f"{name}:{line}" for name, line in sorted(found)]


def test_every_source_error_raised_is_a_refusal_from_the_policy():
    """Code that finds a problem raises `policy.refuse(...)` (one of README's refusals) or
    mends it; it never raises a SourceError of its own."""
    assert source_errors_raised_outside_policy() == []


def test_the_scan_finds_a_direct_raise(tmp_path, monkeypatch):
    (tmp_path / "publish").mkdir()
    (tmp_path / "publish" / "bad.py").write_text(
        "def f():\n    raise SourceError('x')\n\n"
        "def g():\n    def fail(why):\n        return SourceError(why)\n    raise fail('y')\n\n"
        "def h():\n    raise policy.refuse('outside-project', 'z')\n")
    monkeypatch.setitem(globals(), "REPO", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "publish")
    assert source_errors_raised_outside_policy() == ["publish/bad.py:2", "publish/bad.py:7"]
