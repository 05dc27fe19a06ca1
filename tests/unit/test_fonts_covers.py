"""fonts.covers: a family's code points asked of HarfBuzz's sets, as coverage() has them."""
from __future__ import annotations

from publish import fonts
from publish.fonts.families import FALLBACKS


def test_covers_agrees_with_coverage_for_every_family():
    """For the lead family and each fallback (installed or not): every code point one has,
    and a spread of others, answer alike both ways."""
    for family in (fonts.FAMILY, *FALLBACKS):
        have = fonts.coverage(family)
        probes = set(list(have)[:300]) | {0x0A, 0x20, 0x41, 0xE9, 0x2191, 0x4E2D, 0x0E81,
                                          0x0627, 0x1F600, 0x10FFFF}
        assert {p for p in probes if fonts.covers(family, p)} == probes & have, family


def test_a_family_not_installed_covers_nothing():
    assert not fonts.covers("No Such Family", ord("a"))
