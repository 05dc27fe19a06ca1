"""publish/tomlfile.py: the line of a key, and TOML errors that name the file and its line."""
from __future__ import annotations

from pathlib import Path

import pytest

from publish import tomlfile
from publish.errors import ConfigError, SourceError

SAMPLE = """\
slug = "tiny"
title = "Tiny"

[labels]
contents = "Sommaire"

[[authors]]
name = "A. Author"

[print.extra]
trim = "a5"
"""


@pytest.mark.parametrize(("key", "expected"), [
    ("slug", 1),            # key = …
    ("title", 2),
    ("labels", 4),          # [key]
    ("contents", 5),        # a key inside a table
    ("authors", 7),         # [[key]]
    ("name", 8),
    ("print", 10),          # [key.sub]
    ("trim", 11),
    ("missing", None),      # not found
    ("slu", None),          # a prefix of a key is not the key
    ("itle", None),         # nor is a suffix
])
def test_line_of_without_table(key, expected):
    assert tomlfile.line_of(SAMPLE, key) == expected


@pytest.mark.parametrize(("text", "key", "expected"), [
    ("  indented = 1\n", "indented", 1),
    ("a = 1\n[ spaced ]\n", "spaced", 2),
    ("a = 1\n[[ spaced ]]\n", "spaced", 2),
    ("a = 1\nsend.host = 'h'\n", "send", 2),     # a dotted key opens the table too
    ("keyboard = 1\nkey = 2\n", "key", 2),
    ("", "key", None),
])
def test_line_of_forms(text, key, expected):
    assert tomlfile.line_of(text, key) == expected


SEND = """\
title = "x"
host = "not this one"
[send]
host = "smtp.example.org"
# port = 25
"user" = "me"
[print]
port = 3
send.to = "reader@example.org"
"""


@pytest.mark.parametrize(("key", "expected"), [
    ("host", 4),        # inside [send], not the top-level host on line 2
    ("user", 6),        # a quoted key
    ("to", 9),          # send.key = … outside the table
    ("port", 3),        # commented out in [send], set in [print]: the table's line
    ("from", 3),        # not written at all: the table's line
])
def test_line_of_in_table(key, expected):
    assert tomlfile.line_of(SEND, key, table="send") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("[send]  # mail\nhost = 'h'\n", 2),        # a comment after the table header
    ("send = {host = 'h'}\n", 1),               # an inline table: its line
    ("a = 1\nsend . host = 'h'\n", 2),          # spaces around the dot
    ("[send.extra]\nhost = 'h'\n", None),       # a sub-table is not [send]
    ("host = 'h'\n", None),                     # no [send] at all
])
def test_line_of_in_table_forms(text, expected):
    assert tomlfile.line_of(text, "host", table="send") == expected


def test_parse_returns_the_table(tmp_path):
    assert tomlfile.parse('a = 1\n[b]\nc = "d"\n', tmp_path / "f.toml", ConfigError) == \
        {"a": 1, "b": {"c": "d"}}


@pytest.mark.parametrize(("text", "first_line", "line", "message"), [
    ("a = 1\nb = \nc = 2\n", 1, 2, "invalid TOML: Invalid value"),
    ("a = 1\nb = \nc = 2\n", 5, 6, "invalid TOML: Invalid value"),
    ("a = 1\n[x\n", 1, 2, "invalid TOML: Expected ']' at the end of a table declaration"),
    ("a = 1\na = 2\n", 10, 11, "invalid TOML: Cannot overwrite a value"),
])
def test_parse_error_names_the_file_line(tmp_path, monkeypatch, text, first_line, line, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        tomlfile.parse(text, Path("f.toml"), ConfigError, first_line=first_line)
    assert (info.value.line, info.value.message) == (line, message)
    assert str(info.value) == f"f.toml:{line}: {message}"


def test_parse_error_uses_the_given_type_and_wording(tmp_path):
    with pytest.raises(SourceError) as info:
        tomlfile.parse("a = \nb = 1\n", tmp_path / "c.md", SourceError, first_line=2,
                       what="invalid front matter")
    assert type(info.value) is SourceError
    assert info.value.message == "invalid front matter: Invalid value"
    assert info.value.line == 2


def test_read_returns_table_and_text(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text('name = "Été"\n', encoding="utf-8")
    assert tomlfile.read(path, ConfigError) == ({"name": "Été"}, 'name = "Été"\n')


def test_read_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SourceError) as info:
        tomlfile.read(Path("nope.toml"), SourceError)
    assert str(info.value) == "nope.toml: cannot read: No such file or directory"


def test_read_non_utf8(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("latin.toml").write_bytes(b'a = "caf\xe9"\n')
    with pytest.raises(ConfigError) as info:
        tomlfile.read(Path("latin.toml"), ConfigError)
    assert str(info.value) == "latin.toml: not UTF-8 text (byte 8)"


def test_read_invalid_toml_names_the_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.toml").write_text("a = 1\n\nb = = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        tomlfile.read(Path("bad.toml"), ConfigError)
    assert str(info.value) == "bad.toml:3: invalid TOML: Invalid value"
