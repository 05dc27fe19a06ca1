"""Synthetic projects for the catalog bench (issue 27): many small books whose outputs are
fake files, so `publish catalog --no-build` is timed on its own work, not on builds."""
from __future__ import annotations

import io
from pathlib import Path

LANGS = ("en", "fr")
# What each fake output starts with: the magic a catalog's reader checks.
FAKE = {".epub": b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/epub+zip",
        ".kepub.epub": b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/epub+zip",
        ".pdf": b"%PDF-1.7\n%fake\n"}


def make_catalog_projects(root: Path, editions: int = 500) -> list[Path]:
    """`editions` // 2 two-language projects: a third in a series, a third issues of one
    periodical, each with a small cover and its three outputs already in build/."""
    cover = _cover_png()
    projects = []
    for n in range(max(1, editions // len(LANGS))):
        project = root / f"book-{n:04d}"
        source = project / "source"
        source.mkdir(parents=True, exist_ok=True)
        (source / "cover.png").write_bytes(cover)
        (source / "book.toml").write_text(_config(n), encoding="utf-8")
        for lang in LANGS:
            (source / lang).mkdir(exist_ok=True)
            (source / lang / "01.md").write_text(f"# Chapter\n\nBook {n}.\n", encoding="utf-8")
            for suffix, head in FAKE.items():
                target = project / "build" / f"bench-{n:04d}-{lang}{suffix}"
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(head + bytes(2048))
        projects.append(project)
    return projects


def _config(n: int) -> str:
    extra = ""
    if n % 3 == 1:
        extra = f'[series]\nname = "Bench Series {n % 7}"\nposition = {n}\n'
    elif n % 3 == 2:
        extra = (f'[issue]\nperiodical = "The Bench Review"\nvolume = "{n // 12 + 1}"\n'
                 f'number = "{n % 12 + 1}"\ndate = 2024-{n % 12 + 1:02d}-01\n')
    return (f'slug = "bench-{n:04d}"\nlanguages = ["en", "fr"]\ndate = 2024-{n % 12 + 1:02d}-'
            f'{n % 28 + 1:02d}\ncover = "cover.png"\npublisher = "Bench Press"\n'
            f'description = "Synthetic book number {n} of the catalog bench."\n'
            f'[title]\nen = "Book {n}"\nfr = "Livre {n}"\n'
            f'[[authors]]\nname = "Author {n % 50}"\n' + extra)


def _cover_png() -> bytes:
    """A small cover (the catalog copies it and draws a thumbnail)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (160, 256), (40, 70, 110)).save(out, format="PNG")
    return out.getvalue()
