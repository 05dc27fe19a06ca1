"""publish: multilingual Markdown manuscripts to EPUB 3 and print-ready PDF."""
from __future__ import annotations

__version__ = "0.1.0"

from .build import build  # noqa: E402

__all__ = ["build", "__version__"]
