"""ONIX 3.0 (reference tags) for distributors: one Product per edition and format (issue 27).

Each edition gives an e-book product (ProductForm ED, ProductFormDetail E101: EPUB) and a
print product (BC, a paperback, with its trim as measures and its page count as extent
when the print PDF has been built). Values come from the config and the editions'
Metadata; what only distributors need is `[onix]` (docs/onix.md). The bytes depend on
the inputs only: the message's date is the book's, never the clock's.

Codes are from EDItEUR's ONIX for Books code lists: list 1 (notification 03),
5 (identifier 15, ISBN-13), 2 (composition 00), 150/175 (ED, BC; E101), 17 (contributor
roles), 22 (language role), 74 (ISO 639-2/B), 23/24 (extent), 48/50 (measures), 26/27
(subject schemes: 10 BISAC, 93 Thema, 20 keywords), 64 (publishing status), 163
(publishing date role 01), 51 (product relation 13/27), 65 (availability), 58 (price type),
57 (unpriced item type).
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lxml import etree

from publish import isbn as isbns
from publish.config import Config
from publish.errors import ConfigError
from publish.model import Author, Metadata

NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
FORMATS = ("epub", "print")
# ProductForm and its detail, per format (code lists 150 and 175).
FORMS = {"epub": ("ED", "E101"), "print": ("BC", "")}
# MARC relator (the config's `role`) -> ONIX contributor role (code list 17).
ROLES = {"aut": "A01", "edt": "B01", "trl": "B06", "ill": "A12", "aui": "A24",
         "aft": "A19", "ctb": "Z99"}
# ISO 639-2/T (what ICU gives) -> 639-2/B where they differ: ONIX's list 74 uses the B codes
# (Library of Congress, ISO 639-2 code list).
BIBLIOGRAPHIC = {"sqi": "alb", "hye": "arm", "eus": "baq", "mya": "bur", "zho": "chi",
                 "ces": "cze", "nld": "dut", "fra": "fre", "kat": "geo", "deu": "ger",
                 "ell": "gre", "isl": "ice", "mkd": "mac", "mri": "mao", "msa": "may",
                 "fas": "per", "ron": "rum", "slk": "slo", "bod": "tib", "cym": "wel"}
MM_PER = {"mm": Decimal(1), "cm": Decimal(10), "in": Decimal("25.4"), "pt": Decimal("25.4") / 72}


@dataclass(frozen=True)
class Product:
    """One edition in one format, with what its record needs beyond the metadata."""

    metadata: Metadata
    fmt: str                 # "epub" | "print"
    isbn: str                # 13 digits
    other_isbn: str = ""     # the same edition's other format (a related product)
    pages: int | None = None  # the print PDF's page count, when it has been built
    width: str = ""          # the trim, CSS lengths (print only)
    height: str = ""


def message(configs: list[Config], langs: Iterable[str] = (),
            fmts: Iterable[str] = FORMATS) -> bytes:
    """The ONIX message of these projects (a list of project configs, in order): every
    edition (or those of `langs`) in each of `fmts`; a missing value is a ConfigError."""
    from publish.render.metadata import read_metadata

    langs, found = set(langs), []
    for config in configs:
        check_config(config)
        metadata = [read_metadata(config, edition, lambda bio: "") for edition in config.editions
                    if not langs or edition.code in langs]
        found += products(config, metadata, tuple(fmts), print_pages(config, config.root / "build"))
    return write_message(configs, found)


def print_pages(config: Config, out: Path) -> dict[str, int]:
    """The print PDF's page count per language, where the build has recorded one."""
    from publish import writers
    from publish.cache import BuildCache

    cache, pages = BuildCache(out), {}
    for lang in config.languages:
        target = writers.output_path(out, config.slug, lang, writers.get_writer("pdf"))
        count = cache.stamp(target).get("pages")
        if isinstance(count, int) and target.is_file():
            pages[lang] = count
    return pages


def products(config: Config, metadata: Iterable[Metadata], fmts: Iterable[str] = FORMATS,
             pages: dict[str, int] | None = None) -> list[Product]:
    """Every edition's product in each format; the first missing ISBN is a ConfigError
    naming its key (isbn.<lang>.<format>)."""
    found, pages = [], pages or {}
    for meta in metadata:
        own = dict(meta.isbns)
        by_format = {"epub": isbns.for_output(own, "epub"), "print": isbns.for_output(own, "press")}
        for fmt in fmts:
            if not by_format[fmt]:
                raise ConfigError(f"ONIX needs an ISBN for the {meta.lang} {fmt} edition",
                                  path=config.path, key=f"isbn.{meta.lang}.{fmt}",
                                  line=config.line_of("isbn"))
            other = by_format["print" if fmt == "epub" else "epub"]
            found.append(Product(meta, fmt, by_format[fmt],
                                 other if other != by_format[fmt] else "",
                                 pages.get(meta.lang),
                                 config.print.width if fmt == "print" else "",
                                 config.print.height if fmt == "print" else ""))
    return found


