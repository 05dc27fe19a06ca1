"""The pages a README links to, read as the chapters that follow it: on GitHub a README
that links to the project's other Markdown files is their contents page, and a reader who
follows its links reads them in that order.

The README's links come first, in the order written; then the links of the pages found,
breadth first. A link counts when it points to a Markdown file (or a folder's README)
inside the project; other READMEs of the set (its translations) and a repository's
housekeeping files (CONTRIBUTING, LICENSE, CODE_OF_CONDUCT, ... and `.github/`) are not
chapters. Links in code are not links.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from publish.sources.text import outside_code

# Inline links and images `[text](target "title")`, reference definitions `[id]: target`,
# and HTML `href`s. Images (a `!` before the bracket) are dropped after matching.
_INLINE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.I)
_MARKDOWN = (".md", ".markdown")
# A repository's housekeeping, in any case and with a language after it (CONTRIBUTING-ta.md).
_HOUSEKEEPING = re.compile(r"^(?:contributing|code[-_]of[-_]conduct|licen[cs]e|changelog|changes|"
                           r"security|support|pull[-_]request[-_]template|issue[-_]template|"
                           r"codeowners|funding|governance|maintainers)(?:[-_.].*)?$", re.I)
# The most pages one README's links bring in (a site's whole tree is not a book's contents).
LIMIT = 2000


def linked_pages(readme: Path, root: Path, skip: set[Path]) -> list[Path]:
    """The Markdown files `readme` leads to, in reading order (the README itself and the
    files in `skip` left out); each lies inside `root`."""
    root = root.resolve()
    seen = {readme.resolve(), *(p.resolve() for p in skip)}
    found: list[Path] = []
    queue = [readme]
    while queue and len(found) < LIMIT:
        page = queue.pop(0)
        for target in _targets(page, root):
            if target not in seen and len(found) < LIMIT:
                seen.add(target)
                found.append(target)
                queue.append(target)
    return found


def as_chapter(page: Path, folder: Path) -> str:
    """A page's path as the `chapters` key reads it: from the edition's folder."""
    return Path(os.path.relpath(page, folder.resolve())).as_posix()


def _targets(page: Path, root: Path) -> list[Path]:
    """The project's Markdown files `page` links to, in the order written."""
    try:
        text = page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    text = "\n".join(outside_code(text))
    hrefs = [(m.start(), m.group(3)) for m in _INLINE.finditer(text) if not m.group(1)]
    hrefs += [(m.start(), m.group(1)) for m in _REFERENCE.finditer(text)]
    hrefs += [(m.start(), m.group(1)) for m in _HREF.finditer(text)]
    targets = []
    for _, href in sorted(hrefs):
        target = _resolve(href, page, root)
        if target is not None and target not in targets:
            targets.append(target)
    return targets


def inline_links(text: str) -> list[tuple[str, str]]:
    """(text, target) of each inline link (`[text](target)`, images left out) outside code."""
    return [(m.group(2), m.group(3)) for m in _INLINE.finditer("\n".join(outside_code(text)))
            if not m.group(1)]


def _resolve(href: str, page: Path, root: Path) -> Path | None:
    """The project file a link names, when it is a chapter candidate; else None."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", href, re.I):
        return None
    path = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    base = root if path.startswith("/") else page.parent
    try:
        target = (base / path.lstrip("/")).resolve()
        if target.is_dir():
            target = next((target / n for n in ("README.md", "readme.md", "index.md")
                           if (target / n).is_file()), target)
        if not (target.is_file() and target.is_relative_to(root)):
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    if target.suffix.lower() not in _MARKDOWN or _housekeeping(target, root):
        return None
    return target


def _housekeeping(target: Path, root: Path) -> bool:
    parts = target.relative_to(root).parts
    return parts[0] == ".github" or bool(_HOUSEKEEPING.match(target.stem))
