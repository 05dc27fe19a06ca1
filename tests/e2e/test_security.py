"""WeasyPrint fetches nothing outside the project (issue 3; hostile sources, issue 5)."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from publish import config as config_mod
from publish.build import load_book, write
from publish.errors import SourceError


@pytest.fixture
def secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("outside-the-project") / "secret.txt"
    path.write_text("TOP-SECRET-CONTENT\n")
    return path


def build_pdf(project, out):
    book = load_book(config_mod.load(project), "en")
    return PdfReader(write(book, "pdf", out))


def embedded_files(reader):
    names = reader.trailer["/Root"].get("/Names", {})
    return names.get("/EmbeddedFiles", {}).get("/Names", []) if names else []


@pytest.mark.parametrize("href", ["/etc/passwd", "../../../../../../etc/passwd"])
def test_markdown_attachment_link_is_never_linked(project, tmp_path, caplog, href):
    """`/etc/passwd` is read from the project's root, as GitHub reads it (issue 24), and is
    not there; a path that climbs out is never followed. Either way the text stays, and the
    PDF attaches nothing."""
    (project / "source" / "en" / "01-one.md").write_text(
        f'# One\n\n[passwd]({href}){{: rel="attachment"}}\n')
    reader = build_pdf(project, tmp_path / "out")
    assert embedded_files(reader) == []
    assert b"root:x:0" not in (tmp_path / "out" / "tiny-en.pdf").read_bytes()
    assert any(f"01-one.md:3: link to '{href}'" in r.getMessage() for r in caplog.records)


def test_raw_attachment_link_is_stripped(project, tmp_path, secret):
    (project / "source" / "en" / "01-one.md").write_text(
        f'# One\n\n<a rel="attachment" href="file://{secret}">s</a>\n')
    reader = build_pdf(project, tmp_path / "out")
    assert embedded_files(reader) == []
    assert b"TOP-SECRET" not in (tmp_path / "out" / "tiny-en.pdf").read_bytes()


def test_fetcher_refuses_attachment_in_a_user_template(project, tmp_path, secret):
    """Even a project's own template cannot make WeasyPrint embed a file from outside."""
    import weasyprint
    from publish.writers.pdf.fetcher import ConfinedFetcher
    inside = project / "source" / "note.txt"
    inside.write_text("inside-the-project")
    html = (f'<p><a rel="attachment" href="file://{secret}">out</a>'
            f'<a rel="attachment" href="file:///etc/passwd">pw</a>'
            f'<a rel="attachment" href="{inside.as_uri()}">in</a>'
            f'<img src="http://example.com/x.png"></p>')
    fetcher = ConfinedFetcher((project,))
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert b"TOP-SECRET" not in pdf and b"root:x:0" not in pdf
    assert sorted(fetcher.refused) == sorted([secret.as_uri(), "file:///etc/passwd",
                                              "http://example.com/x.png"])
    assert pdf.count(b"/EmbeddedFile") == 1          # the one file inside the project


def test_markdown_image_outside_project_is_refused(project, tmp_path, secret):
    outside = tmp_path.parent / "evil.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "source" / "en" / "01-one.md").write_text("# One\n\n![x](../../../evil.png)\n")
    with pytest.raises(SourceError, match="outside the project"):
        load_book(config_mod.load(project), "en")


def test_symlink_escape_is_refused(project, tmp_path):
    outside = tmp_path.parent / "elsewhere.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "source" / "link.png").symlink_to(outside)
    (project / "source" / "en" / "01-one.md").write_text("# One\n\n![x](../link.png)\n")
    with pytest.raises(SourceError, match="outside the project"):
        load_book(config_mod.load(project), "en")


def test_remote_image_is_not_fetched(project, tmp_path):
    (project / "source" / "en" / "01-one.md").write_text(
        "# One\n\n![A remote map](https://example.com/map.png)\n")
    book = load_book(config_mod.load(project), "en")
    assert "example.com" not in book.chapters[0].html
    assert "A remote map" in book.chapters[0].html


def test_user_layout_css_cannot_reach_out(project, tmp_path, secret, caplog):
    layouts = project / "layouts" / "css"
    layouts.mkdir(parents=True)
    builtin = (config_mod.Path(__file__).resolve().parents[2] / "layouts" / "css" / "print.css")
    layouts.joinpath("print.css").write_text(
        f'@import url("file://{secret}");\n'
        f'@import url("https://example.com/x.css");\n'
        f'body {{ background: url("file:///etc/hostname"); }}\n' + builtin.read_text())
    reader = build_pdf(project, tmp_path / "out")
    assert len(reader.pages) > 3
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any(str(secret) in m for m in refused)
    assert any("example.com" in m for m in refused)
    assert any("/etc/hostname" in m for m in refused)


def test_raw_html_is_sanitized(project):
    (project / "source" / "en" / "01-one.md").write_text(
        '# One\n\n<script>alert(1)</script><iframe src="x"></iframe>'
        '<p onclick="evil()" style="background:url(x)">ok <a href="javascript:alert(1)">j</a></p>\n')
    html = load_book(config_mod.load(project), "en").chapters[0].xhtml
    for bad in ("<script", "<iframe", "onclick", "javascript:", "style="):
        assert bad not in html
    assert "ok" in html


