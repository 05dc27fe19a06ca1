"""Per-language typography: input/expected pairs (issue 2)."""
import re

import pytest

from publish.errors import ConfigError
from publish.languages import get_language
from publish.render import typography


def typeset(text: str, code: str) -> str:
    return typography.typeset(text, get_language(code))

NB, NN = "\u00a0", "\u202f"

CASES = [
    ("en", 'He said "hello".', "He said “hello”."),
    ("en", "It's the students' 'best' day", "It’s the students’ ‘best’ day"),
    ("en", '"She said \'no\' twice"', "“She said ‘no’ twice”"),
    ("en", "wait... then -- a dash --- and more", "wait… then – a dash — and more"),
    ("en", "“Already” typeset’s fine", "“Already” typeset’s fine"),
    ("fr", 'Il a dit "bonjour".', f"Il a dit «{NN}bonjour{NN}»."),
    ("fr", "Vraiment ? Oui ! Non; si:", f"Vraiment{NN}? Oui{NN}! Non{NN}; si{NB}:"),
    ("fr", "Note : voir", f"Note{NB}: voir"),
    ("fr", "à 10:30 sur http://x.fr", "à 10:30 sur http://x.fr"),
    ("fr", "l'État d'aujourd'hui", "l’État d’aujourd’hui"),
    ("fr", '"Un "mot" cité"', f"«{NN}Un “mot” cité{NN}»"),
    ("fr", "« déjà »", f"«{NN}déjà{NN}»"),
    ("fr", "10 % et 8 000 euros", f"10{NN}% et 8{NN}000 euros"),
    ("fr", "Quoi ?!", f"Quoi{NN}?!"),
    ("ru", 'Он сказал "привет".', "Он сказал «привет»."),
    ("ru", '"Фонд "Русский мир""', "«Фонд „Русский мир“»"),
    ("ru", "Лаос - страна", f"Лаос{NB}— страна"),
    ("ru", "Лаос -- страна", f"Лаос{NB}— страна"),
    ("ru", "В. В. Путин и Т. Сисулит", f"В.{NB}В.{NB}Путин и Т.{NB}Сисулит"),
    ("ru", "« ёлочки »", "«ёлочки»"),
    ("ru", "- Диалог", f"—{NB}Диалог"),
]


@pytest.mark.parametrize("lang,text,expected", CASES)
def test_typeset(lang, text, expected):
    assert typeset(text, lang) == expected


@pytest.mark.parametrize("lang,text,expected", CASES)
def test_typeset_is_idempotent(lang, text, expected):
    assert typeset(expected, lang) == expected


def test_unknown_language_lists_supported():
    with pytest.raises(ConfigError, match="unknown language 'qq': no data file, and CLDR does not "
                                          r"know it \(add languages/qq.toml to the project; shipped: ar, "):
        typeset("x", "qq")


def test_code_is_left_alone(multi_books):
    chapter = multi_books["en"].chapters[1]
    code = re.search(r"<code>(.*?)</code>", chapter.xhtml, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", code) == "print(\"keep 'straight' quotes -- here\")\n"
