"""Issue 24: what the corpus of public books met on first contact, each as a small case of our own."""
from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from publish import config as config_mod
from publish.build import read_book
from publish.render import images

BOOK_TOML = ('slug = "t"\ndate = 2024-01-02\ntitle = "T"\nlanguages = ["en"]\n'
             '[[authors]]\nname = "A"\n')


def book_of(root: Path, chapter: str):
    (root / "source" / "en").mkdir(parents=True)
    (root / "source" / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    (root / "source" / "en" / "01-one.md").write_text(chapter, encoding="utf-8")
    return read_book(config_mod.load(root), "en")


def xhtml(book) -> etree._Element:
    return etree.fromstring(f"<div>{book.chapters[0].xhtml}</div>".encode())


def test_a_linked_badge_that_is_not_fetched_keeps_a_link_name(tmp_path):
    """A README's badge: a link whose only content is a remote image with no alt text."""
    book = book_of(tmp_path, "# One\n\n[![](https://img.shields.io/badge/license-MIT-blue.svg)]"
                             "(https://x.org/l)\n")
    link = xhtml(book).find(".//a")
    assert "".join(link.itertext()) == "license MIT blue"


def test_an_authors_aside_is_a_note_not_a_landmark(tmp_path):
    """Several unlabelled complementary landmarks on a page are an Ace violation."""
    book = book_of(tmp_path, "# One\n\n<aside>First.</aside>\n\n<aside>Second.</aside>\n")
    asides = xhtml(book).findall(".//aside")
    assert [a.get("role") for a in asides] == ["note", "note"]


def test_a_bare_url_swept_up_with_a_quote_is_still_a_valid_url(tmp_path):
    book = book_of(tmp_path, '# One\n\n- item\n\n    <pre><code>&#x3C;script src="https://cdn.x/j.js">'
                             '&#x3C;/script></code></pre>\n')
    hrefs = [a.get("href") for a in xhtml(book).iter("a")]
    assert hrefs and all(not set(h) & set('"<> ') for h in hrefs)


def test_an_svgs_html_labels_give_way_to_its_text_fallback(tmp_path):
    svg = tmp_path / "d.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><switch><foreignObject><div '
                   'xmlns="http://www.w3.org/1999/xhtml"><font>Hi</font></div></foreignObject>'
                   '<text>Hi</text></switch></svg>', encoding="utf-8")
    used = images.prepare(svg, tmp_path / "cache")
    root = etree.parse(str(used.path)).getroot()
    assert [etree.QName(e).localname for e in root.iter()] == ["svg", "switch", "text"]
    assert "foreignObject" in used.note


