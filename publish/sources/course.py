"""mdbook-course's directives, expanded as that preprocessor expands them (Comprehensive Rust).

An mdBook with `[preprocessor.course]` in its book.toml organises its chapters in courses,
sessions, segments and slides: a top-level chapter whose YAML front matter names a `course`
and a `session` opens them (`course: none` closes the course); each top-level chapter is a
segment, its sub-chapters are its slides (deeper chapters count towards their slide), and
`minutes` give a slide its time. `{{%session outline}}`, `{{%segment outline}}`,
`{{%course outline}}` and `{{%course outline NAME}}` become the text the preprocessor writes
(mdbook-course/src/course.rs and replacements.rs in google/comprehensive-rust, read at
1576198): durations rounded up to five minutes past five, ten-minute breaks between a
session's timed segments, chapters without time left out, names as SUMMARY.md gives them.
Translated editions need this text: mdbook-xgettext sees it, so the PO files hold it.

Before April 2024 (comprehensive-rust bb44b1d, "Use tables to summarize course content")
the outlines were lists of relative links; a project whose vendored mdbook-course still
writes "In this session:" gets that older text, so that PO files of the time match.
Timing notes for speakers (`This slide should take about …` after `<details>`) are not
written: a book has no speaker.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from publish.sources import RawChapter

BREAK_MINUTES = 10
DIRECTIVE = re.compile(r"\{\{%([^}]*)\}\}")
KEYS = ("minutes", "target_minutes", "course", "session")
_KEY = re.compile(r"^(minutes|target_minutes|course|session)\s*:\s*(.*?)\s*$")


@dataclass
class Slide:
    name: str
    paths: list[Path]
    minutes: int = 0


@dataclass
class Segment:
    name: str
    slides: list[Slide] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.slides)


@dataclass
class Session:
    name: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        timed = [s.minutes for s in self.segments if s.minutes > 0]
        return sum(timed) + max(len(timed) - 1, 0) * BREAK_MINUTES


@dataclass
class Course:
    name: str
    sessions: list[Session] = field(default_factory=list)


def runs_for(chapter: Path) -> bool:
    """Whether mdbook-course's directives and keys are carried out for this chapter file:
    the nearest folder above it with a SUMMARY.md is an mdBook's that runs it."""
    for folder in chapter.parents:
        if (folder / "SUMMARY.md").is_file():
            return used(folder)
    return False


