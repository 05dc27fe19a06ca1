"""Docsify's own Markdown, made plain Markdown before a page is read (outside code only).

- `?> text` and `!> text` (a tip, an important note: the paragraph they open) are asides,
  `<aside class="admonition tip|warning">`, styled as admonitions are.
- `[text](file.md ':include')` on a line of its own is that file's text (its own docsify
  Markdown read too); with `:type=code`, or a file that is not Markdown, a code block of it
  (`:fragment=name`: the lines between two `/// [name]` markers). A file on the web, a
  video, audio or iframe embed, or a missing file, is a link (or its text), one warning.
  A file outside the project is refused, as every include is.
- `<output>` and `</output>` on lines of their own (docsify's docs show a result in
  one) are a `<div class="output">`, a block, so the Markdown after it is read.
- Link options (`':ignore'`, `':id=x'`, `':target=_blank'`, `':disabled'`) are dropped,
  as are a heading's `:id=x` and `:docsify-ignore`; a link to a docsify route
  (`/quickstart`, `guide/`, `#/x?id=y`) names the page's file, when there is one.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from publish import policy
from publish.docsify import MARKDOWN, WEB, route
from publish.sources import RawChapter
from publish.sources.text import absent, read_text, split_front_matter

KINDS = {"?": "tip", "!": "warning"}
_CALLOUT = re.compile(r"^ {0,3}([?!])>(?:[ \t]+|$)(.*)$")
_FENCE = re.compile(r"^\s*(?:>\s*)*(`{3,}|~{3,})")
_INCLUDE = re.compile(r"""^\s*\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^\s)>]+)>?\s+(?P<q>['"])"""
                      r"""(?P<opts>[^'"]*:include\b[^'"]*)(?P=q)\s*\)\s*$""")
_OPTIONS = re.compile(r"""(\]\(\s*<?[^\s)>]*>?)\s+(['"])\s*:[^'"]*\2(\s*\))""")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]")
_HEADING_OPTIONS = re.compile(r"[ \t]+:(?:id=\S+|docsify-ignore(?:-all)?)(?=[ \t]|$)")
_LINK = re.compile(r"(?<!!)(\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*)([^\s)]+)(?=[\s)])")
_CODE_SPAN = re.compile(r"(`+).+?\1")
# docsify's docs show a snippet's result in `<output data-lang="output">` on lines of its own:
# an inline element to Markdown, which then keeps the Markdown after it raw.
_OUTPUT = re.compile(r"^\s*<(/?)output\b[^>]*>\s*$", re.I)
_OUTSIDE = ("video", "audio", "iframe")
MAX_DEPTH = 10


@dataclass(frozen=True)
class _Page:
    """The page being read, and what its includes may reach."""

    path: Path
    site: Path
    root: Path
    first_line: int = 1
    chain: tuple[str, ...] = ()

    def line(self, number: int) -> int:
        return self.first_line + number - 1


def mended(chapter: RawChapter, site: Path, root: Path) -> RawChapter:
    """The chapter with docsify's Markdown made plain; its line map kept true."""
    page = _Page(chapter.path, site, root.resolve(), chapter.first_line,
                 (os.path.realpath(chapter.path),))
    text, origins = transform(chapter.text, page)
    if text == chapter.text:
        return chapter
    if chapter.origins:
        origins = tuple(chapter.origins[n - 1] for n in origins)
    return replace(chapter, text=text, origins=origins)


def transform(text: str, page: _Page) -> tuple[str, tuple[int, ...]]:
    """`text` made plain, and per line of the result the line of `text` it comes from."""
    lines: list[str] = []
    origins: list[int] = []
    fence, callout, number = None, False, 0
    for number, line in enumerate(text.split("\n"), 1):
        if fence is None:
            out, callout = _line(line, callout, page, number)
        else:
            out = [line]
        fence = _fence_after(line, fence)
        lines += out
        origins += [number] * len(out)
    if callout:
        lines += ["", "</aside>"]
        origins += [number, number]
    return "\n".join(lines), tuple(origins)


def _line(line: str, callout: bool, page: _Page, number: int) -> tuple[list[str], bool]:
    out: list[str] = []
    if callout and (not line.strip() or _FENCE.match(line) or _HEADING.match(line)):
        out += ["", "</aside>", ""]
        callout = False
    m = _CALLOUT.match(line)
    if m and not callout:
        out += ["", f'<aside class="admonition {KINDS[m.group(1)]}" markdown="1">', ""]
        line, callout = m.group(2), True
    if _OUTPUT.match(line):
        return out + [_OUTPUT.sub(lambda m: "</div>" if m.group(1) else '<div class="output">',
                                  line)], callout
    include = _INCLUDE.match(line)
    if include:
        return out + _include(include, page, number), callout
    out.append(_spans(line, page) if "`" in line else _plain_links(line, page))
    return out, callout


