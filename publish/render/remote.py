"""Remote images, fetched only when the user opts in (--fetch-remote): with a timeout and a size cap."""
from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path

from publish import media
from publish.outputs import write_atomic



class RemoteImageError(Exception):
    """A remote image that could not be fetched; the caller mends it (its alt text stands in)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


TIMEOUT = 10.0                  # seconds for the whole request
MAX_BYTES = 5 * 1024 * 1024     # larger images are refused
# The suffix a fetched image is saved under, by its media type (the first suffix media.py gives).
TYPES: dict[str, str] = {}
for _suffix, _type in media.IMAGES.items():
    TYPES.setdefault(_type, _suffix)


def fetch_image(url: str, folder: Path) -> Path:
    """Downloads `url` into `folder` (named by its hash) and returns the file, or raises
    RemoteImageError saying why not (the caller names the source and line)."""
    def fail(why: str) -> RemoteImageError:
        return RemoteImageError(f"remote image '{url}': {why}")

    if not url.startswith(("http://", "https://")):
        raise fail("only http and https images can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": "publish"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            kind = response.headers.get_content_type()
            if kind not in TYPES:
                raise fail(f"not an image ({kind})")
            length = response.headers.get("Content-Length")
            if length and int(length) > MAX_BYTES:
                raise fail(f"{int(length)} bytes, over the {MAX_BYTES // 2**20} MB limit")
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise fail(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise fail(f"could not be fetched ({reason})") from None
    if len(data) > MAX_BYTES:
        raise fail(f"over the {MAX_BYTES // 2**20} MB limit")
    target = folder / (hashlib.sha256(url.encode()).hexdigest()[:24] + TYPES[kind])
    write_atomic(target, data)
    return target
