"""TOML files as the user wrote them: parsed with errors that name the line, and the line of a key."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from publish.errors import PublishError


def parse(text: str, path: Path, error: type[PublishError], *, first_line: int = 1,
          what: str = "invalid TOML") -> dict[str, Any]:
    """`text` parsed; a syntax error is `error` naming the file and its line.

    `first_line` is the line of the file `text` starts on (front matter sits below a `+++`).
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at (line|end of document).*\)", "", str(exc))
        # "at end of document": the last line that has anything on it.
        at = int(m.group(1)) if m else len(text.rstrip().splitlines()) or 1
        line = at + first_line - 1
        raise error(f"{what}: {message}", path=path, line=line) from None


def read(path: Path, error: type[PublishError]) -> tuple[dict[str, Any], str]:
    """The table in the file at `path` and its text; unreadable or invalid is `error`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=path) from None
    return parse(text, path, error), text


def line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The first line that sets `key` (or opens a table of that name), for messages.

    With `table`, the key is looked for inside `[table]` or `[[table]]` (or as `table.key = …`,
    or as a table `[table.key]`), and the table's own line stands in when the key is not
    written there.
    """
    if table is None:
        pattern = re.compile(rf"^\s*(\[\[?\s*)?{re.escape(key)}(\s*=|\s*\]|\.)")
        return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)
    quoted = rf"""["']?{re.escape(key)}["']?\s*="""
    inside, found = False, None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if re.fullmatch(rf"\[\s*{re.escape(table)}\s*\.\s*{re.escape(key)}\s*\](\s*#.*)?", line):
            return number                      # the key is a table of its own: [table.key]
        if line.startswith("["):
            inside = re.fullmatch(rf"\[\[?\s*{re.escape(table)}\s*\]\]?(\s*#.*)?", line) is not None
            found = number if inside else found
        elif (inside and re.match(quoted, line)) or \
                re.match(rf"{re.escape(table)}\s*\.\s*{quoted}", line):
            return number
        elif re.match(rf"{re.escape(table)}\s*=", line):
            found = number
    return found
