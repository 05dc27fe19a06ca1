"""Which editions a project's PO files make, with their figures, the project's minimum and
their translated titles.

An mdBook with `[preprocessor.gettext]` (its `po-dir`, default `po`), or our own
`[translations]` table (`po-dir`, `minimum`, `fuzzy`), builds its own language and one
edition per `<po-dir>/<lang>.po`: the languages listed, if the project lists them, else every
PO file. `minimum` (a percent) leaves out an edition translated less, with a warning naming
it and its figure; `fuzzy = true` counts fuzzy entries as translated for it. With no minimum
every edition is built, and each one not wholly translated says its figures in a warning.
The book's title, subtitle and description are translated by their PO entries when there
are some, else they are the per-language config's.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from publish import policy
from publish.translations.catalog import Catalog, read_catalog

TABLE = "translations"
KEYS = {"po-dir": str, "minimum": (int, float), "fuzzy": bool}
TRANSLATED_KEYS = ("title", "subtitle", "description")


def wanted(raw: dict[str, Any], ours: dict[str, Any], root: Path) -> bool:
    """Whether an mdBook asks for PO editions: its book.toml says so, or it has `po/*.po`."""
    return "gettext" in (raw.get("preprocessor") or {}) or TABLE in ours or TABLE in raw \
        or any((root / "po").glob("*.po")) or any((root / "po").glob("*/*.po"))


def add_editions(ours: dict[str, Any], raw: dict[str, Any], path: Path, listed: bool) -> None:
    """Adds the PO editions to `ours` (an mdBook's config, its source language first):
    their codes to `languages`, their titles, and the resolved `[translations]` table."""
    table = {**(raw.get(TABLE) or {}), **(ours.get(TABLE) or {})}
    _check(table, path)
    gettext = (raw.get("preprocessor") or {}).get("gettext") or {}
    po_dir = str(table.get("po-dir") or gettext.get("po-dir") or "po")
    folder = path.parent / po_dir
    if not folder.is_dir() and path.parent.name == "source":
        folder = path.parent.parent / po_dir            # our own layout: <project>/po
    source = str(table.get("source") or ours["languages"][0])
    resolved = {**table, "po-dir": po_dir, "po-path": str(folder), "source": source,
                "fuzzy": bool(table.get("fuzzy", False)), "files": {}}
    if "minimum" in table:
        resolved["minimum"] = float(table["minimum"])
    ours[TABLE] = resolved
    found = _po_files(folder, path.parent)
    codes = [code for code in (ours["languages"][1:] if listed else found) if code != source]
    kept, refused = [], set()
    for code in codes:
        if code not in found:
            continue                   # a language listed with no PO file: its own folder
        catalog = read_catalog(found[code])
        if catalog is None or not _enough(catalog, code, source, resolved):
            refused.add(code)
            continue
        resolved["files"][code] = str(found[code])
        _translate_titles(ours, catalog, code, source)
        kept.append(code)
    ours["languages"] = [ours["languages"][0]] + (
        kept if not listed else [c for c in ours["languages"][1:] if c not in refused])


def _po_files(folder: Path, root: Path) -> dict[str, Path]:
    """Each PO file of the folder, by the edition code of its name (`zh-CN.po`: zh-Hans), or
    of its language folder (`es-419/messages.po`, as Weblate and moz-l10n lay them out)."""
    from publish.languages.tags import edition_code

    if not folder.is_dir():
        return {}
    found = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(sub.glob("*.po"))
        chosen = sub / "messages.po" if (sub / "messages.po").is_file() else \
            (files[0] if len(files) == 1 else None)
        code = edition_code(sub.name, root)
        if chosen is not None and code:
            found[code] = chosen
    found.update({(edition_code(p.stem, root) or p.stem): p for p in sorted(folder.glob("*.po"))})
    return found


def _check(table: dict[str, Any], path: Path) -> None:
    for key, value in table.items():
        kind = KEYS.get(key)
        if kind is None:
            continue                       # another key of the table: config.py checks it
        if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
            raise policy.refuse("config-unreadable", f"{TABLE}.{key}: expected "
                                f"{'true or false' if kind is bool else 'a number' if key == 'minimum' else 'a string'}, "
                                f"got {value!r}", path=path, key=f"{TABLE}.{key}")
        elif key == "minimum" and not 0 <= value <= 100:
            raise policy.refuse("config-unreadable", f"{TABLE}.minimum: expected a percent "
                                f"from 0 to 100, got {value!r}", path=path, key=f"{TABLE}.minimum")


def _enough(catalog: Catalog, code: str, source: str, table: dict[str, Any]) -> bool:
    """Whether the edition is built (its figures said in a warning when not whole)."""
    figures = catalog.figures
    percent = figures.percent(table["fuzzy"])
    minimum = table.get("minimum")
    if minimum is not None and percent < minimum:
        policy.mend("translation", f"the '{code}' edition is {figures.said(table['fuzzy'])}, "
                                   f"below the minimum of {minimum:g}%; it is not built",
                    path=catalog.path)
        return False
    if figures.translated < figures.total:
        policy.mend("translation", f"the '{code}' edition is {figures.said(table['fuzzy'])}; "
                                   f"what is not is the '{source}' text, marked as such",
                    path=catalog.path)
    return True


def _translate_titles(ours: dict[str, Any], catalog: Catalog, code: str, source: str) -> None:
    """Title, subtitle and description from their PO entries, when the PO file has them."""
    for key in TRANSLATED_KEYS:
        value = ours.get(key)
        if not value:
            continue
        table = dict(value) if isinstance(value, dict) else {"default": value}
        text = table.get("default") or table.get(source)
        found = catalog.entries.get(str(text)) if text else None
        if found is not None:
            table[code] = found[0]
            ours[key] = table


def own_project(raw: dict[str, Any], path: Path) -> tuple[dict[str, Any], dict[str, Path] | None]:
    """Our own book.toml with a [translations] table: its first language is the source, each
    other listed language with a PO file is an edition of it, read from the source's folder."""
    languages = raw.get("languages")
    if not isinstance(languages, list) or not languages:
        return raw, None
    ours = {**raw, "languages": [str(code) for code in languages]}
    add_editions(ours, {}, path, listed=True)
    files = ours[TABLE]["files"]
    if not files:
        return raw, None                   # no PO edition: the usual folders (or suffix files)
    source = path.parent / ours["languages"][0]
    own = {code: path.parent / code for code in ours["languages"]}
    return ours, {code: source if code in files else
                  own[code] if own[code].is_dir() else path.parent for code in own}


def po_file(translations: dict[str, Any], code: str) -> Path | None:
    """The PO file an edition is translated by (None: an edition of its own text)."""
    name = (translations or {}).get("files", {}).get(code)
    return Path(name) if name else None
