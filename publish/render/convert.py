"""Markdown to sanitized, typeset HTML: one Python-Markdown converter per language.

Each distinct chapter text is converted once: from the build cache when it has it,
else here, in forked processes beside this one when there are many.
"""
from __future__ import annotations

import hashlib
import json
import re
from html import escape

import markdown
from lxml import html as lxml_html

from publish import policy
from publish.languages import Language
from publish.render import typography
from publish.render.admonitions import Admonitions
from publish.render.tabs import Tabs
from publish.render.slug import slugify
from publish.render.gfm import GitHubMarkdown
from publish.render.htmlblocks import HtmlBlocks
from publish.render.sanitize import sanitize
from publish.render.serialize import serialize

BACKLINK = "\u2191"   # ↑: the font has it (↩ it lacks, and ↩ may render as an emoji)


def get_markdown(labels: dict[str, str]) -> markdown.Markdown:
    """The Markdown converter for one language; reset() between chapters.

    GitHub's and mdBook's Markdown on Python-Markdown: pymdownx.superfences (fences with
    any info string, in lists and quotes too) with Pygments, two-space nested lists
    (mdx_truly_sane_lists), task lists, ~~strikethrough~~, bare URLs as links, MkDocs'
    admonitions (admonitions.py) and content tabs (tabs.py), and gfm.py for what no
    extension does."""
    return markdown.Markdown(
        extensions=[GitHubMarkdown(), "footnotes", "tables", "attr_list", "toc",
                    "pymdownx.superfences", "pymdownx.highlight", "mdx_truly_sane_lists",
                    "pymdownx.tasklist", "pymdownx.tilde", "pymdownx.magiclink",
                    "md_in_html", "abbr", "def_list", Admonitions(), Tabs(), HtmlBlocks()],
        extension_configs={
            "toc": {"slugify": slugify, "toc_depth": "1-6"},
            "footnotes": {"BACKLINK_TEXT": BACKLINK, "BACKLINK_TITLE": labels["back_to_note"],
                          "SUPERSCRIPT_TEXT": "{}"},
            "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight",
                                   "guess_lang": False},
            "mdx_truly_sane_lists": {"nested_indent": 2, "truly_sane": False},
            "pymdownx.tilde": {"subscript": False},
            "pymdownx.magiclink": {"hide_protocol": False},
        },
        output_format="html",
    )


def html_parser() -> lxml_html.HTMLParser:
    """An HTML parser that keeps a text node over 10 MB (a book-long paragraph), which
    libxml2's default limit would silently drop. One per use: lxml parsers are not shared
    across threads."""
    return lxml_html.HTMLParser(huge_tree=True)


# A task list's checkbox (an <input>, which a book cannot have) becomes the glyph.
_CHECKBOX = re.compile(r'<input type="checkbox"([^>]*)>')


def _tasks(html: str) -> str:
    return _CHECKBOX.sub(lambda m: '<span class="task">'
                         + ("\u2611" if re.search(r"\bchecked\b", m.group(1)) else "\u2610")
                         + "</span>", html)


def render_inline(source: str, language: Language, md: markdown.Markdown) -> str:
    """A short Markdown text (a bio) as a typeset XHTML fragment of paragraphs."""
    md.reset()
    root = lxml_html.fragment_fromstring(sanitize(_tasks(md.convert(source))), create_parent="div",
                                         parser=html_parser())
    typography.typeset_tree(root, language)
    return serialize(root, "xml")


def convert_all(md: markdown.Markdown, language: Language, labels: dict, memo,
                texts: list[str]) -> dict[str, str]:
    """Each distinct Markdown text as sanitized, typeset HTML.

    From the memo when it has the text (keyed by content, language, labels and the
    package), else converted and remembered; many are converted in forked processes.
    """
    html: dict[str, str] = {}
    keys: dict[str, str] = {}
    for text in dict.fromkeys(texts):
        if memo is not None:
            keys[text] = _memo_key(language, labels, text)
            hit = memo.get("markdown", keys[text])
            if hit is not None:
                html[text] = hit.decode("utf-8")
    todo = [text for text in dict.fromkeys(texts) if text not in html]
    for text, result in zip(todo, _convert_texts(md, language, labels, todo)):
        html[text] = result
        if memo is not None:
            memo.put("markdown", keys[text], result.encode("utf-8"))
    return html


def _memo_key(language: Language, labels: dict, text: str) -> str:
    from publish.cache import package_digest
    return hashlib.sha256(json.dumps([language.code, language.digest, labels, text, package_digest()],
                                     ensure_ascii=False).encode()).hexdigest()


