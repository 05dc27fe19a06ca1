"""Book metadata for one language, resolved from the config and typeset."""
from __future__ import annotations

import datetime as _dt
import os
import re
import uuid
from typing import Callable

from . import typography
from .config import Config
from .errors import ConfigError
from .languages import get_language
from .model import Author, Metadata

# Identifiers derived from slug and language live under this namespace: stable, never random.
ID_NAMESPACE = uuid.UUID("6f9d3c1e-4f0a-5b7e-9c2d-8a1b3e5f7c90")


def book_labels(config: Config, lang: str) -> dict[str, str]:
    """The language's labels with the project's overrides ([labels.<lang>]) applied."""
    labels = dict(get_language(lang).labels)
    labels.update(config.get("labels", default={}).get(lang, {}))
    return labels


def build_time(date: _dt.date) -> _dt.datetime:
    """The build's timestamp: SOURCE_DATE_EPOCH when set, else the book's date at 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
        except ValueError:
            raise ConfigError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got '{epoch}'",
                              key="SOURCE_DATE_EPOCH") from None
    if isinstance(date, _dt.datetime):
        return date.astimezone(_dt.timezone.utc) if date.tzinfo else date.replace(tzinfo=_dt.timezone.utc)
    return _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc)


def read_metadata(config: Config, lang: str, render_bio: Callable[[str], str]) -> Metadata:
    """Metadata with every string typeset for `lang` and the bio rendered."""
    def text(key: str) -> str:
        value = config.get(key, lang, default="")
        return typography.typeset(str(value), lang) if value else ""

    date = config.get("date")
    isbn = re.sub(r"[\s-]", "", config.get("isbn", lang, default=""))
    if isbn:
        identifier = f"urn:isbn:{isbn}"
    else:
        identifier = config.get("identifier", lang, default="") or \
            f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, config.get('slug') + '/' + lang)}"
    series = config.get("series", default={}) or {}
    return Metadata(
        lang=lang, slug=config.get("slug"), title=text("title"), subtitle=text("subtitle"),
        description=text("description"), authors=tuple(_authors(config, lang, render_bio)),
        publisher=text("publisher"),
        date=date.date() if isinstance(date, _dt.datetime) else date,
        modified=build_time(date), identifier=identifier, isbn=isbn,
        subjects=tuple(typography.typeset(s, lang) for s in config.get("subjects", lang, default=())),
        rights=text("rights"),
        series=typography.typeset(str(config.get("series", default={}) and
                                      _localized(series.get("name", ""), config, lang, "series.name")),
                                  lang) if series else "",
        series_position=str(series.get("position", "")) if series else "",
    )


def _localized(value, config: Config, lang: str, key: str):
    from .config import localize
    return localize(value, lang, config.path, key)


def _authors(config: Config, lang: str, render_bio):
    for i, raw in enumerate(config.get("authors")):
        name = typography.typeset(str(_localized(raw["name"], config, lang, f"authors[{i}].name")), lang)
        sort = _localized(raw.get("sort", ""), config, lang, f"authors[{i}].sort") or _sort_name(name)
        bio = _localized(raw.get("bio", ""), config, lang, f"authors[{i}].bio")
        yield Author(name=name, sort_name=sort, role=raw.get("role", "aut"),
                     bio_html=render_bio(bio) if bio else "")


def _sort_name(name: str) -> str:
    """'Ksenia Muratshina' -> 'Muratshina, Ksenia' (a config 'sort' overrides this guess)."""
    parts = name.replace("\u00a0", " ").split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name
