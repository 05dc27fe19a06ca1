"""A chapter's messages, cut as mdbook-i18n-helpers cuts them, and the chapter with their
translations spliced back in.

One message per paragraph, heading, list item, table cell and footnote; an HTML block is a
message of its own; in a fenced block of a language syntect knows, each run of comments and
string literals (else the whole block, if it has a `"` or `//`). The messages are in the
normal form of markup.py. `<!-- i18n:skip -->` leaves the next message out,
`i18n:skip-start` … `i18n:skip-end` every message between, and `<!-- i18n:comment: … -->`
gives the next message a comment for translators.

Splicing works on the source lines: a message's lines are replaced by its translation, with
the block-quote and list prefixes they had, so everything that is not a message (structure,
code, links' definitions, includes already expanded) stays byte for byte.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from publish.translations import codeblocks
from publish.translations.markup import (code_span, has_html, parser as inline_parser, pieces,
                                         write_inline)

_DIRECTIVE = re.compile(r"<!-{2,}\s*(?:i18n|mdbook-xgettext)\s*:(?P<command>.*[^-])-{2,}>", re.S)
_HEADING_ATTRS = re.compile(r"\s*\{\s*[#.][^{}]*\}\s*$|\s*\{\s*\w+=[^{}]*\}\s*$")
_NOT_QUOTE = re.compile(r"[^>\s]")
# `*x*` standing alone between words (no escape, code, other star or underscore in it): an
# emphasis pulldown-cmark-to-cmark writes `_x_`; only a guess, taken when the PO file has it
_STAR = re.compile(r"(?<![\\*\w])\*(?=[^\s*])([^*\n`\\_]*?[^\s*\\_])\*(?![*\w])")


@dataclass(frozen=True)
class Message:
    """One message of a text: its line (1-based), its text, its comment for translators."""

    line: int
    msgid: str
    comment: str = ""


INLINE_KINDS = ("para", "heading", "cell")


@dataclass
class Unit:
    """A message and where it stands in the source lines (0-based, `end` exclusive).

    A paragraph's, heading's or cell's inlines are read when its message is first asked for
    (most lookups need no more than `guess`)."""

    line: int
    kind: str            # para, heading, cell, html, code, fence
    start: int
    end: int
    raw: str = ""        # the source text it replaces (its inline Markdown, a code part…)
    offset: int = 0      # a code part's offset in its block's content
    block: Token | None = None
    comment: str = ""
    known: str | None = None            # the message, once written
    env: dict = field(default_factory=dict, repr=False)     # the text's link definitions
    read: list[Token] | None = field(default=None, repr=False)

    @property
    def inlines(self) -> list[Token]:
        if self.read is None:
            self.read = _inline(self.raw, self.env) if self.kind in INLINE_KINDS else []
        return self.read

    @property
    def msgid(self) -> str:
        if self.known is None:
            self.known = write_inline(self.inlines)
        return self.known

    def guesses(self) -> tuple[str, ...]:
        """The message if the source's Markdown is in normal form already (as mdBooks that
        are translated mostly are): its lines joined by spaces; and, when it has `*x*`
        emphasis between words, that written `_x_`, as the normal form writes it."""
        joined = self.raw.replace("\n", " ")
        if "*" not in joined:
            return (joined,)
        return joined, _STAR.sub(r"_\1_", joined)


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """The inline parser's settings, with footnote definitions (pulldown-cmark's)."""
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    md.disable(["text_join", "inline", "footnote_tail"])   # inlines: read when needed;
    # footnote definitions stay where they are written
    md.inline.ruler2.disable("fragments_join")    # a delimiter without a partner stays apart
    base = inline_parser()
    md.normalizeLink, md.normalizeLinkText, md.validateLink = (
        base.normalizeLink, base.normalizeLinkText, base.validateLink)
    md.add_render_rule("footnote_ref", lambda *a: "")
    return md


def extract(text: str, *, legacy: bool = False) -> list[Message]:
    """The messages of one Markdown text, in reading order (`legacy`: as older PO files have
    them: inline HTML ends a message, as before mdbook-i18n-helpers 0.3.3, and a run of
    comments is a message a line)."""
    found = []
    for u in units(text):
        if legacy and "<" in u.raw and has_html(u.inlines):
            found += [Message(u.line, piece, u.comment) for piece in pieces(u.inlines)]
        elif legacy and u.kind == "code" and "\n" in u.msgid:
            found += [Message(u.line + n, line.strip(), u.comment)
                      for n, line in enumerate(u.msgid.split("\n")) if line.strip()]
        else:
            found.append(Message(u.line, u.msgid, u.comment))
    return found


@dataclass
class _Steer:
    """What the i18n comments said so far."""

    skip_next: bool = False
    skip_all: bool = False
    comments: list[str] = field(default_factory=list)

    def read(self, html: str) -> bool:
        """Takes an HTML block's directive; whether it was one."""
        m = _DIRECTIVE.search(html.strip())
        if not m or m.start() != 0:
            return False
        words = [w for w in re.split(r"[\s:\-]+", m.group("command").strip()) if w]
        if words[:1] == ["skip"] and len(words) == 1:
            self.skip_next = True
        elif words[:2] == ["skip", "start"]:
            self.skip_all = True
        elif words[:2] == ["skip", "end"]:
            self.skip_all = False
        elif words[:1] == ["comment"]:
            command = m.group("command").strip()
            self.comments.append(command[command.find("comment") + 7:].lstrip(" :-\t").strip())
        else:
            return False
        return True

    def take(self) -> tuple[bool, str]:
        """Whether the next group is kept, and its comment."""
        if self.skip_next or self.skip_all:
            self.skip_next = False
            return False, ""
        comment = " ".join(self.comments)
        self.comments.clear()
        return True, comment


