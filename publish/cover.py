"""A typographic cover (1600×2560 PNG) for books that bring no cover image.

Set in the book's own families, as its pages are: each character in the first family
that has it (the language's, then Source Serif 4, then the fallbacks), shaped by
HarfBuzz through Pillow's raqm layout, in the language's direction; lines break where
ICU says a line may break (at spaces, between Chinese characters, between Lao words).
"""
from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from publish import fonts
from publish.model import Metadata

SIZE = (1600, 2560)             # drawn at this size: KDP's ideal, IngramSpark's cover file
# Inside an EPUB: under every store's limit for an image in the book (stores.toml's
# image_pixels_max; IngramSpark's 3.2 million is the least), at the same 1:1.6 shape.
EPUB_SIZE = (1400, 2240)
BACKGROUND = (32, 52, 64)      # deep slate: reads well in colour and in e-ink grey
INK = (244, 238, 224)          # warm paper white
ACCENT = (199, 164, 98)        # muted gold for the rules
MARGIN = 160


@lru_cache(maxsize=None)
def _font(family: str, weight: int, italic: bool, size: int) -> ImageFont.FreeTypeFont:
    """The face of `family` nearest to the weight and style asked for (a script with no
    italic sets it upright; a Noto family's bold stands in for the semibold)."""
    from publish.fonts.families import FAMILIES

    faces = FAMILIES[family].faces if family in FAMILIES else fonts.FACES
    candidates = [f for f in faces if (f.style == "italic") == italic and not f.upright] or \
        [f for f in faces if f.style == "normal"]
    face = min(candidates, key=lambda f: abs(f.weight - weight))
    return ImageFont.truetype(str(fonts.static_path(face)), size)


class _Setter:
    """Measures and draws lines of one style in the book's families and direction."""

    def __init__(self, lead: tuple[str, ...], locale: str, direction: str, lang: str | None):
        from publish.fonts.families import FALLBACKS

        self.families = tuple(dict.fromkeys(lead + (fonts.FAMILY,) + FALLBACKS))
        self.locale, self.direction, self.lang = locale, direction, lang

    def runs(self, line: str) -> list[tuple[str, str]]:
        """(text, family) runs: each character in the first family that has it."""
        out: list[tuple[str, str]] = []
        for ch in line:
            family = next((f for f in self.families if fonts.covers(f, ord(ch))),
                          out[-1][1] if out else self.families[0])
            if ch == " " and out:
                family = out[-1][1]
            if out and out[-1][1] == family:
                out[-1] = (out[-1][0] + ch, family)
            else:
                out.append((ch, family))
        return out

    def length(self, line: str, weight: int, italic: bool, size: int) -> float:
        return sum(_font(f, weight, italic, size).getlength(text, direction=self.direction)
                   for text, f in self.runs(line))

    def wrap(self, text: str, weight: int, italic: bool, size: int, width: int) -> list[str]:
        lines, line = [], ""
        for piece in _breaks(text.replace("\u00a0", " ").replace("\u200b", ""), self.locale):
            trial = line + piece
            if line and self.length(trial.rstrip(), weight, italic, size) > width:
                lines.append(line.rstrip())
                line = piece
            else:
                line = trial
        return lines + ([line.rstrip()] if line.strip() else [])

    def fit(self, text: str, weight: int, width: int, start: int, max_lines: int,
            italic: bool = False) -> tuple[int, list[str]]:
        """The largest size (from `start` down) at which `text` fits in `max_lines` lines."""
        size = start
        while True:
            lines = self.wrap(text, weight, italic, size, width)
            if len(lines) <= max_lines or size <= 40:
                return size, lines
            size -= 8

    def draw(self, draw: ImageDraw.ImageDraw, y: float, line: str, weight: int, italic: bool,
             size: int, fill) -> None:
        """`line` centred with its top at `y`, in visual order: ICU's bidi algorithm orders
        its runs (a Latin name or a number inside an Arabic title reads left to right), and
        each run is drawn in its fonts and its own direction."""
        pieces = []                                   # (text, family, direction), left to right
        for text, direction in _visual_runs(line, self.direction):
            runs = self.runs(text)
            pieces += [(t, f, direction) for t, f in (reversed(runs) if direction == "rtl" else runs)]
        widths = [_font(f, weight, italic, size).getlength(t, direction=d) for t, f, d in pieces]
        x = (SIZE[0] - sum(widths)) / 2
        for (text, family, direction), w in zip(pieces, widths):
            draw.text((x, y + size), text, font=_font(family, weight, italic, size), fill=fill,
                      anchor="ls", direction=direction, language=self.lang)
            x += w


