"""`publish onix`: the example book's ONIX 3.0 message, valid, reproducible (issue 27)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from publish.cli import main

ROOT = Path(__file__).resolve().parents[2]
NS = {"o": "http://ns.editeur.org/onix/3.0/reference"}


@pytest.fixture(scope="module")
def message(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("onix") / "book.onix.xml"
    assert main(["onix", str(ROOT), "--out", str(target)]) == 0
    return target


def test_the_example_book_validates_with_onixcheck(message):
    import onixcheck

    assert onixcheck.validate(str(message)) == []


def test_six_editions_in_two_formats(message):
    root = etree.parse(str(message)).getroot()
    products = root.findall("o:Product", NS)
    forms = [p.findtext("o:DescriptiveDetail/o:ProductForm", namespaces=NS) for p in products]
    assert sorted(forms) == ["BC"] * 6 + ["ED"] * 6
    isbns = [p.findtext("o:ProductIdentifier/o:IDValue", namespaces=NS) for p in products]
    assert len(set(isbns)) == 12 and all(len(i) == 13 for i in isbns)
    languages = {p.findtext("o:DescriptiveDetail/o:Language[o:LanguageRole='01']/o:LanguageCode",
                            namespaces=NS) for p in products}
    assert languages == {"eng", "fre", "rus", "lao", "ara", "chi"}
    ebook = products[forms.index("ED")]
    assert ebook.findtext("o:DescriptiveDetail/o:ProductFormDetail", namespaces=NS) == "E101"
    assert ebook.findtext("o:DescriptiveDetail/o:Contributor/o:ContributorRole",
                          namespaces=NS) == "A01"
    assert [s.text for s in ebook.iterfind("o:DescriptiveDetail/o:Subject/o:SubjectCode", NS)] == \
        ["POL011000", "HIS003000", "JPS", "1FM"]
    prices = [(p.findtext("o:PriceAmount", namespaces=NS), p.findtext("o:CurrencyCode", namespaces=NS))
              for p in ebook.iterfind("o:ProductSupply/o:SupplyDetail/o:Price", NS)]
    assert prices == [("4.99", "USD"), ("4.49", "EUR")]
    paper = products[forms.index("BC")]
    measures = {m.findtext("o:MeasureType", namespaces=NS): m.findtext("o:Measurement", namespaces=NS)
                for m in paper.iterfind("o:DescriptiveDetail/o:Measure", NS)}
    assert measures == {"01": "210", "02": "148"}          # A5, in millimetres
    assert root.findtext("o:Header/o:SentDateTime", namespaces=NS) == "20240529"   # the book's date


def test_the_bytes_are_reproducible(message, tmp_path):
    again = tmp_path / "again.xml"
    assert main(["onix", str(ROOT), "--out", str(again)]) == 0
    assert again.read_bytes() == message.read_bytes()


def _project(tmp_path: Path, extra: str = "") -> Path:
    src = tmp_path / "p/source"
    (src / "en").mkdir(parents=True)
    (src / "en/01.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (src / "book.toml").write_text(
        'slug = "p"\ndate = 2024-01-02\ntitle = "P"\npublisher = "Pub"\n' + extra +
        '[[authors]]\nname = "A. Writer"\n[[authors]]\nname = "T. Ranslator"\nrole = "trl"\n',
        encoding="utf-8")
    return tmp_path / "p"


def test_a_missing_isbn_is_one_line_naming_its_key(tmp_path, capsys):
    project = _project(tmp_path, 'isbn = { epub = "978-3-16-148410-0" }\n')
    assert main(["onix", str(project), "--out", str(tmp_path / "o.xml")]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "isbn.en.print" in err
    assert not (tmp_path / "o.xml").exists()


def test_unpriced_roles_and_the_print_page_count(tmp_path):
    import onixcheck
    from publish import config as config_mod
    from publish.onix import print_pages

    project = _project(tmp_path, 'isbn = { epub = "978-3-16-148410-0", print = "978-0-306-40615-7" }\n'
                                 '[onix]\nterritory = "US CA"\n')
    pdf = project / "build/p-en.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.7 fake")
    stamp = project / "build/.cache/outputs/p-en.pdf.json"
    stamp.parent.mkdir(parents=True)
    stamp.write_text(json.dumps({"key": "k", "pages": 123}))
    assert print_pages(config_mod.load(project), project / "build") == {"en": 123}
    out = tmp_path / "o.xml"
    assert main(["onix", str(project), "--out", str(out)]) == 0
    assert onixcheck.validate(str(out)) == []
    root = etree.parse(str(out)).getroot()
    assert [e.text for e in root.iterfind(".//o:ContributorRole", NS)] == ["A01", "B06"] * 2
    assert [e.text for e in root.iterfind(".//o:UnpricedItemType", NS)] == ["02", "02"]
    assert [e.text for e in root.iterfind(".//o:CountriesIncluded", NS)] == ["US CA"] * 2
    extents = [(e.findtext("o:ExtentType", namespaces=NS), e.findtext("o:ExtentValue", namespaces=NS))
               for e in root.iterfind(".//o:Extent", NS)]
    assert extents == [("08", "123"), ("00", "123")]       # the e-book: its print counterpart's


@pytest.mark.parametrize("table,key", [('[onix]\nterritory = "Europe"\n', "onix.territory"),
                                       ('[onix.prices]\nepub = ["4,99 EUR"]\n', "onix.prices.epub"),
                                       ('[onix]\nbisac = "POL011000"\n', "onix.bisac")])
def test_a_bad_onix_value_names_its_key(tmp_path, capsys, table, key):
    project = _project(tmp_path, 'isbn = { epub = "978-3-16-148410-0", print = "978-0-306-40615-7" }\n'
                       + table)
    assert main(["onix", str(project), "--out", str(tmp_path / "o.xml")]) == 3
    assert key in capsys.readouterr().err
