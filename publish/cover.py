"""A typographic cover (1600×2560 PNG) for books that bring no cover image."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from publish import fonts
from publish.model import Metadata

SIZE = (1600, 2560)
BACKGROUND = (32, 52, 64)      # deep slate: reads well in colour and in e-ink grey
INK = (244, 238, 224)          # warm paper white
ACCENT = (199, 164, 98)        # muted gold for the rules
MARGIN = 160


def _font(weight: int, size: int, italic: bool = False) -> ImageFont.FreeTypeFont:
    face = next(f for f in fonts.FACES if f.weight == weight and (f.style == "italic") == italic)
    return ImageFont.truetype(str(fonts.static_path(face)), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.replace("\u00a0", " \u00a0").split(" "):
        word = word.replace("\u00a0", "")
        trial = f"{line} {word}".strip() if word else line
        if line and font.getlength(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


def _fit(text: str, weight: int, width: int, start: int, max_lines: int, italic=False):
    """The largest size (from `start` down) at which `text` fits in `max_lines` lines."""
    size = start
    while True:
        font = _font(weight, size, italic)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines or size <= 40:
            return font, lines
        size -= 8


def make_cover(meta: Metadata) -> bytes:
    """PNG bytes of the cover: author, title, subtitle and publisher, centred."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    y = 420
    author_font, author_lines = _fit(meta.author_line.upper(), 400, width, 72, 2)
    for line in author_lines:
        draw.text((SIZE[0] / 2, y), line, font=author_font, fill=INK, anchor="ma")
        y += int(author_font.size * 1.3)
    y += 90
    draw.line((SIZE[0] / 2 - 180, y, SIZE[0] / 2 + 180, y), fill=ACCENT, width=6)
    y += 150
    title_font, title_lines = _fit(meta.title, 600, width, 150, 5)
    for line in title_lines:
        draw.text((SIZE[0] / 2, y), line, font=title_font, fill=INK, anchor="ma")
        y += int(title_font.size * 1.18)
    if meta.subtitle:
        y += 60
        sub_font, sub_lines = _fit(meta.subtitle, 400, width, 80, 3, italic=True)
        for line in sub_lines:
            draw.text((SIZE[0] / 2, y), line, font=sub_font, fill=INK, anchor="ma")
            y += int(sub_font.size * 1.3)
    y += 120
    draw.line((SIZE[0] / 2 - 180, y, SIZE[0] / 2 + 180, y), fill=ACCENT, width=6)
    if meta.publisher:
        pub_font = _font(400, 64)
        draw.text((SIZE[0] / 2, SIZE[1] - 300), meta.publisher, font=pub_font, fill=ACCENT, anchor="ma")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
