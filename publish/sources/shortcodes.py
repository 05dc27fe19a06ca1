"""Hugo shortcodes in a page's Markdown, carried out where their meaning is plain.

Hugo expands `{{< name args >}}` and `{{% name args %}}` (inner text between it and
`{{< /name >}}`) with the site's templates before rendering. Without them:
- `figure` (`src`, `caption`, `alt`, `title`, `attr`) is a figure with its caption;
- `pullquote` (its inner text, or a positional argument holding words), and `blockquote`
  or `quote` with `class="pullquote"`, is a pull quote: `<aside class="pullquote">`;
- `highlight LANG` is a fenced code block; `ref`/`relref` are the page they name;
- `{{</* … */>}}` is the shortcode written out, as Hugo shows it;
- a block with `class="txt-only"` (the site's plain-text output's stand-in for a figure)
  is left out, noted once;
- any other (`youtube`, `tweet`, a theme's own) is left out, its inner text kept, noted
  once per edition. `Rewrite` keeps a map from each new line to its line in the page.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from publish import policy

SHORTCODE = re.compile(r"\{\{(?:<(?P<a>.*?)>|%(?P<b>.*?)%)\}\}", re.S)
# A block for the site's plain-text output only (`{{< wrap class="txt-only" >}}…{{< /wrap >}}`,
# a figure's text stand-in): the book has the figure itself, so the block is left out.
TEXT_ONLY = re.compile(r"\{\{[<%]\s*(?P<name>[\w.-]+)[^}]*?class=[\"'`](?P<cls>[^\"'`]*\b(?:txt|text)"
                       r"-only\b[^\"'`]*)[\"'`][^}]*?[>%]\}\}.*?\{\{[<%]\s*/\s*(?P=name)\s*[>%]\}\}\n?",
                       re.S)
_ARG = re.compile(r'(?:(?P<key>[\w-]+)\s*=\s*)?(?:"(?P<dq>(?:\\.|[^"\\])*)"|`(?P<bq>[^`]*)`'
                  r"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'`]+))", re.S)


class Rewrite:
    """A page's text rebuilt piece by piece, each new line mapped to its line in the page."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.origins: list[int] = [1]

    def keep(self, text: str, line: int) -> None:
        """Text kept as it is, starting at page line `line`."""
        self._add(text, line, step=True)

    def put(self, text: str, line: int) -> None:
        """New text standing for what begins at page line `line`."""
        self._add(text, line, step=False)

    def _add(self, text: str, line: int, step: bool) -> None:
        if not text:
            return
        if not self.parts or self.parts[-1].endswith("\n"):
            self.origins[-1] = line             # this piece begins the output's last line
        self.parts.append(text)
        for n in range(text.count("\n")):
            self.origins.append(line + n + 1 if step else line)

    def result(self) -> tuple[str, tuple[int, ...]]:
        return "".join(self.parts), tuple(self.origins)


