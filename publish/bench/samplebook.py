"""Makes a large sample book from the bundled article: for benchmarks and scale tests."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from publish.paths import EXAMPLE_BOOK

SEED = EXAMPLE_BOOK


def make_sample_book(target: Path, chapters: int = 100, langs: tuple[str, ...] = ("en", "fr", "ru"),
                     seed: Path = SEED) -> Path:
    """Writes a project of `chapters` chapters per language (about 1,300 words each) into `target`."""
    source = target / "source"
    source.mkdir(parents=True, exist_ok=True)
    config = (seed / "book.toml").read_text(encoding="utf-8")
    config = re.sub(r'^slug = ".*"$', 'slug = "sample"', config, flags=re.M)
    config = re.sub(r"^languages = .*$", f"languages = {list(langs)!r}".replace("'", '"'),
                    config, flags=re.M)
    (source / "book.toml").write_text(config, encoding="utf-8")
    for lang in langs:
        article = next((seed / lang).glob("*.md")).read_text(encoding="utf-8")
        title, body = article.split("\n", 1)
        folder = source / lang
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        for n in range(1, chapters + 1):
            (folder / f"{n:03d}-part-{n}.md").write_text(_chapter(title, body, n, chapters),
                                                        encoding="utf-8")
    return target


def _chapter(title: str, body: str, n: int, total: int) -> str:
    """One chapter: the article with numbered headings, a footnote and a link to the next one."""
    body = re.sub(r"^## (.*)$", rf"## \1 ({n})", body, flags=re.M)
    nxt = f"{n % total + 1:03d}-part-{n % total + 1}.md"
    extra = (f"\n\nThis is part {n} of {total}.[^n{n}] See also [part {n % total + 1}]({nxt}).\n\n"
             f"[^n{n}]: A note in part {n}, to exercise footnotes.\n")
    return f"{title} ({n})\n{body.rstrip()}\n{body.split(chr(10) + chr(10), 3)[2]}{extra}"