@pytest.fixture
def image_server():
    """A local HTTP server: /ok.png, /big.png (over the cap), /slow.png, /page (not an image)."""
    import http.server
    import io
    import threading
    import time
    from PIL import Image as PILImage

    png = io.BytesIO()
    PILImage.new("RGB", (8, 8), (0, 90, 200)).save(png, "PNG")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/slow.png":
                time.sleep(1.5)
            body, kind = {"/ok.png": (png.getvalue(), "image/png"), "/slow.png": (png.getvalue(), "image/png"),
                          "/big.png": (b"\0" * 3000, "image/png"), "/page": (b"<p>hi</p>", "text/html")
                          }.get(self.path, (b"", ""))
            if not kind:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.handle_error = lambda request, address: None      # a client that gave up (timeout test)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_remote_images_only_with_opt_in(project, tmp_path, image_server, monkeypatch, caplog):
    import logging
    import re
    from dataclasses import replace
    from publish.render import remote
    monkeypatch.setattr(remote, "TIMEOUT", 0.5)
    monkeypatch.setattr(remote, "MAX_BYTES", 2000)
    chapter = project / "source" / "en" / "01-one.md"
    chapter.write_text(f"# One\n\n![A blue square]({image_server}/ok.png)\n")
    config = config_mod.load(project)
    assert load_book(config, "en").chapters[0].images == ()          # not fetched by default
    book = load_book(replace(config, fetch_remote=True), "en")
    (image,) = book.chapters[0].images
    assert image.path.read_bytes().startswith(b"\x89PNG") and image.alt == "A blue square"
    for path, why in (("big.png", "over the 0 MB limit|3000 bytes"), ("slow.png", "could not be fetched"),
                      ("page", r"not an image \(text/html\)"), ("gone.png", "HTTP 404")):
        chapter.write_text(f"# One\n\nText.\n\n![x]({image_server}/{path})\n")
        with caplog.at_level(logging.WARNING, logger="publish"):
            book = load_book(replace(config, fetch_remote=True), "en")    # issue 24: mended
        assert book.chapters[0].images == () and "missing-image" in book.chapters[0].xhtml
        assert re.search(f"01-one.md:5: remote image .*({why}).*; its alt text stands in$",
                         caplog.records[-1].getMessage())


@pytest.mark.parametrize("markup", ['<img src="../../../evil.png" alt="x">', "![x](../../../evil.png)"])
def test_escaping_images_never_reach_the_outputs(project, tmp_path, markup):
    """Raw <img> and Markdown images that climb out of the project: refused, nothing written."""
    (tmp_path.parent / "evil.png").write_bytes(b"\x89PNG\r\n\x1a\nEVIL")
    (project / "source" / "en" / "01-one.md").write_text(f"# One\n\n{markup}\n")
    with pytest.raises(SourceError, match="01-one.md:3: image '../../../evil.png' lies outside"):
        load_book(config_mod.load(project), "en")


def test_user_epub_css_cannot_pull_files_in(project, tmp_path, secret):
    import zipfile
    css = project / "layouts" / "css" / "epub.css"
    css.parent.mkdir(parents=True)
    css.write_text(f'@import url("file://{secret}");\nbody {{ background: url("../../../secret.txt"); }}\n')
    book = load_book(config_mod.load(project), "en")
    epub = write(book, "epub", tmp_path / "out")
    with zipfile.ZipFile(epub) as z:
        names = z.namelist()
        assert not any("secret" in n for n in names)
        assert all(b"TOP-SECRET" not in z.read(n) for n in names)


@pytest.mark.slow
def test_fetched_images_are_cached_under_out_and_reach_both_outputs(project, tmp_path_factory,
                                                                   image_server, capsys):
    """Issue 10: nothing is written outside --out, the remote-image cache included; an image
    cached there (outside the project) is the book's own, so the PDF may read it."""
    import zipfile

    from pypdf import PdfReader

    from publish.cli import main
    (project / "source" / "en" / "01-one.md").write_text(
        f"# One\n\n![A blue square]({image_server}/ok.png)\n")
    out = tmp_path_factory.mktemp("elsewhere")                     # outside the project
    before = sorted(p for p in project.rglob("*"))
    assert main(["all", "--source", str(project), "--out", str(out), "--fetch-remote",
                 "--jobs", "1"]) == 0, capsys.readouterr().err
    assert sorted(p for p in project.rglob("*")) == before           # the project is untouched
    (cached,) = (out / ".cache" / "remote").iterdir()
    with zipfile.ZipFile(out / "tiny-en.epub") as z:
        assert z.read(f"EPUB/images/remote-{cached.name}") == cached.read_bytes()
    page = PdfReader(out / "tiny-en.pdf").pages[6]
    assert any(name.startswith("/") for name in page["/Resources"].get("/XObject", {}))
