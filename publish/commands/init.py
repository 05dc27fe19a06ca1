"""`publish init DIR`: a new multi-language project that builds and checks clean as it is."""
from __future__ import annotations

import argparse
from pathlib import Path

HELP = "start a new book: a documented book.toml and a sample chapter in each language"
GITIGNORE = "build/\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR",
                        help="the new project's folder (created if missing)")
    parser.add_argument("--lang", action="append", metavar="CODE",
                        help="languages (repeatable or comma list; default: en,fr,ru)")
    parser.add_argument("--title", help="the book's title (default: a placeholder in each language)")
    parser.add_argument("--author", help="the author's name (default: a placeholder)")


def run(args: argparse.Namespace) -> int:
    import datetime as _dt

    from publish import scaffold
    from publish.paths import shown

    root: Path = args.dir
    langs = _languages(args.lang)
    title, author = _text(args.title, "--title", langs[0]), _text(args.author, "--author", langs[0])
    slug = scaffold.slugify(root.resolve().name) or scaffold.slugify(title or "") or "book"
    config = scaffold.book_toml(slug, langs, _dt.date.today(), title=title, author=author)
    _validate(config, root / "source" / "book.toml")
    files = {"source/book.toml": config, **scaffold.chapters(langs)}
    for verb, path in write_project(root, files):
        print(f"{verb} {shown(path)}")
    print(f"next: python -m publish all --source {shown(root)}")
    return 0


def _languages(values: list[str] | None) -> tuple[str, ...]:
    """The --lang codes (default: every language with a sample chapter), checked."""
    from publish.errors import ConfigError
    from publish.languages import get_language
    from publish.scaffold import SAMPLES

    codes = [c.strip() for value in (values or [",".join(SAMPLES)]) for c in value.split(",") if c.strip()]
    for code in codes:
        get_language(code, key="--lang")
        if code not in SAMPLES:
            print(f"note: no sample text in '{code}' (init has: {', '.join(SAMPLES)}); "
                  f"the English sample stands in, in source/{code}/: replace it")
    if not codes:
        raise ConfigError("expected at least one language", key="--lang")
    return tuple(dict.fromkeys(codes))


def _text(value: str | None, option: str, lang: str) -> str | None:
    """A --title or --author: one line, in characters the book's fonts have."""
    import unicodedata

    from publish.errors import ConfigError
    from publish.languages import get_language
    from publish.fonts import stack

    if value is None:
        return None
    value = " ".join(value.split())
    if not value or any(unicodedata.category(c) == "Cc" for c in value):
        raise ConfigError("expected some text on one line", key=option)
    missing = stack.choose(get_language(lang).fonts, value).missing
    if missing:
        shown = " ".join(f"U+{ord(c):04X} {c!r}" for c in missing[:8])
        raise ConfigError(f"no embedded font has {shown}", key=option)
    return value


def _validate(text: str, path: Path) -> None:
    """The generated config must load as any book.toml does (a guard against a broken template)."""
    import tomllib

    from publish.config import validate

    validate(tomllib.loads(text), path, strict=True)


def write_project(root: Path, files: dict[str, str]) -> list[tuple[str, Path]]:
    """Writes `files` under `root` and adds build/ to .gitignore; refuses before writing if any exists.

    Returns ("created" or "updated", path) for each file touched.
    """
    from publish.errors import OutputError

    if (root / "source" / "book.toml").exists():
        raise OutputError("a book project is already here; init never overwrites files",
                          path=root / "source" / "book.toml")
    if root.exists() and not root.is_dir():
        raise OutputError("exists and is not a folder", path=root)
    for name in files:
        if (root / name).exists():
            raise OutputError("already exists; init never overwrites files", path=root / name)
    written = []
    try:
        for name, text in files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8", newline="\n") as f:
                f.write(text)
            written.append(("created", target))
        verb = _ignore_build(root / ".gitignore")
        if verb:
            written.append((verb, root / ".gitignore"))
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=exc.filename or root) from None
    return written


def _ignore_build(path: Path) -> str | None:
    """Adds build/ to a .gitignore: "created", "updated", or None when it is ignored already."""
    if not path.exists():
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(GITIGNORE)
        return "created"
    text = path.read_text(encoding="utf-8", errors="replace")
    if any(line.strip() in ("build", "build/", "/build", "/build/") for line in text.splitlines()):
        return None
    with open(path, "a", encoding="utf-8", newline="\n") as f:
        f.write(("" if not text or text.endswith("\n") else "\n") + GITIGNORE)
    return "updated"
