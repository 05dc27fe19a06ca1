"""The sample project `publish init` writes: a documented book.toml and one sample chapter per language.

The text is typed with plain keyboard quotes, apostrophes and hyphens on purpose:
the build typesets them, so the sample shows what the pipeline does.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """What one language brings to a new project."""

    title: str                  # the book's placeholder title
    author: str                 # the author's placeholder name
    chapter: str                # the sample chapter's file name
    text: str                   # its Markdown
    description: str
    subjects: tuple[str, ...]
    bio: str                    # with {name}
    rights: str                 # with {year} and {name}


_EN = """\
# A First Chapter

This book starts here. Every chapter is a Markdown file in `source/en/`, read in the order of its number: this one is `01-first-chapter.md`, and the next could be `02-the-road.md`. The first heading of a file is the chapter's title; everything else is yours to replace.

Type plain keyboard quotes and let the book set them: "double quotes", 'single ones' and "quotes with 'quotes' inside" all come out curly, and so does the apostrophe in it's. Two hyphens make a dash -- like this one -- and three dots make an ellipsis... Write *italics* with one asterisk and **bold** with two.[^1]

## A Second-Level Heading

Second-level headings appear in the contents, under their chapter. A blank line starts a new paragraph; a new chapter is a new file.

When the text is ready, `python -m publish all` writes an EPUB and a print PDF for every language into `build/`, and `python -m publish check` looks the books over.

[^1]: This is a footnote. In the EPUB it opens as a pop-up note; in the PDF it sits at the foot of its page.
"""

_FR = """\
# Un premier chapitre

Le livre commence ici. Chaque chapitre est un fichier Markdown du dossier `source/fr/`, lu dans l'ordre de son numéro : celui-ci s'appelle `01-premier-chapitre.md`, le suivant pourrait s'appeler `02-la-route.md`. Le premier titre du fichier est celui du chapitre ; tout le reste est à remplacer.

Tapez les guillemets droits du clavier, le livre les compose : "une citation" prend des guillemets français, et "une citation qui en contient une "autre"" prend des guillemets anglais à l'intérieur. L'apostrophe d'aujourd'hui se redresse, deux tirets -- comme ceux-ci -- font un tiret d'incise, trois points font des points de suspension... Les espaces fines avant les points-virgules et les points d'exclamation ou d'interrogation s'ajoutent toutes seules ! De même pour les nombres : 12 500 lecteurs, 30 % de remise.[^1]

## Un intertitre

Les titres de second niveau figurent dans la table des matières, sous leur chapitre. Une ligne vide commence un nouveau paragraphe ; un nouveau chapitre est un nouveau fichier.

Quand le texte est prêt, `python -m publish all` écrit dans le dossier `build/` un EPUB et un PDF pour l'impression dans chaque langue, et `python -m publish check` vérifie les livres.

[^1]: Ceci est une note. Dans l'EPUB, elle s'ouvre dans une fenêtre ; dans le PDF, elle se place au pied de sa page.
"""

_RU = """\
# Первая глава

Книга начинается здесь. Каждая глава -- это файл Markdown в папке `source/ru/`, и главы идут по порядку номеров: эта глава лежит в файле `01-pervaya-glava.md`, следующая может называться `02-doroga.md`. Первый заголовок файла -- название главы, всё остальное замените своим текстом.

Кавычки набирайте прямые, с клавиатуры, а книга сама расставит нужные: "ёлочки" снаружи и "лапки "внутри" цитаты". Дефис между пробелами - как здесь - становится тире, три точки становятся многоточием... Инициалы не отрываются от фамилии: А. С. Пушкин. Большие числа делятся на разряды: 12 500 читателей.[^1]

## Заголовок второго уровня

Заголовки второго уровня попадают в оглавление, под название своей главы. Пустая строка начинает новый абзац, а новая глава -- это новый файл.

Когда текст готов, команда `python -m publish all` запишет в папку `build/` EPUB и PDF для печати на каждом языке, а `python -m publish check` проверит книги.

[^1]: Это сноска. В EPUB она открывается во всплывающем окне, а в PDF стоит внизу своей страницы.
"""

SAMPLES: dict[str, Sample] = {
    "en": Sample(
        "My Book", "Your Name", "01-first-chapter.md", _EN,
        "A new book, started with publish. Replace this description in source/book.toml: "
        "e-readers and catalogues show it.",
        ("Fiction",),
        "{name} wrote this book. Replace this sentence in source/book.toml with a short "
        "biography: it becomes the \"About the Author\" page.",
        "© {year} {name}. All rights reserved."),
    "fr": Sample(
        "Mon livre", "Prénom Nom", "01-premier-chapitre.md", _FR,
        "Un nouveau livre, commencé avec publish. Remplacez cette description dans "
        "source/book.toml : les liseuses et les catalogues l'affichent.",
        ("Roman",),
        "{name} a écrit ce livre. Remplacez cette phrase dans source/book.toml par une courte "
        "biographie : elle devient la page \"À propos de l'auteur\".",
        "© {year} {name}. Tous droits réservés."),
    "ru": Sample(
        "Моя книга", "Имя Фамилия", "01-pervaya-glava.md", _RU,
        "Новая книга, начатая с помощью publish. Замените это описание в source/book.toml: "
        "его показывают читалки и каталоги.",
        ("Художественная литература",),
        "{name} -- автор этой книги. Замените эту фразу в source/book.toml короткой "
        "биографией: она станет страницей \"Об авторе\".",
        "© {name}, {year}. Все права защищены."),
}

_HEADER = """\
# The book's settings, read by publish (python -m publish --help).
# Every key is described in publish's README ("The config file"); unknown keys
# are reported, so a typo does not go unnoticed.
#
# A text is one string for every language, or one per language:
#   title = "One Title"      or      title.en = "..." and title.fr = "..."
# Type plain keyboard quotes, apostrophes and -- for dashes: the book typesets them.

