"""Heading ids as GitHub makes them: the letters, marks and digits of every script kept, the
rest dropped, white space turned to the separator, lower case.

Python-Markdown's slugify_unicode keeps only `\\w`, which drops combining marks: harmless in
Latin (é is one character) but it ruins scripts whose vowels are marks (Lao ລັດເຊຍ became
ລດເຊຍ, Hindi हिन्दी हनद), so that a link written as GitHub makes it finds no heading.
"""
from __future__ import annotations

import re
import unicodedata


def slugify(value: str, separator: str = "-") -> str:
    text = unicodedata.normalize("NFKC", value)
    kept = "".join(ch for ch in text if ch.isalnum() or ch in "_-" or ch.isspace()
                   or unicodedata.category(ch).startswith("M"))
    return re.sub(r"[-\s]+", separator, kept.strip().lower())
