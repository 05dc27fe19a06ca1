"""What a finding in a book's sources becomes: mended with one warning, or a refusal.

This module is the one place that decides (issue 24). Every problem a reader, renderer or
writer finds is a named finding class here, with its outcome:

- MEND: the book is built the way a careful editor would mend it, and one warning names
  the file and line (or key). `--strict` turns every such warning into a refusal.
- REFUSE: the edition is not built; one line names the file and line or key. Only what
  leaves no book, or would make it unsafe or false, is refused. README's "What stops a
  build" lists these and nothing else; tests/unit/test_policy.py holds the two together.

Code that finds a problem calls `mend(name, ...)` or `raise refuse(name, ...)`; it never
raises a SourceError of its own.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from publish.errors import ConfigError, PublishError, SourceError

log = logging.getLogger("publish")

MEND = "mended"
REFUSE = "refused"


@dataclass(frozen=True)
class Finding:
    name: str
    outcome: str        # MEND or REFUSE
    what: str           # one line, as README says it


_TABLE = (
    # The refusals: README's "What stops a build" lists exactly these.
    Finding("config-unreadable", REFUSE,
            "a config file that cannot be parsed, or a value in it that cannot be read "
            "(a wrong type, an unknown language code, a bad ISBN check digit)"),
    Finding("text-undecodable", REFUSE,
            "a chapter whose text cannot be decoded: not UTF-8, and no UTF-16 byte-order mark"),
    Finding("outside-project", REFUSE,
            "a chapter, include, image or cover that lies outside the project folder "
            "(by `..`, an absolute path or a symlink): it is never read, and the edition stops"),
    Finding("nothing-readable", REFUSE,
            "an edition with no chapter left to read"),
    Finding("strict", REFUSE,
            "under `--strict`, any warning about the config or the sources"),
    # Everything else is mended, with one warning naming the file and line.
    Finding("control-character", MEND,
            "an invisible character XML forbids (U+0000-U+001F but tab and newlines, DEL, "
            "U+FFFE, U+FFFF) is removed"),
    Finding("not-text", MEND,
            "a chapter file that is binary, or cannot be read (permissions, a folder, a "
            "symlink loop) is left out"),
    Finding("front-matter", MEND,
            "front matter that is never closed is read as text; an unknown key or a value of "
            "the wrong type is ignored"),
    Finding("missing-chapter", MEND,
            "a chapter listed in SUMMARY.md, a nav or `chapters` but missing is left out"),
    Finding("untranslated", MEND,
            "a chapter missing in one language is the source language's, marked with its "
            "language, or is left out, as `[translations] missing` says (a multilingual "
            "MkDocs site's: the default language's, as mkdocs-static-i18n does); passages "
            "in Latin letters in an edition of another script are marked with the language "
            "they are in"),
    Finding("orphan-translation", MEND,
            "a translation beside its source (`a.fr.md`) whose source is no chapter of the "
            "book is left out"),
    Finding("summary-loop", MEND,
            "a table of contents that lists itself, or a chapter twice, keeps the first entry"),
    Finding("empty-chapter", MEND,
            "a chapter with no text is left out"),
    Finding("untitled-chapter", MEND,
            "a chapter with no heading is titled from its table-of-contents entry or file name"),
    Finding("duplicate-slug", MEND,
            "two chapters whose file names give the same slug get distinct ones"),
    Finding("include", MEND,
            "an include that is missing, unreadable or includes itself is left out"),
    Finding("image", MEND,
            "an image that is missing, unreadable, empty, mislabelled or too large to decode "
            "safely is left out, and its alt text stands in"),
    Finding("image-converted", MEND,
            "an image in a format EPUB readers lack (SVGZ, TIFF, BMP, WebP, CMYK JPEG) is "
            "converted to one they read"),
    Finding("cover", MEND,
            "a cover image that is missing or unreadable gives way to the generated cover"),
    Finding("link", MEND,
            "a link that goes nowhere (a missing file or anchor, a file that is not a chapter "
            "and has no web address) keeps its text"),
    Finding("markup", MEND,
            "a tag that is not HTML, another tool's directive or template tag, or nesting too "
            "deep to lay out is kept as text or flattened"),
    Finding("footnote", MEND,
            "a footnote that is never referenced is left out"),
    Finding("draft-chapter", MEND,
            "a draft chapter (`[Title]()`) is left out"),
    Finding("language", MEND,
            "a language publish has no data file for is built through CLDR; a README whose "
            "language is not said is given the language of its text"),
    Finding("translation", MEND,
            "a PO file that cannot be read, or an edition translated less than the project's "
            "`minimum`, is not built; a message untranslated or fuzzy is the source's text, "
            "marked with the source language; a translation that drops a link or code span "
            "is used as written, with a warning"),
    Finding("readme-contents", MEND,
            "a README set's README that links to the project's other Markdown pages is their "
            "contents: the pages follow it as chapters, in the order linked"),
    Finding("readme-duplicate", MEND,
            "a README set's second README in one language is left out (the first found is "
            "built: the root's before a subfolder's)"),
    Finding("default", MEND,
            "a value the project does not set (slug, author, date, language) gets a "
            "reproducible default"),
    Finding("isbn-shared", MEND,
            "one ISBN given to two editions (languages) is kept on both; the ISBN rules want "
            "one per edition and per format"),
    Finding("contributor", MEND,
            "an article naming a contributor id the registry lacks keeps the id as the name; "
            "a bio missing in the edition's language is the source language's, marked with "
            "its language; a registry entry that cannot be read is left out"),
    Finding("offprint", MEND,
            "an offprint asked for an article the edition does not have is not made (the "
            "others are)"),
    Finding("press-pages", MEND,
            "a book shorter than its print-on-demand printer binds (printers.toml's "
            "min_pages) is still built: the printer pads it with blank pages or refuses it"),
    Finding("unknown-key", MEND,
            "an unknown key in a config file is ignored"),
    Finding("glyph", MEND,
            "a character no embedded font has is drawn as a missing-glyph box"),
    Finding("engine", MEND,
            "a message from the layout, font or image libraries (WeasyPrint, fontTools, Pillow) "
            "is shown as one warning, with the file and line where known (enginelog.py); one "
            "that repeats ours is dropped"),
)

FINDINGS: dict[str, Finding] = {f.name: f for f in _TABLE}


def refusals() -> tuple[Finding, ...]:
    """The findings that stop an edition, in README's order."""
    return tuple(f for f in _TABLE if f.outcome == REFUSE)


def _finding(name: str, outcome: str) -> Finding:
    finding = FINDINGS.get(name)
    if finding is None or finding.outcome != outcome:
        # A programming error, not a user's: every finding is declared above.
        raise ValueError(f"'{name}' is not a finding that is {outcome}")
    return finding


def mend(name: str, message: str, *, path: Path | str | None = None, line: int | None = None,
         key: str | None = None) -> None:
    """Logs the one warning of a mended finding (the build's --strict makes it a refusal)."""
    _finding(name, MEND)
    log.warning("%s", SourceError(message, path=path, line=line, key=key))


def refuse(name: str, message: str, *, path: Path | str | None = None,
           line: int | None = None, key: str | None = None) -> PublishError:
    """The error that stops an edition: `raise refuse(...)`. A config refusal is a ConfigError."""
    _finding(name, REFUSE)
    kind = ConfigError if name == "config-unreadable" else SourceError
    error = kind(message, path=path, line=line, key=key)
    error.finding = name
    return error
