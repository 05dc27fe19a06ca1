"""Language tags as other tools write them (GitBook's `zh-hans`, mdBook's `zh-CN`), made the
BCP 47 tag of an edition publish builds."""
from __future__ import annotations

import re
from pathlib import Path

from publish.errors import ConfigError
from publish.languages import CODE_RE, available, get_language


def edition_code(tag: str, project: Path | None = None) -> str | None:
    """GitBook's language code as a BCP 47 tag publish builds: zh-hans -> zh-Hans, zh-tw and
    zh-hk -> zh-Hant, zh and zh-cn -> zh-Hans, pt-br -> pt-BR (or pt, without CLDR's data);
    None for a name that is no language code (`english`, `docs`)."""
    from publish.languages.cldr import likely_script

    parts = re.split(r"[-_]", tag.strip())
    tag = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p.title()
                                         for p in parts[1:]])
    if not CODE_RE.fullmatch(tag):
        return None
    known = set(available(project))
    if tag in known:
        return tag
    base = tag.split("-")[0]
    script = likely_script(tag)             # CLDR's likely data: read only when needed
    if f"{base}-{script}" in known:
        return f"{base}-{script}"
    for code in (tag, base):
        try:
            get_language(code, project)
            return code
        except ConfigError:
            continue
    return None
