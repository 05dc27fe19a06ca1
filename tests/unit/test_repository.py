"""Unit tests for publish/repository.py and links resolved as GitHub resolves them (issue 24):
`/CONTRIBUTING.md` from the project's root, a file that is not a chapter as its page on the
repository's web host when the project says where it lives, else its text kept."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from publish import config as config_mod
from publish import repository
from publish.build import read_book

GH = "https://github.com/ex-org/tiny-tool"


@pytest.mark.parametrize("url,expected", [
    ("https://github.com/ex-org/tiny-tool", GH),
    ("https://github.com/ex-org/tiny-tool.git", GH),
    ("https://github.com/ex-org/tiny-tool/", GH),
    ("https://github.com/ex-org/tiny-tool/tree/main/book", GH),
    ("git@github.com:ex-org/tiny-tool.git", GH),
    ("ssh://git@github.com/ex-org/tiny-tool.git", GH),
    ("git+https://github.com/ex-org/tiny-tool.git", GH),
    ("git://github.com/ex-org/tiny-tool.git", GH),
    ("https://user:secret@github.com/ex-org/tiny-tool.git", GH),
    ("github:ex-org/tiny-tool", GH),
    ("ex-org/tiny-tool", GH),
    ("https://gitlab.com/grp/sub/proj.git", "https://gitlab.com/grp/sub/proj"),
    ("https://gitlab.com/grp/proj/-/tree/main/docs", "https://gitlab.com/grp/proj"),
    ("gitlab:grp/proj", "https://gitlab.com/grp/proj"),
    ("git@bitbucket.org:team/repo.git", "https://bitbucket.org/team/repo"),
    ("https://example.org/some/repo", None),        # a host whose file pages are not known
    ("https://github.com/only-owner", None),
    ("not a url at all", None),
    ("file:///home/me/repo", None),
])
def test_web_address_from_the_usual_spellings(url, expected):
    assert repository.web_address(url) == expected


@pytest.mark.parametrize("base,path,folder,expected", [
    (GH, "CONTRIBUTING.md", False, GH + "/blob/HEAD/CONTRIBUTING.md"),
    (GH, "docs/", True, GH + "/tree/HEAD/docs"),
    (GH, "src/main file.rs", False, GH + "/blob/HEAD/src/main%20file.rs"),
    (GH, ".", True, GH),
    ("https://gitlab.com/g/p", "LICENSE", False, "https://gitlab.com/g/p/-/blob/HEAD/LICENSE"),
    ("https://bitbucket.org/t/r", "LICENSE", False, "https://bitbucket.org/t/r/src/HEAD/LICENSE"),
])
def test_file_url(base, path, folder, expected):
    assert repository.file_url(base, path, folder=folder) == expected


@pytest.mark.parametrize("name,text", [
    ("book.toml", '[book]\ntitle = "T"\n[output.html]\ngit-repository-url = '
                  '"https://github.com/ex-org/tiny-tool"\n'),
    ("book.json", '{"plugins": ["github"], "pluginsConfig": {"github": '
                  '{"url": "https://github.com/ex-org/tiny-tool/"}}}'),
    ("book.json", '{"pluginsConfig": {"edit-link": '
                  '{"base": "https://github.com/ex-org/tiny-tool/edit/master", "label": "Edit"}}}'),
    ("package.json", '{"name": "t", "repository": "github:ex-org/tiny-tool"}'),
    ("package.json", '{"repository": {"type": "git", '
                     '"url": "git+https://github.com/ex-org/tiny-tool.git"}}'),
    (".git/config", '[core]\n\tbare = false\n[remote "upstream"]\n\turl = git@github.com:other/x\n'
                    '[remote "origin"]\n\turl = git@github.com:ex-org/tiny-tool.git\n'
                    '\tfetch = +refs/heads/*:refs/remotes/origin/*\n'),
])
def test_web_base_from_what_the_project_says(tmp_path, name, text):
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert repository.web_base(tmp_path) == GH


@pytest.mark.parametrize("name,text", [
    ("book.json", '{"links": {"sharing": {"github": true}}}'),    # not where it lives
    ("book.json", "{not json"),
    ("package.json", '{"repository": 12}'),
    ("book.toml", "[output.html\n"),
    (".git/config", '[remote "upstream"]\n\turl = git@github.com:other/x\n'),
    (".git", "gitdir: ../../elsewhere/.git/worktrees/x\n"),        # not followed
])
def test_web_base_is_none_when_the_project_says_nowhere(tmp_path, name, text):
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert repository.web_base(tmp_path) is None


def test_web_base_sees_an_edited_file(tmp_path):
    assert repository.web_base(tmp_path) is None
    (tmp_path / "package.json").write_text('{"repository": "ex-org/tiny-tool"}')
    assert repository.web_base(tmp_path) == GH


# -- links in a README set -----------------------------------------------------------------

README = ("# Tiny Tool\n"
          "\n"
          "Read [how to help](/CONTRIBUTING.md#pull-requests) and the [licence](LICENSE).\n"
          "\n"
          "The [examples](examples/) and the [docs](/docs/) folders.\n"
          "\n"
          "The [French one](/README.fr.md) and [nothing](/gone.md).\n"
          "\n"
          "A [climb](../../../etc/passwd) and [another](/../../etc/passwd).\n")


@pytest.fixture
def readme_set(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    root = tmp_path / "tiny-tool"
    (root / "examples").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "README.md").write_text(README, encoding="utf-8")
    (root / "README.fr.md").write_text("# Petit outil\n\nBonjour.\n", encoding="utf-8")
    (root / "CONTRIBUTING.md").write_text("# Contributing\n", encoding="utf-8")
    (root / "LICENSE").write_text("MIT\n", encoding="utf-8")
    (root / "examples" / "a.py").write_text("print(1)\n", encoding="utf-8")
    (root / "docs" / "guide.txt").write_text("Docs\n", encoding="utf-8")  # no page: not a chapter
    return root


def links_of(book) -> list[str]:
    import re
    return re.findall(r'<a href="([^"]+)"', book.chapters[0].xhtml)


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


@pytest.mark.parametrize("where", ["package.json", ".git/config"])
def test_repository_files_become_links_to_their_web_pages(readme_set, caplog, where):
    text = {"package.json": '{"repository": {"url": "https://github.com/ex-org/tiny-tool.git"}}',
            ".git/config": '[remote "origin"]\n\turl = git@github.com:ex-org/tiny-tool.git\n',
            }[where]
    (readme_set / where).parent.mkdir(exist_ok=True)
    (readme_set / where).write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(readme_set), "en")
    assert links_of(book) == [GH + "/blob/HEAD/CONTRIBUTING.md#pull-requests",
                              GH + "/blob/HEAD/LICENSE",
                              GH + "/tree/HEAD/examples",
                              GH + "/tree/HEAD/docs",
                              GH + "/blob/HEAD/README.fr.md"]    # another edition's README
    gone = [w for w in warnings_of(caplog) if "link to" in w]
    assert [w.split("README.md:")[1] for w in gone] == [
        "7: link to '/gone.md': no file '/gone.md'; the link is left out, its text stays",
        "9: link to '../../../etc/passwd': it lies outside the project folder; the link is left "
        "out, its text stays",
        "9: link to '/../../etc/passwd': it lies outside the project folder; the link is left "
        "out, its text stays",
    ]


def test_without_a_web_address_repository_files_keep_their_text(readme_set, caplog):
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(readme_set), "en")
    assert links_of(book) == []
    import re
    assert "Read how to help and the licence." in re.sub(r"<[^>]+>", "", book.chapters[0].xhtml)
    assert any("README.md:3: link to '/CONTRIBUTING.md#pull-requests': '/CONTRIBUTING.md' is "
               "not a chapter of this book" in w for w in warnings_of(caplog))


def test_a_root_relative_link_to_a_chapter_is_that_chapter(tmp_path):
    src = tmp_path / "source"
    (src / "en").mkdir(parents=True)
    (src / "book.toml").write_text('slug = "t"\ndate = 2024-01-02\ntitle = "T"\n'
                                   '[[authors]]\nname = "A"\n', encoding="utf-8")
    (src / "en" / "01-one.md").write_text("# One\n\nSee [two](/source/en/02-two.md) and "
                                          "[its part](/source/en/02-two.md#part).\n")
    (src / "en" / "02-two.md").write_text("# Two\n\n## Part\n")
    book = read_book(config_mod.load(tmp_path), "en")
    assert links_of(book) == ["#two", "#part"]


def test_a_link_out_of_the_project_is_never_refused_and_never_linked(tmp_path, caplog):
    src = tmp_path / "source"
    (src / "en").mkdir(parents=True)
    (src / "book.toml").write_text('slug = "t"\ndate = 2024-01-02\ntitle = "T"\n'
                                   '[[authors]]\nname = "A"\n', encoding="utf-8")
    (tmp_path.parent / "secret.txt").write_text("TOP-SECRET")
    (src / "en" / "01-one.md").write_text("# One\n\n[s](../../../secret.txt) [l](../loop.txt)\n")
    os.symlink("loop.txt", src / "loop.txt")       # a symlink loop: no traceback
    with caplog.at_level(logging.WARNING, logger="publish"):
        book = read_book(config_mod.load(tmp_path), "en")
    assert links_of(book) == []
    found = [w.split("01-one.md:3: ")[1] for w in warnings_of(caplog) if "link to" in w]
    assert found == ["link to '../../../secret.txt': it lies outside the project folder; the "
                     "link is left out, its text stays",
                     "link to '../loop.txt': it cannot be followed (Symlink loop from "
                     f"'{src / 'loop.txt'}'); the link is left out, its text stays"]


def test_an_mdbook_links_its_other_files_through_git_repository_url(tmp_path):
    import shutil

    from conftest import FIXTURES
    root = tmp_path / "mdbook"
    shutil.copytree(FIXTURES / "mdbook", root)
    toml = root / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "https://example.org/manual", "https://github.com/ex-org/manual.git"), encoding="utf-8")
    book = read_book(config_mod.load(root), "en")
    hrefs = [h for c in book.chapters for h in links_of_chapter(c)]
    assert "https://github.com/ex-org/manual/blob/HEAD/README-other.md" in hrefs


def links_of_chapter(chapter) -> list[str]:
    import re
    return re.findall(r'<a href="([^"]+)"', chapter.xhtml)