# The file-name stem of the outputs: build/<slug>-<lang>.epub and .pdf.
"""

_OPTIONAL = """\
# Optional (remove the # to use one):
# subtitle = "..."
# isbn = "978-..."             # ISBN-13 (or isbn.en = "..." per edition; [isbn.en] with
#                              # epub, pdf and print per format); else a stable urn:uuid
# translators.fr = ["..."]     # an edition's translators, credited on its title page
# cover = "images/cover.jpg"   # relative to this file; else a typographic cover is drawn
# series = { name = "...", position = 1 }

# Heading levels shown in the contents: 1, 2 or 3.
toc_depth = 2

# One [[authors]] table per person. role is a MARC relator code: aut (author,
# the default), trl (translator), edt (editor), ill (illustrator)...
# bio (Markdown) becomes the "About the Author" page in each language.
"""

_FOOTER = """\

# The print PDF.
[print]
trim = "a5"            # a5, a4, letter, 6x9, 5.5x8.5, 5x8, or e.g. "130mmx200mm"
variant = "pdf/ua-1"   # tagged PDF/UA-1 (accessible); pdf/a-3b, pdf/x-4... or "none"
press = false          # true: 3 mm bleed and crop marks; "ingram" or "kdp": that printer's
                       # interior and cover spread (docs/press.md; needs isbn.<lang>.print)
font_size = "10.5pt"

# E-mailing the EPUBs with `python -m publish send` (to Send to Kindle, say).
# The password never goes here: set PUBLISH_SMTP_PASSWORD in the environment.
# [send]
# to = "you@kindle.com"
# from = "you@example.com"     # on the Kindle's list of approved senders
# host = "smtp.example.com"
# port = 587                   # STARTTLS
# user = "you@example.com"
"""


def book_toml(slug: str, langs: tuple[str, ...], date: _dt.date,
              title: str | None = None, author: str | None = None) -> str:
    """The documented config for a new project in `langs` (placeholders where no title or author is given)."""
    titles = {lang: title or sample(lang).title for lang in langs}
    names = {lang: author or sample(lang).author for lang in langs}
    lines = [_HEADER + f"slug = {_q(slug)}", "",
             "# The languages to build, in order; the chapters of each are in source/<lang>/,",
             "# read in the order of their numbers (01-..., 02-...).",
             f"languages = {_q(list(langs))}", "",
             "# The publication date (YYYY-MM-DD). The outputs take their dates from it, so the",
             "# same sources always make byte-identical books.",
             f"date = {date.isoformat()}", "",
             "# The title (required).", *_entry("title", titles), "",
             "# A sentence or two that e-readers and catalogues show.",
             *_entry("description", {lang: sample(lang).description for lang in langs}), "",
             "# The publisher, subjects (keywords) and rights statement.",
             *_entry("publisher", names),
             *_entry("subjects", {lang: list(sample(lang).subjects) for lang in langs}),
             *_entry("rights", {lang: sample(lang).rights.format(year=date.year, name=names[lang])
                                for lang in langs}), "",
             _OPTIONAL + "[[authors]]", *_entry("name", names),
             '# sort = "Surname, Given Name"   # how catalogues file the name; guessed if left out',
             'role = "aut"',
             *_entry("bio", {lang: sample(lang).bio.format(name=names[lang]) for lang in langs})]
    return "\n".join(lines) + "\n" + _FOOTER


def _entry(key: str, values: dict[str, object]) -> list[str]:
    """`key = value` when every language has the same value, else one `key.<lang>` line each."""
    if len({json.dumps(v) for v in values.values()}) == 1:
        return [f"{key} = {_q(next(iter(values.values())))}"]
    return [f"{key}.{lang} = {_q(value)}" for lang, value in values.items()]


def _q(value: object) -> str:
    """A TOML string or array of strings (JSON's escapes are TOML's; controls are refused upstream)."""
    return json.dumps(value, ensure_ascii=False)


def sample(lang: str) -> Sample:
    """The sample text for `lang`; the English one for a language init has none in."""
    return SAMPLES.get(lang, SAMPLES["en"])


def chapters(langs: tuple[str, ...]) -> dict[str, str]:
    """`source/<lang>/<file>` -> the sample chapter's Markdown."""
    return {f"source/{lang}/{sample(lang).chapter}": sample(lang).text for lang in langs}


def slugify(text: str) -> str:
    """A slug for book.toml: lower-case ASCII letters, digits and hyphens ('' when none remain)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
