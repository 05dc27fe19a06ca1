"""The laid-out parts of a PDF kept in the build cache (parts.py, folios.py): an edit lays
out its own part again, and takes every other one as it was."""
from __future__ import annotations

import hashlib
import json

from publish.model import Book


class PartCache:
    """Laid-out parts kept in the build cache (None: nothing is kept) under the hash of their
    HTML and of the package: their facts (page count, anchors, the folios their pages leave
    off) and their PDF. So are the front matter and the folio sheets."""

    def __init__(self, cache, book: Book) -> None:
        from publish.cache import package_digest

        self.cache = cache
        self.salt = f"{package_digest()}|{book.print!r}|{book.metadata.identifier}|"
        self.keys: set[str] = set()          # what this build used (prune() keeps only these)

    def key(self, html: str) -> str:
        key = hashlib.sha256((self.salt + html).encode("utf-8")).hexdigest()
        self.keys.add(key)
        return key

    def facts(self, key: str) -> dict | None:
        data = self.cache.get("pdfparts", key + ".json") if self.cache else None
        return json.loads(data) if data else None

    def pdf(self, key: str) -> bytes | None:
        return self.cache.get("pdfparts", key + ".pdf") if self.cache else None

    def keep(self, key: str, facts: dict, pdf: bytes | None = None) -> None:
        if self.cache:
            if pdf is not None:
                self.cache.put("pdfparts", key + ".pdf", pdf)
            self.cache.put("pdfparts", key + ".json", json.dumps(facts).encode())

    def prune(self, name: str) -> None:
        """Forgets the parts an earlier build of output `name` kept and this one did not use."""
        if not self.cache:
            return
        index = ("pdfparts-index", f"{name}.json")
        for key in set(json.loads(self.cache.get(*index) or b"[]")) - self.keys:
            for suffix in (".json", ".pdf"):
                (self.cache.root / "pdfparts" / (key + suffix)).unlink(missing_ok=True)
        self.cache.put(*index, json.dumps(sorted(self.keys)).encode())
