"""publish/docsify.py (a docsify site's index.html as our config), sources/docsify.py
(`_sidebar.md` as the contents) and sources/docsify_markdown.py (`?>` tips, `:include`
embeds, link options): issue 24, first contact with a docsify site."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from conftest import write_tree
from publish import config, docsify, sources
from publish.errors import SourceError
from publish.sources.docsify import entries, sidebar_as_summary
from publish.sources.docsify_markdown import _Page, transform

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")            # 2025-06-01


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture repository (its site in docs/), outside any git repository."""
    root = tmp_path / "lantern"
    shutil.copytree(FIXTURES / "docsify", root)
    return root


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "site",
                      {"index.html": "<script>window.$docsify = {name: 'T'}</script>", **files})


def messages(caplog, root: Path) -> list[str]:
    return [r.getMessage().replace(str(root) + "/", "") for r in caplog.records]


def shown(found, folder: Path) -> list[tuple[str, int, str]]:
    return [(Path(e.path).resolve().relative_to(folder.resolve()).as_posix(), e.level, e.part)
            for e in found]


# --- the site as our config ------------------------------------------------------------------

def test_the_repository_and_its_docs_folder_both_load_the_site(repo, caplog):
    for source in (repo, repo / "docs"):
        loaded = config.load(source)
        assert loaded.path == repo / "docs" / "index.html"
        assert loaded.languages == ("en", "zh-Hans")
        assert [e.folder for e in loaded.editions] == [repo / "docs", repo / "docs" / "zh-cn"]
        assert loaded.slug == "lantern" and loaded.date.isoformat() == "2025-06-01"
    assert loaded.root == repo / "docs" and config.load(repo).root == repo


def test_title_is_the_name_description_the_meta_tag(repo):
    edition = config.load(repo).editions[0]
    assert edition.title == "Lantern Guide"                    # <b>…</b> dropped
    assert edition.description == "A small lamp for & by readers."


