"""Markdown as people write it on GitHub and in mdBook, made ready for Python-Markdown.

A Python-Markdown extension whose preprocessor runs before any block is parsed:
- a fence's info string keeps only its language (```` ```rust,ignore ````, ```` ```text title="x" ````),
  which pymdownx.superfences would otherwise not take for a fence;
- lines mdBook hides in Rust code (`# ` prefixed) are left out, as mdBook's book does;
- HTML comments never reach the output;
- a list right after a paragraph line starts a list, as on GitHub (Python-Markdown needs a
  blank line first).
Fenced code is never touched but for its hidden lines.
"""
from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

_FENCE = re.compile(r"^(?P<indent>[ \t]*(?:>[ \t]?)*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A comment alone on its line(s), with the line's end.
_WHOLE_LINE_COMMENT = re.compile(r"^[ \t]*<!--.*?-->[ \t]*\n", re.S | re.M)
_QUOTE = re.compile(r"^(?:[ \t]*>[ \t]?)*")
# mdBook hides `# ` lines (and a lone `#`) in Rust code; `##` stands for a literal `#`.
_HIDDEN = re.compile(r"^[ \t]*#(?: |$)")
RUST_LANGS = {"rust", "rs"}


def language_of(info: str) -> str:
    """The language of a fence's info string: `rust,ignore` -> rust, `{.py}` -> py."""
    word = re.split(r"[\s,{}]", info.strip().lstrip("{").lstrip("."), maxsplit=1)[0]
    return word if re.fullmatch(r"[\w#.+-]*", word) else ""


def fence_of(line: str) -> tuple[str, str] | None:
    """The fence (```` ``` ```` or ``~~~``, its length kept) and info string a line opens or
    closes a fenced block with, if it is such a line."""
    m = _FENCE.match(line)
    return (m.group("fence"), m.group("info")) if m else None


class _Preprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return _outside_fences(_drop_comments(lines))


def _drop_comments(lines: list[str]) -> list[str]:
    """HTML comments out of the text, fenced code aside (a comment may span lines)."""
    out, chunk, fence = [], [], None

    def flush() -> None:
        if chunk:
            text = _COMMENT.sub("", _WHOLE_LINE_COMMENT.sub(_between_tags, "\n".join(chunk)))
            out.extend(text.split("\n"))
            chunk.clear()
    for line in lines:
        m = _FENCE.match(line)
        if fence is None and m:
            flush()
            fence = m.group("fence")
            out.append(line)
        elif fence is not None:
            out.append(line)
            if m and m.group("fence").startswith(fence) and not m.group("info"):
                fence = None
        else:
            chunk.append(line)
    flush()
    return out


def _between_tags(m: re.Match) -> str:
    """A comment on lines of its own inside raw HTML (`<picture>`, the comment, `<source>`)
    goes with its lines: a blank line left there would end the HTML block, and the indented
    HTML after it would become a code block. Elsewhere it stays for _COMMENT to empty, so
    that it still parts the paragraphs around it."""
    text = m.string
    before = text[:m.start()].rstrip("\n").rpartition("\n")[2]
    after = text[m.end():].partition("\n")[0]
    if before.strip() and after.strip() and "<" in (before.lstrip()[:1] + after.lstrip()[:1]):
        return ""
    return m.group(0)


def _outside_fences(lines: list[str]) -> list[str]:
    out: list[str] = []
    fence, lang, closed = None, "", False
    for line in lines:
        m = _FENCE.match(line)
        if closed and line.strip() and not (fence is None and m):
            # A closing fence ends its block, as on GitHub, even with text right below it
            # (a table): Python-Markdown wants a blank line there, or reads on as a paragraph.
            out.append(_QUOTE.match(line).group().rstrip())
        closed = False
        if fence is None and m:
            fence, lang = m.group("fence"), language_of(m.group("info"))
            out.append(f"{m.group('indent')}{fence}{lang}")
            continue
        if fence is not None:
            if m and m.group("fence").startswith(fence[0]) and len(m.group("fence")) >= len(fence) \
                    and not m.group("info"):
                fence, closed = None, True
            elif lang in RUST_LANGS and _HIDDEN.match(line):
                continue
            out.append(line)
            continue
        if out and _starts_a_list(line, out[-1]):
            out.append(_QUOTE.match(line).group().rstrip())     # "" or ">": a blank line there
        out.append(line)
    return out


def _starts_a_list(line: str, previous: str) -> bool:
    """Whether `line` is a list item right after a paragraph line (at the same quotation
    depth), which GitHub takes for a list and Python-Markdown for more of the paragraph."""
    quote = _QUOTE.match(line).group()
    if _QUOTE.match(previous).group() != quote:
        return False
    item, before = line[len(quote):], previous[len(quote):]
    return bool(_LIST_ITEM.match(item)) and bool(before.strip()) and not before[:1].isspace() \
        and not _LIST_ITEM.match(before) and not before.startswith(("|", "#"))


class GitHubMarkdown(Extension):
    """The preprocessor above, registered before every block parser."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_Preprocessor(md), "publish_gfm", 40)
