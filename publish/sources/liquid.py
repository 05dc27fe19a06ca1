"""Jekyll's Liquid tags in a post's Markdown, carried out where their meaning is plain.

Jekyll renders every post as a Liquid template before reading its Markdown. Without the
site's templates:
- `{{ site.x }}` is `_config.yml`'s `x` (`{{ page.x }}` the post's front matter); another
  variable or filter chain stays as written, with one warning;
- `{% highlight lang %}…{% endhighlight %}` is a fenced code block;
- `{% raw %}…{% endraw %}` is kept as written; `{% comment %}…{% endcomment %}` left out;
- `{% link path %}` and `{% post_url name %}` are the path they name;
- `{% include file.html key="value" %}` is the site's `_includes/file.html` (and
  `{% include_relative file %}` the file beside the post), its own Liquid carried out, with
  `{{ include.key }}` its parameter; one that is missing, names itself or nests more than
  MAX_DEPTH deep is left out with a warning, one outside the site is refused;
- any other tag (`if`, `for`, a plugin's) is left out, its content kept, noted once per
  edition.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from publish import policy
from publish.paths import resolve_inside
from publish.sources.shortcodes import arguments, rewrite
from publish.sources.text import read_text

TAG = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
                 r"|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}"
                 r"|\{%-?\s*(?P<name>[A-Za-z_]\w*)(?P<args>.*?)-?%\}"
                 r"|\{\{-?\s*(?P<expr>.*?)\s*-?\}\}", re.S)
_VARIABLE = re.compile(r"(?P<scope>site|page|include)\.(?P<path>[\w.]+)$")
INCLUDES = "_includes"          # Jekyll's folder of includes, at the site's root
MAX_DEPTH = 10                  # includes within includes, as sources/includes.py allows


class Expander:
    """Carries out one edition's Liquid tags; notes each one it cannot carry out once."""

    def __init__(self, site: dict[str, Any], root: Path | None = None) -> None:
        self.site = site
        self.root = root                    # the site's root (None: the page's folder)
        self.noted: set[str] = set()
        self.chain: list[tuple[Path, dict[str, str]]] = []     # includes being carried out

    def expand(self, text: str, path: Path, page: dict[str, Any]) -> tuple[str, tuple[int, ...]]:
        if "{%" not in text and "{{" not in text:
            return text, ()
        return rewrite(text, TAG, lambda m, line: self._one(m, path, line, page))

    def _one(self, m: re.Match, path: Path, line: int, page: dict[str, Any]) -> str:
        if m.group("raw") is not None:
            return m.group("raw")
        if m.group("expr") is not None:
            return self._variable(m, path, line, page)
        name = m.group("name")
        if name is None:
            return ""                           # a comment
        args = m.group("args").strip()
        if name == "highlight":
            return f"```{args.split()[0] if args else ''}"      # the tag stands on its own line
        if name == "endhighlight":
            return "```"
        if name in ("link", "post_url"):
            return args.strip("'\" ")
        if name in ("include", "include_relative"):
            return self._include(name, args, path, line, page)
        if not name.startswith("end") and name not in ("else", "elsif", "when"):
            self._note(f"{{% {name} %}}", path, line)
        return ""

    def _variable(self, m: re.Match, path: Path, line: int, page: dict[str, Any]) -> str:
        found = _VARIABLE.match(m.group("expr").strip())
        if found:
            scope = found.group("scope")
            value: Any = self.site if scope == "site" else page if scope == "page" else \
                (self.chain[-1][1] if self.chain else {})
            for part in found.group("path").split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
        self._note("{{ … }}", path, line)
        return m.group(0)

    def _include(self, tag: str, args: str, path: Path, line: int, page: dict[str, Any]) -> str:
        """The included file's text, its Liquid carried out ("" with a warning when it
        cannot be)."""
        positional, params = arguments(args)
        name = positional[0] if positional else ""
        if not name or "{{" in args:
            policy.mend("include", f"{{% {tag} {args.strip()} %}} names no file plainly; "
                        "left out", path=path, line=line)
            return ""
        site = self.root or path.parent
        base = path.parent if tag == "include_relative" else site / INCLUDES
        real = resolve_inside(base / name, (site,), what="included file", origin=path, line=line,
                              shown=name)
        where = "beside the post" if tag == "include_relative" else f"in {INCLUDES}/"
        if not real.is_file():
            policy.mend("include", f"included file '{name}' not found {where}; left out",
                        path=path, line=line)
            return ""
        if any(real == p for p, _ in self.chain) or len(self.chain) >= MAX_DEPTH:
            policy.mend("include", f"included file '{name}' includes itself (or nests more "
                        f"than {MAX_DEPTH} deep); left out", path=path, line=line)
            return ""
        self.chain.append((real, params))
        try:
            text, _ = self.expand(read_text(real) or "", real, page)
        finally:
            self.chain.pop()
        return text.rstrip("\n")

    def _note(self, kind: str, path: Path, line: int) -> None:
        if kind not in self.noted:
            self.noted.add(kind)
            policy.mend("markup", f"Liquid {kind} is the site's template, not run here; "
                        + ("kept as written" if kind == "{{ … }}" else
                           "left out (its content kept)"), path=path, line=line)
