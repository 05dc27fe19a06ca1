"""WeasyPrint's only door to files: inside the project, the built-in layouts and the font cache."""
from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publish.writers.pdf.engine import weasyprint

log = logging.getLogger("publish")


class ConfinedFetcher(weasyprint.urls.URLFetcher):
    """Serves `file:` URLs whose real path lies inside `roots` (or is one of `files`: the book's
    images, fetched ones in the build cache included); refuses everything else.

    No http(s), ftp or `file:` outside the roots (an `<a rel="attachment" href="/etc/passwd">`
    would otherwise embed that file in the PDF). Refusals are logged and remembered.
    """

    def __init__(self, roots: tuple[Path, ...], files: frozenset[Path] = frozenset(),
                 **kwargs) -> None:
        super().__init__(allowed_protocols={"file"}, **kwargs)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.files = frozenset(Path(f).resolve() for f in files)   # the book's own images
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file" and not parts.netloc:
            real = Path(unquote(parts.path)).resolve()
            if (real in self.files or any(real.is_relative_to(root) for root in self.roots)) \
                    and real.is_file():
                return super().fetch(url, headers)
        self.refused.append(url)
        log.warning("refused to read '%s': only files inside the project are used", url)
        raise ValueError(f"refused: {url}")
