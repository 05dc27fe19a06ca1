"""publish.apart: a function run in a fresh Python process, its failure raised here."""
from __future__ import annotations

import os

import pytest

from publish.apart import ApartError, run_apart


def test_a_function_runs_in_another_process_and_its_error_comes_back(tmp_path):
    made = tmp_path / "made"
    run_apart(os.mkdir, made)
    assert made.is_dir()
    with pytest.raises(ApartError, match="FileExistsError"):
        run_apart(os.mkdir, made)