def _visual_runs(line: str, direction: str) -> list[tuple[str, str]]:
    """The line's directional runs, left to right on the page, each with its direction."""
    if direction == "ltr" and not any("\u0590" <= ch <= "\u08ff" for ch in line):
        return [(line, "ltr")]
    import icu

    from publish.render.segment import utf16_index

    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(line), 1 if direction == "rtl" else 0)
    index = utf16_index(line)          # ICU counts UTF-16 units
    runs = []
    for n in range(bidi.countRuns()):
        start, length, rtl = bidi.getVisualRun(n)
        runs.append((line[index[start]:index[start + length]], "rtl" if rtl else "ltr"))
    return runs


def _breaks(text: str, locale: str) -> list[str]:
    """The text cut where a line may break (ICU's line breaks); each piece keeps its space."""
    from publish.render.segment import pieces

    return pieces(text, locale, "line")


def _clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, at a space if one is near, with an ellipsis: a
    heading that is a whole paragraph would otherwise be fitted for seconds, in tiny type."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit - 20)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def issue_line(meta: Metadata, language=None) -> str:
    """An issue's number and date as its cover prints them: "12.3 · 1 March 2026"."""
    issue = meta.issue
    date = issue.date or meta.date
    when = language.format_date(date) if language is not None else date.isoformat()
    number = language.number(issue.group_position) if language is not None else \
        issue.group_position
    return " · ".join(p for p in (number, when) if p)


def make_cover(meta: Metadata, language=None, scaled: tuple[int, int] = SIZE) -> bytes:
    """PNG bytes of the cover (draw_cover), scaled to `scaled`."""
    return encode(draw_cover(meta, language), scaled)


def encode(image: Image.Image, scaled: tuple[int, int] = SIZE) -> bytes:
    """The cover drawn at SIZE, scaled to `scaled`, as PNG bytes (Pillow lets other threads
    run while it compresses)."""
    if scaled != SIZE:
        image = image.resize(scaled, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def draw_cover(meta: Metadata, language=None) -> Image.Image:
    """The cover at SIZE: author, title, subtitle and publisher, centred; for an issue of a
    periodical, the periodical's title, the issue's number and date, and the theme in the
    title's place (the issue's title is the periodical's name, number and theme again)."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    if language is None:
        setter = _Setter((fonts.FAMILY,), "en", "ltr", None)
    else:
        setter = _Setter(tuple(language.fonts), language.babel_locale, language.direction,
                         language.code)
    latin = setter.families[0] == fonts.FAMILY
    y = 420
    issue = meta.issue if meta.issue is not None and meta.issue.periodical else None
    author = _clip(issue.periodical if issue else meta.author_line, 120)
    size, lines = setter.fit(author.upper() if latin else author, 400, width, 72, 2)
    for line in lines:
        setter.draw(draw, y, line, 400, False, size, INK)
        y += int(size * 1.3)
    if issue:                   # a periodical's issue: its number and date under its title
        y += 20
        setter.draw(draw, y, _clip(issue_line(meta, language), 80), 400, False, 56, ACCENT)
        y += 80
    y += 90
    draw.line((SIZE[0] / 2 - 180, y, SIZE[0] / 2 + 180, y), fill=ACCENT, width=6)
    y += 150
    title, subtitle = (issue.theme, meta.subtitle) if issue and issue.theme else \
        (meta.title, meta.subtitle)     # an issue's title repeats what the masthead says
    size, lines = setter.fit(_clip(title, 160), 600, width, 150, 5)
    for line in lines:
        setter.draw(draw, y, line, 600, False, size, INK)
        y += int(size * 1.18 if latin else size * 1.35)
    if subtitle:
        y += 60
        size, lines = setter.fit(_clip(subtitle, 200), 400, width, 80, 3, italic=True)
        for line in lines:
            setter.draw(draw, y, line, 400, True, size, INK)
            y += int(size * 1.3)
    y += 120
    draw.line((SIZE[0] / 2 - 180, y, SIZE[0] / 2 + 180, y), fill=ACCENT, width=6)
    if meta.publisher:
        setter.draw(draw, SIZE[1] - 300, _clip(meta.publisher, 60), 400, False, 64, ACCENT)
    return image
