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


def test_markdown_attachment_link_is_refused(project):
    (project / "source" / "en" / "01-one.md").write_text(
        '# One\n\n[passwd](/etc/passwd){: rel="attachment"}\n')
    with pytest.raises(SourceError, match="link to '/etc/passwd'"):
        load_book(config_mod.load(project), "en")


def test_raw_attachment_link_is_stripped(project, tmp_path, secret):
    (project / "source" / "en" / "01-one.md").write_text(
        f'# One\n\n<a rel="attachment" href="file://{secret}">s</a>\n')
    reader = build_pdf(project, tmp_path / "out")
    assert embedded_files(reader) == []
    assert b"TOP-SECRET" not in (tmp_path / "out" / "tiny-en.pdf").read_bytes()


def test_fetcher_refuses_attachment_in_a_user_template(project, tmp_path, secret):
    """Even a project's own template cannot make WeasyPrint embed a file from outside."""
    import weasyprint
    from publish.writers.fetcher import ConfinedFetcher
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
    builtin = (config_mod.Path(__file__).resolve().parent.parent / "layouts" / "css" / "print.css")
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