def check_config(config: Config) -> None:
    """What every product needs from the config: a publisher (or [onix] sender), codes
    ONIX knows; each problem one ConfigError naming its key."""
    for edition in config.editions:
        if not edition.publisher:
            raise ConfigError(f"ONIX needs a publisher for the {edition.code} edition",
                              path=config.path, key="publisher", line=config.line_of("publisher"))
    onix = config.onix
    for key, pattern, what in (("territory", r"WORLD|(?:[A-Z]{2})(?: [A-Z]{2})*", "WORLD or "
                                "country codes such as \"US CA\""),
                               ("price_type", r"\d\d", "an ONIX price type (list 58) such as 02"),
                               ("unpriced", r"\d\d", "an ONIX unpriced item type (list 57)"),
                               ("status", r"\d\d", "an ONIX publishing status (list 64)")):
        if key in onix and not re.fullmatch(pattern, onix[key]):
            raise ConfigError(f"expected {what}, got {onix[key]!r}", path=config.path,
                              key=f"onix.{key}", line=config.line_of(key))


def write_message(configs: list[Config], all_products: list[Product]) -> bytes:
    """The ONIX message of these products: a header, then one Product each."""
    root = etree.Element(f"{{{NAMESPACE}}}ONIXMessage", nsmap={None: NAMESPACE}, release="3.0")
    header = _sub(root, "Header")
    first = configs[0]
    sender = first.onix.get("sender") or first.editions[0].publisher
    _sub(_sub(header, "Sender"), "SenderName", sender)
    newest = max(_date(c.date) for c in configs)
    _sub(header, "SentDateTime", newest.strftime("%Y%m%d"))
    by_slug = {c.slug: c for c in configs}
    for product in all_products:
        root.append(_product(product, by_slug[product.metadata.slug]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _product(p: Product, config: Config) -> etree._Element:
    meta = p.metadata
    el = etree.Element(f"{{{NAMESPACE}}}Product")
    _sub(el, "RecordReference", f"{meta.slug}-{meta.lang}-{p.fmt}-{p.isbn}")
    _sub(el, "NotificationType", "03")
    ident = _sub(el, "ProductIdentifier")
    _sub(ident, "ProductIDType", "15")
    _sub(ident, "IDValue", p.isbn)
    _descriptive(_sub(el, "DescriptiveDetail"), p, config)
    if meta.description:
        text = _sub(_sub(el, "CollateralDetail"), "TextContent")
        _sub(text, "TextType", "03")
        _sub(text, "ContentAudience", "00")
        _sub(text, "Text", meta.description)
    _publishing(_sub(el, "PublishingDetail"), meta, config)
    if p.other_isbn:
        related = _sub(_sub(el, "RelatedMaterial"), "RelatedProduct")
        _sub(related, "ProductRelationCode", "13" if p.fmt == "epub" else "27")
        ident = _sub(related, "ProductIdentifier")
        _sub(ident, "ProductIDType", "15")
        _sub(ident, "IDValue", p.other_isbn)
    _supply(_sub(el, "ProductSupply"), p, config)
    return el


def _descriptive(el: etree._Element, p: Product, config: Config) -> None:
    meta = p.metadata
    _sub(el, "ProductComposition", "00")
    form, detail = FORMS[p.fmt]
    _sub(el, "ProductForm", form)
    if detail:
        _sub(el, "ProductFormDetail", detail)
    for kind, value in (("01", p.height), ("02", p.width)):
        if value:
            measure = _sub(el, "Measure")
            _sub(measure, "MeasureType", kind)
            _sub(measure, "Measurement", _millimetres(value))
            _sub(measure, "MeasureUnitCode", "mm")
    title = _sub(el, "TitleDetail")
    _sub(title, "TitleType", "01")
    element = _sub(title, "TitleElement")
    _sub(element, "TitleElementLevel", "01")
    _sub(element, "TitleText", meta.title)
    if meta.subtitle:
        _sub(element, "Subtitle", meta.subtitle)
    _contributors(el, meta.authors + tuple(t for t in meta.translators if t not in meta.authors))
    _language(el, "01", meta.lang)
    if meta.original and meta.original != meta.lang:
        _language(el, "02", meta.original)
    if p.pages:
        extent = _sub(el, "Extent")
        _sub(extent, "ExtentType", "00" if p.fmt == "print" else "08")
        _sub(extent, "ExtentValue", str(p.pages))
        _sub(extent, "ExtentUnit", "03")
    _subjects(el, config, meta.subjects)


def _contributors(el: etree._Element, people: tuple[Author, ...]) -> None:
    sequence = 0
    for person in people:
        role = ROLES.get(person.role)
        if role is None:          # a publisher (pbl) is the Publisher, not a contributor
            continue
        sequence += 1
        contributor = _sub(el, "Contributor")
        _sub(contributor, "SequenceNumber", str(sequence))
        _sub(contributor, "ContributorRole", role)
        _sub(contributor, "PersonName", person.name)
        if person.sort_name and person.sort_name != person.name:
            _sub(contributor, "PersonNameInverted", person.sort_name)
    if not sequence:
        _sub(el, "NoContributor")


def _language(el: etree._Element, role: str, code: str) -> None:
    language = _sub(el, "Language")
    _sub(language, "LanguageRole", role)
    _sub(language, "LanguageCode", language_code(code))


def language_code(tag: str) -> str:
    """A BCP 47 tag's ISO 639-2/B code (ONIX list 74): fr -> fre, zh-Hans -> chi."""
    import icu

    three = icu.Locale(tag.split("-")[0]).getISO3Language() or "und"
    return BIBLIOGRAPHIC.get(three, three)


def _subjects(el: etree._Element, config: Config, keywords: tuple[str, ...]) -> None:
    main = True
    for scheme, key in (("10", "bisac"), ("93", "thema")):
        for code in config.onix.get(key, ()):
            subject = _sub(el, "Subject")
            if main:
                _sub(subject, "MainSubject")
                main = False
            _sub(subject, "SubjectSchemeIdentifier", scheme)
            _sub(subject, "SubjectCode", code)
    if keywords:
        subject = _sub(el, "Subject")
        _sub(subject, "SubjectSchemeIdentifier", "20")
        _sub(subject, "SubjectHeadingText", "; ".join(keywords))


def _publishing(el: etree._Element, meta: Metadata, config: Config) -> None:
    publisher = _sub(el, "Publisher")
    _sub(publisher, "PublishingRole", "01")
    _sub(publisher, "PublisherName", meta.publisher)
    _sub(el, "PublishingStatus", config.onix.get("status", "04"))
    date = _sub(el, "PublishingDate")
    _sub(date, "PublishingDateRole", "01")
    _sub(date, "Date", meta.date.strftime("%Y%m%d"))


def _supply(el: etree._Element, p: Product, config: Config) -> None:
    onix = config.onix
    territory = _sub(_sub(el, "Market"), "Territory")
    where = onix.get("territory", "WORLD")
    if where == "WORLD":
        _sub(territory, "RegionsIncluded", "WORLD")
    else:
        _sub(territory, "CountriesIncluded", where)
    detail = _sub(el, "SupplyDetail")
    supplier = _sub(detail, "Supplier")
    _sub(supplier, "SupplierRole", "01")
    _sub(supplier, "SupplierName", p.metadata.publisher)
    _sub(detail, "ProductAvailability", "20")
    prices = onix.get("prices", {}).get(p.fmt, ())
    if not prices:
        _sub(detail, "UnpricedItemType", onix.get("unpriced", "02"))
    for amount, currency in prices:
        price = _sub(detail, "Price")
        _sub(price, "PriceType", onix.get("price_type", "02"))
        _sub(price, "PriceAmount", amount)
        _sub(price, "CurrencyCode", currency)


def _millimetres(length: str) -> str:
    """A CSS length (148mm, 6in, 21cm) in whole or tenth millimetres: "148", "152.4"."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)", length)
    if m is None:
        raise ConfigError(f"cannot read the trim '{length}' as a length", key="print.trim")
    mm = (Decimal(m.group(1)) * MM_PER[m.group(2)]).quantize(Decimal("0.1"))
    return str(int(mm)) if mm == mm.to_integral() else str(mm)


def _date(value: _dt.date) -> _dt.date:
    return value.date() if isinstance(value, _dt.datetime) else value


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        el.text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
    return el
