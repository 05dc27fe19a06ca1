"""The laid-out parts of a PDF kept in the build cache (parts.py, folios.py): an edit lays
out its own part again, and takes every other one as it was."""
from __future__ import annotations

from pathlib import Path

from publish.model import Book


class PartCache:
    """Laid-out parts kept in the build cache, under the hash of their HTML (chapters,
    stylesheet, fonts, options) and of the package: a part's page count, anchors and the
    folios its pages leave off, and its PDF; the front matter's for the page numbers in its
    contents; the folio sheets. An edit reuses every other part as it is, byte for byte,
    wherever its pages now fall."""

    def __init__(self, cache, book: Book) -> None:
        from publish.cache import package_digest

        self.cache = cache
        self.salt = f"{package_digest()}|{book.print!r}|{book.metadata.identifier}|"
        self.keys: list[str] = []          # what this build used (prune() keeps only these)

    def key(self, html: str) -> str:
        import hashlib

        return self.used(hashlib.sha256((self.salt + html).encode("utf-8")).hexdigest())

    def facts(self, key: str) -> dict | None:
        import json

        data = self.cache.get("pdfparts", key + ".json") if self.cache else None
        return json.loads(data) if data else None

    def pdf(self, key: str) -> bytes | None:
        """The PDF kept under `key`, if any (kept with its facts: keep())."""
        return self.cache.get("pdfparts", key + ".pdf") if self.cache else None

    def used(self, key: str) -> str:
        self.keys.append(key)
        return key

    def prune(self, name: str) -> None:
        """Forgets the parts an earlier build of output `name` kept and this one did not use."""
        import json

        if not self.cache:
            return
        earlier = json.loads(self.cache.get(*self.index(name)) or b"[]")
        for key in set(earlier) - set(self.keys):
            for suffix in (".json", ".pdf"):
                (self.cache.root / "pdfparts" / (key + suffix)).unlink(missing_ok=True)
        self.cache.put(*self.index(name), json.dumps(sorted(set(self.keys))).encode())

    @staticmethod
    def index(name: str) -> tuple[str, str]:
        """Where the cache lists the parts the last build of output `name` used."""
        return "pdfparts-index", f"{name}.json"

    def keep(self, key: str, pages: int, anchors: dict, path: Path,
             folios: list | None = None) -> None:
        import json

        if self.cache:
            self.cache.put("pdfparts", key + ".pdf", path.read_bytes())
            self.cache.put("pdfparts", key + ".json", json.dumps(
                {"pages": pages, "anchors": anchors, "folios": folios or []}).encode())
