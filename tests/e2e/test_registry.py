"""Adding an output format is one module (issue 10): a writer dropped into publish/writers is
a CLI verb, a format of `publish all` and an output the build cache keeps."""
from __future__ import annotations

import pytest

from publish import writers
from publish.cli import main

TEXT_WRITER = '''
"""A plain-text writer: every chapter's text, one after another."""
from publish.writers import Writer


def write(book, target, jobs=None):
    import re
    text = "\\n\\n".join(re.sub(r"<[^>]+>", "", c.html).strip() for c in book.chapters)
    target.write_text(book.metadata.title + "\\n\\n" + text + "\\n", encoding="utf-8")
    return None


WRITER = Writer(name="text", suffix=".txt", media_type="text/plain", help="build plain text",
                layouts=(), write=write, order=90)
'''


@pytest.fixture
def text_writer(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "textwriter.py").write_text(TEXT_WRITER, encoding="utf-8")
    monkeypatch.setattr(writers, "__path__", [*writers.__path__, str(folder)])
    writers.registry.cache_clear()
    yield
    writers.registry.cache_clear()


def test_a_new_writer_module_is_a_verb_and_a_format(project, tmp_path, text_writer, capsys):
    assert writers.names() == ("epub", "kepub", "pdf", "text")
    out = tmp_path / "out"
    assert main(["text", "--source", str(project), "--out", str(out)]) == 0
    assert (out / "tiny-text.txt").exists() is False               # the name comes from the registry
    assert (out / "tiny-en.txt").read_text(encoding="utf-8") == "Tiny\n\nOne\nHello “world”.\n"
    capsys.readouterr()
    assert main(["all", "--format", "text", "--source", str(project), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out                 # the build cache knows it
