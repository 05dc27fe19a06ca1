"""Raw HTML blocks as GitHub ends them: at a blank line, with Markdown after it.

CommonMark (0.31, section 4.6, start conditions 1 and 6) ends an HTML block that opens with
a block-level tag at the first blank line, and reads what follows as Markdown, even while
elements opened in the block are still open; the HTML around the Markdown is then one
document again. READMEs lean on it: `<details><summary>…</summary><p>`, a blank line,
`#### Answer` and paragraphs, then `</p></details>`. Python-Markdown instead keeps raw
everything up to the element's closing tag, so that Markdown came out as literal text.

Here each such block whose tags do not balance is put in Python-Markdown's HTML stash on its
own, and the Markdown between blocks stays Markdown. A balanced block (raw HTML without a
blank line in it) is left to Python-Markdown as before, and so is an element that asks for
md_in_html with a `markdown` attribute, to its end. A `<p>` left open at a block's end, or a
`</p>` that closes nothing in it, is dropped: the block-level Markdown after it closes such
a paragraph at once, and a browser would only make an empty paragraph of either.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown import Extension
from markdown.preprocessors import Preprocessor

from publish.render.gfm import fence_of

# CommonMark's start condition 6: these tag names, opening or closing, at a line's start.
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    "optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    "track|ul")
_BLOCK_START = re.compile(rf"^ {{0,3}}</?(?:{_BLOCK_TAGS})(?:[\s/>]|$)", re.I)
# Start condition 1: raw text elements, which end at their closing tag, blank lines or not.
_RAW_START = re.compile(r"^ {0,3}<(pre|script|style|textarea)(?:[\s>]|$)", re.I)
_MARKDOWN_ATTRIBUTE = re.compile(r"^ {0,3}<([a-z][a-z0-9]*)\b[^>]*\smarkdown\b", re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}


class _Tags(HTMLParser):
    """The elements a piece of HTML leaves open, and the end tags in it that close nothing
    (with their offsets, to drop a stray `</p>`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, int, int]] = []     # tag, start offset, end offset
        self.stray: list[tuple[str, int, int]] = []
        self._lines = [0]

    def feed_all(self, text: str) -> "_Tags":
        self._lines += [m.end() for m in re.finditer("\n", text)]
        self._text = text
        self.feed(text)
        self.close()
        return self

    def _span(self, raw: str | None) -> tuple[int, int]:
        line, column = self.getpos()
        start = self._lines[line - 1] + column
        return start, start + len(raw or "")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in _VOID:
            self.open.append((tag, *self._span(self.get_starttag_text())))

    def handle_endtag(self, tag: str) -> None:
        names = [name for name, _, _ in self.open]
        if tag in names:
            del self.open[len(names) - 1 - names[::-1].index(tag):]
        else:
            start, _ = self._span("")
            end = self._text.find(">", start) + 1 or len(self._text)
            self.stray.append((tag, start, end))


def _trimmed(block: str, tags: _Tags) -> str:
    """The block without a trailing open `<p>` and without `</p>`s that close nothing."""
    cuts = [(start, end) for tag, start, end in tags.stray if tag == "p"]
    if tags.open and tags.open[-1][0] == "p" and not block[tags.open[-1][2]:].strip():
        cuts.append(tags.open[-1][1:])
    for start, end in sorted(cuts, reverse=True):
        block = block[:start] + block[end:]
    return block.strip("\n")


class _Splitter(Preprocessor):
    """CommonMark's HTML-block end (see the module's docstring), fenced code aside."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        n = 0
        while n < len(lines):
            line = lines[n]
            if fence_of(line):
                n = self._copy_fence(lines, n, out)
            elif _RAW_START.match(line):
                n = self._copy_until(lines, n, out, re.compile(
                    rf"</{_RAW_START.match(line).group(1)}\s*>", re.I))
            elif _MARKDOWN_ATTRIBUTE.match(line):
                n = self._copy_markdown_element(lines, n, out)
            elif _BLOCK_START.match(line):
                n = self._block(lines, n, out)
            else:
                out.append(line)
                n += 1
        return out

    def _block(self, lines: list[str], n: int, out: list[str]) -> int:
        end = n
        while end < len(lines) and lines[end].strip():
            end += 1
        block = "\n".join(lines[n:end])
        tags = _Tags().feed_all(block)
        if not tags.open and not tags.stray:
            out.extend(lines[n:end])               # balanced: Python-Markdown keeps it raw
            return end
        block = _trimmed(block, tags)
        if block.strip():
            out.extend(["", self.md.htmlStash.store(block), ""])
        return end

    @staticmethod
    def _copy_fence(lines: list[str], n: int, out: list[str]) -> int:
        fence, _ = fence_of(lines[n])
        out.append(lines[n])
        n += 1
        while n < len(lines):
            out.append(lines[n])
            n += 1
            closing = fence_of(out[-1])
            if closing and closing[0][0] == fence[0] and len(closing[0]) >= len(fence) \
                    and not closing[1]:
                break
        return n

    @staticmethod
    def _copy_until(lines: list[str], n: int, out: list[str], end: re.Pattern) -> int:
        while n < len(lines):
            out.append(lines[n])
            n += 1
            if end.search(out[-1]):
                break
        return n

    def _copy_markdown_element(self, lines: list[str], n: int, out: list[str]) -> int:
        """An element with a `markdown` attribute copied as it is to its matching end tag
        (md_in_html reads it), fenced code within it aside."""
        tag = _MARKDOWN_ATTRIBUTE.match(lines[n]).group(1)
        opening = re.compile(rf"<{tag}\b", re.I)
        closing = re.compile(rf"</{tag}\s*>", re.I)
        depth = 0
        while n < len(lines):
            if fence_of(lines[n]):
                n = self._copy_fence(lines, n, out)
                continue
            depth += len(opening.findall(lines[n])) - len(closing.findall(lines[n]))
            out.append(lines[n])
            n += 1
            if depth <= 0:
                break
        return n


class HtmlBlocks(Extension):
    """The splitter above, after publish_gfm (40) and before Python-Markdown's raw HTML (20)."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_Splitter(md), "publish_html_blocks", 25)
