"""README sets in each naming style found on GitHub build as they are (issue 24): one tiny
set per style family, built with `publish all --format epub`, one edition a language."""
from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import pytest

from publish import config as config_mod
from publish.cli import main
from conftest import run_epubcheck

pytestmark = pytest.mark.slow

EN = "# Tiny Tool\n\nThis is a small tool for the people who use it, and it is free.\n"
FR = "# Petit outil\n\nC'est un petit outil pour les gens qui s'en servent.\n"
DE = "# Kleines Werkzeug\n\nDas ist ein kleines Werkzeug für die Leute, die es nutzen.\n"
ES = ("# Herramienta\n\nEsta es una herramienta pequeña para los que la usan. Se puede usar "
      "con el terminal y es muy fácil de instalar para todos los que la necesitan.\n")
RU = "# Маленькая утилита\n\nЭто маленькая утилита для тех, кто ею пользуется.\n"
ZH_HANS = "# 小工具\n\n这是一个很小的工具，给使用它的人。\n"
ZH_HANT = "# 小工具\n\n這是一個很小的工具，給使用它的人。\n"
JA = "# 小さなツール\n\nこれは使う人のための小さなツールです。\n"
KO = "# 작은 도구\n\n이것은 사용하는 사람을 위한 작은 도구입니다.\n"
PT = "# Pequena ferramenta\n\nEsta é uma pequena ferramenta para quem a usa.\n"
UZ = "# Kichik vosita\n\nBu undan foydalanadiganlar uchun kichik vosita.\n"
IT = "# Piccolo strumento\n\nQuesto è un piccolo strumento per chi lo usa.\n"

# name: ({path: text}, {edition: its README}, [what each warning is about])
SETS = {
    "dot": ({"README.md": EN, "README.fr.md": FR, "README.ja-JP.md": JA},
            {"en": "README.md", "fr": "README.fr.md", "ja": "README.ja-JP.md"}, []),
    "hyphen": ({"Readme.md": EN, "README-fr.md": FR, "README-zh-Hans.md": ZH_HANS,
                "README-zh-TW.md": ZH_HANT, "README-ZH.md": ZH_HANS},
               {"en": "Readme.md", "fr": "README-fr.md", "zh-Hans": "README-ZH.md",
                "zh-Hant": "README-zh-TW.md"}, ["README-zh-Hans.md: a second README in 'zh-Hans'"]),
    "underscore": ({"readme.md": EN, "README_fr.md": FR, "README_zh_CN.md": ZH_HANS,
                    "README_RU.md": RU},
                   {"en": "readme.md", "fr": "README_fr.md", "ru": "README_RU.md",
                    "zh-Hans": "README_zh_CN.md"}, []),
    "region": ({"README.md": EN, "README.fr-FR.md": FR, "README.zh-CN.md": ZH_HANS,
                "README.pt-BR.md": PT, "README.uz.md": UZ, "README.tlh.md": EN},
               {"en": "README.md", "fr": "README.fr-FR.md", "pt-BR": "README.pt-BR.md",
                "uz": "README.uz.md", "zh-Hans": "README.zh-CN.md"},
               ["README.tlh.md: language 'tlh' has no data file"]),
    "subfolder": ({"README.md": EN, "translations/README.fr.md": FR, "i18n/de.md": DE,
                   "docs/ja/README.md": JA, "docs/install.md": EN, "docs/README.md": EN,
                   "locales/es.md": ES, "readme/README-ko.md": KO, ".github/README.it.md": IT,
                   "lang/ru/README.md": RU, "lang/notes.md": EN},
                  {"en": "README.md", "de": "i18n/de.md", "es": "locales/es.md",
                   "fr": "translations/README.fr.md", "it": ".github/README.it.md",
                   "ja": "docs/ja/README.md", "ko": "readme/README-ko.md",
                   "ru": "lang/ru/README.md"}, []),
    "names": ({"README.md": EN, "README.Chinese.md": ZH_HANS, "README-Español.md": ES,
               "README_RU.md": RU, "README.Deutsch.md": DE, "README.template.md": EN},
              {"en": "README.md", "de": "README.Deutsch.md", "es": "README-Español.md",
               "ru": "README_RU.md", "zh-Hans": "README.Chinese.md"},
              ["README.template.md: 'template' names no language"]),
    "chinese-base": ({"README.md": ZH_HANS, "README.en.md": EN, "README.zh-TW.md": ZH_HANT},
                     {"zh-Hans": "README.md", "en": "README.en.md", "zh-Hant": "README.zh-TW.md"},
                     ["README.md: no language is said for it; 'zh-Hans' is used (its text is "
                      "in the Han script)"]),
    "russian-base": ({"README.md": RU, "docs/README.en.md": EN, "README-fr.md": FR},
                     {"ru": "README.md", "en": "docs/README.en.md", "fr": "README-fr.md"},
                     ["README.md: no language is said for it; 'ru' is used (its text is in "
                      "the Cyrillic script)"]),
    "spanish-base": ({"README.md": ES, "README.en.md": EN},
                     {"es": "README.md", "en": "README.en.md"},
                     ["README.md: no language is said for it; 'es' is used (a translation is "
                      "the English README, and its words are Spanish)"]),
    "english-twice": ({"README.md": EN, "README.en.md": EN, "README.fr.md": FR},
                      {"en": "README.md", "fr": "README.fr.md"},
                      ["README.en.md: a second README in 'en' (also README.md)"]),
}


def _make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _warnings(records, root: Path) -> list[str]:
    return [r.getMessage().replace(f"{root}/", "") for r in records
            if "book.toml:" not in r.getMessage()]


@pytest.mark.parametrize("name", SETS)
def test_the_set_is_read(name, tmp_path, caplog, monkeypatch):
    files, editions, warned = SETS[name]
    root = _make(tmp_path / name, files)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    with caplog.at_level(logging.WARNING, logger="publish"):
        config = config_mod.load(root)
    assert config.languages == tuple(editions)
    assert {c: config.edition(c).chapters[0] for c in config.languages} == editions
    said = _warnings(caplog.records, root)
    assert len(said) == len(warned) and all(w.startswith(s) for w, s in zip(said, warned)), said
    # Each edition is titled by its own README's heading.
    for code, readme in editions.items():
        assert config.edition(code).title == files[readme].splitlines()[0][2:]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every set built with `publish all --format epub`, in-process: {set: {code: epub}}."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1748736000")
    out: dict[str, dict[str, Path]] = {}
    try:
        for name, (files, editions, _) in SETS.items():
            root = _make(tmp_path_factory.mktemp("sets") / name, files)
            assert main(["all", "--source", str(root), "--format", "epub", "--jobs", "1",
                         "--out", str(root / "out")]) == 0
            out[name] = {code: root / "out" / f"{name}-{code}.epub" for code in editions}
    finally:
        mp.undo()
    return out


@pytest.mark.parametrize("name", SETS)
def test_each_edition_is_built_in_its_language(built, name):
    for code, epub in built[name].items():
        with zipfile.ZipFile(epub) as z:
            opf = z.read("EPUB/content.opf").decode()
        assert re.findall(r"<dc:language>([^<]+)</dc:language>", opf) == [code]


@pytest.mark.java
@pytest.mark.parametrize("name, code", [
    ("hyphen", "zh-Hant"), ("region", "pt-BR"), ("region", "uz"), ("subfolder", "ja"),
    ("names", "es"), ("chinese-base", "zh-Hans"), ("russian-base", "ru")])
def test_the_editions_pass_epubcheck(built, name, code):
    messages = run_epubcheck(built[name][code])
    assert [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")] == []
