"""Makes an mdBook translated by a PO file, for the benchmark: `messages` messages, all in French."""
from __future__ import annotations

from pathlib import Path

# One chapter's body: 5 kinds of message (paragraphs, list items, a table's cells, a code
# comment and string, a heading), 35 in all.
_PER_CHAPTER = 35


def make_po_book(target: Path, messages: int = 3500) -> Path:
    """An mdBook in `target` with about `messages` messages, and po/fr.po translating each."""
    src = target / "src"
    src.mkdir(parents=True, exist_ok=True)
    chapters = max(1, messages // _PER_CHAPTER)
    (target / "book.toml").write_text(
        '[book]\ntitle = "Sample"\nauthors = ["A. Author"]\nlanguage = "en"\n\n'
        '[preprocessor.gettext]\n\n[output.publish]\nslug = "sample-po"\ndate = 2024-01-02\n',
        encoding="utf-8")
    summary = ["# Summary", ""] + [f"- [Chapter {n}](c{n:03d}.md)" for n in range(1, chapters + 1)]
    (src / "SUMMARY.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
    for n in range(1, chapters + 1):
        (src / f"c{n:03d}.md").write_text(_chapter(n, chapters), encoding="utf-8")
    _write_po(target, src)
    return target


def _chapter(n: int, total: int) -> str:
    paragraphs = "\n\n".join(
        f"Entry {k} of chapter {n}: the keeper wrote of the *wind*, the tide and\nthe oil the "
        f"lamp burnt through the night, as the [log](c{n % total + 1:03d}.md) asks." for k in range(22))
    items = "\n".join(f"- Item {k} of chapter {n}, with `code {k}`" for k in range(6))
    return (f"# Chapter {n}\n\n{paragraphs}\n\n{items}\n\n| Season {n} | Hours {n} |\n|---|---|\n"
            f"| Winter {n} | Long {n} |\n\n```rust\n// Light lamp {n} at dusk.\nfn light() {{\n"
            f"    println!(\"Lamp {n} is lit\");\n}}\n```\n")


def _write_po(target: Path, src: Path) -> None:
    import polib

    from publish.translations.pot import collect

    chapters = [(p, p.read_text(encoding="utf-8")) for p in sorted(src.glob("c*.md"))]
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8"}
    for entry in collect(target, src / "SUMMARY.md", chapters):
        po.append(polib.POEntry(msgid=entry.msgid, msgstr=_french(entry.msgid),
                                occurrences=[(f, str(line)) for f, line in entry.places]))
    (target / "po").mkdir(exist_ok=True)
    po.save(str(target / "po" / "fr.po"))


def _french(msgid: str) -> str:
    """A stand-in translation that keeps the message's links and code."""
    if msgid.startswith(("//", '"')):
        return msgid.replace("Light lamp", "Allumer la lampe").replace("is lit", "est allumée")
    return "FR " + msgid.replace("the keeper wrote of", "le gardien écrivit")