LRM = "\u200e"        # left-to-right mark: invisible, it keeps a code span's ends in its run


def _code_left_to_right(root) -> None:
    """Code reads left to right in any book: dir="ltr" on it, and in a line of right-to-left
    text a left-to-right mark at each end of a code span, so that its final ";" or ")"
    stays at its right end (WeasyPrint does not isolate inline runs)."""
    for el in root.iter("pre", "code"):
        el.set("dir", "ltr")
        if el.tag == "code" and el.getparent() is not None and el.getparent().tag != "pre":
            el.text = LRM + (el.text or "")
            if len(el):
                el[-1].tail = (el[-1].tail or "") + LRM
            else:
                el.text += LRM


def _convert(md: markdown.Markdown, language: Language, text: str) -> str:
    try:
        md.reset()
        return _finish(md.convert(text), language)
    except RecursionError:
        return _blockwise(md, language, text, TOO_DEEP)
    except Exception:  # noqa: BLE001 - an extension of Python-Markdown failing on odd markup
        return _blockwise(md, language, text, UNREADABLE)


# Elements within one another in a chapter: deeper, WeasyPrint's layout runs out of Python's
# recursion (600 nested <div>s did); Markdown flattened to 20 levels stays far below.
MAX_TREE_DEPTH = 100


def _finish(html: str, language: Language) -> str:
    root = lxml_html.fragment_fromstring(sanitize(_tasks(html)), create_parent="div",
                                         parser=html_parser())
    if any(_depth(leaf) > MAX_TREE_DEPTH for leaf in root.iter() if len(leaf) == 0):
        raise RecursionError("elements nested too deep to lay out")
    _unnested(root)
    _figcaptions(root)
    typography.typeset_tree(root, language)
    if language.direction == "rtl":
        _code_left_to_right(root)
    return lxml_html.tostring(root, encoding="unicode")


# Elements XHTML forbids inside themselves, which an unclosed tag in raw HTML nests all the
# same (`<figcaption>1<figcaption>`, docsify's own ui-kit.md): EPUBCheck's RSC-005.
NOT_NESTED = ("figcaption", "caption", "a", "dfn")


def _unnested(root) -> None:
    """The inner one of two such elements unwrapped, its content kept."""
    for tag in NOT_NESTED:
        for el in [e for e in root.iter(tag) if any(a.tag == tag for a in e.iterancestors())]:
            el.drop_tag()


def _figcaptions(root) -> None:
    """A caption where XHTML allows none: outside a <figure> (httpx's `<div>` holding an
    image and a `<figcaption>`) it becomes a paragraph of class `caption`; inside one,
    line breaks after it (You Don't Know JS's `<br/><br/>`) go, and other content after it
    goes before it, so that the caption is the figure's first or last child."""
    for caption in list(root.iter("figcaption")):
        parent = caption.getparent()
        if parent is None or parent.tag != "figure":
            caption.tag = "p"
            caption.set("class", (caption.get("class", "") + " caption").strip())
            continue
        for later in [e for e in caption.itersiblings() if e.tag == "br"]:
            later.drop_tree()                   # its tail text stays
        if parent.index(caption) not in (0, len(parent) - 1):
            before = caption.getprevious()
            if before is not None:
                before.tail = (before.tail or "") + (caption.tail or "")
            else:
                parent.text = (parent.text or "") + (caption.tail or "")
            caption.tail = None
            parent.remove(caption)
            parent.append(caption)


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


# Marks a text nested too deep for Python-Markdown or lxml to walk, with the line of its first
# such paragraph (a NUL is never in a text: read_text removes it). render_book takes the mark
# off and gives the warning, naming the file.
TOO_DEEP = "\x00too-deep\x00"
# The same for a text on which Python-Markdown or one of its extensions fails (an HTML list
# inside a Markdown list inside `<div markdown="1">` broke mdx_truly_sane_lists).
UNREADABLE = "\x00unreadable\x00"
_SAID = {TOO_DEEP: "markup nested too deep to read and lay out (elements, emphasis, lists or "
                   "quotes within one another hundreds of times)",
         UNREADABLE: "markup the Markdown reader fails on (raw HTML mixed with Markdown lists "
                     "or blocks in a way it cannot take apart); the chapter is read paragraph by "
                     "paragraph"}


