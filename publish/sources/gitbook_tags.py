"""GitBook's template tags and variables, expanded where their meaning is plain.

GitBook runs every page through Nunjucks before reading its Markdown. Here, without a
template engine (the text is never a template's source):
- `{{ book.name }}` is book.json's `variables.name`; one that is not set stays as written,
  with one warning. Other `{{ … }}` expressions stay as written.
- `{% include "file.md" %}` is the file's text (relative to the page, or to the book's folder
  when it starts with `/`), its own tags expanded; a file outside the project is refused,
  a missing one left out with a warning.
- `{% raw %}…{% endraw %}` is kept literally; `{# … #}` comments are left out.
- `{% hint style="info" %}…{% endhint %}` is an aside (`<aside class="admonition info">`).
- `{% embed url="…" %}` is a link to that address; `{% tab title="…" %}` a bold line.
- Any other tag (`code`, `tabs`, `swagger`, …) is left out and its content kept, noted
  once per edition. Inside fenced code only variables, raw and includes are expanded.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from publish import policy
from publish.sources.includes import _fence_after
from publish.sources.text import read_text

TAG = re.compile(r"\{%-?\s*(?P<name>[A-Za-z_][\w-]*)(?P<args>.*?)-?%\}"
                 r"|\{\{-?\s*(?P<expr>[^{}]*?)\s*-?\}\}|\{#.*?#\}")
_VARIABLE = re.compile(r"book\.(?P<name>[A-Za-z_][\w.]*)")
_STRING = re.compile(r"""["']([^"']*)["']""")
HINT_STYLES = {"info", "success", "warning", "danger", "tip", "note"}
MAX_DEPTH = 10


class Expander:
    """Expands one edition's pages; notes each kind of tag it cannot carry out once."""

    def __init__(self, variables: dict[str, Any], root: Path, book: Path) -> None:
        self.variables, self.root, self.book = variables, root.resolve(), book
        self.noted: set[str] = set()
        self.chain: list[Path] = []             # the page and the files including this one

    def expand(self, text: str, path: Path, depth: int = 0) -> tuple[str, tuple[int, ...]]:
        """`text` (of the page at `path`) expanded, and per line of the result the line of
        `text` it comes from."""
        if "{%" not in text and "{{" not in text and "{#" not in text:
            return text, tuple(range(1, text.count("\n") + 2))
        if depth == 0:
            self.chain = [path.resolve()]
        lines: list[str] = []
        origins: list[int] = []
        fence, raw = None, False
        for number, line in enumerate(text.split("\n"), 1):
            if raw or "{" in line:
                out, raw = self._line(line, path, number, depth, raw, fence is not None)
            else:
                out = [line]
            fence = _fence_after(line, fence)
            lines += out
            origins += [number] * len(out)
        return "\n".join(lines), tuple(origins)

    def _line(self, line: str, path: Path, number: int, depth: int, raw: bool,
              in_code: bool) -> tuple[list[str], bool]:
        out, pos = [], 0
        for m in TAG.finditer(line):
            if raw:
                if m.group("name") == "endraw":
                    out.append(line[pos:m.start()])
                    pos, raw = m.end(), False
                continue
            out.append(line[pos:m.start()])
            pos = m.end()
            if m.group("name") == "raw":
                raw = True
            elif m.group("name"):
                out.append(self._tag(m, path, number, depth, in_code))
            elif m.group("expr") is not None:
                out.append(self._variable(m, path, number))
        out.append(line[pos:])
        return "".join(out).split("\n"), raw

    def _variable(self, m: re.Match, path: Path, number: int) -> str:
        found = _VARIABLE.fullmatch(m.group("expr"))
        if not found:
            return m.group(0)
        value: Any = self.variables
        for part in found.group("name").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or isinstance(value, (dict, list)):
            self._note(f"book.{found.group('name')}", f"{m.group(0)}: book.json sets no variable "
                       f"'{found.group('name')}'; kept as written", path, number)
            return m.group(0)
        return str(value).lower() if isinstance(value, bool) else str(value)

    def _tag(self, m: re.Match, path: Path, number: int, depth: int, in_code: bool) -> str:
        name, args = m.group("name"), m.group("args")
        if name == "include":
            return self._include(args, path, number, depth)
        if in_code or name == "endraw":
            return m.group(0) if in_code else ""
        if name == "hint":
            style = re.search(r"style\s*=\s*[\"'](\w+)", args)
            kind = style.group(1).lower() if style and style.group(1).lower() in HINT_STYLES \
                else "info"
            return f'\n\n<aside class="admonition {kind}" markdown="1">\n\n'
        if name == "endhint":
            return "\n\n</aside>\n\n"
        if name == "embed":
            url = re.search(r"url\s*=\s*[\"']([^\"']+)", args)
            return f"<{url.group(1)}>" if url and re.match(r"https?://", url.group(1)) else ""
        if name == "tab":
            title = re.search(r"title\s*=\s*[\"']([^\"']*)", args)
            return f"\n\n**{title.group(1)}**\n\n" if title and title.group(1).strip() else ""
        if not name.startswith("end"):
            self._note(name, f"{{% {name} %}} is a GitBook tag with no meaning in a book; "
                       "left out, its content kept", path, number)
        return ""

    def _include(self, args: str, path: Path, number: int, depth: int) -> str:
        quoted = _STRING.search(args)
        name = quoted.group(1).strip() if quoted else ""
        if not name or re.match(r"[a-z][a-z0-9+.-]*:", name):
            policy.mend("include", f"include of '{name or args.strip()}' is not a file of the "
                        "book; left out", path=path, line=number)
            return ""
        target = (self.book / name.lstrip("/")) if name.startswith("/") else path.parent / name
        real = target.resolve()
        if not real.is_relative_to(self.root):
            raise policy.refuse("outside-project", f"included file '{name}' lies outside the "
                                "project folder; refused", path=path, line=number)
        if not real.is_file():
            policy.mend("include", f"included file '{name}' not found; left out", path=path,
                        line=number)
            return ""
        if real in self.chain or depth >= MAX_DEPTH:
            policy.mend("include", f"included file '{name}' includes itself (or nests more "
                        f"than {MAX_DEPTH} deep); left out", path=path, line=number)
            return ""
        self.chain.append(real)
        try:
            text, _ = self.expand(read_text(real), real, depth + 1)
        finally:
            self.chain.pop()
        return text.rstrip("\n")

    def _note(self, kind: str, message: str, path: Path, number: int) -> None:
        if kind not in self.noted:
            self.noted.add(kind)
            policy.mend("markup", message, path=path, line=number)
