"""The PDF variants WeasyPrint can write, from its own list (and "none": a plain PDF)."""
from __future__ import annotations

from functools import lru_cache

NONE = "none"


@lru_cache(maxsize=1)
def variants() -> tuple[str, ...]:
    """WeasyPrint's variants (its debug mode aside), then "none"."""
    from publish.writers.pdf.engine import weasyprint

    return tuple(sorted(v for v in weasyprint.pdf.VARIANTS if v != "debug")) + (NONE,)