def _blockwise(md: markdown.Markdown, language: Language, text: str, mark: str) -> str:
    """The text converted paragraph by paragraph, those that still fail set as plain text;
    marked (`mark`) with the line of the first of those."""
    pieces, first, start = [], 0, 0
    for gap in [*re.finditer(r"\n[ \t]*\n", text), None]:
        block = text[start:gap.start() if gap else len(text)]
        try:
            md.reset()
            html = md.convert(block)
            _finish(html, language)
        except Exception:  # noqa: BLE001 - too deep, or an extension failing: plain text
            html = _plain(block)
            first = first or text.count("\n", 0, start) + 1
        pieces.append(html)
        start = gap.end() if gap else len(text)
    first = first or (_failing_line(md, text) if mark == UNREADABLE else 1)
    try:
        return f"{mark}{first}\x00" + _finish("\n".join(pieces), language)
    except RecursionError:              # tags left open in one paragraph, closed in another
        return f"{mark}1\x00" + _finish(_plain(text), language)


def _failing_line(md: markdown.Markdown, text: str) -> int:
    """The line of the paragraph where converting `text` starts to fail (the shortest
    failing run of paragraphs from the top, found by halving): 1 if none is found."""
    starts = [0] + [gap.end() for gap in re.finditer(r"\n[ \t]*\n", text)]
    low, high = 0, len(starts)          # text[:starts[high]] fails (the whole text does)
    while high - low > 1:
        middle = (low + high) // 2
        try:
            md.reset()
            md.convert(text[:starts[middle]])
            low = middle
        except Exception:  # noqa: BLE001 - failing here is what is searched for
            high = middle
    return text.count("\n", 0, starts[low]) + 1


def _plain(text: str) -> str:
    """Each line of `text` as a paragraph of plain text (an ATX heading stays a heading)."""
    html = []
    for line in (line for line in text.split("\n") if line.strip()):
        m = re.match(r"(#{1,6})[ \t]+(.+?)[ \t#]*$", line)
        tag = f"h{len(m.group(1))}" if m else "p"
        html.append(f"<{tag}>{escape(m.group(2) if m else line)}</{tag}>")
    return "".join(html)


def too_deep(html: str, raw) -> str:
    """The converted chapter (of RawChapter `raw`), its mark (TOO_DEEP or UNREADABLE) taken
    off with one warning."""
    mark = next((m for m in _SAID if html.startswith(m)), None)
    if mark is None:
        return html
    number, _, html = html[len(mark):].partition("\x00")
    n = int(number)
    policy.mend("markup", f"{_SAID[mark]}; a paragraph that still fails is set as plain text",
                path=raw.path, line=raw.first_line - 1 + (raw.origins[n - 1] if raw.origins else n))
    return html


def _convert_many(language: Language, labels: dict, texts: list[str]) -> list[str]:
    """A worker's share: with the converter it was forked with (set up, and reset before each
    text, as the building process's own), else a new one."""
    md = _FORKED[1] if _FORKED is not None and _FORKED[0] == labels else get_markdown(labels)
    return [_convert(md, language, text) for text in texts]


PARALLEL_FROM = 16   # chapters to convert before a second process pays for itself
PIECES = 12          # each process's share, in pieces: the last piece is the wait at the end
_FORKED: tuple[dict, markdown.Markdown] | None = None     # the converter forked workers use


def _convert_texts(md: markdown.Markdown, language: Language, labels: dict,
                   texts: list[str]) -> list[str]:
    """`texts` converted, in this process and forked ones beside it when there are many.

    The texts go out in pieces, in order, to the workers; this process converts from the
    end the pieces no worker has begun, so that all finish together however busy the
    machine. The results are the same as one by one (each conversion starts from a reset
    converter); only the wall time changes. Not in a process running threads, where
    forking is unsafe (the preview server).
    """
    import multiprocessing
    import os
    import threading

    workers = min(os.cpu_count() or 1, 4)
    if len(texts) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1 or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [_convert(md, language, text) for text in texts]
    global _FORKED
    from publish import executor

    size = -(-len(texts) // (workers * PIECES))
    pieces = [texts[n:n + size] for n in range(0, len(texts), size)]
    _FORKED = (labels, md)
    # on this machine's pool (forked: no other thread runs), whatever executor a build chose
    outcomes = executor.Local(workers - 1).run(
        [(_convert_many, (language, labels, piece)) for piece in pieces])
    try:
        results = {}
        while (n := outcomes.take()) is not None:
            results[n] = [_convert(md, language, text) for text in pieces[n]]
        results.update(outcomes)
    finally:
        outcomes.close()
        _FORKED = None
    for outcome in results.values():
        if isinstance(outcome, BaseException):
            raise outcome
    return [html for n in range(len(pieces)) for html in results[n]]
