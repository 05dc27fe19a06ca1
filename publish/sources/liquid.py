"""Jekyll's Liquid tags in a post's Markdown, carried out where their meaning is plain.

Jekyll renders every post as a Liquid template before reading its Markdown. Without the
site's templates:
- `{{ site.x }}` is `_config.yml`'s `x` (`{{ page.x }}` the post's front matter); another
  variable or filter chain stays as written, with one warning;
- `{% highlight lang %}…{% endhighlight %}` is a fenced code block;
- `{% raw %}…{% endraw %}` is kept as written; `{% comment %}…{% endcomment %}` left out;
- `{% link path %}` and `{% post_url name %}` are the path they name;
- any other tag (`include`, `if`, `for`, a plugin's) is left out, its content kept, noted
  once per edition.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from publish import policy
from publish.sources.shortcodes import rewrite

TAG = re.compile(r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
                 r"|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}"
                 r"|\{%-?\s*(?P<name>[A-Za-z_]\w*)(?P<args>.*?)-?%\}"
                 r"|\{\{-?\s*(?P<expr>.*?)\s*-?\}\}", re.S)
_VARIABLE = re.compile(r"(?P<scope>site|page)\.(?P<path>[\w.]+)$")


class Expander:
    """Carries out one edition's Liquid tags; notes each one it cannot carry out once."""

    def __init__(self, site: dict[str, Any]) -> None:
        self.site = site
        self.noted: set[str] = set()

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
        if not name.startswith("end") and name not in ("else", "elsif", "when"):
            self._note(f"{{% {name} %}}", path, line)
        return ""

    def _variable(self, m: re.Match, path: Path, line: int, page: dict[str, Any]) -> str:
        found = _VARIABLE.match(m.group("expr").strip())
        if found:
            value: Any = self.site if found.group("scope") == "site" else page
            for part in found.group("path").split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
        self._note("{{ … }}", path, line)
        return m.group(0)

    def _note(self, kind: str, path: Path, line: int) -> None:
        if kind not in self.noted:
            self.noted.add(kind)
            policy.mend("markup", f"Liquid {kind} is the site's template, not run here; "
                        + ("kept as written" if kind == "{{ … }}" else
                           "left out (its content kept)"), path=path, line=line)
