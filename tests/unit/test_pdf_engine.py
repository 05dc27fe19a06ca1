"""The PDF writer imports WeasyPrint without the gcc and ld library searches (engine.py),
and loads the same libraries as a plain import does."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = r"""
import ctypes.util, json, sys
searched = []
for name in ("_findLib_gcc", "_findLib_ld"):
    real = getattr(ctypes.util, name, None)
    if real is not None:
        def record(lib, real=real):
            searched.append(lib)
            return real(lib)
        setattr(ctypes.util, name, record)
before = ctypes.util.find_library
if sys.argv[1] == "publish":
    from publish.writers.pdf.engine import weasyprint
else:
    import weasyprint
from weasyprint.text import ffi
libraries = {}
for line in open("/proc/self/maps"):
    path = line.split()[-1]
    for lib in ("gobject-2.0", "pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset",
                "fontconfig"):
        if "/lib" + lib + ".so" in path:
            libraries[lib] = path
print(json.dumps({"searched": searched, "restored": ctypes.util.find_library is before,
                  "subset": ffi.harfbuzz_subset is not None, "libraries": libraries}))
"""


def probe(how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is Linux's")
def test_weasyprint_is_imported_without_compiler_searches_and_loads_the_same_libraries():
    ours, plain = probe("publish"), probe("plain")
    assert plain["searched"], "a plain import runs gcc/ld searches: the probe sees them"
    assert ours["searched"] == []
    assert ours["restored"]
    assert ours["subset"] and plain["subset"]
    assert set(ours["libraries"]) >= {"pango-1.0", "harfbuzz", "fontconfig", "gobject-2.0"}
    assert ours["libraries"] == plain["libraries"]


def test_only_the_engine_module_imports_weasyprint():
    """Whichever module a process reaches WeasyPrint through first (a worker, the preview),
    it is engine.py: the others use the module it hands out."""
    package = Path(__file__).resolve().parents[2] / "publish"
    importing = re.compile(r"^\s*(import weasyprint|from weasyprint[\s.])", re.M)
    found = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                   if importing.search(path.read_text(encoding="utf-8")))
    assert found == ["writers/pdf/engine.py"]
