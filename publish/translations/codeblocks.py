"""The translatable parts of a code block: its comments and string literals, found by Pygments.

mdbook-i18n-helpers asks syntect (Sublime Text's grammars) which ranges of a fenced block
are comments or strings, and makes each run of them (with the spaces between) a message.
Pygments' lexers mark the same ranges. A fence whose language syntect does not know is
one message as a whole, if it has a `"` or a `//`, else none; this table names the
languages syntect's default grammars know, and the Pygments lexer that stands in.
"""
from __future__ import annotations

from functools import lru_cache

from pygments.token import Comment, String

# syntect's default grammars, by the tokens `find_syntax_by_token` matches (an extension or
# the lower-cased name), and the Pygments lexer for each; "" marks one with neither comments
# nor strings (plain text, Markdown): no message.
_LEXERS = {
    **dict.fromkeys(("rust", "rs"), "rust"),
    **dict.fromkeys(("c", "h"), "c"),
    **dict.fromkeys(("cpp", "c++", "cc", "cxx", "hpp", "hh", "hxx", "h++"), "cpp"),
    **dict.fromkeys(("python", "py", "pyw", "rpy", "cpy", "gyp"), "python"),
    **dict.fromkeys(("javascript", "js", "htc"), "javascript"),
    **dict.fromkeys(("html", "htm", "shtml", "xhtml"), "html"),
    **dict.fromkeys(("sh", "bash", "zsh", "ash"), "bash"),
    **dict.fromkeys(("java", "bsh"), "java"),
    "go": "go", "json": "json", "css": "css", "sql": "sql", "lua": "lua", "scala": "scala",
    **dict.fromkeys(("yaml", "yml"), "yaml"),
    **dict.fromkeys(("ruby", "rb", "rake", "gemspec"), "ruby"),
    **dict.fromkeys(("xml", "xsd", "xslt", "svg"), "xml"),
    **dict.fromkeys(("cs", "csx", "c#"), "csharp"),
    **dict.fromkeys(("php", "php3", "phtml"), "php"),
    **dict.fromkeys(("perl", "pl", "pm"), "perl"),
    **dict.fromkeys(("haskell", "hs"), "haskell"),
    **dict.fromkeys(("makefile", "make", "mk", "mak"), "make"),
    **dict.fromkeys(("diff", "patch"), "diff"),
    **dict.fromkeys(("erlang", "erl", "hrl"), "erlang"),
    **dict.fromkeys(("ocaml", "ml", "mli"), "ocaml"),
    **dict.fromkeys(("objc", "m", "objective-c"), "objective-c"),
    **dict.fromkeys(("clojure", "clj"), "clojure"),
    **dict.fromkeys(("groovy", "gradle"), "groovy"),
    **dict.fromkeys(("tex", "latex", "ltx", "sty", "cls"), "latex"),
    **dict.fromkeys(("dot", "gv"), "dot"),
    "d": "d", "r": "r", "tcl": "tcl", "lisp": "common-lisp", "matlab": "matlab",
    **dict.fromkeys(("pascal", "pas"), "pascal"),
    **dict.fromkeys(("txt", "md", "markdown", "mdown", "textile", "rst", "rest"), ""),
}


def known(info: str) -> bool:
    """Whether syntect finds a grammar for a fence's info string (its first comma field)."""
    return _token(info) in _LEXERS


def _token(info: str) -> str:
    return info.split(",")[0].lower()


@lru_cache(maxsize=None)
def _lexer(name: str):
    from pygments.lexers import get_lexer_by_name

    return get_lexer_by_name(name, stripnl=False, ensurenl=False)


@lru_cache(maxsize=None)
def _translatable(ttype) -> bool:
    if ttype in Comment.Preproc and ttype not in Comment.PreprocFile:
        return False
    return ttype in Comment or ttype in String


@lru_cache(maxsize=8192)
def parts(info: str, code: str) -> tuple[tuple[int, str], ...]:
    """The messages of a fenced block whose language is known: (offset in `code`, text).

    Kept per block: every edition of a book reads the same code (lexing is the slow part)."""
    return tuple(_parts(info, code))


def _parts(info: str, code: str) -> list[tuple[int, str]]:
    name = _LEXERS.get(_token(info), "")
    if not name or not code:
        return []
    found: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []
    offset = 0
    pending_newline = False
    for ttype, value in _lexer(name).get_tokens(code):
        if pending_newline and value.startswith("\n"):
            # A line comment owns its newline in syntect's grammars (not always in Pygments').
            run.append((offset, "\n"))
            offset, value = offset + 1, value[1:]
        pending_newline = False
        if value:
            if _translatable(ttype):
                run.append((offset, value))
                pending_newline = ttype in Comment.Single and not value.endswith("\n")
            elif run and not value.strip(" \t"):
                run.append((offset, value))
            else:
                _close(run, found)
        offset += len(value)
    _close(run, found)
    return found


def _close(run: list[tuple[int, str]], found: list[tuple[int, str]]) -> None:
    """Ends a run of comments and strings: without its trailing spaces, it is a message."""
    while run and not run[-1][1].strip(" \t"):
        run.pop()
    if run:
        text = "".join(value for _, value in run)
        if text.strip():
            found.append((run[0][0], text))
    run.clear()


def whole(code: str) -> bool:
    """Whether a block in a language syntect does not know is a message (its heuristic)."""
    return '"' in code or "//" in code

