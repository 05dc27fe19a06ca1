"""The config's ISBNs: one per edition and per format (EPUB, PDF, print), each checked.

`isbn` may be written four ways (README, "The config file"):

    isbn = "978-…"                       # every edition, every format
    isbn = { epub = "…", print = "…" }   # every edition, per format (a one-language book)
    isbn.fr = "…"                        # every format of the French edition
    [isbn.fr]                            # the French edition, per format
    epub = "…"
    pdf = "…"
    print = "…"

Every value is checked where it is written, and a wrong one names its key (`isbn.fr.epub`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from publish.errors import ConfigError

FORMATS = ("epub", "pdf", "print")
# Which ISBN an output carries, in order of preference: a PDF made for the press is the
# print book; a screen PDF takes its own, else the print book's (the same pages).
FOR_OUTPUT = {"epub": ("epub",), "pdf": ("pdf", "print"), "press": ("print", "pdf")}

Fail = Callable[[str, str], ConfigError]


def digits(isbn: str) -> str:
    """The ISBN without its hyphens and spaces: 9783161484100."""
    return re.sub(r"[\s-]", "", isbn)


def check(isbn: Any, key: str, fail: Fail) -> None:
    """An ISBN-13 (978 or 979) whose check digit is right; else the error naming `key`."""
    if not isinstance(isbn, str):
        raise fail(key, f"expected an ISBN-13 as a string, got {isbn!r}")
    plain = digits(isbn)
    if not re.fullmatch(r"97[89]\d{10}", plain):
        raise fail(key, f"expected a 13-digit ISBN starting 978 or 979, got '{isbn}'")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(plain[:12]))
    if (10 - total % 10) % 10 != int(plain[12]):
        raise fail(key, f"ISBN '{isbn}' has a wrong check digit")


def check_all(value: Any, fail: Fail, language: Callable[[str, str], object],
              key: str = "isbn") -> None:
    """Checks every ISBN `value` holds, in every form; `language(code, key)` refuses a table
    key that is neither a format nor a language code."""
    if value is None:
        return
    for where, isbn in _leaves(value, key, fail, language):
        check(isbn, where, fail)


def _leaves(value: Any, key: str, fail: Fail, language) -> Iterator[tuple[str, Any]]:
    if not isinstance(value, dict):
        yield key, value
        return
    formats = [name for name in value if name in FORMATS]
    if formats and len(formats) != len(value):
        raise fail(key, f"expected a table of formats ({', '.join(FORMATS)}) or of languages, "
                        f"not both (got {', '.join(value)})")
    for name, item in value.items():
        where = f"{key}.{name}"
        if name in FORMATS:
            yield where, item
            continue
        if name != "default":
            language(name, where)
        if isinstance(item, dict):
            for fmt, isbn in item.items():
                if fmt not in FORMATS:
                    raise fail(f"{where}.{fmt}", f"unknown format '{fmt}' (known: "
                                                 f"{', '.join(FORMATS)})")
                yield f"{where}.{fmt}", isbn
        else:
            yield where, item


def for_edition(value: Any, code: str) -> dict[str, str]:
    """The edition's ISBN for each format it has one for, as written ({} when none)."""
    if value is None:
        return {}
    if isinstance(value, dict) and value and not set(value) <= set(FORMATS):
        value = value.get(code, value.get("default"))
        if value is None:
            return {}
    if isinstance(value, str):
        return {fmt: value for fmt in FORMATS}
    return {fmt: value[fmt] for fmt in FORMATS if fmt in value}


def every_format(value: Any, code: str) -> str:
    """The one ISBN the edition gives every format, as written ("" when it gives them apart)."""
    found = for_edition(value, code)
    one = set(found.values())
    return found["epub"] if len(found) == len(FORMATS) and len(one) == 1 else ""


def for_output(isbns: Mapping[str, str], output: str) -> str:
    """The ISBN an output (`epub`, `pdf`, `press`) carries, its digits only ("" when none)."""
    return next((digits(isbns[fmt]) for fmt in FOR_OUTPUT.get(output, (output,))
                 if isbns.get(fmt)), "")
