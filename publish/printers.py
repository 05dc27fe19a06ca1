"""The print-on-demand printers: each one's figures are one entry of printers.toml, read here."""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("printers.toml")
TRIM_TOLERANCE = 0.01        # inches: A5's 148 mm is 5.827 in, listed as 5.83


@dataclass(frozen=True)
class Printer:
    """One printer's requirements, as printers.toml gives them (lengths in inches)."""

    key: str                               # "ingram": the --press value
    name: str                              # "IngramSpark"
    variant: str                           # WeasyPrint's PDF variant: "pdf/x-1a"
    bleed: float
    trims: tuple[tuple[float, float], ...]
    custom: tuple[float, float, float, float] | None   # min/max width, min/max height
    papers: Mapping[str, float]            # paper -> caliper, inches per page
    paper: str                             # the default paper
    min_pages: int
    spine_pages: int
    spine_width: float
    intent: tuple[str, str]                # output condition identifier, its description

    def offers(self, width: float, height: float) -> bool:
        """Whether the printer prints this trim size (a listed one, or within its custom range)."""
        if any(abs(width - w) <= TRIM_TOLERANCE and abs(height - h) <= TRIM_TOLERANCE
               for w, h in self.trims):
            return True
        if self.custom is None:
            return False
        low_w, high_w, low_h, high_h = self.custom
        return low_w <= width <= high_w and low_h <= height <= high_h

    def trims_text(self) -> str:
        listed = ", ".join(f"{w:g}x{h:g}in" for w, h in self.trims)
        if self.custom:
            low_w, high_w, low_h, high_h = self.custom
            listed += f", or any size {low_w:g}-{high_w:g}in wide and {low_h:g}-{high_h:g}in high"
        return listed

    def spine_text(self, pages: int, spine: float) -> bool:
        """Whether a spine this wide, of a book this long, may carry its title."""
        return pages >= self.spine_pages and spine >= self.spine_width


@lru_cache(maxsize=1)
def known() -> dict[str, Printer]:
    """Every printer in printers.toml, by its key."""
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return {key: Printer(key=key, name=entry["name"], variant=entry["variant"],
                         bleed=float(entry["bleed"]),
                         trims=tuple((float(w), float(h)) for w, h in entry["trims"]),
                         custom=tuple(entry["custom"]) if "custom" in entry else None,
                         papers={k: float(v) for k, v in entry["papers"].items()},
                         paper=entry["paper"], min_pages=int(entry["min_pages"]),
                         spine_pages=int(entry["spine_pages"]),
                         spine_width=float(entry["spine_width"]),
                         intent=tuple(entry["intent"]))
            for key, entry in data.items()}


def spine_width(pages: int, caliper: float) -> float:
    """The spine's width in inches: pages x the paper's caliper (inches per page)."""
    return pages * caliper
