"""The stores and e-mail targets publish knows, read from stores.toml (their limits are data)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from publish.errors import ConfigError

_FIGURES = ("epub_bytes_max", "image_pixels_max", "image_bytes_max", "html_bytes_max",
            "cover_short_min", "cover_long_min", "cover_side_max", "pages_min")


@dataclass(frozen=True)
class Store:
    """One store's published limits; a figure of 0 (or an empty value) is not checked."""

    key: str
    name: str
    sources: tuple[str, ...]
    epub_bytes_max: int = 0
    image_pixels_max: int = 0
    image_bytes_max: int = 0
    html_bytes_max: int = 0
    cover_short_min: int = 0
    cover_long_min: int = 0
    cover_side_max: int = 0
    pages_min: int = 0
    cover_ratio: tuple[float, float] | None = None
    cover_inside: bool = False
    cover_first: bool = False
    isbn: bool = False
    page_references: tuple[str, ...] = ()
    cover_file: dict[str, Any] = field(default_factory=dict)
    advisory: frozenset[str] = frozenset()

    def severity(self, limit: str) -> str:
        """"warning" for a limit the store recommends, "error" for one it enforces."""
        return "warning" if limit in self.advisory else "error"


@dataclass(frozen=True)
class Target:
    """An e-mail address kind `publish send` knows by its domain, with its limits."""

    key: str
    name: str
    sources: tuple[str, ...]
    domains: tuple[str, ...]
    attachments_max: int = 0
    message_bytes_max: int = 0


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return tomllib.loads(resources.files("publish").joinpath("stores.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def known() -> dict[str, Store]:
    """Every store, by its key (apple, google, …), in the data file's order."""
    stores = {}
    for key, raw in _data()["stores"].items():
        ratio = raw.get("cover_ratio")
        stores[key] = Store(
            key=key, name=raw["name"], sources=tuple(raw["sources"]),
            **{name: raw[name] for name in _FIGURES if name in raw},
            cover_ratio=(float(ratio[0]), float(ratio[1])) if ratio else None,
            cover_inside=raw.get("cover_inside", False), cover_first=raw.get("cover_first", False),
            isbn=raw.get("isbn", False), page_references=tuple(raw.get("page_references", ())),
            cover_file=dict(raw.get("cover_file", {})), advisory=frozenset(raw.get("advisory", ())))
    return stores


def select(value: str | list[str] | None, key: str = "--for") -> tuple[Store, ...]:
    """The stores a comma list (or repeated option) names; an unknown one is a ConfigError
    that lists the known ones."""
    values = [value] if isinstance(value, str) else list(value or [])
    names = [n.strip().lower() for v in values for n in v.split(",") if n.strip()]
    stores = known()
    unknown = [n for n in names if n not in stores]
    if unknown or not names:
        asked = f"unknown store '{unknown[0]}'" if unknown else "no store given"
        raise ConfigError(f"{asked} (known: {', '.join(stores)})", key=key)
    return tuple(stores[n] for n in dict.fromkeys(names))


@lru_cache(maxsize=1)
def targets() -> dict[str, Target]:
    """The e-mail targets (kindle, pocketbook), by key."""
    return {key: Target(key=key, name=raw["name"], sources=tuple(raw["sources"]),
                        domains=tuple(raw["domains"]),
                        attachments_max=raw.get("attachments_max", 0),
                        message_bytes_max=raw.get("message_bytes_max", 0))
            for key, raw in _data()["targets"].items()}


def target_of(address: str) -> Target | None:
    """The known target an address belongs to (by its domain), or None."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(">")
    return next((t for t in targets().values() if domain in t.domains), None)
