"""Markdown inlines written back as mdbook-i18n-helpers writes a message (its normal form).

A message is the Markdown of one paragraph, heading, list item or table cell, normalised:
soft line breaks become spaces, a hard break is two spaces and a newline, reference and
shortcut links are written inline, emphasis is `_x_` and strong emphasis `**x**`, and
inline HTML stays as written. Messages are looked up by this text, so a PO file made by
mdbook-xgettext matches.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MARKS = {"em_open": "_", "em_close": "_", "strong_open": "**", "strong_close": "**",
          "s_open": "~~", "s_close": "~~"}
_BACKTICKS = re.compile(r"`+")
_SPECIAL = frozenset("#\\_*<>`|[]-")
_OWN_RUN = frozenset("`[]")               # a backtick run, a bracket: a text run of its own
_OWN_RUNS = re.compile(r"`+|\[|\]")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough, as pulldown-cmark reads an mdBook.

    Link targets are kept as written (pulldown-cmark neither escapes nor refuses one)."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")           # an escaped character stays a token of its own
    md.inline.ruler2.disable("fragments_join")    # so does a delimiter without a partner
    md.normalizeLink = lambda url: url            # type: ignore[method-assign]
    md.normalizeLinkText = lambda url: url        # type: ignore[method-assign]
    md.validateLink = lambda url: True            # type: ignore[method-assign]
    return md


def write_inline(tokens: list[Token], *, links: bool = True) -> str:
    """The message form of an inline token stream (`links=False`: link text only, as a
    SUMMARY.md title is taken)."""
    out: list[str] = []
    targets: list[Token] = []
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "text":
            out.append(_text(tokens, i))
        elif kind == "text_special":
            # pulldown-cmark starts a new text run at an escape or an entity, and
            # pulldown-cmark-to-cmark escapes a run that starts with a special character.
            out.append(("\\" if token.content[:1] in _SPECIAL else "") + token.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("  \n")
        elif kind in _MARKS:
            out.append(_MARKS[kind])
        elif kind == "code_inline":
            out.append(code_span(token.content))
        elif kind == "footnote_ref":
            out.append(f"[^{token.meta.get('label', '')}]")
        elif kind == "image":
            alt = write_inline(token.children or [], links=links)
            out.append(f"![{alt}]({_target(token, 'src')})")
        elif kind == "link_open":
            targets.append(token)
            if links:
                out.append("<" if token.markup == "autolink" else "[")
        elif kind == "link_close":
            opened = targets.pop() if targets else None
            if links and opened is not None:
                out.append(">" if opened.markup == "autolink" else f"]({_target(opened, 'href')})")
        else:
            out.append(token.content)
    return "".join(out)


def _text(tokens: list[Token], i: int) -> str:
    """A text token as pulldown-cmark-to-cmark writes pulldown-cmark's text runs.

    pulldown-cmark starts a run after any other inline, at each character of a delimiter run
    that found no partner, and at a backtick run that opens no code span; a run that starts
    with a character Markdown gives a meaning to is written with a backslash."""
    content = tokens[i].content
    if content in ("*", "_"):                       # a lone emphasis delimiter
        before = _neighbour(tokens, i, -1)
        after = _neighbour(tokens, i, 1)
        return "\\" + content if _flanks(content, before, after) else content
    lead = i > 0 and tokens[i - 1].type not in ("text", "text_special") and \
        content[:1] in _SPECIAL and content[:1] not in _OWN_RUN
    content = _OWN_RUNS.sub(lambda m: "\\" + m.group(), content)
    return "\\" + content if lead else content


def _neighbour(tokens: list[Token], i: int, step: int) -> str:
    j = i + step
    if not 0 <= j < len(tokens):
        return " "
    token = tokens[j]
    if token.type in ("softbreak", "hardbreak"):
        return " "
    text = token.content or token.markup or "x"
    return text[-1] if step < 0 else text[0]


def _flanks(mark: str, before: str, after: str) -> bool:
    """Whether a delimiter could open or close emphasis (CommonMark's flanking rules)."""
    left = not after.isspace() and not (_punct(after) and not (before.isspace() or _punct(before)))
    right = not before.isspace() and not (_punct(before) and not (after.isspace() or _punct(after)))
    if mark == "*":
        return left or right
    return (left and (not right or _punct(before))) or (right and (not left or _punct(after)))


def _punct(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char).startswith("P") or char in "$+<=>^`|~"


def pieces(tokens: list[Token]) -> list[str]:
    """The messages mdbook-i18n-helpers before 0.3.3 (May 2024) made of the same inlines: the
    runs between inline HTML tags, each its own message (whitespace-only runs none)."""
    runs: list[list[Token]] = [[]]
    for token in tokens:
        if token.type == "html_inline":
            runs.append([])
        else:
            runs[-1].append(token)
    return [text for text in (write_inline(run) for run in runs) if text.strip()]


def has_html(tokens: list[Token]) -> bool:
    return any(token.type == "html_inline" for token in tokens)


def code_span(content: str) -> str:
    """A code span around `content`, with one backtick more than the longest run inside."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def _target(token: Token, attr: str) -> str:
    url = str(token.attrGet(attr) or "")
    if " " in url or (url and "(" in url and ")" not in url):
        url = f"<{url}>"
    title = token.attrGet("title")
    return f'{url} "{title}"' if title else url


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of a message's text."""
    found = parser().parseInline(text)
    return (found[0].children or []) if found else []


def normalize(text: str, *, links: bool = True) -> str:
    """A bit of inline Markdown in message form."""
    return write_inline(inline_tokens(text), links=links)


def inventory(text: str) -> tuple[frozenset[str], Counter]:
    """The link targets and the code spans of a message: what a translation must keep."""
    targets, codes = set(), Counter()
    for token in _walk(parser().parse(text)):
        if token.type == "link_open":
            targets.add(str(token.attrGet("href") or ""))
        elif token.type == "code_inline":
            codes[token.content] += 1
    return frozenset(targets), codes


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)
