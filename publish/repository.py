"""Where a project's repository lives on the web, as the project itself says, and the web
address of a file in it (GitHub's, GitLab's or Bitbucket's form).

Read, in this order, and only from files inside the project: mdBook's `git-repository-url`
(book.toml, [output.html]), GitBook's book.json (the `github` plugin's `url`, or the
`edit-link` plugin's `base`), package.json's `repository`, and the `origin` remote in
.git/config. Nothing is fetched: the address is only written into the book.
"""
from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

_FILES = ("book.toml", "book.json", "package.json", ".git/config")
# package.json's shorthands (npm's): "github:o/r", "gitlab:o/r", "bitbucket:o/r", and "o/r".
_SHORTHAND = {"github": "github.com", "gitlab": "gitlab.com", "bitbucket": "bitbucket.org"}


def web_base(root: Path) -> str | None:
    """`https://github.com/OWNER/REPO` (or GitLab's, Bitbucket's) for the project at `root`,
    or None when it says nowhere. Cached per root, until one of the files read changes."""
    stamps = []
    for name in _FILES:
        try:
            stat = (root / name).stat()
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except (OSError, ValueError):
            stamps.append(None)
    return _web_base(Path(root), tuple(stamps))


@lru_cache(maxsize=64)
def _web_base(root: Path, _stamps: tuple) -> str | None:
    for read in (_mdbook, _gitbook, _package_json, _git_origin):
        for url in read(root):
            base = web_address(url)
            if base:
                return base
    return None


def file_url(base: str, path: str, *, folder: bool = False) -> str:
    """The web page of `path` (relative to the repository's root) on its host, at HEAD:
    `tree` for a folder, `blob` for a file (GitLab puts `/-` before them)."""
    path = quote(path.strip("/"), safe="/")
    if path in ("", "."):
        return base
    view = "tree" if folder else "blob"
    host = urlsplit(base).hostname or ""
    if host == "bitbucket.org":
        return f"{base}/src/HEAD/{path}"
    if host == "gitlab.com" or host.startswith("gitlab."):
        return f"{base}/-/{view}/HEAD/{path}"
    return f"{base}/{view}/HEAD/{path}"


def web_address(url: str) -> str | None:
    """The repository's web address for a clone or page URL in any of the usual spellings:
    `git@github.com:o/r.git`, `ssh://git@github.com/o/r`, `git+https://…/o/r.git`,
    `https://github.com/o/r/tree/main/docs`, `github:o/r`. Credentials are never kept.
    None for a host whose file addresses are not known (they would be guesses)."""
    url = url.strip().removeprefix("git+")
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(?!//)(.+)", url)
    if scp:
        host, path = scp.group(1), scp.group(2)
    elif re.fullmatch(r"(github|gitlab|bitbucket):[\w.-]+/[\w.-]+", url):
        kind, _, path = url.partition(":")
        host = _SHORTHAND[kind]
    elif re.fullmatch(r"[\w.-]+/[\w.-]+", url):
        host, path = "github.com", url
    else:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "git", "ssh") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path
    segments = [s for s in path.strip("/").split("/") if s]
    host = host.lower()
    if host in ("github.com", "www.github.com", "bitbucket.org"):
        segments = segments[:2]                 # owner/repo; the rest is a page inside it
    elif host == "gitlab.com" or host.startswith("gitlab."):
        if "-" in segments:                     # group/sub/repo/-/tree/main/docs
            segments = segments[:segments.index("-")]
    else:
        return None
    if len(segments) < 2:
        return None
    segments[-1] = segments[-1].removesuffix(".git")
    if not all(re.fullmatch(r"[\w.-]+", s) for s in segments):
        return None
    return f"https://{host.removeprefix('www.')}/" + "/".join(segments)


def _text(path: Path) -> str:
    try:
        if path.is_file() and path.stat().st_size < 1_000_000:
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return ""


def _mdbook(root: Path) -> list[str]:
    try:
        data = tomllib.loads(_text(root / "book.toml"))
    except tomllib.TOMLDecodeError:
        return []
    html = data.get("output", {}).get("html", {}) if isinstance(data.get("output"), dict) else {}
    url = html.get("git-repository-url") if isinstance(html, dict) else None
    return [url] if isinstance(url, str) else []


def _json(path: Path) -> dict:
    try:
        data = json.loads(_text(path) or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _gitbook(root: Path) -> list[str]:
    plugins = _json(root / "book.json").get("pluginsConfig")
    if not isinstance(plugins, dict):
        return []
    found = []
    for name, key in (("github", "url"), ("edit-link", "base")):
        entry = plugins.get(name)
        if isinstance(entry, dict) and isinstance(entry.get(key), str):
            found.append(entry[key])
    return found


def _package_json(root: Path) -> list[str]:
    repository = _json(root / "package.json").get("repository")
    if isinstance(repository, dict):
        repository = repository.get("url")
    return [repository] if isinstance(repository, str) else []


def _git_origin(root: Path) -> list[str]:
    """The `origin` remote's url in .git/config (a folder; a worktree's `.git` file points
    outside the project and is not followed)."""
    section = re.search(r'^\s*\[remote\s+"origin"\]\s*$(.*?)(?=^\s*\[|\Z)',
                        _text(root / ".git" / "config"), re.M | re.S)
    if section is None:
        return []
    url = re.search(r"^\s*url\s*=\s*(\S+)\s*$", section.group(1), re.M)
    return [url.group(1)] if url else []
