"""Library log lines become our warnings: once, with file and line where known (issue 24)."""
from __future__ import annotations

import logging
import warnings

import pytest

from publish import enginelog


@pytest.fixture
def said(caplog):
    """The warnings logged on our logger while the test runs, as their one line each."""
    enginelog.route(fresh=True)
    enginelog.look_in([])
    with caplog.at_level(logging.WARNING, logger="publish"):
        yield lambda: [r.getMessage() for r in caplog.records if r.name == "publish"]
    enginelog.look_in([])


def test_a_library_warning_is_ours_and_said_once(said):
    logger = logging.getLogger("fontTools.subset")
    logger.warning("%d glyphs are missing", 2)
    logger.warning("%d glyphs are missing", 2)
    logger.info("progress: not shown")
    assert said() == ["fontTools: 2 glyphs are missing"]


def test_a_logger_no_book_library_owns_is_not_shown(said):
    logging.getLogger("mail.log").warning("Session.login_data is deprecated")
    assert said() == []


def test_what_repeats_our_own_warning_is_dropped(said):
    logging.getLogger("weasyprint").warning(
        '.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)', "ꙮ", 0xA66E)
    logging.getLogger("weasyprint.progress").info("Step 5 - Creating layout - Page 1")
    logging.getLogger("weasyprint").error(      # the confined fetcher said so already
        "Failed to load attachment at %r: %s", "file:///etc/passwd", "refused: file:///etc/passwd")
    assert said() == []


def test_an_image_url_names_the_file(said, tmp_path):
    image = tmp_path / "pic s.png"
    logging.getLogger("weasyprint").error("Failed to load image at %r: %s",
                                          image.as_uri(), "cannot identify image file")
    [line] = said()
    assert line.startswith(f"{image}: weasyprint: Failed to load image: cannot identify"), line


def test_a_quoted_declaration_is_found_in_the_layouts(said, tmp_path):
    css = tmp_path / "layouts/css/print.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { margin: 0; }\n.a { foo-bar: 1px; }\n.b { foo-bar: 1px; }\n")
    enginelog.look_in([tmp_path / "layouts"])
    for at in ("2:6", "3:6"):
        logging.getLogger("weasyprint").warning("Ignored `%s` at %s, %s.", "foo-bar: 1px", at,
                                                "unknown property")
    assert said() == [f"{css}:2: weasyprint: Ignored `foo-bar: 1px`, unknown property."]


def test_python_warnings_of_a_library_are_ours_but_not_deprecations(said):
    # What logging.captureWarnings (which route() turns on) logs for a warnings.warn.
    site = "/usr/lib/python3/site-packages/PIL/Image.py"
    for text, category, line in (("Image size (90000000 pixels) exceeds limit", UserWarning, 3400),
                                 ("old API", DeprecationWarning, 10)):
        logging.getLogger("py.warnings").warning(
            "%s", warnings.formatwarning(text, category, site, line, "    warnings.warn(x)"))
    assert said() == ["PIL: UserWarning: Image size (90000000 pixels) exceeds limit"]


def test_a_worker_relays_its_warnings(said):
    sent: list[str] = []
    ours = logging.getLogger("publish")
    handlers, propagate, level = ours.handlers[:], ours.propagate, ours.level
    try:
        enginelog.relay(sent.append)
        logging.getLogger("PIL.PngImagePlugin").warning("truncated chunk")
        ours.warning("%s", "source/en/01.md:3: ours")
    finally:
        ours.handlers[:], ours.propagate = handlers, propagate
        ours.setLevel(level)
    assert sent == ["PIL: truncated chunk", "source/en/01.md:3: ours"]
