"""`po/messages.pot` written as mdbook-xgettext writes it, and merged into the PO files.

The template holds SUMMARY.md's titles (links removed), then every chapter's messages in
reading order; identical texts are one entry with each place as a `#: file:line` reference;
`#.` carries an `i18n:comment`; there is no msgctxt. `update` is msgmerge: Babel's
`Catalog.update` keeps each translation whose text is still there, marks a near match fuzzy
(keeping the old text as `#| msgid`), and makes the rest obsolete.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from publish.translations.markup import normalize
from publish.translations.segment import extract, units


@dataclass
class Entry:
    """One message of the template: its text, its places and its comments."""

    msgid: str
    places: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def summary_messages(text: str) -> list[tuple[int, str, str]]:
    """SUMMARY.md's messages: (line, text, comment), a link's text standing for the link."""
    out = []
    for unit in units(text):
        msgid = normalize(unit.msgid, links=False) if unit.kind in ("para", "heading") \
            else unit.msgid
        if msgid.strip():
            out.append((unit.line, msgid, unit.comment))
    return out


def collect(root: Path, summary: Path, chapters: list[tuple[Path, str]], *,
            legacy: bool = False) -> list[Entry]:
    """The template's entries: SUMMARY.md's, then each chapter's (path, text), merged
    (`legacy`: cut as mdbook-i18n-helpers before 0.3.3 cut them)."""
    entries: dict[str, Entry] = {}

    def add(msgid: str, path: Path, line: int, comment: str) -> None:
        entry = entries.setdefault(msgid, Entry(msgid))
        entry.places.append((_relative(path, root), line))
        if comment and comment not in entry.comments:
            entry.comments.append(comment)

    summary_text = summary.read_text(encoding="utf-8") if summary.is_file() else ""
    for line, msgid, comment in summary_messages(summary_text):
        add(msgid, summary, line, comment)
    for path, text in chapters:
        for message in extract(text, legacy=legacy):
            add(message.msgid, path, message.line, message.comment)
    return list(entries.values())


def _relative(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, root).replace(os.sep, "/")
    except ValueError:
        return path.as_posix()


def write_template(entries: list[Entry], target: Path, *, title: str, language: str,
                   date: str) -> None:
    """`messages.pot`: a header, then one entry per message with its places and comments."""
    import polib

    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"Project-Id-Version": title, "POT-Creation-Date": date,
                    "Language": language, "MIME-Version": "1.0",
                    "Content-Type": "text/plain; charset=UTF-8",
                    "Content-Transfer-Encoding": "8bit"}
    for entry in entries:
        pot.append(polib.POEntry(msgid=entry.msgid, msgstr="",
                                 occurrences=[(f, str(n)) for f, n in _unique(entry.places)],
                                 comment="\n".join(entry.comments)))
    target.parent.mkdir(parents=True, exist_ok=True)
    text = str(pot) + "\n"
    target.write_text(text[2:] if text.startswith("#\n") else text, encoding="utf-8")


def _unique(places: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return list(dict.fromkeys(places))


def update(template: Path, po_path: Path) -> tuple[int, int, int]:
    """Merges the template into one PO file, as msgmerge does: (kept, fuzzy, obsolete).

    Babel's Catalog.update matches the messages (a near match is fuzzy, its old text kept as
    `#| msgid`); polib reads and writes the files, so the PO file's own header stays as it is."""
    import polib
    from babel.messages.catalog import Catalog

    po, pot = polib.pofile(str(po_path), wrapwidth=79), polib.pofile(str(template))
    catalog, wanted = Catalog(locale=None, fuzzy=False), Catalog(locale=None, fuzzy=False)
    for entry in po:
        if entry.msgid and not entry.obsolete:
            catalog.add(entry.msgid, entry.msgstr, flags=entry.flags,
                        previous_id=entry.previous_msgid or ())
    for entry in pot:
        if entry.msgid:
            wanted.add(entry.msgid, "", locations=[(f, int(n) if n.isdigit() else None)
                                                   for f, n in entry.occurrences],
                       auto_comments=[entry.comment] if entry.comment else ())
    catalog.update(wanted, update_header_comment=False, update_creation_date=False)
    merged = polib.POFile(wrapwidth=79)
    merged.header, merged.metadata = po.header, dict(po.metadata)
    if pot.metadata.get("POT-Creation-Date"):
        merged.metadata["POT-Creation-Date"] = pot.metadata["POT-Creation-Date"]
    for message in catalog:
        if message.id:
            merged.append(_entry(message))
    for message in catalog.obsolete.values():
        merged.append(_entry(message, obsolete=True))
    text = str(merged) + "\n"
    po_path.write_text(text[2:] if text.startswith("#\n") else text, encoding="utf-8")
    fuzzy = sum(1 for e in merged if e.fuzzy and not e.obsolete)
    return len(merged.translated_entries()), fuzzy, len(merged.obsolete_entries())


def _entry(message, obsolete: bool = False):
    import polib

    previous = message.previous_id[0] if message.previous_id else None
    return polib.POEntry(msgid=message.id, msgstr=message.string or "",
                         occurrences=[(f, str(n) if n else "") for f, n in message.locations],
                         comment="\n".join(message.auto_comments),
                         flags=sorted(message.flags), previous_msgid=previous,
                         obsolete=obsolete)


def start(template: Path, po_path: Path, language: str) -> None:
    """A new PO file for `language` from the template (msginit): every message untranslated."""
    import polib

    pot = polib.pofile(str(template), wrapwidth=79)
    pot.metadata = {**pot.metadata, "Language": language}
    text = str(pot) + "\n"
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po_path.write_text(text[2:] if text.startswith("#\n") else text, encoding="utf-8")
