"""A chapter as an article (issue 26): its front matter read into an Article (people taken
from the contributors registry), and its opener and bios put into its tree.

The byline is the language's phrase (`byline` label: "By {names}", "Par {names}") around
the names joined as CLDR joins a list for that language (Babel's list patterns: "A and B",
"A et B", "A и B"). A language with no phrase of its own prints the names alone.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from lxml import etree, html as lxml_html

from publish import policy
from publish.config import Config
from publish.contributors import Contributor, Registry
from publish.languages import Language
from publish.model import Article, Author
from publish.render import credits, typography
from publish.render.convert import html_parser
from publish.sources import RawChapter

_ID = re.compile(r"[\w.-]+\Z")
_MARK = "\x00{}\x00"


def labels_for(language: Language, labels: Mapping[str, str]) -> dict[str, str]:
    """The edition's labels with `byline` and `contributors` filled in where its language
    file sets none: the names alone, and the about-the-author page's title."""
    return {"byline": "{names}", "contributors": labels.get("about_author", ""), **labels}


def read(raw: RawChapter, config: Config, language: Language, labels: Mapping[str, str],
         registry: Registry, render_bio: Callable[[str], str]) -> Article:
    """The chapter's Article: empty when its front matter sets none of the article keys."""
    meta = raw.meta
    people = {role: tuple(_people(raw, key, role, config, language, registry, render_bio))
              for key, role in (("authors", "aut"), ("translators", "trl"))}
    authors, translators = people["aut"], people["trl"]
    date = _date(raw, meta.get("date"))
    standfirst = _text(meta.get("standfirst") or meta.get("subtitle"))
    names = credits.names(language, [a.name for a in authors]) if authors else ""
    return Article(
        authors=authors, translators=translators,
        standfirst=typography.typeset(standfirst, language) if standfirst else "",
        date=date, date_text=language.format_date(date) if date else "",
        abstract=_text(meta.get("abstract") or meta.get("summary")),
        doi=_text(meta.get("doi")).removeprefix("https://doi.org/").removeprefix("doi:"),
        license=_text(meta.get("license")),
        tags=tuple(str(t) for t in meta.get("tags", ()) if isinstance(t, (str, int))),
        byline=labels["byline"].replace("{names}", names) if names else "", names=names,
        translation=credits.translation_line(language, [t.name for t in translators], "",
                                             labels))


def _text(value) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) else ""


