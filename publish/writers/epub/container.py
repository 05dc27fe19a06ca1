"""Reproducible EPUB containers: mimetype first and stored, sorted entries, fixed times and modes."""
from __future__ import annotations

import datetime as _dt
import zipfile
from collections.abc import Callable
from pathlib import Path


def repack(source: Path, target: Path, when: _dt.datetime,
           transforms: dict[str, Callable[[bytes], bytes]] | None = None) -> None:
    """Copies the zip at `source` into `target` so that the same content gives the same bytes.

    `transforms` maps an entry name to a function that rewrites its content on the way.
    """
    stamp = max(when.astimezone(_dt.timezone.utc), _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc))
    date_time = stamp.timetuple()[:6]
    with zipfile.ZipFile(source) as zin:
        entries = {info.filename: zin.read(info) for info in zin.infolist()}
    for name, transform in (transforms or {}).items():
        entries[name] = transform(entries[name])
    names = ["mimetype"] + sorted(n for n in entries if n != "mimetype")
    with zipfile.ZipFile(target, "w") as zout:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, entries[name], compresslevel=6 if name != "mimetype" else None)
