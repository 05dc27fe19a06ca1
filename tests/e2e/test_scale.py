"""A 100-chapter, ~130,000-word book builds in every format within 400 MiB per process (issue 5)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from publish.bench.run import measure
from publish.bench.samplebook import make_sample_book

pytestmark = pytest.mark.slow      # lays out PDFs, big books or runs a browser

LIMIT_MIB = 400


@pytest.fixture(scope="module")
def big_book(tmp_path_factory):
    return make_sample_book(tmp_path_factory.mktemp("big"), chapters=100, langs=("en",))


def test_sample_book_has_the_size_of_a_real_book(big_book):
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in (big_book / "source/en").glob("*.md"))
    assert 120_000 <= words <= 140_000


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_big_book_builds_within_memory(big_book, fmt):
    seconds, peak = measure([sys.executable, "-m", "publish", fmt, "--source", str(big_book), "--force"],
                            dict(os.environ), big_book)
    assert (big_book / "build" / f"sample-en.{fmt}").is_file()
    assert peak < LIMIT_MIB, f"{fmt}: {peak:.0f} MiB"
    if fmt == "pdf":
        info = subprocess.run(["pdfinfo", str(big_book / "build/sample-en.pdf")], capture_output=True,
                              text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
        stamp = json.loads((big_book / "build/.cache/outputs/sample-en.pdf.json").read_text())
        assert pages == stamp["pages"]              # what the build counted is what the file has
        words = sum(len(p.read_text(encoding="utf-8").split())
                    for p in (big_book / "source/en").glob("*.md"))
        assert pages >= words / 300                 # an A5 page holds about 250 words


def test_the_peak_is_the_childs_own_not_its_callers(tmp_path):
    """A large caller (a test run) must not show up as the child's memory: Linux keeps the
    caller's high-water mark in wait4's ru_maxrss across exec."""
    ballast = b"x" * (300 * 1024 * 1024)          # touched, so resident
    _, small = measure([sys.executable, "-c", "pass"], dict(os.environ), tmp_path)
    _, big = measure([sys.executable, "-c", "x = bytearray(150 * 1024 * 1024); import time; "
                      "time.sleep(0.2)"], dict(os.environ), tmp_path)
    assert small < 60 and 150 < big < 250 and len(ballast)
