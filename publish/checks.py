"""Checks on the finished Book and on written outputs: each finding names its file and line."""
from __future__ import annotations

import html
import json
import logging
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from publish import fonts, stores
from publish.model import Book
from publish.render import credits
from publish.sources.text import decoded, outside_code

log = logging.getLogger("publish")

# The stores' figures live in stores.toml (one fact, one place); these lints use three.
MAX_IMAGE_PIXELS = stores.known()["apple"].image_pixels_max     # 4 million: Apple Books
MAX_XHTML_BYTES = stores.known()["kobo"].html_bytes_max         # 10 MB: Kobo
MAX_EPUB_BYTES = stores.targets()["kindle"].message_bytes_max   # 50 MB: Send to Kindle's e-mail
RECOMMENDED = ("description", "publisher", "subjects", "rights")


@dataclass(frozen=True)
class Message:
    severity: str       # "error" | "warning"
    code: str           # a stable name, e.g. "font-coverage"
    file: str
    line: int | None
    text: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.text} [{self.code}]"

    def as_dict(self) -> dict:
        return asdict(self)


def check_book(book: Book, config_path: Path | None = None) -> list[Message]:
    """Findings on the rendered book: font coverage, images, remote resources, metadata."""
    # A Hugo or Jekyll site's reader reads front matter whole and notes its shortcodes and
    # Liquid tags itself: their `{{< … >}}` and YAML keys are not another tool's here.
    static = config_path is not None and _static_site(config_path)
    prose = _prose(book)
    messages = _font_coverage(book) + _custom_tags(prose, static) + \
        ([] if static else _foreign_marks(prose))
    for chapter in book.chapters:
        src = str(chapter.source)
        if chapter.remote:
            # One warning a chapter, not one an image: a README's row of badges is one finding.
            (url, line), more = chapter.remote[0], len(chapter.remote) - 1
            also = f" (and {more} more in this chapter)" if more else ""
            messages.append(Message("warning", "remote-resource", src, line,
                                    f"remote image '{url}'{also} is not fetched; its alt text "
                                    "stands in"))
        for image in chapter.images:
            if not image.alt:
                messages.append(Message("warning", "image-alt", src, image.line,
                                        f"image '{image.path.name}' has no alt text"))
            pixels = _pixels(image.path)
            if pixels > MAX_IMAGE_PIXELS:
                messages.append(Message("warning", "image-size", src, image.line,
                                        f"image '{image.path.name}' has {pixels / 1e6:.1f} million "
                                        "pixels; Apple Books wants at most 4 million"))
    language = book.language
    if language.untranslated:
        messages.append(Message("warning", "labels", str(config_path or "book.toml"), None,
                                f"language '{language.code}' ({language.name}) has no data file: "
                                f"its labels are in English; translate them in "
                                f"languages/{language.code}.toml: {', '.join(language.untranslated)}"))
    meta = book.metadata
    missing = credits.missing_labels(book.labels) if meta.translation else ()
    if missing:
        messages.append(Message("warning", "labels", str(config_path or "book.toml"), None,
                                f"language '{language.code}' ({language.name}) has no words for "
                                f"the translation credit, which is given in a neutral form; "
                                f"add them to languages/{language.code}.toml: "
                                f"{', '.join(missing)}"))
    for key in RECOMMENDED:
        if not getattr(meta, key):
            messages.append(Message("warning", "metadata", str(config_path or "book.toml"), None,
                                    f"{key}: missing for language '{meta.lang}' (e-readers and "
                                    "catalogues show it)"))
    return messages


def _font_coverage(book: Book) -> list[Message]:
    """Characters no embedded font has: a warning each for text and code, at the first use;
    and a language's own family that is not installed.

    The book still builds: an e-reader shows such a character in a font of its own, the
    PDF as a visible gap (it embeds the designed fonts only)."""
    from publish.fonts import stack as font_stack
    from publish.fonts.families import FAMILIES

    code = "".join(fonts.code_text(chapter.xhtml) for chapter in book.chapters)
    used = font_stack.choose(book.language.fonts, _without_code(book), code)
    messages = []
    for name in book.language.fonts:
        if name in FAMILIES and not FAMILIES[name].available:
            messages.append(Message("warning", "font-missing", str(book.language.files[-1])
                                    if book.language.files else "", None,
                                    f"the font {name} for {book.language.name} is not installed "
                                    f"(Debian: fonts-noto-core, fonts-noto-cjk)"))
    for what, missing in (("text", used.missing), ("code", used.missing_code)):
        if missing:
            shown = " ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:8])
            file, line = _first_use(book, missing[0])
            messages.append(Message("warning", "font-coverage", file, line,
                                    f"no embedded font has {len(missing)} character(s) of the "
                                    f"{what}: {shown}"))
    return messages


_TAG = re.compile(r"<([A-Za-z][\w-]*)(?=[\s/>])")


def _static_site(config_path: Path) -> bool:
    from publish import hugo, jekyll

    return hugo.is_config(config_path) or jekyll.is_config(config_path)


_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")


def _prose(book: Book) -> list[tuple[str, str, list[str | None]]]:
    """Each chapter's source file, its text and its lines outside code: read once for
    the checks on tags and directives."""
    found = []
    for chapter in book.chapters:
        text = decoded(chapter.source)
        found.append((str(chapter.source), text, outside_code(text)))
    return found


