"""Typography: quotes, dashes, ellipses and no-break spaces, by the rules of each language's data file.

The same pass serves body text (text nodes of the HTML tree, never inside code)
and metadata strings (titles, descriptions, bios). Every rule is idempotent:
typeset text typed with the right glyphs already comes through unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from publish.languages import Language, Typography
from publish.render.segment import segment

NBSP = "\u00a0"    # no-break space
NNBSP = "\u202f"   # narrow no-break space

_QUOTES = frozenset('"\'«»“”„')
_OPENERS = set(" \t\n\u00a0\u202f([{—–-/")


def _r(pattern: str, repl: str) -> tuple[re.Pattern, str]:
    return re.compile(pattern), repl


# Rules shared by every language, applied before the language's own.
_COMMON = (
    # Three dots are an ellipsis.
    _r(r"\.\.\.", "…"),
    # An apostrophe between letters (don't, l'homme) is U+2019.
    _r(r"(?<=\w)'(?=\w)", "’"),
)

SKIP_TAGS = {"code", "pre", "kbd", "samp", "var", "script", "style", "math"}
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd",
              "blockquote", "figcaption", "caption", "div", "aside", "section", "body"}


@dataclass(frozen=True)
class Rules:
    """What the typesetter applies for one language: its quotes and every regex rule, in order."""

    quotes: tuple[str, str, str, str]
    quote_space: str
    rules: tuple[tuple[re.Pattern, str], ...]
    alternate: bool = False      # straight double quotes pair by alternation (ja, zh, th…)


@lru_cache(maxsize=None)
def get_rules(typography: Typography) -> Rules:
    """The shared rules, then the language's own (from its data file)."""
    return Rules(typography.quotes, typography.quote_space, _COMMON + typography.rules,
                 typography.quotes_by == "alternation")


class _Quoter:
    """Turns straight double quotes into the language's nested quotes, across text nodes."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.depth = 0
        self.prev = " "
        self.singles = 0
        self.openers = _OPENERS | {rules.quotes[0], rules.quotes[2]}

    def reset(self) -> None:
        self.depth, self.prev, self.singles = 0, " ", 0

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if not _QUOTES.intersection(text):       # the common case: nothing to track
            self.prev = text[-1]
            return text
        o_open, o_close, i_open, i_close = self.rules.quotes
        sp = self.rules.quote_space
        out = []
        for n, ch in enumerate(text):
            if ch == "'":
                # Straight single quotes are the language's inner quotes: one opens before a
                # letter after a space or an opening mark, one closes an open one before a
                # space or punctuation; any other is an apostrophe, left to the rules (l'a).
                after = text[n + 1] if n + 1 < len(text) else " "
                if self.prev in self.openers and after.isalpha():
                    self.singles += 1
                    ch = i_open
                elif self.singles and not self.prev.isspace() and not after.isalnum():
                    self.singles -= 1
                    ch = i_close
            elif ch == '"':
                if self._opens():
                    self.depth += 1
                    ch = (o_open + sp) if self.depth == 1 else i_open
                else:
                    ch = (sp + o_close) if self.depth <= 1 else i_close
                    self.depth = max(0, self.depth - 1)
            elif ch in "«“„" and ch in (o_open, i_open):
                self.depth += 1
            elif ch in "»”“" and ch in (o_close, i_close) and self.depth:
                self.depth -= 1
            out.append(ch)
            self.prev = ch[-1]
        return "".join(out)

    def _opens(self) -> bool:
        """Whether a straight double quote here opens: after a space or an opening mark;
        else, with no quote open, after no letter or closing mark. In a script written
        without spaces a quote follows a letter as often when it opens (彼は"友人"と) as when
        it closes: there, with no quote open, it opens (alternation)."""
        if self.prev in self.openers:
            return True
        if self.depth:
            return False
        return self.rules.alternate or (not self.prev.isalnum()
                                        and self.prev not in ".,;:!?…»”’)")


def _apply_rules(rules: Rules, text: str, before: str) -> str:
    """Applies the regex table to `text`, seeing `before` (the previous node's end) as context."""
    joined = _substitute(rules, before + text)
    if joined.startswith(before):
        return joined[len(before):]
    # A rule rewrote the context itself, which belongs to the node before and stays as it is
    # there: what the rules make of the context alone is not this node's text. (Seen alone,
    # a typeset « x » ends in "»", which the guillemet rule would take for one with no space.)
    settled = _substitute(rules, before)
    if joined.startswith(settled):
        return joined[len(settled):]
    return joined[len(before.rstrip()):]


def _substitute(rules: Rules, text: str) -> str:
    for pattern, repl in rules.rules:
        text = pattern.sub(repl, text)
    return text


def typeset(text: str, language: Language) -> str:
    """Typesets one plain string (a title, a description) in `language`."""
    rules = get_rules(language.typography)
    return _apply_rules(rules, _Quoter(rules)(text), "")


def typeset_tree(root: etree._Element, language: Language) -> None:
    """Typesets every text node under `root` in place, leaving code and URLs alone; text in a
    script written without spaces (Thai, Lao, Khmer) gets its line-break opportunities."""
    rules = get_rules(language.typography)
    locale = language.babel_locale
    quoter = _Quoter(rules)
    tail = ""  # the last characters seen in this block, as context for the rules

    def visit(el: etree._Element, in_skip: bool) -> None:
        nonlocal tail
        tag = el.tag if isinstance(el.tag, str) else ""
        skip = in_skip or tag in SKIP_TAGS or _is_url_link(el)
        passage = _passage_language(el, language) if el is not root and not skip else None
        if passage is not None:         # a passage in another language (a PO edition's
            typeset_tree(el, passage)   # fallback): its own quotes and rules (issue 25)
            return
        if tag in BLOCK_TAGS:
            quoter.reset()
            tail = ""
        if el.text and not skip:
            el.text = segment(_apply_rules(rules, quoter(el.text), tail), locale)
        elif el.text:
            quoter.prev = el.text[-1]       # code is text too: a quote right after it closes
        if el.text:
            tail = el.text[-1:]
        for child in el:
            visit(child, skip)
            # A child's tail is this element's own text: inside code it stays as typed.
            if child.tail and not skip:
                child.tail = segment(_apply_rules(rules, quoter(child.tail), tail), locale)
            elif child.tail:
                quoter.prev = child.tail[-1]
            if child.tail:
                tail = child.tail[-1:]

    visit(root, False)


def _passage_language(el: etree._Element, language: Language) -> Language | None:
    """The language of an element marked with another one than the text around it."""
    code = el.get("lang")
    if not code or code == language.code:
        return None
    return _language(code)


@lru_cache(maxsize=None)
def _language(code: str) -> Language | None:
    from publish.errors import PublishError
    from publish.languages import get_language

    try:
        return get_language(code)
    except PublishError:
        return None


def _is_url_link(el: etree._Element) -> bool:
    """A link whose text is its own address is left as typed."""
    return el.tag == "a" and bool(el.text) and re.match(r"(https?|mailto|ftp):", el.text or "") is not None
