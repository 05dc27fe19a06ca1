"""publish.apart: a function run in a fresh Python process, its failure raised here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from publish.apart import Apart, ApartError, run_apart


def test_a_function_runs_in_another_process_and_its_error_comes_back(tmp_path):
    made = tmp_path / "made"
    run_apart(os.mkdir, made)
    assert made.is_dir()
    with pytest.raises(ApartError, match="FileExistsError"):
        run_apart(os.mkdir, made)


@pytest.fixture(autouse=True)
def importable(monkeypatch):
    """The fresh process finds this module's functions by name, as it would a package's."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))


def _write_lines(path, messages):
    """Writes each message it is sent as a line of `path`; "fail" raises."""
    with open(path, "w", encoding="utf-8") as out:
        for message in messages:
            if message == "fail":
                raise ValueError("told to fail")
            out.write(f"{message}\n")


def test_a_function_apart_is_sent_messages_as_it_runs(tmp_path):
    lines = tmp_path / "lines"
    apart = Apart(_write_lines, lines)
    for message in ("one", "two", "three"):
        apart.send(message)
    apart.wait()
    assert lines.read_text(encoding="utf-8").split() == ["one", "two", "three"]


def test_a_function_apart_that_fails_raises_its_error_here(tmp_path):
    apart = Apart(_write_lines, tmp_path / "lines")
    apart.send("fail")
    with pytest.raises(ApartError, match="ValueError: told to fail"):
        for _ in range(10_000):       # the pipe breaks once the process has ended
            apart.send("more")
        apart.wait()


def test_a_function_apart_can_be_ended(tmp_path):
    apart = Apart(_write_lines, tmp_path / "lines")
    apart.send("one")
    apart.kill()
    with pytest.raises(ApartError):
        apart.send("two")
