"""WeasyPrint 70 and pydyf, patched where profiling a 600-page book found them slow, and
where a book laid out in parts needs its font subsets to agree.

Each speed patch gives the same PDF as the code it replaces, byte for byte but for the
leaders' (the same glyphs at the same places, written in one run where WeasyPrint writes
many); tests/e2e/test_pdf_speedups.py lays books out both ways. `install` applies them
all, once a process, and `removed` takes some off for a block, for those tests.
"""
from __future__ import annotations

import contextlib
import copy

# (owner, attribute name, original, patch) of every patch installed, in order.
_INSTALLED: list[tuple[object, str, object, object]] = []


def install() -> None:
    """Every patch below, unless they are in place already."""
    if _INSTALLED:
        return
    _memoize_page_references()
    _one_box_a_leader()
    _share_page_styles()
    _subsets_keep_glyph_ids()


@contextlib.contextmanager
def removed(*names: str):
    """For the block, the patched attributes `names` (all, if none is given) as WeasyPrint and
    pydyf have them."""
    install()
    taken = [patch for patch in _INSTALLED if not names or patch[1] in names]
    if len(taken) != (len(names) or len(_INSTALLED)):
        raise KeyError(f"not all of {names} are patched")
    for owner, name, original, _ in taken:
        setattr(owner, name, original)
    try:
        yield
    finally:
        for owner, name, _, patch in taken:
            setattr(owner, name, patch)


def _patch(owner, name: str, patch) -> None:
    _INSTALLED.append((owner, name, getattr(owner, name), patch))
    setattr(owner, name, patch)


def _memoize_page_references() -> None:
    """pydyf rebuilds its tuple of page references on every access, and WeasyPrint's tagging
    reads it once per tagged element: quadratic in the page count (seconds on a 600-page book).
    Keep the tuple until a page is added (issue 6)."""
    import pydyf

    compute = pydyf.PDF.page_references.fget

    def page_references(self):
        count = len(self.pages["Kids"])
        memo = self.__dict__.get("_publish_page_refs")
        if memo is None or memo[0] != count:
            memo = (count, compute(self))
            self.__dict__["_publish_page_refs"] = memo
        return memo[1]

    _patch(pydyf.PDF, "page_references", property(page_references))


def _one_box_a_leader() -> None:
    """WeasyPrint fills a leader with one text box per copy of its string, and draws each
    by shaping it again: the contents of a 100-chapter book (400 entries of about 40 dots)
    took 1.5 s of its 1.9 s to draw. Its copies, side by side, are made one box of the
    string repeated: the same glyphs at the same places, shaped once (issue 13)."""
    from publish.writers.pdf.engine import weasyprint

    inline, leader_index = weasyprint.layout.inline, weasyprint.layout.leader.leader_index
    handle = inline.handle_leader

    def handle_leader(context, line, containing_block):
        handle(context, line, containing_block)
        _, leader = leader_index(line)
        if leader is None or len(leader.children) < 2:
            return
        copies = leader.children
        first = min(copies, key=lambda box: box.position_x)
        joined = first.copy()
        joined.text = first.text * len(copies)
        joined.width = first.width * len(copies)
        joined.pango_layout = copy.copy(first.pango_layout)
        joined.pango_layout.text = joined.text
        leader.children = (joined,)

    _patch(inline, "handle_leader", handle_leader)


def _share_page_styles() -> None:
    """WeasyPrint cascades the @page rules again for every page, and computes the styles of
    the page and of its 18 margin boxes and areas afresh, because a page's type holds its
    index (for `:nth()`): a twentieth of a part's layout and drawing. Pages whose types the
    same @page selectors match get the same cascade, so the styles computed for the first
    such page serve the others. WeasyPrint fills a computed style in as it is read, the
    same for each page, and changes only its counters, which it leaves as they were when
    set again (`_standardize_page_based_counters`), so sharing gives the same pages."""
    from publish.writers.pdf.engine import weasyprint

    page = weasyprint.layout.page
    cascade = page.set_page_type_computed_styles

    def set_page_type_computed_styles(page_type, html, style_for):
        matched = tuple(
            (i, j, k)
            for i, (sheet, _origin, _specificity) in enumerate(style_for._sheets)
            for j, (_rule, selectors, _declarations) in enumerate(sheet.page_rules)
            for k, selector in enumerate(selectors)
            if style_for._page_type_match(selector[2], page_type))
        shared = style_for.__dict__.setdefault("_publish_page_styles", {})
        computed = style_for.get_computed_styles()
        styles = shared.get(matched)
        if styles is None:
            cascade(page_type, html, style_for)
            # the page's own style and its margin boxes' and areas', which the cascade keys
            # by page type (every element's style is in `computed` too: thousands of them)
            pseudos = [None] + [pseudo for element, pseudo in style_for.get_cascaded_styles()
                                if pseudo and element == page_type]
            shared[matched] = [(pseudo, computed[page_type, pseudo]) for pseudo in pseudos]
            return
        for pseudo, style in styles:
            computed[page_type, pseudo] = style

    _patch(page, "set_page_type_computed_styles", set_page_type_computed_styles)


class _GlyphIdsKept:
    """WeasyPrint's HarfBuzz subsetter, with every subset keeping the font's glyph ids."""

    def __init__(self, lib) -> None:
        self._lib = lib

    def __getattr__(self, name: str):
        return getattr(self._lib, name)

    def hb_subset_input_set_flags(self, subset_input, flags: int):
        return self._lib.hb_subset_input_set_flags(
            subset_input, flags | self._lib.HB_SUBSET_FLAGS_RETAIN_GIDS)


def _subsets_keep_glyph_ids() -> None:
    """WeasyPrint subsets a font twice: keeping glyph ids, then cutting the glyphs after the
    last one drawn, without keeping them. A composite glyph's parts beyond that one (the
    hamza above an alef in Noto Naskh Arabic: 174 names 193) are renumbered in the second
    cut, each subset its own way, so one part's 174 named 175 and the joined font
    (merge.py, which matches glyphs by id) drew the alef bare. The second cut keeps the
    ids too: the same glyphs, and empty slots up to the last part named."""
    from publish.writers.pdf.engine import weasyprint

    fonts = weasyprint.pdf.fonts
    if fonts.harfbuzz_subset is not None:
        _patch(fonts, "harfbuzz_subset", _GlyphIdsKept(fonts.harfbuzz_subset))