@lru_cache(maxsize=16)
def used(folder: Path) -> bool:
    """Whether the mdBook whose SUMMARY.md is in `folder` runs mdbook-course."""
    for book in (folder.parent / "book.toml", folder / "book.toml"):
        if book.is_file():
            try:
                raw = tomllib.loads(book.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return False
            return "course" in (raw.get("preprocessor") or {})
    return False


def style(folder: Path) -> str:
    """"lists" when the project's own copy of mdbook-course writes the older outlines."""
    for base in (folder.parent, folder):
        source = base / "mdbook-course" / "src" / "course.rs"
        if source.is_file():
            text = source.read_text(encoding="utf-8", errors="replace")
            return "lists" if "In this session:" in text else "tables"
    return "tables"


def duration(minutes: int) -> str:
    """A duration as mdbook-course writes it (markdown.rs `duration`)."""
    if minutes > 5:
        minutes += 4
        minutes -= minutes % 5
    hours, minutes = divmod(minutes, 60)
    if (hours, minutes) == (0, 1):
        return "1 minute"
    if hours == 0:
        return f"{minutes} minutes"
    head = "1 hour" if hours == 1 else f"{hours} hours"
    return head if minutes == 0 else f"{head} and {minutes} minutes"


def front_matter(text: str) -> dict[str, str]:
    """The four keys mdbook-course reads from a chapter's YAML front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    found = {}
    for line in lines[1:60]:
        if line.rstrip() in ("---", "..."):
            return found
        m = _KEY.match(line)
        if m:
            found[m.group(1)] = m.group(2).strip("\"'")
    return {}


def _minutes(meta: dict[str, str], key: str = "minutes") -> int:
    value = meta.get(key, "")
    return int(value) if value.isdigit() else 0


def relative_link(doc: str, target: str) -> str:
    """mdbook-course's link from one chapter to another (markdown.rs `relative_link`): as many
    `../` as the document's folders the target is outside of, then the target's whole path."""
    doc_parts, target_parts = doc.split("/"), target.split("/")
    dotdot = -1
    for n in range(len(doc_parts), -1, -1):          # the document's ancestors, itself first
        if target_parts[:n] == doc_parts[:n]:
            break
        dotdot += 1
    return "../" * dotdot + target if dotdot > 0 else f"./{target}"


def structure(chapters: list[RawChapter], names: dict[Path, str]) -> list[Course]:
    """The courses of a book, as mdbook-course's `extract_structure` finds them (`names`:
    each chapter's name as mdBook gives it)."""
    courses: list[Course] = []
    course = session = None
    for i, chapter in enumerate(chapters):
        if chapter.level != 1:
            continue
        meta = front_matter(_raw(chapter))
        if "course" in meta:
            session = None
            course = None if meta["course"] == "none" else meta["course"]
        session = meta.get("session", session)
        if course is None or session is None:
            continue
        found = _named(_named(courses, course, Course).sessions, session, Session)
        name = names.get(chapter.path, chapter.listed_title)
        segment = Segment(name, [Slide(name, [chapter.path], _minutes(meta))])
        for sub in _children(chapters, i):
            _add_slide(segment, chapters, sub, names)
        found.segments.append(segment)
    return courses


def _children(chapters: list[RawChapter], i: int) -> list[int]:
    """The indices of chapter i's direct sub-chapters."""
    level, out = chapters[i].level, []
    for j in range(i + 1, len(chapters)):
        if chapters[j].level <= level:
            break
        if chapters[j].level == level + 1:
            out.append(j)
    return out


def _add_slide(segment: Segment, chapters: list[RawChapter], j: int,
               names: dict[Path, str]) -> None:
    """A slide of the segment: chapter j with every chapter under it."""
    slide = Slide(names.get(chapters[j].path, chapters[j].listed_title), [], 0)
    stack = [j]
    while stack:
        k = stack.pop(0)
        slide.paths.append(chapters[k].path)
        slide.minutes += _minutes(front_matter(_raw(chapters[k])))
        stack[:0] = _children(chapters, k)
    segment.slides.append(slide)


def _named(items: list, name: str, kind):
    found = next((item for item in items if item.name == name), None)
    if found is None:
        found = kind(name)
        items.append(found)
    return found


def _raw(chapter: RawChapter) -> str:
    from publish.sources.text import decoded

    return decoded(chapter.path)


def mdbook_name(title: str) -> str:
    """A SUMMARY.md link text as mdBook names the chapter: its text and code, markup gone."""
    from publish.translations.segment import _inline

    out = []
    for token in _inline(title, {}):
        if token.type in ("text", "text_special", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out).strip()


def _table(header: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    """A Markdown table as markdown.rs `Table` writes it."""
    lines = [header, ("-", "-"), *rows]
    return "".join("|" + "".join(f" {cell} |" for cell in row) + "\n" for row in lines)


@dataclass(frozen=True)
class Writer:
    """The outlines of one chapter (`at`: its path in the book's folder), in one style."""

    lists: bool
    at: str
    folder: Path

    def link(self, name: str, path: Path, minutes: int) -> str:
        target = os.path.relpath(path, self.folder).replace(os.sep, "/")
        return f"[{name}]({relative_link(self.at, target)}) ({duration(minutes)})"

    def session(self, session: Session) -> str:
        timed = [s for s in session.segments if s.minutes > 0]
        total = duration(session.minutes)
        if self.lists:
            items = "".join(f" * {self.link(s.name, s.slides[0].paths[0], s.minutes)}\n"
                            for s in timed)
            return (f"In this session:\n{items}\nIncluding {BREAK_MINUTES} minute breaks, "
                    f"this session should take about {total}\n")
        rows = [(s.name, duration(s.minutes)) for s in timed]
        return (f"Including {BREAK_MINUTES} minute breaks, this session should take about "
                f"{total}. It contains:\n\n{_table(('Segment', 'Duration'), rows)}")

    def segment(self, segment: Segment) -> str:
        timed = [s for s in segment.slides if s.minutes > 0 and s.paths]
        total = duration(segment.minutes)
        if self.lists:
            items = "".join(f" * {self.link(s.name, s.paths[0], s.minutes)}\n" for s in timed)
            return f"In this segment:\n{items}\nThis segment should take about {total}\n"
        rows = [(s.name, duration(s.minutes)) for s in timed]
        return (f"This segment should take about {total}. It contains:\n\n"
                f"{_table(('Slide', 'Duration'), rows)}")

    def course(self, course: Course) -> str:
        out = "Course schedule:\n"
        for session in course.sessions:
            timed = [s for s in session.segments if s.minutes > 0]
            if self.lists:
                out += f" * {session.name} ({duration(session.minutes)}, including breaks)\n"
                out += "".join(f"   * {self.link(s.name, s.slides[0].paths[0], s.minutes)}\n"
                               for s in timed)
                continue
            out += f" * {session.name} ({duration(session.minutes)}, including breaks)\n\n"
            rows = [(s.name, duration(s.minutes)) for s in timed]
            out += _table(("Segment", "Duration"), rows) + "\n\n"
        return out


def expand(chapters: list[RawChapter], names: dict[Path, str], folder: Path) -> list[RawChapter]:
    """The chapters with mdbook-course's directives replaced by the text it writes."""
    courses = structure(chapters, names)
    lists = style(folder) == "lists"
    out = []
    for chapter in chapters:
        place = next(((c, s, g) for c in courses for s in c.sessions for g in s.segments
                      if any(chapter.path in slide.paths for slide in g.slides)), None)
        at = os.path.relpath(chapter.path, folder).replace(os.sep, "/")
        writer = Writer(lists, at, folder)
        out.append(_replaced(chapter, lambda d: _directive(d, courses, place, writer)))
    return out


def _directive(text: str, courses: list[Course], place, writer: Writer) -> str:
    """One directive's replacement (replacements.rs `replace`)."""
    words = text.split()
    course, session, segment = place or (None, None, None)
    if words == ["session", "outline"] and session:
        return writer.session(session)
    if words == ["segment", "outline"] and segment:
        return writer.segment(segment)
    if words == ["course", "outline"] and course:
        return writer.course(course)
    if words[:2] == ["course", "outline"] and (len(words) == 3 or not writer.lists):
        found = next((c for c in courses if c.name == " ".join(words[2:])), None)
        if found:
            return writer.course(found)
        return f"{{{{%{text}}}}}" if writer.lists else f"not found - {{{{%{text}}}}}"
    return text.strip()


def _replaced(chapter: RawChapter, replace_one) -> RawChapter:
    """The chapter with each line that held a directive in its file (it was left out of the
    text, or kept in code) made anew with the directive's replacement."""
    from publish.sources.includes import _without_directives

    raw = _raw(chapter).split("\n")[chapter.first_line - 1:]
    lines, origins = chapter.text.split("\n"), list(chapter.origins)
    if not any("{{%" in line for line in raw):
        return chapter
    new_lines, new_origins = [], []
    for i, line in enumerate(lines):
        origin = origins[i] if origins else i + 1
        source = raw[origin - 1] if 0 < origin <= len(raw) else ""
        if "{{%" in source and line in (source, _without_directives(source)):
            made = DIRECTIVE.sub(lambda m: replace_one(m.group(1).strip()), source).split("\n")
        else:
            made = [line]
        new_lines += made
        new_origins += [origin] * len(made)
    return replace(chapter, text="\n".join(new_lines), origins=tuple(new_origins))