def rewrite(text: str, pattern: re.Pattern,
            replace: Callable[[re.Match, int], str]) -> tuple[str, tuple[int, ...]]:
    """`text` with each match of `pattern` replaced by `replace(match, its line)`, and for
    each line of the result the line of `text` it comes from."""
    out, at, line = Rewrite(), 0, 1
    for m in pattern.finditer(text):
        before = text[at:m.start()]
        out.keep(before, line)
        line += before.count("\n")
        out.put(replace(m, line), line)
        line += m.group(0).count("\n")
        at = m.end()
    out.keep(text[at:], line)
    return out.result()


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments (quotes "…", `…` and '…' taken off)."""
    positional, named = [], {}
    for m in _ARG.finditer(text):
        value = next(v for v in (m.group("dq"), m.group("bq"), m.group("sq"), m.group("bare"))
                     if v is not None)
        if m.group("dq") is not None:
            value = value.replace('\\"', '"')
        if m.group("key"):
            named[m.group("key").lower()] = value
        else:
            positional.append(value)
    return positional, named


class Expander:
    """Carries out one edition's shortcodes; notes each one it cannot carry out once."""

    def __init__(self) -> None:
        self.noted: set[str] = set()
        self.open: list[tuple[str, str]] = []   # (name, what closes it) of each open shortcode

    def expand(self, text: str, path: Path) -> tuple[str, tuple[int, ...]]:
        if "{{<" not in text and "{{%" not in text:
            return text, ()
        self.open = []
        text, first = rewrite(text, TEXT_ONLY, lambda m, line: self._text_only(m, path, line))
        text, origins = rewrite(text, SHORTCODE, lambda m, line: self._one(m, path, line))
        origins = tuple(first[n - 1] for n in origins)
        closers = "".join(closer for _, closer in reversed(self.open))
        if closers:                             # a pull quote never closed ends with the page
            text += closers
            origins += (origins[-1],) * closers.count("\n")
        return text, origins

    def _one(self, m: re.Match, path: Path, line: int) -> str:
        body = (m.group("a") if m.group("a") is not None else m.group("b")).strip()
        if body.startswith("/*") and body.endswith("*/"):       # {{</* x */>}}: shown as written
            inner = body[2:-2].strip()
            return "{{<" + f" {inner} " + ">}}" if m.group("a") is not None else \
                "{{%" + f" {inner} " + "%}}"
        if body.startswith("/"):
            return self._close(body[1:].strip().split(" ")[0].lower())
        name, _, rest = body.rstrip("/").strip().partition(" ")
        positional, named = arguments(rest)
        return self._known(name.lower(), positional, named, path, line)

    def _text_only(self, m: re.Match, path: Path, line: int) -> str:
        if "text-only" not in self.noted:
            self.noted.add("text-only")
            policy.mend("markup", f"Hugo shortcode '{m.group('name')}' with class "
                        f"'{m.group('cls')}' is the site's plain-text version of what precedes "
                        "it; left out", path=path, line=line)
        return ""

    def _close(self, name: str) -> str:
        """What closes the innermost open `name` (and any left open inside it); "" for a
        closer nothing opened."""
        names = [n for n, _ in self.open]
        if name not in names:
            return ""
        at = len(names) - 1 - names[::-1].index(name)
        closers = "".join(c for _, c in reversed(self.open[at:]))
        del self.open[at:]
        return closers

    def _known(self, name: str, positional: list[str], named: dict[str, str], path: Path,
               line: int) -> str:
        if name == "figure":
            return figure(named, positional)
        if name == "pullquote" or (name in ("blockquote", "quote")
                                   and "pullquote" in named.get("class", "")):
            words = [p for p in positional if " " in p.strip()]
            if words:
                return pullquote(words[-1])
            self.open.append((name, "\n\n</aside>\n\n"))
            return '\n\n<aside class="pullquote" markdown="1">\n\n'
        if name == "highlight":
            self.open.append((name, "```"))         # the tags stand on their own lines
            return f"```{positional[0] if positional else ''}"
        if name in ("ref", "relref"):
            return (positional or [named.get("path", "")])[0]
        self.open.append((name, ""))
        self._note(name, path, line)
        return ""

    def _note(self, name: str, path: Path, line: int) -> None:
        if name not in self.noted:
            self.noted.add(name)
            policy.mend("markup", f"Hugo shortcode '{name}' is the site's own template, not run "
                        "here; left out (its inner text kept)", path=path, line=line)


def figure(named: dict[str, str], positional: list[str]) -> str:
    """Hugo's figure: the image and its caption (Markdown), as a <figure>."""
    src = named.get("src") or (positional[0] if positional else "")
    caption = named.get("caption") or named.get("title") or ""
    if named.get("attr"):
        caption = f"{caption} {named['attr']}".strip()
    alt = named.get("alt") or re.sub(r"[*_`\[\]]|\(.*?\)", "", caption) or Path(src).stem
    if not src:
        return ""
    parts = ['\n\n<figure markdown="1">\n\n', f"![{_alt(alt)}]({_target(src)})\n\n"]
    if caption:
        parts.append(f'<figcaption markdown="1">{caption}</figcaption>\n\n')
    parts.append("</figure>\n\n")
    return "".join(parts)


def pullquote(text: str) -> str:
    return f'\n\n<aside class="pullquote" markdown="1">\n\n{text.strip()}\n\n</aside>\n\n'


def _alt(text: str) -> str:
    return html.unescape(text).replace("\n", " ").replace("]", "\\]").strip()


def _target(src: str) -> str:
    src = src.strip()
    return f"<{src}>" if re.search(r"[\s()]", src) else src

