"""A pandoc project builds as it is (issue 24): its metadata YAML is the book's config."""
from __future__ import annotations

import shutil
import zipfile

import pytest
from lxml import etree

from publish.cli import main
from conftest import FIXTURES, run_epubcheck

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("pandoc") / "atelier"
    shutil.copytree(FIXTURES / "pandoc-meta", project)
    code = main(["all", "--format", "epub", "--jobs", "1", "--source", str(project)])
    return code, project / "build" / "le-petit-atelier-fr.epub"


def test_it_builds_with_publish_all(built, capsys):
    code, epub = built
    assert code == 0 and epub.is_file()


def test_the_package_has_the_metadata_files_values(built):
    _, epub = built
    with zipfile.ZipFile(epub) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        names = z.namelist()

    def text(xpath):
        return [e.text for e in opf.xpath(xpath, namespaces=OPF)]

    assert text("//dc:title") == ["Le Petit Atelier", "Notes d’un relieur"]
    assert text("//dc:creator") == ["Claire Dubois"]
    assert text("//dc:contributor") == ["Marc Petit"]           # a translator (issue 25)
    assert text("//opf:meta[@refines='#contributor1'][@property='role']") == ["trl"]
    assert text("//dc:language") == ["fr"]                  # fr-FR is the French edition
    assert text("//dc:date") == ["2023-09-14"]
    assert text("//dc:identifier") == ["urn:uuid:6b1f3a52-3c1e-4f4e-9a43-0d2f5a8e9b10"]
    assert text("//opf:meta[@property='belongs-to-collection']") == ["Carnets d’atelier"]
    assert text("//opf:meta[@property='group-position']") == ["2"]
    # The two chapters in name order; the repository's README is not one.
    hrefs = {i.get("id"): i.get("href") for i in opf.xpath("//opf:manifest/opf:item", namespaces=OPF)}
    spine = [hrefs[i.get("idref")] for i in opf.xpath("//opf:spine/opf:itemref", namespaces=OPF)]
    assert spine[-2:] == ["outils.xhtml", "couture.xhtml"]
    assert "EPUB/readme.xhtml" not in names


@pytest.mark.java
def test_its_epub_passes_epubcheck(built):
    _, epub = built
    messages = run_epubcheck(epub)
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