def test_an_mdbook_with_the_old_author_key_or_none_builds(tmp_path, caplog):
    """mdBook before 0.1 wrote `author = "…"`; a book.toml may also have no author or title."""
    old = tmp_path / "old"
    (old / "src").mkdir(parents=True)
    (old / "book.toml").write_text('[book]\ntitle = "Old"\nauthor = "Ann Old"\n', encoding="utf-8")
    (old / "src" / "SUMMARY.md").write_text("- [One](one.md)\n", encoding="utf-8")
    (old / "src" / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    assert [a.name for a in config_mod.load(old).edition("en").authors] == ["Ann Old"]
    bare = tmp_path / "bare"
    (bare / "src").mkdir(parents=True)
    (bare / "book.toml").write_text('[book]\nsrc = "src"\n', encoding="utf-8")
    (bare / "src" / "SUMMARY.md").write_text("- [One](one.md)\n", encoding="utf-8")
    (bare / "src" / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="publish"):
        edition = config_mod.load(bare).edition("en")
    assert edition.title == "bare" and [a.name for a in edition.authors] == ["bare"]
    said = [r.getMessage() for r in caplog.records]
    assert any("output.publish.title: not set; 'bare' is used" in m for m in said)
    assert any("output.publish.authors: not set; 'bare' is used" in m for m in said)


def test_a_readme_in_a_language_folder_may_be_named_for_its_language(tmp_path, caplog):
    """dayjs keeps `docs/es-es/README-es-es.md` beside its other pages."""
    from publish.readmeset import translate
    (tmp_path / "README.md").write_text("# Day\n\nA small library for dates.\n", encoding="utf-8")
    (tmp_path / "docs" / "es-es").mkdir(parents=True)
    (tmp_path / "docs" / "es-es" / "API.md").write_text("# API\n", encoding="utf-8")
    (tmp_path / "docs" / "es-es" / "README-es-es.md").write_text("# Día\n\nUna biblioteca.\n",
                                                                 encoding="utf-8")
    raw, _ = translate(tmp_path)
    assert raw["languages"] == ["en", "es"]
    assert raw["chapters"]["es"] == ["docs/es-es/README-es-es.md"]


def test_root_folders_named_language_region_hold_translations(tmp_path):
    """javascript-questions keeps `de-DE/README.md`, `ja-JA/README-ja_JA.md`, `ar-AR/README_AR.md`;
    a region the language is not spoken in (JA is none, AR is Argentina) says nothing."""
    from publish.readmeset import translate
    (tmp_path / "README.md").write_text("# Questions\n\nAbout JavaScript.\n", encoding="utf-8")
    for folder, name in (("de-DE", "README.md"), ("ja-JA", "README-ja_JA.md"),
                         ("ar-AR", "README_AR.md"), ("es-MX", "README-ES.md"), ("it", "README.md")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("# X\n\nY.\n", encoding="utf-8")
    raw, _ = translate(tmp_path)
    assert raw["languages"] == ["en", "ar", "de", "es-MX", "ja"]


def test_a_table_right_below_a_closing_fence_is_a_table(tmp_path):
    """docker_practice: with no blank line after the fence, the table and the next fence ran
    into one paragraph and a heading that held a code block."""
    book = book_of(tmp_path, "# One\n\n```\nart\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                             "#### Ex\n\n```bash\n## full\n\n$ run\n```\n")
    root = xhtml(book)
    assert root.find(".//table") is not None
    headings = list(root.iter("h1", "h2", "h3", "h4"))
    assert ["".join(h.itertext()) for h in headings] == ["One", "Ex"]
    assert all(h.find(".//pre") is None for h in headings)


def test_image_sizes_are_whole_pixels(tmp_path):
    """READMEs write width="50%" or "200px"; HTML wants a number of pixels."""
    from publish.render.chapter import _pixel_sizes
    img = etree.fromstring('<img src="a.png" width="200px" height="50%"/>')
    _pixel_sizes(img)
    assert (img.get("width"), img.get("height")) == ("200", None)


def test_an_mdbook_or_mkdocs_site_that_names_no_language_takes_its_texts(tmp_path):
    """A Korean mdBook (rust-lang-book-ko) and a Persian MkDocs site (mkdocs-rtl) say no
    language: they are not English books."""
    book = tmp_path / "ko"
    (book / "src").mkdir(parents=True)
    (book / "book.toml").write_text('[book]\ntitle = "러스트"\nauthors = ["A"]\n', encoding="utf-8")
    (book / "src" / "SUMMARY.md").write_text("- [소개](intro.md)\n", encoding="utf-8")
    (book / "src" / "appendix.md").write_text("# Appendix\n\nThis part is still in English.\n",
                                              encoding="utf-8")
    (book / "src" / "intro.md").write_text("# 소개\n\n러스트 프로그래밍 언어에 오신 것을 환영합니다. "
                                           "이 책은 러스트를 배우는 데 도움이 됩니다.\n",
                                           encoding="utf-8")
    assert config_mod.load(book).languages == ("ko",)
    site = tmp_path / "fa"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: راهنما\nsite_author: A\n", encoding="utf-8")
    (site / "docs" / "index.md").write_text("# خوش آمدید\n\nاین یک راهنمای کوچک برای نوشتن "
                                            "مستندات است که به زبان فارسی نوشته شده است.\n",
                                            encoding="utf-8")
    assert config_mod.load(site).languages == ("fa",)


def test_a_gitbook_with_language_folders_and_no_langs_md_is_multilingual(tmp_path):
    """jquery-for-beginners: book.json at the root, `en/`, `ru/`, `uk/` each a book of its own."""
    (tmp_path / "book.json").write_text('{"author": "A"}', encoding="utf-8")
    (tmp_path / "README.md").write_text("# Book\n\nIn three languages.\n", encoding="utf-8")
    for code, title in (("en", "Intro"), ("ru", "Введение"), ("docs", "Not a language")):
        (tmp_path / code).mkdir()
        (tmp_path / code / "README.md").write_text(f"# {title}\n\nText.\n", encoding="utf-8")
        (tmp_path / code / "SUMMARY.md").write_text(f"* [{title}](README.md)\n", encoding="utf-8")
    config = config_mod.load(tmp_path)
    assert config.languages == ("en", "ru")
    assert [e.folder.name for e in config.editions] == ["en", "ru"]


def test_a_tag_left_open_never_holds_blocks_or_sits_between_items(tmp_path):
    """Found by the fuzz once control characters were mended: `<em>unclosed` in a heading
    held a later blockquote, and in a list item it was reopened between the items."""
    book = book_of(tmp_path, "# One\n\n### A <em>unclosed heading\n\nText.\n\n> quoted\n\n"
                             "1. one <em>open\n    - two\n1. three\n")
    root = xhtml(book)
    blocks = {"blockquote", "p", "ul", "ol", "div", "pre", "table"}
    for inline in root.iter("em", "strong", "span", "a"):
        assert not any(d.tag in blocks for d in inline.iter() if d is not inline)
        assert inline.getparent().tag not in ("ol", "ul", "table", "tr")


def test_a_translation_in_a_folder_named_as_its_edition_is_read_from_there(tmp_path):
    """javascript-questions' `pt-BR/README_pt_BR.md`: the edition's folder is `pt-BR/`."""
    (tmp_path / "README.md").write_text("# Questions\n\nAbout JavaScript.\n", encoding="utf-8")
    (tmp_path / "pt-BR").mkdir()
    (tmp_path / "pt-BR" / "README_pt_BR.md").write_text("# Perguntas\n\nSobre JavaScript.\n",
                                                         encoding="utf-8")
    book = read_book(config_mod.load(tmp_path), "pt-BR")
    assert [c.title for c in book.chapters] == ["Perguntas"]


def test_a_stray_percent_in_an_external_link_is_escaped():
    from publish.render.links import _STRAY_PERCENT
    href = "https://example.org/x#-%EF%B8%%208F-36-stub"
    fixed = _STRAY_PERCENT.sub("%25", href)
    assert fixed == "https://example.org/x#-%EF%B8%25%208F-36-stub"
    assert _STRAY_PERCENT.sub("%25", "https://example.org/a%20b") == "https://example.org/a%20b"


def test_links_a_reader_cannot_name_are_mended():
    from lxml import html as lxml_html
    from publish.render.links import name_empty_links
    root = lxml_html.fragment_fromstring(
        '<h2><a href="#style" id="style"></a>Style</h2>'
        '<p><a href="https://leanpub.com/get-started"><img src="images/get-started-cover.png" '
        'alt="" role="presentation"></a> <a href="https://x.org/"><img src="b.png" alt="Badge"></a>'
        ' <a href="https://y.org/">text</a></p>', create_parent="div")
    name_empty_links(root)
    anchor = root.find(".//h2/a")
    assert anchor.get("href") is None and anchor.get("id") == "style"
    cover = root.find(".//p/a/img")
    assert cover.get("alt") == "get started cover" and cover.get("role") is None
    assert [i.get("alt") for i in root.iter("img")][1] == "Badge"
    assert root.findall(".//p/a")[2].get("href") == "https://y.org/"


def test_an_mdbook_with_po_editions_and_no_slug_takes_it_from_the_source_title(tmp_path):
    """Its title is translated per edition (a table); the slug comes from the source's."""
    import shutil
    from publish import config as config_mod
    project = tmp_path / "book"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "po_book", project)
    toml = project / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('slug = "lighthouse"\n', ""),
                    encoding="utf-8")
    config = config_mod.load(project)
    assert config.slug == "the-lighthouse"
    assert len(config.languages) == 3


def test_po_files_in_language_folders_are_editions(tmp_path):
    """po/<lang>/messages.po, as Weblate and moz-l10n lay them out, beside po/<lang>.po."""
    from publish.translations.editions import _po_files
    for rel in ("es-419/messages.po", "fr.po", "de/extra.po", "notes/a.po", "notes/b.po"):
        (tmp_path / "po" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "po" / rel).write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    found = _po_files(tmp_path / "po", tmp_path)
    assert found["es-419"].name == "messages.po" and found["fr"].name == "fr.po"
    assert found["de"].name == "extra.po"
    assert "notes" not in found              # not a language, and two files: not an edition


def test_brackets_outside_an_external_links_host_are_escaped():
    from publish.render.links import resolve_link
    out = resolve_link("https://gui.example.ca/?ip=[QUEST IP]", None, {}, Path("/"))
    assert out == "https://gui.example.ca/?ip=%5BQUEST%20IP%5D"
    assert resolve_link("http://[::1]:8080/a", None, {}, Path("/")) == "http://[::1]:8080/a"


def test_a_second_hash_in_an_external_links_fragment_is_escaped():
    """A web app's route (`/#docs/async#part`) and a tracking tail (`#rd#wechat_redirect`):
    a fragment holds no `#` (EPUBCheck RSC-020)."""
    from publish.render.links import resolve_link
    out = resolve_link("http://es6.example.com/#docs/async#%E5%BC%82", None, {}, Path("/"))
    assert out == "http://es6.example.com/#docs/async%23%E5%BC%82"
    assert resolve_link("https://x.org/a?b=c#rd#w", None, {}, Path("/")) == "https://x.org/a?b=c#rd%23w"
    assert resolve_link("https://x.org/a#one", None, {}, Path("/")) == "https://x.org/a#one"


def test_a_heading_with_no_text_has_no_contents_entry():
    from publish.model import Heading
    from publish.render.chapter import toc_entry

    class Chapter:
        slug, title, level = "cases", "Cases", 1
        headings = (Heading(1, "cases", "Cases", "Cases"), Heading(2, "empty", "", ""),
                    Heading(2, "pcb", "PCB cases", "PCB cases"))
    entry = toc_entry(Chapter(), 3)
    assert [c.title for c in entry.children] == ["PCB cases"]


def test_a_heading_whose_words_a_paragraph_carried_out_is_no_heading(tmp_path):
    book = book_of(tmp_path, '# Cases\n\n## <b><p style="color: orange;">Choose one</p></b>\n\nText.\n')
    root = xhtml(book)
    headings = [h for h in root.iter() if isinstance(h.tag, str) and h.tag[-2:] in ("h2", "h3")]
    assert all("".join(h.itertext()).strip() for h in headings)
    assert "Choose one" in "".join(root.itertext())