def _spans(line: str, page: _Page) -> str:
    """The line's links mended, its code spans kept as written (a link's text may be one)."""
    spans: list[str] = []

    def hide(m: re.Match) -> str:
        spans.append(m.group(0))
        return f"\x00{len(spans) - 1}\x00"

    mended_line = _plain_links(_CODE_SPAN.sub(hide, line.replace("\x00", "")), page)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], mended_line)


def _fence_after(line: str, fence: str | None) -> str | None:
    """The open fence after `line` (None outside code): closed only by a fence of its
    character at least as long, with nothing after it (```` around ``` stays open)."""
    m = _FENCE.match(line)
    if not m:
        return fence
    if fence is None:
        return m.group(1)
    closes = m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and \
        not line[m.end():].strip()
    return None if closes else fence


def _plain_links(text: str, page: _Page) -> str:
    if _HEADING.match(text):
        text = _HEADING_OPTIONS.sub("", text)
    if "](" not in text:
        return text
    text = _OPTIONS.sub(r"\1\3", text)
    return _LINK.sub(lambda m: m.group(1) + _relinked(m.group(2), page), text)


def _relinked(target: str, page: _Page) -> str:
    """A docsify route as the path of its page from this one (unchanged when there is none)."""
    bare = target.removeprefix("#").split("#")[0].split("?")[0] if target.startswith("#/") \
        else target.split("#")[0].split("?")[0]
    if WEB.match(target) or (target.startswith("#") and not target.startswith("#/")) or \
            not bare.strip("#") or (Path(bare).suffix and not bare.startswith(("/", "#/"))):
        return target
    try:
        found = route(target, page.path.parent, page.site)
        if found is None or not found.is_file():
            return target
        path = Path(os.path.relpath(found, page.path.parent)).as_posix()
    except (OSError, ValueError):
        return target
    anchor = re.search(r"[?&]id=([^&#]+)|#(?!/)(.+)$", target.lstrip("#"))
    return path + (f"#{anchor.group(1) or anchor.group(2)}" if anchor else "")


def _include(m: re.Match, page: _Page, number: int) -> list[str]:
    """The lines an `':include'` embed stands for."""
    text, target = m.group("text").strip(), m.group("target")
    options = m.group("opts").split()
    kind = next((o.split("=", 1)[1] for o in options if o.startswith(":type=")), "")
    if WEB.match(target) or kind in _OUTSIDE:
        web = bool(WEB.match(target))
        policy.mend("include", f"'{target}' ({kind or 'on the web'}) cannot be embedded in a "
                    f"book; {'a link to it' if web else 'its link text'} stands in",
                    path=page.path, line=page.line(number))
        return [f"[{text or target}]({target})" if web else text]
    name = unquote(target.split("#")[0].split("?")[0]).replace("\x00", "")
    base = page.site if name.startswith("/") else page.path.parent
    path = base / name.lstrip("/")
    if not os.path.realpath(path).startswith(str(page.root) + os.sep):
        raise policy.refuse("outside-project", f"included file '{target}' lies outside the "
                            "project folder; refused", path=page.path, line=page.line(number))
    if not path.is_file():
        why = absent(path) or "not found"
        policy.mend("include", f"included file '{target}' {why}; its link text stands in",
                    path=page.path, line=page.line(number))
        return [text] if text else []
    fragment = next((o.split("=", 1)[1] for o in options if o.startswith(":fragment=")), "")
    if kind == "code" or path.suffix.lower() not in MARKDOWN:
        return _code(path, fragment, page, number)
    return _markdown(path, page, number)


def _code(path: Path, fragment: str, page: _Page, number: int) -> list[str]:
    body = read_text(path)
    if body is None:
        return []
    lines = body.rstrip("\n").split("\n")
    if fragment:
        marks = [i for i, line in enumerate(lines) if f"[{fragment}]" in line]
        if len(marks) >= 2:
            lines = lines[marks[0] + 1:marks[1]]
        else:
            policy.mend("include", f"fragment '{fragment}' not found in '{path.name}'; the "
                        "whole file is included", path=page.path, line=page.line(number))
    ticks = max([3] + [len(t) + 1 for t in re.findall(r"^\s*(`{3,})", "\n".join(lines), re.M)])
    fence = "`" * ticks
    return ["", fence + path.suffix.lstrip(".").lower(), *lines, fence, ""]


def _markdown(path: Path, page: _Page, number: int) -> list[str]:
    real = os.path.realpath(path)
    if real in page.chain or len(page.chain) > MAX_DEPTH:
        policy.mend("include", f"included file '{path.name}' includes itself (or nests more "
                    f"than {MAX_DEPTH} deep); left out", path=page.path, line=page.line(number))
        return []
    body = read_text(path)
    if body is None:
        return []
    _, body, first = split_front_matter(body, path)
    inner = _Page(path, page.site, page.root, first, page.chain + (real,))
    text, _ = transform(body, inner)
    return ["", *text.split("\n"), ""]
