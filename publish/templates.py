"""The Jinja2 environment over layouts/: a project's own layouts first, then the built-in ones."""
from __future__ import annotations

from pathlib import Path

import jinja2

from publish.errors import RenderError
from publish.paths import PACKAGE_LAYOUTS, user_cache


def layout_path(project: Path, lang: str) -> tuple[Path, ...]:
    """Template search path, most specific first: project/layouts/<lang>, project/layouts, built-ins."""
    dirs = [project / "layouts" / lang, project / "layouts", PACKAGE_LAYOUTS / lang, PACKAGE_LAYOUTS]
    return tuple(d for d in dirs if d.is_dir())


def get_environment(layouts: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in layouts]),
        autoescape=jinja2.select_autoescape(["html", "xhtml", "xml", "opf"]),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, bytecode_cache=_bytecode_cache())
    env.filters["typeset"] = _typeset
    return env


@jinja2.pass_context
def _typeset(context, markup) -> "Markup":
    """`{% filter typeset %}…{% endfilter %}`: the text of a rendered fragment typeset in the
    book's language (`language` in the context), as chapters are, so that a label and what
    follows it read right (the French « Identifiant : », with its no-break space)."""
    from markupsafe import Markup

    language = context.get("language")
    if language is None:
        return Markup(markup)
    from lxml import etree, html as lxml_html

    from publish.render.typography import typeset_tree

    root = lxml_html.fragment_fromstring(str(markup), create_parent="div")
    typeset_tree(root, language)
    inner = (root.text or "") and Markup.escape(root.text)
    return Markup(str(inner) + "".join(etree.tostring(child, encoding="unicode", method="xml")
                                       for child in root))


def style_context(book, url_of) -> tuple[dict, object]:
    """What a stylesheet (css/epub.css, css/print.css) knows of the book: its @font-face
    faces (each at `url_of(face, stack)`), the font-family lists, and how its language is
    set (direction, emphasis, hyphenation, the CJK grid, letter-spaced small caps, how it
    justifies, the digits of its numbers); and the
    font stack (fonts/stack.py) they come from."""
    from publish import fonts
    from publish.fonts import stack as font_stack

    used = font_stack.for_book(book)
    language = book.language
    return {"faces": fonts.css_faces(lambda face: url_of(face, used), used.faces()),
            "family": fonts.FAMILY, "mono": fonts.MONO_FAMILY,
            "families": used.css("body"), "monos": used.css("mono"),
            "direction": language.direction, "emphasis": language.emphasis,
            "hyphenate": language.hyphenate, "grid": language.grid,
            "tracking": language.small_caps, "justify": language.justify,
            "digits": language.digits}, used


def language_context(book) -> dict:
    """What every page's template knows of the book's language: the Language (for the
    `typeset` filter), the direction (`dir`), the embedded families, named as the
    language lists things ("Source Serif 4 et Noto Serif Lao"), and the copyright's year in
    the book's calendar and digits."""
    from babel.lists import format_list

    from publish.fonts import stack as font_stack

    names = list(font_stack.for_book(book).families)
    meta = book.metadata
    return {"language": book.language, "dir": book.language.direction,
            "fonts_line": format_list(names, locale=book.language.babel_locale),
            "year_text": book.language.format_year(meta.date, meta.calendar)}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept per user (keyed by each template's path and source)."""
    folder = user_cache() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def render(env: jinja2.Environment, name: str, **context) -> str:
    """Renders template `name`; any failure is a RenderError naming the template and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        where, line = _template_frame(exc, name, env)
        if exc.name == name:
            where, line = name, None
        raise RenderError(f"template '{exc.name}' not found in layouts "
                          f"({', '.join(str(p) for p in env.loader.searchpath)})",
                          path=where, line=line) from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"template error: {exc.message}", path=exc.filename or exc.name or name,
                          line=exc.lineno) from None
    except (jinja2.UndefinedError, TypeError, ValueError) as exc:
        filename, line = _template_frame(exc, name, env)
        raise RenderError(f"template error: {exc}", path=filename, line=line) from None


def _template_frame(exc: Exception, name: str, env: jinja2.Environment) -> tuple[str, int | None]:
    """The template file and line where a render error happened (from the traceback)."""
    tb, found = exc.__traceback__, (name, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xhtml", ".css", ".xml")) or "<template>" in filename:
            found = (tb.tb_frame.f_globals.get("__jinja_template__", None) and
                     tb.tb_frame.f_globals["__jinja_template__"].filename or filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
