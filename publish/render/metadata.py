"""Book metadata for one language, from the config's Edition, typeset."""
from __future__ import annotations

import datetime as _dt
import os
import uuid
from typing import Callable

from publish.config import Config, Edition
from publish.errors import ConfigError
from publish.model import Author, Metadata
from publish import isbn as isbns
from publish.render import credits, typography

# Identifiers derived from slug and language live under this namespace: stable, never random.
ID_NAMESPACE = uuid.UUID("6f9d3c1e-4f0a-5b7e-9c2d-8a1b3e5f7c90")


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


def read_metadata(config: Config, edition: Edition, render_bio: Callable[[str], str]) -> Metadata:
    """Metadata with every string typeset in the edition's language and the bios rendered."""
    language = edition.language

    def text(value: str) -> str:
        return typography.typeset(value, language) if value else ""

    plain = edition.identifier or \
        f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, config.slug + '/' + edition.code)}"
    date = config.date
    everyone = tuple(_authors(edition, render_bio))
    authors = tuple(a for a in everyone if a.role != "trl") or everyone
    translators = tuple(a for a in everyone if a.role == "trl" and a not in authors) + \
        tuple(_people(edition.translators, edition, render_bio))
    return Metadata(
        lang=edition.code, slug=config.slug, title=text(edition.title),
        subtitle=text(edition.subtitle), description=text(edition.description),
        authors=authors, publisher=text(edition.publisher),
        date=date.date() if isinstance(date, _dt.datetime) else date,
        modified=build_time(date), identifier="", isbn="",
        subjects=tuple(typography.typeset(s, language) for s in edition.subjects),
        rights=text(edition.rights),
        series=typography.typeset(edition.series, language) if edition.series else "",
        series_position=edition.series_position, calendar=edition.calendar,
        translators=translators, original=edition.original,
        translation=text(credits.translation_line(language, [t.name for t in translators],
                                                  edition.original, edition.labels)),
        isbns=tuple((fmt, isbns.digits(value)) for fmt, value in edition.isbns.items()),
        original_isbns=tuple((fmt, isbns.digits(value))
                             for fmt, value in edition.original_isbns.items()),
        plain_identifier=plain,
    ).for_output("epub")


def _authors(edition: Edition, render_bio):
    yield from _people(edition.authors, edition, render_bio)


def _people(entries, edition: Edition, render_bio):
    for entry in entries:
        name = typography.typeset(entry.name, edition.language)
        yield Author(name=name, sort_name=entry.sort or _sort_name(name), role=entry.role,
                     bio_html=render_bio(entry.bio) if entry.bio else "",
                     alternate_script=entry.alternate_script)


def _sort_name(name: str) -> str:
    """'Ksenia Muratshina' -> 'Muratshina, Ksenia' (a config 'sort' overrides this guess)."""
    parts = name.replace("\u00a0", " ").split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name