def _custom_tags(prose: list[tuple[str, str, list[str | None]]],
                 static: bool = False) -> list[Message]:
    """Tags no book can have, left by a preprocessor this tool does not run (mdBook's
    `<Listing …>`): their content is kept and the tag left out; noted once per tag."""
    from publish.render.sanitize import TAGS

    seen: dict[str, tuple[str, int]] = {}
    for source, _, lines in prose:
        for number, line in enumerate(lines, 1):
            if not line or "<" not in line:      # no tag without one
                continue
            line = _SHORTCODE.sub("", line) if static else line
            for name in _TAG.findall(line or ""):
                if name.lower() not in TAGS and name.lower() not in _HARMLESS:
                    seen.setdefault(name, (source, number))
    return [Message("warning", "custom-tag", file, line,
                    f"<{name}> is not HTML (a preprocessor's tag?): its content is kept, the tag "
                    "left out") for name, (file, line) in seen.items()]


def _foreign_marks(prose: list[tuple[str, str, list[str | None]]]) -> list[Message]:
    """What another tool's preprocessor would have read, left out of the book: YAML front
    matter keys and directives such as `{{%session outline}}`; noted once per kind."""
    from publish.sources import course
    from publish.sources.includes import foreign_directives
    from publish.sources.text import (ARTICLE_KEYS, FRONT_MATTER_KEYS, WORKFLOW_KEYS,
                                      yaml_front_matter)

    keys: dict[str, tuple[str, int]] = {}
    directives: dict[str, tuple[str, int]] = {}
    for source, text, lines in prose:
        found = yaml_front_matter(text.split("\n"))
        ran = course.runs_for(Path(source))                 # mdbook-course's, carried out
        for key in (found[0]["yaml_keys"] if found else ()):
            if key not in FRONT_MATTER_KEYS and key not in WORKFLOW_KEYS \
                    and key not in ARTICLE_KEYS and not (ran and key in course.KEYS):
                keys.setdefault(key, (source, 1))
        for number, line in enumerate(lines, 1):
            if not line or "{" not in line:      # no directive without one
                continue
            for directive in foreign_directives(line):
                name = re.match(r"\{\{([#%]\s*[A-Za-z_][\w-]*)", directive).group(1)
                if not (ran and course.DIRECTIVE.fullmatch(directive)):
                    directives.setdefault(name.replace(" ", ""), (source, number))
    messages = [Message("warning", "directive", file, line,
                        f"{{{{{name} …}}}} is another preprocessor's directive, not run here; "
                        "left out") for name, (file, line) in directives.items()]
    if keys:
        file, line = next(iter(keys.values()))
        messages.append(Message("warning", "front-matter", file, line,
                                f"YAML front matter: only {' and '.join(FRONT_MATTER_KEYS)} are "
                                f"read; left out: {', '.join(keys)}"))
    return messages


_HARMLESS = {"br", "hr", "img", "script", "style", "iframe", "input", "details", "summary",
             "center", "font", "picture", "source", "video", "audio", "object", "embed", "svg",
             "path", "kbd", "sup", "sub", "span", "div", "a", "p", "html", "body", "head"}


def _without_code(book: Book) -> str:
    """Every character the book shows outside code."""
    def shown(xhtml: str) -> str:
        return html.unescape(re.sub(r"<[^>]*>", " ", fonts.CODE_RE.sub(" ", xhtml)))

    # The book's text holds its chapters' XHTML in a row: replaced there at once (one
    # replace a chapter, each over the whole text, took 30 ms of a 100-chapter build).
    chapters = "".join(chapter.xhtml for chapter in book.chapters)
    at = book.text.find(chapters) if chapters else -1
    if at >= 0:
        return book.text[:at] + "".join(shown(c.xhtml) for c in book.chapters) + \
            book.text[at + len(chapters):]
    text = book.text
    for chapter in book.chapters:
        text = text.replace(chapter.xhtml, shown(chapter.xhtml))
    return text


def _first_use(book: Book, char: str) -> tuple[str, int | None]:
    for chapter in book.chapters:
        text = decoded(chapter.source)
        if char in text:
            return str(chapter.source), text[:text.index(char)].count("\n") + 1
    return "book.toml", None


def _pixels(path: Path) -> int:
    if path.suffix.lower() == ".svg":
        return 0
    from PIL import Image as PILImage
    with PILImage.open(path) as im:
        return im.width * im.height


def check_epub(path: Path) -> list[Message]:
    """Findings on a written EPUB: document sizes, total size, remote resources."""
    messages = []
    size = path.stat().st_size
    if size > MAX_EPUB_BYTES:
        messages.append(Message("warning", "epub-size", str(path), None,
                                f"{size / 2**20:.1f} MB: over the 50 MB e-mail delivery limit"))
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.filename.endswith(".xhtml") and info.file_size > MAX_XHTML_BYTES:
                messages.append(Message("error", "xhtml-size", f"{path.name}/{info.filename}", None,
                                        f"{info.file_size / 2**20:.1f} MB: Kobo refuses content "
                                        "documents over 10 MB; split the chapter"))
            if info.filename.endswith((".xhtml", ".css", ".opf")):
                text = z.read(info).decode("utf-8", "replace")
                for n, line in enumerate(text.splitlines(), 1):
                    m = re.search(r'(?:src|xlink:href)="(https?:[^"]+)"|url\(\s*["\']?(https?:[^"\')]+)', line)
                    if m:
                        messages.append(Message("error", "remote-resource",
                                                f"{path.name}/{info.filename}", n,
                                                f"remote resource '{m.group(1) or m.group(2)}'"))
    return messages


def to_json(messages: list[Message]) -> str:
    return json.dumps({"errors": sum(m.severity == "error" for m in messages),
                       "warnings": sum(m.severity == "warning" for m in messages),
                       "messages": [m.as_dict() for m in messages]},
                      ensure_ascii=False, indent=2)
