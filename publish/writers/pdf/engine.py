"""WeasyPrint, imported here first and once: every module of the PDF writer that uses it
imports this one before any of WeasyPrint's modules.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying each library under
six names (libpango-1.0-0, pango-1.0, libpango-1.0.so.0, …). A name cffi cannot open
directly goes to `ctypes.util.find_library`, which on Linux asks the linker's cache
(`ldconfig -p`) and then, for a name that cache does not hold, runs gcc and ld: 22 calls
and about 0.2 s at every PDF build, a third of a one-chapter edit's start-up. The gcc and
ld searches find nothing the linker's cache and the names WeasyPrint lists after them
would not: on Linux `find_library` returns a bare soname, which dlopen then looks up in
the same cache and directories as the `.so.N` names. So while WeasyPrint is imported the
lookup stops at the cache, and the same libraries are loaded.
"""
from __future__ import annotations

import contextlib
import sys


def _import_weasyprint():
    if not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    full_search = ctypes.util.find_library
    cache_only = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if cache_only is not None:
        ctypes.util.find_library = cache_only
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = full_search
    return weasyprint


weasyprint = _import_weasyprint()


@contextlib.contextmanager
def patched(owner, name: str, wrapper):
    """For the block, WeasyPrint's `owner.name` replaced by `wrapper(original, *args)`."""
    original = getattr(owner, name)
    setattr(owner, name, lambda *args, **kwargs: wrapper(original, *args, **kwargs))
    try:
        yield
    finally:
        setattr(owner, name, original)