def test_defaults_warn_once_each_naming_index_html(repo, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        config.load(repo)
    said = [m for m in messages(caplog, repo) if m.startswith("docs/index.html")]
    assert [m.split(": ")[1] for m in said] == ["slug", "authors", "date"]


def test_a_site_wins_over_the_bare_readme_set_and_needs_docsify(repo):
    assert config.load(repo).path.name == "index.html"          # the root README is no book
    plain = repo.parent / "plain"
    shutil.copytree(repo, plain)
    (plain / "docs" / "index.html").write_text("<html><body>no generator</body></html>")
    assert config.load(plain).path.name == "book.toml"          # a README set again


def test_title_falls_back_to_title_tag_then_heading(tmp_path):
    page = "<html><head><title>From &lt;title&gt;</title></head></html>"
    assert docsify.config_name("<script>window.$docsify = {nameLink: '/', name: \"A 'b'\"}"
                               "</script>") == "A 'b'"
    root = site(tmp_path, {"index.html": page + '<script src="docsify.min.js"></script>',
                           "README.md": "# Home\n"})
    assert config.load(root).editions[0].title == "From <title>"
    (root / "index.html").write_text('<script src="//unpkg.com/docsify/lib/docsify.js">')
    assert config.load(root).editions[0].title == "Home"


def test_html_lang_gives_the_language_unless_the_text_says_otherwise(tmp_path, caplog):
    root = site(tmp_path, {"index.html": '<html lang="de"><script>window.$docsify={}</script>',
                           "README.md": "# Start\n\nHallo.\n"})
    assert config.load(root).languages == ("de",)
    chinese = "# 开始\n\n" + "这是一本关于灯笼的小书，我们希望你喜欢它。" * 5 + "\n"
    (root / "README.md").write_text(chinese, encoding="utf-8")
    (root / "index.html").write_text('<html lang="en"><script>window.$docsify={}</script>')
    with caplog.at_level(logging.WARNING, logger="publish"):
        assert config.load(root).languages == ("zh-Hans",)
    assert any("lang" in m and "zh-Hans" in m for m in messages(caplog, root))


# --- the sidebar --------------------------------------------------------------------------------

def test_sidebar_order_levels_parts_and_the_home_page_first(repo, caplog):
    folder = repo / "docs"
    with caplog.at_level(logging.WARNING, logger="publish"):
        found = entries(folder, folder, [folder / "zh-cn"])
    assert shown(found, folder) == [
        ("README.md", 1, ""), ("quickstart.md", 1, "Getting started"),
        ("guide/install.md", 1, ""), ("guide/routes.md", 2, ""),
        ("snippets.md", 1, "Going further")]
    assert messages(caplog, repo) == [
        "docs/_sidebar.md:8: chapter 'missing.md' not found; left out"]


def test_routes_name_files(tmp_path):
    root = site(tmp_path, {"a.md": "", "g/README.md": "", "zh-cn/b.md": "",
                           "zh-cn/README.md": ""})
    zh = root / "zh-cn"
    assert docsify.route("/a", root, root) == root / "a.md"
    assert docsify.route("a", root, root) == root / "a.md"
    assert docsify.route("a.md#x", root, root) == root / "a.md"
    assert docsify.route("g/", root, root) == root / "g" / "README.md"
    assert docsify.route("/zh-cn/b", zh, root) == zh / "b.md"
    assert docsify.route("zh-cn/b.md", zh, root) == zh / "b.md"      # from the site's root
    assert docsify.route("b", zh, root) == zh / "b.md"
    assert docsify.route("/", zh, root) == root / "README.md"
    assert docsify.route("https://x.org/a", root, root) is None


def test_sidebar_rewritten_line_for_line(tmp_path):
    text = ("<!-- a\ncomment -->\n* **Basics**\n  * [A](/a ':id=x')\n    * Notes\n"
            "      * [B](b)\n* [Web](https://x.org)\n")
    out = sidebar_as_summary(text, tmp_path, tmp_path)
    assert out.split("\n") == ["", "", "# Basics", "  - [A](a.md)", "", "      - [B](b.md)",
                               "", ""]


def test_a_listed_home_page_is_not_added_again(tmp_path):
    root = site(tmp_path, {"README.md": "# H\n", "a.md": "# A\n",
                           "_sidebar.md": "- [A](a.md)\n- [Home](/)\n"})
    assert shown(entries(root, root, []), root) == [("a.md", 1, ""), ("README.md", 1, "")]


def test_without_a_sidebar_the_home_pages_links_are_the_chapters(tmp_path, caplog):
    root = site(tmp_path, {"README.md": "# H\n\n[A](a.md) [Z](zh-cn/README.md)\n",
                           "a.md": "# A\n", "zh-cn/README.md": "# 中\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        found = entries(root, root, [root / "zh-cn"])
    assert shown(found, root) == [("README.md", 1, ""), ("a.md", 1, "")]
    assert any("readme-contents" not in m and "1 page(s)" in m for m in messages(caplog, root))


def test_a_site_with_nothing_to_read_is_refused_not_a_traceback(tmp_path):
    root = site(tmp_path, {"_sidebar.md": "- [Gone](gone.md)\n"})
    loaded = config.load(root)
    with pytest.raises(SourceError, match="no chapter"):
        sources.read(loaded, loaded.languages[0])


# --- docsify's Markdown ----------------------------------------------------------------------

def plain(tmp_path: Path, text: str, files: dict[str, str] | None = None) -> str:
    root = site(tmp_path, {"page.md": text, **(files or {})})
    return transform(text, _Page(root / "page.md", root, root))[0]


def test_tips_and_warnings_are_asides(tmp_path):
    out = plain(tmp_path, "?> A tip\nstill the tip.\n\n!> Careful.\n\n```\n?> code\n```\n")
    assert out.count('<aside class="admonition tip" markdown="1">') == 1
    assert out.count('<aside class="admonition warning" markdown="1">') == 1
    assert "A tip\nstill the tip.\n\n</aside>" in out and "?> code" in out


def test_includes_markdown_code_fragments_and_links(tmp_path, caplog):
    files = {"n.md": "---\ntitle: x\n---\nIncluded.\n", "s.js": "a\n/// [d]\nb\n/// [d]\nc\n"}
    text = ("[n](n.md ':include')\n[s](s.js ':include :type=code :fragment=d')\n"
            "[v](https://x.org/v.mp4 ':include :type=video')\n[m](gone.md ':include')\n"
            "````md\n[n](n.md ':include')\n```\n````\n")
    with caplog.at_level(logging.WARNING, logger="publish"):
        out = plain(tmp_path, text, files)
    lines = out.split("\n")
    assert "Included." in lines and "title: x" not in out
    assert "```js\nb\n```" in out and "a" not in lines
    assert "[v](https://x.org/v.mp4)" in lines and "m" in lines
    assert "[n](n.md ':include')" in lines                     # inside code: as written
    said = messages(caplog, tmp_path / "site")
    assert [m.split(":")[0:2] for m in said] == [["page.md", "3"], ["page.md", "4"]]


def test_an_include_of_itself_is_left_out_once(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        out = plain(tmp_path, "x", {"loop.md": "[l](loop.md ':include')\n",
                                    "page.md": "[l](loop.md ':include')\n"})
        root = tmp_path / "site"
        out = transform((root / "page.md").read_text(), _Page(root / "page.md", root, root))[0]
    assert "includes itself" in caplog.text and "loop.md" not in out.replace("[l]", "")


def test_link_options_heading_ids_output_and_routes(tmp_path):
    out = plain(tmp_path, "## Options :id=opts\n\n[i](/g/ ':ignore title') [a](/a?id=x) "
                "[c](#/a) `[k](/a ':ignore')` [`code`](a#y) ![p](p.png ':size=50')\n\n"
                '<output data-lang="output">\n\n  <p>x</p>\n</output>\n',
                {"a.md": "", "g/README.md": ""})
    lines = out.split("\n")
    assert lines[0] == "## Options"
    assert "[i](g/README.md) [a](a.md#x) [c](a.md) `[k](/a ':ignore')` [`code`](a.md#y) " \
        "![p](p.png)" in lines
    assert lines[-5:] == ['<div class="output">', "", "  <p>x</p>", "</div>", ""]


def test_a_chapter_named_cover_does_not_take_the_cover_pages_file(tmp_path, caplog):
    from publish.sources.chapters import read_chapters

    root = site(tmp_path, {"cover.md": "# Cover page\n", "nav.md": "# Navbar\n"})
    with caplog.at_level(logging.WARNING, logger="publish"):
        found = read_chapters([root / "cover.md", root / "nav.md"], root)
    assert [c.slug for c in found] == ["cover-2", "nav-2"]
    assert "taken already (by the book's cover page)" in caplog.text


def test_an_unclosed_figcaption_does_not_nest_in_itself():
    from lxml import html

    from publish.render.convert import _unnested

    root = html.fragment_fromstring("<figure><figcaption>1<figcaption>\n</figure>",
                                    create_parent="div")
    _unnested(root)
    assert html.tostring(root, encoding="unicode").count("<figcaption>") == 1


@pytest.mark.parametrize("files, outcome", [
    ({"_sidebar.md": "- [me](_sidebar.md)\n- []()\n- [n](a%00b)\n"}, "lists itself"),
    ({"_sidebar.md": "\x00\x01\x02"}, "readme"),
    ({"_sidebar.md": "".join("  " * i + f"- [a{i}](a{i})\n" for i in range(300))}, "a299.md"),
    ({"README.md": "[a](README.md ':include')\n?>\n!>"}, "includes itself"),
    ({"README.md": "[a](../../x.md ':include')\n"}, "outside the project"),
    ({"README.md": "[a](sub ':include')\n", "sub/x": "1"}, "is a folder"),
])
def test_odd_sites_warn_or_refuse_never_a_traceback(tmp_path, caplog, files, outcome):
    from publish.errors import PublishError

    root = site(tmp_path, {"README.md": "# Home\n", **files})
    with caplog.at_level(logging.WARNING, logger="publish"):
        try:
            loaded = config.load(root)
            said = " ".join(c.slug for c in sources.read(loaded, loaded.languages[0]))
        except PublishError as exc:
            said = str(exc)
    assert outcome in said + caplog.text
