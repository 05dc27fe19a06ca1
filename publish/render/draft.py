"""A chapter between parsing and serializing: its tree, its ids, and what it refers to."""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from publish.model import Image
from publish.sources import RawChapter


@dataclass
class Draft:
    """A chapter whose ids are known and whose links are not yet resolved."""

    raw: RawChapter
    root: etree._Element
    renamed: dict[str, str] = field(default_factory=dict)   # Markdown id -> book-unique id
    ids: set[str] = field(default_factory=set)
    images: list[Image] = field(default_factory=list)
    footnotes: list[etree._Element] = field(default_factory=list)
    remote: list[tuple[str, int]] = field(default_factory=list)

    def line(self, needle: str) -> int:
        """The source line that contains `needle` (for messages)."""
        pos = self.raw.text.find(needle)
        index = self.raw.text.count("\n", 0, pos) if pos >= 0 else 0
        origins = self.raw.origins
        return self.raw.first_line + (origins[index] - 1 if index < len(origins) else index)
