"""`publish serve`'s OPDS 1.2 catalog and downloads, over real HTTP on 127.0.0.1 (issue: serve)."""
from __future__ import annotations

import http.client
import io
import re
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest
from PIL import Image

from conftest import FIXTURES
from publish import config as config_mod
from publish.serve.server import make_server

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
NS = {"a": ATOM, "dc": DC}
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUIRE = "http://opds-spec.org/acquisition"
IMAGE, THUMBNAIL = "http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
URI = re.compile(r"^(urn:[a-z0-9][a-z0-9-]*:\S+|https?://\S+)$", re.I)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = tmp_path_factory.mktemp("opds") / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    out = project / "build"
    server = make_server(config_mod.load(project), out, "127.0.0.1", 0).start(watch=False)
    try:
        yield server, out
    finally:
        server.stop()


def get(server, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    """One raw request: the path goes on the wire exactly as given (no client-side clean-up)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def feed(server, path: str, kind: str) -> ET.Element:
    status, headers, body = get(server, path)
    assert status == 200, path
    assert headers["content-type"] == kind
    assert int(headers["content-length"]) == len(body)
    declared = {prefix: uri for _, (prefix, uri) in ET.iterparse(io.BytesIO(body), events=("start-ns",))}
    assert declared == {"": ATOM, "dc": DC, "opds": OPDS}
    root = ET.fromstring(body)
    assert root.tag == f"{{{ATOM}}}feed"
    _check_atom_basics(root)
    assert root.find("a:author/a:name", NS).text            # navigation entries carry no author
    return root


def _check_atom_basics(el: ET.Element) -> None:
    """What RFC 4287 requires of a feed or an entry: one id (a URI), one title, one updated."""
    for tag in ("id", "title", "updated"):
        assert len(el.findall(f"a:{tag}", NS)) == 1, tag
    assert URI.match(el.findtext("a:id", namespaces=NS))
    assert el.findtext("a:title", namespaces=NS).strip()
    assert RFC3339.match(el.findtext("a:updated", namespaces=NS))


def links(el: ET.Element, rel: str) -> list[ET.Element]:
    return [link for link in el.findall("a:link", NS) if link.get("rel") == rel]


def test_the_root_is_a_navigation_feed_by_language(served):
    server, _ = served
    root = feed(server, "/opds", NAVIGATION)
    for rel in ("self", "start"):
        (link,) = links(root, rel)
        assert (link.get("href"), link.get("type")) == ("/opds", NAVIGATION)
    entries = root.findall("a:entry", NS)
    # the languages, then the series (its name in each language: issue 27's catalog)
    assert [e.findtext("a:title", namespaces=NS) for e in entries] == \
        ["English", "Français", "Collection d’essai", "Test Series"]
    series = [links(e, "subsection")[0].get("href") for e in entries[2:]]
    assert all(href.startswith("/opds/series-") for href in series)
    entries = entries[:2]
    ids = set()
    for entry, lang in zip(entries, ("en", "fr")):
        _check_atom_basics(entry)
        ids.add(entry.findtext("a:id", namespaces=NS))
        (sub,) = links(entry, "subsection")
        assert (sub.get("href"), sub.get("type")) == (f"/opds/{lang}", ACQUISITION)
        assert entry.find("a:content", NS).get("type") == "text"
        assert not [link for link in entry.findall("a:link", NS) if link.get("rel").startswith(ACQUIRE)]
    assert len(ids) == 2 and root.findtext("a:id", namespaces=NS) not in ids


@pytest.mark.parametrize("lang,title,isbn", [("en", "Three Small Chapters", "9783161484100"),
                                             ("fr", "Trois petits chapitres", "9782070368228")])
def test_each_language_has_an_acquisition_feed(served, lang, title, isbn):
    server, _ = served
    root = feed(server, f"/opds/{lang}", ACQUISITION)
    assert [(l.get("href"), l.get("type")) for l in links(root, "self")] == [(f"/opds/{lang}", ACQUISITION)]
    for rel in ("start", "up"):
        assert [(l.get("href"), l.get("type")) for l in links(root, rel)] == [("/opds", NAVIGATION)]
    (entry,) = root.findall("a:entry", NS)
    _check_atom_basics(entry)
    assert entry.findtext("a:title", namespaces=NS) == title
    assert entry.findtext("a:id", namespaces=NS) == f"urn:isbn:{isbn}"
    assert entry.findtext("a:updated", namespaces=NS) == "2025-03-14T00:00:00Z"
    assert [a.findtext("a:name", namespaces=NS) for a in entry.findall("a:author", NS)] == ["Jane Q. Writer"]
    assert [c.findtext("a:name", namespaces=NS) for c in entry.findall("a:contributor", NS)] == \
        ["Pierre Traducteur"]
    assert entry.findtext("dc:language", namespaces=NS) == lang
    assert entry.findtext("dc:issued", namespaces=NS) == "2025-03-14"
    summary = entry.find("a:summary", NS)
    assert summary.get("type") == "text" and len(summary) == 0
    assert summary.text.startswith(("A fixture book", "Un livre d’essai"))
    acquisitions = sorted((l.get("type"), l.get("href")) for l in links(entry, ACQUIRE))
    assert acquisitions == [("application/epub+zip", f"/download/multi-{lang}.epub"),
                            ("application/kepub+zip", f"/download/multi-{lang}.kepub.epub"),
                            ("application/pdf", f"/download/multi-{lang}.pdf")]
    assert [l.get("type") for l in links(entry, IMAGE) + links(entry, THUMBNAIL)] == ["image/png"] * 2


def test_every_link_downloads_with_its_type_and_the_files_bytes(served):
    server, out = served
    root = feed(server, "/opds", NAVIGATION)
    for sub in root.iter(f"{{{ATOM}}}link"):
        if sub.get("rel") != "subsection":
            continue
        entry = feed(server, sub.get("href"), ACQUISITION).find("a:entry", NS)
        for link in links(entry, ACQUIRE):
            href = urljoin(f"{server.url}opds", link.get("href"))
            status, headers, body = get(server, urlsplit(href).path)
            assert status == 200
            assert headers["content-type"] == link.get("type")
            assert int(headers["content-length"]) == len(body) == int(link.get("length"))
            name = urlsplit(href).path.rsplit("/", 1)[1]
            assert body == (out / name).read_bytes()
            assert "attachment" in headers["content-disposition"] and name in headers["content-disposition"]
            assert body.startswith(b"PK\x03\x04") if name.endswith(".epub") else body.startswith(b"%PDF-")
        images = {}
        for link in links(entry, IMAGE) + links(entry, THUMBNAIL):
            status, headers, body = get(server, link.get("href"))
            assert status == 200 and headers["content-type"] == link.get("type") == "image/png"
            with Image.open(io.BytesIO(body)) as image:
                assert image.format == "PNG"
                images[link.get("rel")] = (image.size, body)
        cover = server.site.edition(entry.findtext("dc:language", namespaces=NS)).book.cover
        if cover is None:                                   # en: the typographic cover
            assert images[IMAGE][0] == (1600, 2560)
        else:                                               # fr: the book's own cover, as it is
            assert images[IMAGE][1] == cover.read_bytes()
        width, height = images[THUMBNAIL][0]
        assert width <= 240 and height <= 384


def test_head_answers_headers_only_and_other_methods_are_refused(served):
    server, out = served
    status, headers, body = get(server, "/download/multi-en.pdf", "HEAD")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) == (out / "multi-en.pdf").stat().st_size
    assert get(server, "/opds", "POST")[0] in (405, 501)
    assert get(server, "/download/multi-en.pdf", "DELETE")[0] in (405, 501)


@pytest.mark.parametrize("path", [
    "/download/../book.toml",
    "/download/../source/book.toml",
    "/download/..%2fsource%2fbook.toml",
    "/download/%2e%2e%2fsource%2fbook.toml",
    "/download/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/download/%252e%252e%252fsource%252fbook.toml",
    "/download//etc/passwd",
    "/download/%2fetc%2fpasswd",
    "/download/multi-en.epub/../../source/book.toml",
    "/download/multi-en.epub%00.txt",
    "/en/images/../../source/book.toml",
    "/en/images/..%2f..%2fsource%2fimages%2fsquare.png",
    "/en/images/square.png",
    "/_fonts/../../../etc/passwd",
    "/_fonts/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/cover/../source/book.toml",
    "/../../etc/passwd",
    "//etc/passwd",
    "http://127.0.0.1/download/../book.toml",
])
def test_traversal_is_refused(served, path):
    server, _ = served
    status, _, body = get(server, path)
    assert status in (400, 403, 404)
    assert b"slug" not in body and b"root:" not in body and not body.startswith(b"\x89PNG")


@pytest.mark.parametrize("path", [
    "/nowhere", "/source/book.toml", "/build/multi-en.epub", "/download", "/download/",
    "/download/secret.txt", "/download/stray.epub", "/opds/de", "/opds/en/more", "/de/",
    "/en/nothing", "/cover/en.jpg", "/cover/de.png", "/_fonts/", "/_fonts/Other.ttf",
    "/favicon.ico", "/_reload/x",
])
def test_unknown_paths_are_404(served, path):
    server, out = served
    (out / "secret.txt").write_text("not for the network")
    (out / "stray.epub").write_bytes(b"PK not ours")        # in the folder, but not made by this server
    status, headers, _ = get(server, path)
    assert status == 404
    assert headers["content-type"].startswith("text/plain")


def test_the_server_listens_on_loopback_by_default():
    import inspect
    assert inspect.signature(make_server).parameters["host"].default == "127.0.0.1"


def test_the_server_serves_the_catalogs_opds2_and_entry_documents(served):
    """The same documents `publish catalog` writes (issue 27), at the server's addresses."""
    import json

    server, _ = served
    status, headers, body = get(server, "/opds2")
    assert status == 200 and headers["content-type"] == "application/opds+json"
    root = json.loads(body)
    assert [(n["title"], n["href"]) for n in root["navigation"]][:2] == \
        [("English", "/opds2/en"), ("Français", "/opds2/fr")]
    status, headers, body = get(server, "/opds2/fr")
    (publication,) = json.loads(body)["publications"]
    assert {(l["type"], l["href"]) for l in publication["links"] if l["rel"] == ACQUIRE} == \
        {("application/epub+zip", "/download/multi-fr.epub"),
         ("application/kepub+zip", "/download/multi-fr.kepub.epub"),
         ("application/pdf", "/download/multi-fr.pdf")}
    (other,) = [l for l in publication["links"] if l["rel"] == "alternate"]
    status, headers, body = get(server, other["href"])
    assert status == 200 and json.loads(body)["metadata"]["language"] == "en"
    status, headers, body = get(server, "/opds/entry-multi-fr")
    assert status == 200 and headers["content-type"].endswith("type=entry;profile=opds-catalog")
    assert ET.fromstring(body).findtext("dc:language", namespaces=NS) == "fr"