def _date(raw: RawChapter, value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value.date() if isinstance(value, _dt.datetime) else value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        policy.mend("front-matter", f"front-matter key 'date' is not a date (YYYY-MM-DD): "
                    f"'{value}'; ignored", path=raw.path, line=_line(raw, "date"))
        return None


def _line(raw: RawChapter, needle: str) -> int:
    """The front-matter line that names `needle` (the front matter ends before the body)."""
    from publish.sources.text import decoded

    lines = decoded(raw.path).split("\n")[:max(raw.first_line - 1, 1)]
    return next((n for n, line in enumerate(lines, 1) if needle in line), 1)


def _people(raw: RawChapter, key: str, role: str, config: Config, language: Language,
            registry: Registry, render_bio: Callable[[str], str]):
    value = raw.meta.get(key, ())
    for entry in [value] if isinstance(value, (str, dict)) else value:
        name = entry.get("name", "") if isinstance(entry, dict) else str(entry).strip()
        if not name:
            continue
        person = registry.get(name) if isinstance(entry, str) else None
        if person is None:
            if registry and isinstance(entry, str) and _ID.match(name):
                policy.mend("contributor", f"unknown contributor id '{name}' in '{key}' (not "
                            f"in {registry.path.name}); the id stands as the name",
                            path=raw.path, line=_line(raw, name))
            typeset = typography.typeset(name, language)
            yield Author(name=typeset, sort_name=_sort_name(typeset), role=role)
            continue
        yield _author(person, role, raw, config, language, render_bio)


def _author(person: Contributor, role: str, raw: RawChapter, config: Config,
            language: Language, render_bio: Callable[[str], str]) -> Author:
    """A registry entry as the edition prints it, its bio in the edition's language (else
    the source language's, marked with its language, and a warning)."""
    name = typography.typeset(person.name_in(language.code), language)
    bio, lang = person.bio_in(language.code, config.source_language)
    html = render_bio(bio) if bio else ""
    if bio and lang != language.code:
        policy.mend("contributor", f"contributor '{person.id}' has no bio in "
                    f"'{language.code}'; the '{lang}' one stands in, marked with its language",
                    path=raw.path, line=_line(raw, person.id))
        html = f'<div lang="{lang}">{html}</div>'
    return Author(name=name, sort_name=person.sort_name or _sort_name(name), role=role,
                  bio_html=html, alternate_script=person.alternate_script)


def _sort_name(name: str) -> str:
    parts = name.replace("\u00a0", " ").split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def open_article(root: etree._Element, article: Article, labels: Mapping[str, str],
                 language: Language, bios: bool) -> None:
    """The opener after the title (standfirst, byline, date, translator), and the bios at
    the end when `bios` (magazine style)."""
    if not article.is_article:
        return
    h1 = next(root.iter("h1"), None)
    parent, at = (h1.getparent(), h1.getparent().index(h1) + 1) if h1 is not None else (root, 0)
    for element in reversed(list(_opener(article, labels, language))):
        parent.insert(at, element)
    people = [a for a in article.authors + article.translators if a.bio_html]
    if bios and people:
        root.append(bio_section(people, labels))


def _opener(article: Article, labels: Mapping[str, str], language: Language):
    if article.standfirst:
        yield _p("standfirst", article.standfirst)
    if article.byline:
        yield byline(article, labels, language)
    if article.date:
        p = _p("dateline", "")
        time = etree.SubElement(p, "time", datetime=article.date.isoformat())
        time.text = article.date_text
        yield p
    if article.translation:
        yield _p("article-translator", typography.typeset(article.translation, language))


def _p(cls: str, text: str) -> etree._Element:
    p = etree.Element("p", {"class": cls})
    p.text = text
    return p


def byline(article: Article, labels: Mapping[str, str], language: Language) -> etree._Element:
    """<p class="byline">By <span class="byline-names"><span epub:type="z3998:author">A</span>
    and …</span></p>: each name marked as an author; `data-names` holds the names list for
    the print running heads.""" 
    joined = credits.names(language, [_MARK.format(n) for n in range(len(article.authors))])
    phrase = labels["byline"]
    before, _, after = phrase.partition("{names}")
    p = etree.Element("p", {"class": "byline", "data-names": article.names})
    p.text = typography.typeset(before, language) if before else None
    names = etree.SubElement(p, "span", {"class": "byline-names"})
    pieces = re.split("\x00(\\d+)\x00", joined)
    names.text = pieces[0]
    for index, glue in zip(pieces[1::2], pieces[2::2]):
        span = etree.SubElement(names, "span", {"data-epub-type": "z3998:author"})
        span.text = article.authors[int(index)].name
        span.tail = glue
    names.tail = typography.typeset(after, language) if after else None
    return p


def bio_section(people, labels: Mapping[str, str]) -> etree._Element:
    """The bios after an article: one block each."""
    section = etree.Element("section", {"class": "article-bios",
                                        "aria-label": labels["about_author"]})
    for person in people:
        div = lxml_html.fragment_fromstring(person.bio_html, create_parent="div",
                                            parser=html_parser())
        div.set("class", "bio")
        section.append(div)
    return section


def everyone(articles) -> tuple[Author, ...]:
    """Every article's authors then translators, each once (by name), in order of first
    appearance: the Contributors page and the package's creators."""
    seen: dict[str, Author] = {}
    for article in articles:
        for person in article.authors + article.translators:
            if person.name not in seen:
                seen[person.name] = person
            elif person.bio_html and not seen[person.name].bio_html:
                seen[person.name] = replace(seen[person.name], bio_html=person.bio_html)
    return tuple(seen.values())
