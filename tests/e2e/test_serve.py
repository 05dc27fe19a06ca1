"""`publish serve`: the preview in headless Chromium, live reload, errors, the command (issue: serve)."""
from __future__ import annotations

import html as html_mod
import json
import shutil
import socket
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES
from publish import config as config_mod
from publish.cli import main
from publish.errors import OutputError
from publish.model import Image
from publish.build import load_book
from publish.serve.preview import Chrome, render_book, screen_html
from publish.serve.server import PreviewServer, make_server
from publish.serve.site import Site, affected_languages

pytestmark = pytest.mark.slow      # lays out PDFs, big books or runs a browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 20_000          # the longest a rebuild may take to show (it usually takes well under 1 s)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("serve") / "multi"
    shutil.copytree(FIXTURES / "multi", target)
    return target


@pytest.fixture(scope="module")
def server(project):
    server = make_server(config_mod.load(project), project / "build", "127.0.0.1", 0).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("the preview tests need Debian's chromium (scripts/setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort())
    yield page
    context.close()


@pytest.fixture
def project_tiny(tmp_path):
    """conftest's small one-language project."""
    src = tmp_path / "tiny/source"
    (src / "en").mkdir(parents=True)
    (src / "book.toml").write_text('slug = "tiny"\ndate = 2024-01-02\ntitle = "Tiny"\n\n'
                                   '[[authors]]\nname = "A. Author"\n', encoding="utf-8")
    (src / "en/01-one.md").write_text("# One\n\nHello.\n", encoding="utf-8")
    return tmp_path / "tiny"


def edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_language_switch_and_reload_after_an_edit(server, project, page):
    from playwright.sync_api import expect

    page.goto(f"{server.url}en/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "Three Small Chapters"
    # The book is all there, set in the embedded font, its image served from the project.
    expect(page.locator("h1.tp-title")).to_have_text("Three Small Chapters")
    expect(page.locator("section.chapter")).to_have_count(3)
    expect(page.locator("#about-author")).to_be_visible()
    expect(page.locator(".footnote").first).to_contain_text("A note with emphasis")
    image = page.locator("section.chapter img")
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 40
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('1em \"Source Serif 4\"'))")

    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Français").click()
    page.wait_for_url(f"{server.url}fr/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.title() == "Trois petits chapitres"
    expect(page.get_by_role("link", name="English")).to_have_attribute("href", "/en/")
    expect(page.locator(".switcher [aria-current=page]")).to_have_text("Français")

    page.evaluate("window.beforeTheEdit = true")
    chapter = project / "source/fr/02-suite.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        edit(chapter, original + "\nUne phrase toute neuve, écrite pendant le test.\n")
        expect(page.get_by_text("Une phrase toute neuve")).to_be_visible(timeout=WAIT_MS)
        assert page.evaluate("window.beforeTheEdit === undefined")      # the page reloaded itself
        assert page.evaluate("document.documentElement.lang") == "fr"
    finally:
        edit(chapter, original)
    expect(page.get_by_text("Une phrase toute neuve")).to_have_count(0, timeout=WAIT_MS)


def test_a_broken_edit_shows_its_error_and_the_server_lives_on(server, project):
    chapter = project / "source/en/03-end.md"
    original = chapter.read_text(encoding="utf-8")
    version = server.site.version("en")
    try:
        edit(chapter, original + "\n![A map](" + "../" * 30 + "etc/passwd)\n")
        version = wait_for_change(server, "en", version)
        html = fetch(server, "/en/")
        assert 'role="alert"' in html and "03-end.md:" in html and "lies outside the project" in html
        assert "The End" in html                                   # the last good book stays in view
        assert fetch(server, "/opds/en").startswith("<?xml")       # so do the catalog and the files
    finally:
        edit(chapter, original)
    wait_for_change(server, "en", version)
    assert 'role="alert"' not in fetch(server, "/en/")


def test_the_shelf_lists_every_language(server):
    html = fetch(server, "/")
    assert html.count('class="card"') == 2
    assert "/download/multi-en.epub" in html and "/download/multi-fr.pdf" in html
    assert f"http://127.0.0.1:{server.port}/opds" in html
    request = urllib.request.Request(f"{server.url}en")
    with urllib.request.urlopen(request, timeout=10) as response:      # /en redirects to /en/
        assert response.url.endswith("/en/")


def test_the_page_forbids_foreign_scripts(server):
    with urllib.request.urlopen(f"{server.url}en/", timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
        html = response.read().decode()
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html and "default-src 'none'" in policy


def wait_for_change(server: PreviewServer, lang: str, since: int) -> int:
    """The live reload's own long poll: returns the new version once a rebuild shows."""
    for _ in range(3):
        answer = json.loads(fetch(server, f"/_reload?lang={lang}&since={since}"))
        if answer["version"] != since:
            return answer["version"]
    pytest.fail(f"no rebuild of {lang} was seen")


def fetch(server: PreviewServer, path: str) -> str:
    """The text at `path`, HTML character references resolved."""
    with urllib.request.urlopen(f"{server.url}{path.lstrip('/')}", timeout=30) as response:
        return html_mod.unescape(response.read().decode("utf-8"))


# ---- the command and the parts ----

def test_serve_command_builds_and_prints_its_address(tmp_path, capsys, monkeypatch):
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    served = []

    def serve_once(self, poll_interval=0.5):
        served.append(self.url)
        raise KeyboardInterrupt          # Ctrl-C: the command stops cleanly, exit 0

    monkeypatch.setattr(PreviewServer, "serve_forever", serve_once)
    code = main(["serve", "--source", str(project), "--port", "0", "--lang", "fr", "--no-watch"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert served and served[0].startswith("http://127.0.0.1:")
    assert f"preview: {served[0]}" in out and f"OPDS catalog: {served[0]}opds" in out
    assert sorted(p.name for p in (project / "build").glob("multi-*")) == \
        ["multi-fr.epub", "multi-fr.kepub.epub", "multi-fr.pdf"]


def test_a_taken_port_is_one_error_line(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OutputError, match=f"cannot listen on 127.0.0.1:{port}"):
            make_server(config_mod.load(project), project / "build", "127.0.0.1", port)


def test_changes_rebuild_only_the_languages_they_touch(project):
    config = config_mod.load(project)
    langs = ("en", "fr")
    src, layouts = project / "source", project / "layouts"
    assert affected_languages({src / "fr/01-ouverture.md"}, config, langs) == ("fr",)
    assert affected_languages({src / "en/01-opening.md", src / "fr/02-suite.md"}, config, langs) == langs
    assert affected_languages({layouts / "en/preview/book.html"}, config, langs) == ("en",)
    assert affected_languages({src / "ru/01-x.md"}, config, langs) == ()
    for shared in (src / "book.toml", src / "images/square.png", layouts / "css/preview.css"):
        assert affected_languages({shared}, config, langs) == langs


def test_a_project_layout_overrides_the_preview(project_tiny):
    (project_tiny / "layouts/css").mkdir(parents=True)
    (project_tiny / "layouts/css/preview.css").write_text("body { --house-style: 1; }\n")
    book = load_book(config_mod.load(project_tiny), "en")
    chrome = Chrome(lang="en", watch="en", version=1, nonce="n", font_url=lambda face: "/f")
    html = render_book(book, book.layouts, chrome)
    assert "--house-style: 1" in html and '<html lang="en"' in html and "<title>Tiny</title>" in html


def test_a_broken_config_shows_on_every_language(project_tiny, tmp_path):
    site = Site(config_mod.load(project_tiny), tmp_path / "out")
    config_file = project_tiny / "source/book.toml"
    config_file.write_text("toc_depth = 9\n" + config_file.read_text())
    site.changed({config_file})                         # never raises: the error is the page's
    assert [e.error for e in site.editions()] == [f"{config_file}:1: toc_depth: expected 1, 2 or 3, got 9"]
    assert site.version("en") > 0


def test_print_image_paths_become_the_books_image_hrefs(tmp_path):
    square = tmp_path / "square.png"
    html = screen_html(f'<p><img alt="Red" src="{square.as_uri()}"><img alt="" src="file:///etc/x.png"></p>',
                       [Image(src="images/square.png", path=square, alt="Red")])
    assert html == '<p><img alt="Red" src="images/square.png"><img alt=""></p>'


def test_notes_become_numbered_side_notes():
    html = screen_html('<p>Text.<span class="footnote" id="c1-fn-1">\n<span class="fn-p">A note.</span>'
                       '</span> More.<span class="footnote" id="c1-fn-2">Two.</span></p>\n')
    assert html == ('<p>Text.<sup class="fn-call"><a href="#c1-fn-1" id="c1-fn-1-call" '
                    'role="doc-noteref">1</a></sup><span class="footnote" id="c1-fn-1" role="note">'
                    '<a class="note-number" href="#c1-fn-1-call">1</a>\n<span class="fn-p">A note.</span>'
                    '</span> More.<sup class="fn-call"><a href="#c1-fn-2" id="c1-fn-2-call" '
                    'role="doc-noteref">2</a></sup><span class="footnote" id="c1-fn-2" role="note">'
                    '<a class="note-number" href="#c1-fn-2-call">2</a>Two.</span></p>\n')


def test_a_save_shows_in_the_preview_while_the_last_pdf_is_being_made(project_tiny, tmp_path,
                                                                       monkeypatch):
    """The outputs are made in their own thread: a second save reaches the preview at once,
    not once the first save's PDF is done; the outputs are then made from the latest book."""
    import threading

    site = Site(config_mod.load(project_tiny), tmp_path / "out")
    made, release = [], threading.Event()

    def slow_outputs(lang, book):          # stands in for a long PDF
        release.wait(30)
        made.append(book.chapters[0].html)

    monkeypatch.setattr(site, "_outputs", slow_outputs)
    chapter = project_tiny / "source/en/01-one.md"
    try:
        for text in ("First save.", "Second save."):
            edit(chapter, f"# One\n\n{text}\n")
            site.changed({chapter})         # returns with the preview made, the PDF not
            assert text in site.edition("en").book.chapters[0].html
        assert made == []
        release.set()
        assert site.settle(30)
        assert "Second save." in made[-1]
    finally:
        release.set()
        site.close()
