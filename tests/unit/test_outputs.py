"""publish/outputs.py: whole files or none, never a stray temporary file (issue 27 made the
writes leaner: one open, no folder made when it exists, books linked instead of copied)."""
from __future__ import annotations

import os
import stat

import pytest

from publish.errors import OutputError
from publish.outputs import atomic_path, link_atomic, write_atomic


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_write_makes_its_folder_and_a_file_readable_by_all(tmp_path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "a/b/c.txt", b"one")
        write_atomic(tmp_path / "a/b/c.txt", b"two")
    finally:
        os.umask(old)
    assert (tmp_path / "a/b/c.txt").read_bytes() == b"two"
    assert stat.S_IMODE((tmp_path / "a/b/c.txt").stat().st_mode) == 0o644
    assert _names(tmp_path / "a/b") == ["c.txt"]


def test_a_failed_block_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.epub"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("stopped")
    assert target.read_bytes() == b"old" and _names(tmp_path) == ["out.epub"]


def test_a_folder_that_cannot_be_made_is_an_output_error(tmp_path):
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "file/under/x.txt", b"x")
    assert caught.value.path == tmp_path / "file/under/x.txt"


def test_a_link_is_the_same_file_and_linking_it_again_leaves_nothing_behind(tmp_path):
    source = tmp_path / "build/book.epub"
    write_atomic(source, b"PK book")
    target = tmp_path / "site/books/book.epub"
    link_atomic(target, source)
    link_atomic(target, source)          # already that very file: rename() would keep both
    assert os.path.samefile(target, source)
    assert _names(target.parent) == ["book.epub"]