def units(text: str) -> list[Unit]:
    """The messages of `text` with their places, in reading order."""
    env: dict = {}
    tokens = block_parser().parse(text, env)
    steer = _Steer()
    found: list[Unit] = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and token.map:
            _offer(steer, [_inline_unit(token, tokens[i - 1], env)], found)
        elif token.type == "html_block" and token.map:
            if not steer.read(token.content):
                _offer(steer, [Unit(token.map[0] + 1, "html", *token.map, raw=token.content,
                                    known=token.content)], found)
        elif token.type in ("fence", "code_block") and token.map:
            _offer(steer, _code_units(token, text), found, always=True)
    found.sort(key=lambda u: (u.start, u.offset))     # footnotes stand where they are written
    return found


def _offer(steer: _Steer, group: list[Unit], found: list[Unit], always: bool = False) -> None:
    """A translatable group (one message, or a code block's), unless a directive skips it.

    A code block is a group even with no message in it: a skip before it is spent on it."""
    if not group and not always:
        return
    keep, comment = steer.take()
    if not keep:
        return
    for unit in group:
        if (unit.raw if unit.kind in INLINE_KINDS else unit.msgid).strip():
            unit.comment = comment
            found.append(unit)
            comment = ""


def _inline_unit(token: Token, opener: Token, env: dict) -> Unit:
    start, end = token.map
    if opener.type == "heading_open":
        raw = _HEADING_ATTRS.sub("", token.content)
        # a one-line setext heading is changed in its line, as an ATX one (its underline kept)
        kind = "heading" if opener.markup.startswith("#") or "\n" not in raw else "para"
        return Unit(start + 1, kind, start, end, raw=raw, env=env)
    kind = "cell" if opener.type in ("th_open", "td_open") else "para"
    return Unit(start + 1, kind, start, end, raw=token.content, env=env)


def _inline(text: str, env: dict) -> list[Token]:
    md = block_parser()
    tokens: list[Token] = []
    md.inline.parse(text, md, env, tokens)
    return tokens


def _code_units(token: Token, text: str) -> list[Unit]:
    start, end = token.map
    if token.type == "fence" and codeblocks.known(token.info):
        return [Unit(start + 2 + token.content.count("\n", 0, offset), "code", start, end,
                     raw=part, offset=offset, block=token, known=part)
                for offset, part in codeblocks.parts(token.info, token.content)]
    whole = fenced(token)
    if not codeblocks.whole(whole):
        return []
    return [Unit(start + 1, "fence", start, end, raw=whole, block=token, known=whole)]


def fenced(token: Token) -> str:
    """A code block as mdbook-i18n-helpers writes it: backtick fences, the info kept."""
    content = token.content
    longest = max((len(m) for m in re.findall(r"^ {0,3}(`{3,})", content, re.M)), default=0)
    fence = "`" * max(3, longest + 1)
    info = token.info if token.type == "fence" else ""
    return f"{fence}{info}\n{content}{fence}"


# --- splicing ------------------------------------------------------------------------------

Lookup = Callable[[str], "str | None"]


def translate(text: str, lookup: Lookup, mark: str = "",
              known: Callable[[str], bool] | None = None) -> tuple[str, list[int]]:
    """`text` with each message's translation in place, and for each of its lines the line
    of `text` it stands for (0-based). A message `lookup` has no translation for stays as it
    is; `mark` (the source language's code) is then written as a `lang` attribute on its
    paragraph, heading, item or cell. `known` says whether a text is a message of the PO
    file at all: a source already in normal form is then looked up without reading it."""
    lines = text.split("\n")
    edits: dict[int, tuple[int, list[str]]] = {}
    cells: dict[int, list[tuple[str, str]]] = {}
    codes: dict[int, list[tuple[Unit, str]]] = {}
    for unit in units(text):
        if known is not None and unit.kind in INLINE_KINDS:
            unit.known = next((g for g in unit.guesses() if known(g)), None)
        found = lookup(unit.msgid)
        if found is None and "<" in unit.raw and has_html(unit.inlines):
            found = _by_pieces(unit.inlines, lookup)
        elif found is None and unit.kind == "code":
            found = _by_lines(unit.raw, lookup)
        if unit.kind == "code":
            if found is not None:
                codes.setdefault(unit.start, []).append((unit, found))
        elif unit.kind == "cell":
            new = found if found is not None else _marked_inline(unit.raw, mark)
            if new is not None:
                cells.setdefault(unit.start, []).append((unit.raw, new.replace("\n", " ")))
        elif found is not None or (mark and unit.kind in ("para", "heading")):
            edits[unit.start] = _replace(lines, unit, found, mark)
    for line, pairs in cells.items():
        edits[line] = (line + 1, [_swap(lines[line], pairs)])
    for line, parts in codes.items():
        edits[line] = _recode(lines, parts)
    index = list(range(len(lines)))
    for start in sorted(edits, reverse=True):
        end, new = edits[start]
        lines[start:end] = new
        index[start:end] = [min(start + k, end - 1) for k in range(len(new))]
    return "\n".join(lines), index


def _by_pieces(inlines: list[Token], lookup: Lookup) -> str | None:
    """A message with inline HTML translated as older PO files have it: run by run (None
    when no run is translated)."""
    out, runs, any_found = [], [], False
    for token in inlines + [Token("html_inline", "", 0)]:
        if token.type != "html_inline":
            runs.append(token)
            continue
        text = write_inline(runs)
        found = lookup(text) if text.strip() else None
        any_found = any_found or found is not None
        out += [found if found is not None else text, token.content]
        runs = []
    return "".join(out) if any_found else None


def _by_lines(part: str, lookup: Lookup) -> str | None:
    """A run of comments translated line by line, as some PO files have it (each line its
    own message, without its indentation and newline); None when no line is translated."""
    out, any_found = [], False
    for line in part.split("\n"):
        key = line.strip()
        found = lookup(key) if key else None
        any_found = any_found or found is not None
        out.append(line.replace(key, found, 1) if found is not None else line)
    return "\n".join(out) if any_found else None


def _marked_inline(raw: str, mark: str) -> str | None:
    return f"{raw} {{: lang=\"{mark}\" }}" if mark else None


def _replace(lines: list[str], unit: Unit, found: str | None,
             mark: str) -> tuple[int, list[str]]:
    """The new lines of a paragraph, heading, HTML block or whole code block."""
    first = lines[unit.start]
    if unit.kind == "heading":
        new = found.replace("\n", " ") if found is not None else _marked_inline(unit.raw, mark)
        at = first.find(unit.raw)
        return unit.end, [first[:at] + new + first[at + len(unit.raw):] if at >= 0 else first]
    lead = unit.raw.lstrip().split("\n", 1)[0][:40]
    at = first.find(lead) if lead else -1
    prefix = first[:at] if at > 0 else ""
    rest = _NOT_QUOTE.sub(" ", prefix)
    if found is None:                                   # a paragraph left as it is, marked
        return unit.end, lines[unit.start:unit.end] + [f"{rest}{{: lang=\"{mark}\" }}"]
    new = found[:-1] if unit.kind == "html" and found.endswith("\n") else found
    out = new.split("\n")
    out = [prefix + out[0]] + [(rest + line) if line else rest.rstrip() for line in out[1:]]
    return unit.end, out


def _swap(line: str, pairs: list[tuple[str, str]]) -> str:
    """A table row with each cell's text replaced, left to right."""
    out, pos = [], 0
    for raw, new in pairs:
        at = line.find(raw, pos) if raw else -1
        if at < 0:
            continue
        out += [line[pos:at], new]
        pos = at + len(raw)
    return "".join(out) + line[pos:]


def _recode(lines: list[str], parts: list[tuple[Unit, str]]) -> tuple[int, list[str]]:
    """A fenced block with some comments and strings translated, its prefixes kept."""
    block = parts[0][0].block
    start, end = parts[0][0].start, parts[0][0].end
    content = block.content
    pieces, pos = [], 0
    for unit, new in sorted(parts, key=lambda p: p[0].offset):
        pieces += [content[pos:unit.offset], new]
        pos = unit.offset + len(unit.raw)
    new_content = "".join(pieces) + content[pos:]
    old = content.split("\n")[:-1]
    body = range(start + 1, start + 1 + len(old))
    prefixes = [_prefix(lines[n], old[k]) for k, n in enumerate(body) if n < len(lines)] or [""]
    out = [lines[start]]
    for k, line in enumerate(new_content.split("\n")[:-1]):
        out.append(prefixes[min(k, len(prefixes) - 1)] + line)
    closed = end - start - 1 > len(old)
    return end, out + (lines[end - 1:end] if closed else [])


def _prefix(source: str, content: str) -> str:
    return source[:len(source) - len(content)] if source.endswith(content) else ""


__all__ = ["Message", "Unit", "extract", "units", "translate", "fenced", "code_span"]
