#!/usr/bin/env python3
"""Rebuild a corpus of public books as they are and write docs/corpus.md (issue 24).

Each book is a bare git directory (as the fetch tool leaves it, checked out here into a
work tree outside the repository) or a work tree. For each one this script runs
`python -m publish all` on it unchanged (EPUB first, then PDF when the book is small
enough), checks every EPUB with EPUBCheck and one edition per book with DAISY Ace, checks
every PDF with pdfinfo, pdffonts, qpdf and pdftotext, compares each edition's declared
language with the script of its text, and writes one table row per book. A book that
times out, is refused or crashes is a row saying so; the script itself never stops.

    scripts/corpus.py [--out DIR] [--no-ace] [--no-pdf] [--jobs N] [--list FILE] GITDIR_OR_WORKTREE...
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures as futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIRROR = Path("/work/.mirror")
TREES = Path("/work/corpus")
ACE_BIN = os.environ.get("ACE_BIN", "/opt/acceptance/ace/node_modules/.bin/ace-cli")
ACE_CHROMIUM = os.environ.get("ACE_CHROMIUM", "/opt/acceptance/ace/chromium-headless.sh")
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
LANGISH = r"[a-z]{2,3}(?:[_-](?:[a-z]{2}|[0-9]{3}|[a-z]{4}))?"
README_RE = re.compile(rf"^readme(?:[._-]({LANGISH}|[a-z]+))?\.md$", re.I)
TRANSLATION_DIRS = ("translations", "i18n", "docs", "readme-translations", "translation", "lang")


@dataclass
class Edition:
    file: str
    language: str = ""
    script: str = ""
    lang_ok: bool = True
    epubcheck: dict = field(default_factory=dict)
    pdf: dict = field(default_factory=dict)
    chars: int = 0
    foreign: float = 0.0          # the share of its letters marked with another language


@dataclass
class Book:
    name: str
    repo: str
    commit: str = "?"
    tree: str = ""
    layout: str = "plain"
    present: list = field(default_factory=list)
    editions: list = field(default_factory=list)
    pdfs_built: int = 0
    warnings: int = 0
    seconds: float = 0.0
    rc: int = 0
    failure: str = ""
    failure_class: str = ""
    refused: list = field(default_factory=list)
    ace: dict = field(default_factory=dict)
    pdf_skipped: str = ""
    raw_lines: list = field(default_factory=list)   # stderr lines that are not ours (library logs)


# ---------------------------------------------------------------- the books and their trees

def locate(arg: str, trees: Path) -> tuple[str, str, Path | None, Path]:
    """(name, commit, gitdir, work tree) for a git dir, a mirror folder or a work tree."""
    p = Path(arg).resolve()
    gitdir = None
    for cand in (p, p / ".git", p / "repo", p / "repo" / ".git"):
        if (cand / "HEAD").is_file() and (cand / "objects").is_dir():
            gitdir = cand
            break
    if gitdir is None:                      # a work tree: look for its mirror by name
        name = p.name
        for cand in (MIRROR / name / "repo", MIRROR / name / "repo" / ".git"):
            if (cand / "HEAD").is_file():
                gitdir = cand
        return name, _commit(gitdir), gitdir, p
    parts = [x for x in gitdir.parts if "+" in x]
    name = parts[-1] if parts else gitdir.parent.name
    tree = trees / name
    if not tree.is_dir() or not any(tree.iterdir()):
        tree.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", f"--git-dir={gitdir}", f"--work-tree={tree}", "checkout", "-f",
                        "HEAD", "--", "."], capture_output=True, timeout=600)
    return name, _commit(gitdir), gitdir, tree


def _commit(gitdir: Path | None) -> str:
    if gitdir is None:
        return "?"
    r = subprocess.run(["git", f"--git-dir={gitdir}", "rev-parse", "HEAD"],
                       capture_output=True, text=True)
    return r.stdout.strip() or "?"


def layout_of(tree: Path) -> str:
    toml = tree / "book.toml"
    if toml.is_file() and re.search(r"^\s*\[book\]", toml.read_text("utf-8", "replace"), re.M):
        return "mdBook"
    if any((tree / f).is_file() for f in ("book.json", "SUMMARY.md", "LANGS.md")):
        return "GitBook"
    if (tree / "mkdocs.yml").is_file():
        return "MkDocs"
    if len(readme_set(tree)) > 1:
        return "README set"
    return "plain"


def readme_set(tree: Path) -> list[str]:
    """The README files of a README set: at the root, in translation folders, in language folders."""
    found = [f.name for f in tree.iterdir() if f.is_file() and README_RE.match(f.name)]
    for sub in tree.iterdir():
        if not sub.is_dir() or sub.name.startswith("."):
            continue
        langdir = is_lang(sub.name)
        if sub.name.lower() in TRANSLATION_DIRS or langdir:
            for f in sub.iterdir():
                if f.is_file() and README_RE.match(f.name) and (langdir or f.name.lower() != "readme.md"):
                    found.append(f"{sub.name}/{f.name}")
                elif f.is_dir() and not langdir and is_lang(f.name):
                    found += [f"{sub.name}/{f.name}/{g.name}" for g in f.iterdir()
                              if g.is_file() and README_RE.match(g.name)]
    return sorted(found)


def is_lang(name: str) -> bool:
    """A folder named like a language CLDR knows (`fr`, `zh-CN`, `pt_BR`), not `src` or `lib`."""
    if not re.fullmatch(LANGISH, name, re.I):
        return False
    from babel.core import get_global
    return re.split(r"[-_]", name)[0].lower() in get_global("likely_subtags")


def present_editions(tree: Path, layout: str) -> list[str]:
    """The editions a reader would expect, from the book's own files (a heuristic)."""
    langs = tree / "LANGS.md"
    if langs.is_file():
        return re.findall(r"\]\(\s*\.?/?([^)/\s]+)/?\s*\)", langs.read_text("utf-8", "replace")) or ["?"]
    if layout == "MkDocs":
        text = (tree / "mkdocs.yml").read_text("utf-8", "replace")
        m = re.search(r"-\s*i18n:\s*\n((?:[ \t]+.*\n?)*)", text)
        if m:
            codes = re.findall(r"^\s*(?:-\s*)?locale:\s*([\w-]+)", m.group(1), re.M)
            codes += re.findall(r"^\s{6,10}([a-z]{2}(?:[_-]\w+)?):\s", m.group(1), re.M)
            if codes:
                return list(dict.fromkeys(codes))
    if layout == "GitBook":                 # one SUMMARY.md per language folder, no LANGS.md
        subs = [d.name for d in sorted(tree.iterdir()) if d.is_dir()
                and is_lang(d.name) and (d / "SUMMARY.md").is_file()]
        if len(subs) > 1:
            return subs
    if layout in ("README set", "plain"):
        names = readme_set(tree)
        if len(names) > 1:
            return names
    return ["1"]


# ---------------------------------------------------------------- running publish

def run(cmd: list[str], timeout: float, cwd: Path | None = None, env: dict | None = None) -> tuple[int, str, str, float]:
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                           timeout=timeout, cwd=cwd, env=env)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode("utf-8", "replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return 124, "", err + "\nTIMEOUT", time.monotonic() - t0
    except OSError as e:
        return 127, "", str(e), time.monotonic() - t0


def build(tree: Path, out: Path, fmt: str, timeout: float, jobs: int) -> tuple[int, str, float]:
    cmd = [sys.executable, "-m", "publish", "all", "--source", str(tree), "--out", str(out),
           "--format", fmt, "--force", "-j", str(jobs)]
    rc, _out, err, secs = run(cmd, timeout, cwd=ROOT)
    return rc, err, secs


def diagnose(err: str, rc: int) -> tuple[str, str, list[str]]:
    """(class, first line, refused editions) from a build's stderr."""
    lines = err.splitlines()
    if rc == 124 and lines and lines[-1] == "TIMEOUT":
        return "timeout", "timed out", []
    if "Traceback (most recent call last)" in err:
        tb = err[err.index("Traceback"):].splitlines()
        last = next((l for l in reversed(tb) if l and not l.startswith(" ")), tb[-1])
        where = [l.strip() for l in tb if l.strip().startswith("File ")]
        return "traceback", f"{last} (at {where[-1] if where else '?'})", []
    errors = [l[len("error: "):] for l in lines if l.startswith("error: ")]
    refused = [l.strip() for l in lines if re.match(r"\s*(refused|not built)\b", l, re.I)]
    if errors or refused:
        first = (errors or refused)[0]
        return "refusal:" + refusal_class(first), first, refused
    if rc != 0:
        return "exit", f"exit {rc}: {lines[-1] if lines else ''}", []
    return "", "", []


def refusal_class(line: str) -> str:
    low = line.lower()
    for key, name in (("outside the project", "outside-project"), ("control character", "control-character"),
                      ("decode", "text-undecodable"), ("utf-8", "text-undecodable"),
                      ("image", "image"), ("svgz", "image"), ("no chapter", "nothing-readable"),
                      ("nothing to", "nothing-readable"), ("book.toml", "config"),
                      ("book.json", "config"), ("mkdocs.yml", "config"), ("summary", "summary"),
                      ("link", "link"), ("include", "include"), ("language", "language")):
        if key in low:
            return name
    return "other"


# ---------------------------------------------------------------- EPUB facts

def epub_facts(path: Path) -> tuple[str, str, int, float]:
    """(dc:language, main script of the prose (outside code and tables), letters counted, the share of
    letters in passages the book marks with another language).

    A passage marked `lang="en"` in an Arabic edition says what it is; the edition's own
    language is judged on the rest of its text."""
    try:
        z = zipfile.ZipFile(path)
        cont = ET.fromstring(z.read("META-INF/container.xml"))
        opf_path = cont.find(".//c:rootfile", NS).get("full-path")
        opf = ET.fromstring(z.read(opf_path))
        lang = (opf.findtext(".//dc:language", "", NS) or "").strip()
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        counts: collections.Counter = collections.Counter()
        other: collections.Counter = collections.Counter()
        for item in opf.findall(".//opf:manifest/opf:item", NS):
            if item.get("media-type") != "application/xhtml+xml" or "nav" in (item.get("properties") or ""):
                continue
            root = ET.fromstring(z.read(base + item.get("href")))
            own, foreign = prose_by_language(root, lang.split("-")[0].lower())
            count_scripts(own, counts)
            count_scripts(foreign, other)
        mine, theirs = sum(counts.values()), sum(other.values())
        return lang, main_script(counts), mine, theirs / ((mine + theirs) or 1)
    except Exception as e:  # noqa: BLE001 - a broken EPUB is a finding, not a crash
        return f"? ({type(e).__name__})", "", 0, 0.0


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CODE_TAGS = {"pre", "code", "script", "style"}
# Tables are left out too: a reference table (2,666 English emoji names in a Chinese MkDocs
# site's appendix) is data, not prose, and would outweigh the book's own text.
NOT_PROSE = CODE_TAGS | {"table"}


def prose_by_language(root: ET.Element, primary: str) -> tuple[str, str]:
    """The prose of one XHTML file (its text outside code and tables), split into the
    edition's language (or unmarked) and passages marked with another."""
    own: list[str] = []
    foreign: list[str] = []

    def walk(el: ET.Element, is_foreign: bool) -> None:
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag in NOT_PROSE:
            return
        marked = el.get("lang") or el.get(XML_LANG)
        if marked:
            is_foreign = marked.split("-")[0].lower() != primary
        sink = foreign if is_foreign else own
        sink.append(el.text or "")
        for child in el:
            walk(child, is_foreign)
            sink.append(child.tail or "")
    walk(root, False)
    return " ".join(own), " ".join(foreign)


SCRIPT_WORDS = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "CJK": "Hani", "HIRAGANA": "Jpan",
                "KATAKANA": "Jpan", "HANGUL": "Hang", "ARABIC": "Arab", "HEBREW": "Hebr",
                "DEVANAGARI": "Deva", "BENGALI": "Beng", "THAI": "Thai", "LAO": "Laoo", "KHMER": "Khmr",
                "MYANMAR": "Mymr", "TAMIL": "Taml", "MALAYALAM": "Mlym", "SINHALA": "Sinh",
                "GEORGIAN": "Geor", "ARMENIAN": "Armn", "ETHIOPIC": "Ethi", "TELUGU": "Telu",
                "KANNADA": "Knda", "GUJARATI": "Gujr", "GURMUKHI": "Guru", "TIBETAN": "Tibt"}


def count_scripts(text: str, counts: collections.Counter) -> None:
    for ch in text:
        if ch.isalpha():
            word = unicodedata.name(ch, "? ?").split()[0]
            counts[SCRIPT_WORDS.get(word, "Zyyy")] += 1


def main_script(counts: collections.Counter) -> str:
    """The script most of the text is in; a CJK character weighs as much as 3 Latin letters."""
    if not counts:
        return ""
    counts = collections.Counter({s: n * (3 if s in ("Hani", "Jpan", "Hang") else 1) for s, n in counts.items()})
    total = sum(counts.values())
    if counts["Jpan"] > 0.05 * total:
        return "Jpan"
    if counts["Hang"] > 0.1 * total:
        return "Kore"
    nonlatin = [(n, s) for s, n in counts.items() if s not in ("Latn", "Zyyy")]
    if nonlatin:
        n, s = max(nonlatin)
        if n > 0.2 * total:
            return s
    return "Latn" if counts["Latn"] else max(counts, key=counts.get)


def expected_script(lang: str) -> str:
    """The script a language is written in, from CLDR's likely subtags (via Babel)."""
    try:
        from babel.core import get_global
        likely = get_global("likely_subtags")
        code = lang.replace("-", "_")
        for key in (code, code.split("_")[0]):
            full = likely.get(key) or likely.get(key.lower())
            if full:
                parts = full.split("_")
                script = next((p for p in parts[1:] if len(p) == 4), "")
                if "_Hant" in code or "_TW" in code or "_HK" in code:
                    return "Hant"
                return script
    except Exception:  # noqa: BLE001
        pass
    return ""


def language_matches(lang: str, script: str) -> bool:
    want = expected_script(lang)
    if not script:
        return True
    if not want:                            # a code CLDR does not know: only Latin text passes
        return script == "Latn"
    if want in ("Hans", "Hant"):
        return script == "Hani"
    if want == "Jpan":
        return script in ("Jpan", "Hani")
    return want == script


# ---------------------------------------------------------------- validators

def epubcheck_jar() -> str | None:
    pats = [str(ROOT / ".venv/lib/python3*/site-packages/epubcheck/epubcheck.jar"),
            "/opt/acceptance/venv/lib/python3*/site-packages/epubcheck/epubcheck.jar"]
    for pat in pats:
        hits = sorted(glob.glob(pat))
        if hits:
            return hits[0]
    return None


def epubcheck(path: Path, jar: str | None) -> dict:
    if not jar:
        return {"ran": False, "why": "no epubcheck.jar"}
    rc, out, err, secs = run(["java", "-jar", jar, str(path), "--json", "-"], 900)
    try:
        data = json.loads(out[out.index("{"):])
    except ValueError:
        return {"ran": False, "why": (err or out)[-300:]}
    msgs = [m for m in data.get("messages", []) if m.get("ID") != "CSS-028"]
    cnt = collections.Counter(m.get("severity") for m in msgs)
    first = [f'{m.get("severity")} {m.get("ID")} {((m.get("locations") or [{}])[0]).get("path")}: '
             f'{str(m.get("message"))[:160]}' for m in msgs if m.get("severity") in ("FATAL", "ERROR", "WARNING")][:5]
    return {"ran": True, "fatal": cnt["FATAL"], "error": cnt["ERROR"], "warning": cnt["WARNING"],
            "first": first, "seconds": round(secs, 1)}


def ace(path: Path) -> dict:
    if not os.path.exists(ACE_BIN):
        return {"ran": False, "why": "ace not installed"}
    with tempfile.TemporaryDirectory(prefix="corpus-ace-") as tmp:
        env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=ACE_CHROMIUM)
        rc, out, err, secs = run([ACE_BIN, "-f", "-s", "-o", tmp, str(path)], 1800, env=env)
        rep = Path(tmp) / "report.json"
        if not rep.is_file():
            return {"ran": False, "why": f"rc={rc}: {(out + err)[-300:]}", "seconds": round(secs, 1)}
        data = json.loads(rep.read_text("utf-8"))
    found: list[str] = []

    def walk(node: dict) -> None:
        for a in node.get("assertions", []):
            test = a.get("earl:test")
            if test and a.get("earl:result", {}).get("earl:outcome") == "fail":
                found.append(f'{test.get("earl:impact", "?")} {test.get("dct:title")}')
            walk(a)

    walk(data)
    return {"ran": True, "edition": path.name, "violations": len(found),
            "rules": dict(collections.Counter(found).most_common(6)), "seconds": round(secs, 1)}


def designed_fonts() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from publish.fonts.families import FAMILIES
    from publish.fonts.faces import MONO_FAMILY
    return [re.sub(r"[^a-z0-9]", "", n.lower()) for n in (*FAMILIES, MONO_FAMILY)]


def pdf_facts(path: Path, designed: list[str]) -> dict:
    facts: dict = {}
    rc, out, _e, _s = run(["pdfinfo", str(path)], 120)
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    facts["pages"] = int(m.group(1)) if m else None
    rc, out, _e, _s = run(["pdffonts", str(path)], 120)
    stray, unembedded = set(), set()
    for line in out.splitlines()[2:]:
        cols = line.split()
        if not cols:
            continue
        name = cols[0].split("+", 1)[-1]
        norm = re.sub(r"[^a-z0-9]", "", name.lower())
        if not any(norm.startswith(d) for d in designed):
            stray.add(name)
        if len(cols) >= 5 and "no" in cols[-5:-3]:
            unembedded.add(name)
    facts["stray_fonts"] = sorted(stray)
    facts["unembedded"] = sorted(unembedded)
    rc, out, err, _s = run(["qpdf", "--check", str(path)], 300)
    facts["qpdf_rc"] = rc
    rc, out, _e, _s = run(["pdftotext", "-enc", "UTF-8", str(path), "-"], 300)
    facts["fffd"] = out.count("\ufffd")
    return facts


# ---------------------------------------------------------------- one book

def do_book(arg: str, opts: argparse.Namespace, jar: str | None) -> Book:
    try:
        name, commit, gitdir, tree = locate(arg, opts.trees)
    except Exception as e:  # noqa: BLE001
        return Book(name=Path(arg).name, repo=arg, failure=f"cannot check out: {e}", failure_class="setup")
    book = Book(name=name, repo=name.replace("+", "/", 1), commit=commit, tree=str(tree))
    try:
        book.layout = layout_of(tree)
        book.present = present_editions(tree, book.layout)
        out = opts.out / name
        rc, err, secs = build(tree, out, "epub", opts.timeout, opts.build_jobs)
        record(book, rc, err, secs)
        for path in sorted(out.glob("*.epub")):
            lang, script, chars, foreign = epub_facts(path)
            book.editions.append(Edition(file=path.name, language=lang, script=script, chars=chars,
                                         foreign=foreign,
                                         lang_ok=language_matches(lang, script)))
        for ed in to_check(book.editions, opts.epubcheck_max):
            ed.epubcheck = epubcheck(out / ed.file, jar)
    except Exception as e:  # noqa: BLE001 - the script never stops on a book
        book.failure = book.failure or f"corpus.py: {type(e).__name__}: {e}"
        book.failure_class = book.failure_class or "script"
    return book


def to_check(editions: list[Edition], most: int) -> list[Edition]:
    """The editions EPUBCheck reads: all, or at most `most`, one per script first."""
    if most <= 0 or len(editions) <= most:
        return editions
    firsts = list({ed.script: ed for ed in reversed(editions)}.values())
    rest = [ed for ed in editions if ed not in firsts]
    chosen = (firsts + rest)[:most]
    for ed in editions:
        if ed not in chosen:
            ed.epubcheck = {"ran": False, "why": "not checked (--epubcheck-max)"}
    return chosen


def record(book: Book, rc: int, err: str, secs: float) -> None:
    book.seconds += secs
    book.warnings += sum(1 for l in err.splitlines() if l.startswith("warning:"))
    if "Traceback" not in err:
        ours = re.compile(r"^(warning|error|building|built|refused|note|TIMEOUT)\b|^\s*$|^\s")
        book.raw_lines += [l[:200] for l in err.splitlines() if not ours.match(l)][:5]
    book.rc = book.rc or rc
    cls, first, refused = diagnose(err, rc)
    if cls and not book.failure:
        book.failure_class, book.failure = cls, first
    book.refused += refused


def do_pdfs(book: Book, opts: argparse.Namespace, designed: list[str], until: float) -> Book:
    """The second phase: PDFs, for a book whose EPUBs were built and that is small enough."""
    try:
        if not book.editions or book.pdfs_built:
            return book
        biggest = max(ed.chars for ed in book.editions)
        if biggest > opts.pdf_max_chars:
            book.pdf_skipped = f"{biggest // 1000}k letters > --pdf-max-chars"
        elif time.monotonic() > until:
            book.pdf_skipped = "--pdf-budget spent"
        else:
            pdfs(book, Path(book.tree), opts.out / book.name, designed, opts)
    except Exception as e:  # noqa: BLE001
        book.pdf_skipped = f"corpus.py: {type(e).__name__}: {e}"
    return book


def pdfs(book: Book, tree: Path, out: Path, designed: list[str], opts: argparse.Namespace) -> None:
    rc, err, secs = build(tree, out, "pdf", opts.timeout, opts.build_jobs)
    record(book, rc, err, secs)
    by_stem = {Path(ed.file).stem: ed for ed in book.editions}
    for path in sorted(out.glob("*.pdf")):
        book.pdfs_built += 1
        ed = by_stem.get(path.stem)
        facts = pdf_facts(path, designed)
        if ed is not None:
            ed.pdf = facts
        else:
            book.editions.append(Edition(file=path.name, pdf=facts))


# ---------------------------------------------------------------- the table

def cell_langs(book: Book) -> str:
    langs = [ed.language for ed in book.editions if ed.language]
    scripts = sorted({ed.script for ed in book.editions if ed.script})
    if not langs:
        return "—"
    shown = ", ".join(langs if len(langs) <= 6 else langs[:5] + [f"… ({len(langs)})"])
    return f"{shown} ({', '.join(scripts)})" if scripts else shown


def row(book: Book) -> str:
    eds = [ed for ed in book.editions if ed.file.endswith(".epub")]
    ran = [ed.epubcheck for ed in eds if ed.epubcheck.get("ran")]
    ec = "/".join(str(sum(r[k] for r in ran)) for k in ("fatal", "error", "warning")) if ran else "—"
    if ran and len(ran) < len(eds):
        ec += f" ({len(ran)} of {len(eds)} checked)"
    a = book.ace
    ace_cell = str(a["violations"]) if a.get("ran") else ("—" if not a else "not run")
    pages = [ed.pdf.get("pages") for ed in book.editions if ed.pdf.get("pages")]
    pdf_cell = (f"{min(pages)}–{max(pages)}" if len(set(pages)) > 1 else str(pages[0])) if pages else \
        ("skipped" if book.pdf_skipped else "—")
    stray = sorted({f for ed in book.editions for f in ed.pdf.get("stray_fonts", [])})
    bad_lang = [f"{ed.language}≠{ed.script}" for ed in eds if not ed.lang_ok]
    marked = [f"{ed.language}: {ed.foreign:.0%} marked" for ed in eds if ed.lang_ok and ed.foreign >= 0.5]
    if marked:
        bad_lang.append("ok (" + ", ".join(marked[:3]) + (", …" if len(marked) > 3 else "") + ")")
    present = len(book.present) if book.present != ["1"] else 1
    note = book.failure if book.failure else ""
    if not note and len(eds) < present:
        note = f"only {len(eds)} of {present} editions built"
    if book.raw_lines:
        note = (note + "; " if note else "") + f"raw log line: {book.raw_lines[0][:80]}"
    share = coverage(book)
    if share is not None and share < 0.3 and eds:
        note = (note + "; " if note else "") + f"the editions hold {share:.0%} of the tree's Markdown text"
    note = note.replace(book.tree + "/", "") if book.tree else note
    if book.refused:
        note += f" ({len(book.refused)} refused)"
    commit = book.commit[:7]
    return (f"| [{book.repo}](https://github.com/{book.repo}) `{commit}` | {book.layout} | {cell_langs(book)} "
            f"| {len(eds)}/{present} | {ec} | {ace_cell} | {pdf_cell} | {', '.join(stray) or '0'} "
            f"| {'; '.join(bad_lang) or 'ok'} | {book.warnings} | {book.seconds:.0f} "
            f"| {esc(book.failure_class)} {esc(note)} |")


def coverage(book: Book) -> float | None:
    """The letters in the built editions over the letters in the tree's Markdown files."""
    tree = Path(book.tree)
    if not tree.is_dir():
        return None
    total = 0
    for path in tree.rglob("*.md"):
        if any(part.startswith(".") or part == "node_modules" for part in path.relative_to(tree).parts):
            continue
        try:
            text = path.read_text("utf-8", "replace")
        except OSError:
            continue
        text = re.sub(r"(?s)```.*?```", " ", text)
        total += sum(1 for ch in text if ch.isalpha())
    built = sum(ed.chars for ed in book.editions if ed.file.endswith(".epub"))
    return built / total if total else None


def esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:220]


def totals(books: list[Book]) -> list[str]:
    eds = [ed for b in books for ed in b.editions if ed.file.endswith(".epub")]
    ran = [ed.epubcheck for ed in eds if ed.epubcheck.get("ran")]
    clean = sum(1 for r in ran if r["fatal"] == r["error"] == r["warning"] == 0)
    present = sum(len(b.present) if b.present != ["1"] else 1 for b in books)
    full = sum(1 for b in books if not b.failure and len([e for e in b.editions if e.file.endswith(".epub")]) >= 1)
    ace_ran = [b.ace for b in books if b.ace.get("ran")]
    classes = collections.Counter(b.failure_class.split(":")[0] for b in books if b.failure_class)
    pdfs = [ed.pdf for b in books for ed in b.editions if ed.pdf]
    return [
        f"- books: {len(books)}; built with no failure line: {full}; with a failure: "
        f"{sum(classes.values())} ({', '.join(f'{k} {v}' for k, v in sorted(classes.items())) or 'none'})",
        f"- EPUB editions built: {len(eds)} of {present} present (present is read from LANGS.md, "
        f"the i18n plugin or the README files; a heuristic)",
        f"- EPUBCheck: {clean} of {len(ran)} clean; fatal {sum(r['fatal'] for r in ran)}, "
        f"error {sum(r['error'] for r in ran)}, warning {sum(r['warning'] for r in ran)} (CSS-028 aside)",
        f"- Ace: {sum(1 for a in ace_ran if a['violations'] == 0)} of {len(ace_ran)} books with 0 violations "
        f"on the edition checked; {sum(a['violations'] for a in ace_ran)} violations in all",
        f"- PDFs: {len(pdfs)} built, {sum(p.get('pages') or 0 for p in pdfs)} pages; stray fonts in "
        f"{sum(1 for p in pdfs if p.get('stray_fonts'))}; qpdf not clean in "
        f"{sum(1 for p in pdfs if p.get('qpdf_rc'))}; U+FFFD {sum(p.get('fffd', 0) for p in pdfs)}; "
        f"skipped for size in {sum(1 for b in books if b.pdf_skipped)} books",
        f"- editions whose language does not match their text: {sum(1 for ed in eds if not ed.lang_ok)}",
        f"- warnings: {sum(b.warnings for b in books)}; seconds building: {sum(b.seconds for b in books):.0f}",
    ]


INTRO = """# Corpus: public books built as they are

Books that no one here wrote, fetched from GitHub with the session's fetch tool (a bare git
snapshot under `/work/.mirror/<owner>+<name>/`), checked out unchanged into a work tree outside
this repository, and built with `publish all` as a new user would, with no edit and no
config of ours (issue 24). Rebuild the table with:

    scripts/corpus.py --list scripts/corpus.txt --out /tmp/corpus-out --json /tmp/corpus.json

(`--list` names the repositories, one `owner/name` a line; their snapshots are looked up in
`/work/.mirror` (fetch each with the fetch tool first), and missing work trees are checked
out into `/work/corpus/<owner>+<name>`, with no git remote. Git dirs or work trees may also
be given as arguments. `--resume JSON` skips the books an earlier run finished,
`--table-only --resume JSON --out DIR` only rewrites this table, `--deadline S` stops
starting PDF and Ace runs after S seconds, `--epubcheck-max N` checks at most N editions of
a book, one per script first.)
Every EPUB is checked with EPUBCheck (CSS-028 aside) and one edition per book (the smallest)
with DAISY Ace; PDFs are built for books whose largest edition holds at most
`--pdf-max-chars` letters, and checked with pdfinfo, pdffonts (any family that is not one of
publish's designed fonts is stray), `qpdf --check` and pdftotext (U+FFFD). "lang" compares
each edition's `dc:language` with the script of its text outside code (CLDR's likely script
for the language, via Babel). Warnings are the `warning:` lines of the build's stderr.

Columns: editions built / present (present is read from LANGS.md, the i18n plugin or the
README files, a heuristic); EPUBCheck fatal/error/warning summed over editions; Ace
violations on one edition; PDF pages (range over editions); stray fonts; lang; warnings;
seconds building; the failure, if any, with its class.
"""


KEPT = "<!-- notes below this line are kept when the table is rewritten -->"


def write_markdown(books: list[Book], path: Path, stamp: str) -> None:
    head = ("| book | layout | languages (scripts) | editions | EPUBCheck F/E/W | Ace | PDF pages "
            "| stray fonts | lang | warnings | s | failure |")
    rule = "|" + "---|" * 12
    lines = [INTRO, f"Run on publish at `{stamp}`.", "", head, rule]
    lines += [row(b) for b in sorted(books, key=lambda b: (b.layout, b.repo.lower()))]
    lines += ["", "## Totals", "", *totals(books), ""]
    old = path.read_text("utf-8") if path.is_file() else ""
    if KEPT in old:                         # hand-written notes below the marker stay
        lines.append(old[old.index(KEPT):])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- main

def resume(path: Path) -> dict[str, Book]:
    """The books of an earlier run's JSON dump, by name (a run stopped half-way goes on)."""
    try:
        rows = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    books = {}
    for r in rows:
        eds = [Edition(**e) for e in r.pop("editions", [])]
        books[r["name"]] = Book(**r, editions=eds)
    return books


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("books", nargs="*", metavar="GITDIR_OR_WORKTREE")
    ap.add_argument("--list", type=Path, help="file of owner/name lines, looked up in /work/.mirror")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "corpus-out")
    ap.add_argument("--trees", type=Path, default=TREES, help="where git dirs are checked out")
    ap.add_argument("--md", type=Path, default=ROOT / "docs" / "corpus.md")
    ap.add_argument("--json", type=Path, help="also dump every fact as JSON here")
    ap.add_argument("--no-ace", action="store_true")
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--pdf-max-chars", type=int, default=400_000,
                    help="build PDFs only when the largest edition has at most this many letters")
    ap.add_argument("--pdf-budget", type=float, default=24 * 3600,
                    help="seconds after the EPUB phase past which no further book's PDFs are started")
    ap.add_argument("--epubcheck-max", type=int, default=0,
                    help="check at most this many editions of a book, one per script first (0: all)")
    ap.add_argument("--resume", type=Path, help="a JSON dump of an earlier run: its books are not rebuilt")
    ap.add_argument("--table-only", action="store_true", help="only rewrite the table from --resume's JSON")
    ap.add_argument("--deadline", type=float, default=24 * 3600,
                    help="seconds from the start after which no PDF or Ace run is started")
    ap.add_argument("--jobs", type=int, default=1, help="books built side by side")
    ap.add_argument("--build-jobs", type=int, default=2, help="-j given to publish")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds per build (EPUB, then PDF)")
    opts = ap.parse_args(argv)
    args = list(opts.books)
    if opts.list:
        for line in opts.list.read_text("utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                args.append(str(MIRROR / line.replace("/", "+", 1)))
    if not args and not opts.table_only:
        ap.error("no books given")
    opts.out.mkdir(parents=True, exist_ok=True)
    jar, designed = epubcheck_jar(), designed_fonts()
    books: list[Book] = []
    stamp = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True).stdout.strip() or "?"

    def save() -> None:                     # after every book, so a stopped run still leaves a table
        write_markdown(books, opts.md, stamp)
        if opts.json:
            tmp = opts.json.with_suffix(".tmp")
            tmp.write_text(json.dumps([asdict(b) for b in books], indent=1, ensure_ascii=False), "utf-8")
            tmp.replace(opts.json)

    done = resume(opts.resume) if opts.resume else {}
    if opts.table_only:                     # rewrite the table from a JSON dump, building nothing
        books = list(done.values())
        for b in books:
            if Path(b.tree).is_dir():
                b.layout = layout_of(Path(b.tree))
                b.present = present_editions(Path(b.tree), b.layout)
            for ed in b.editions:
                path = opts.out / b.name / ed.file
                if ed.file.endswith(".epub") and path.is_file():
                    ed.language, ed.script, ed.chars, ed.foreign = epub_facts(path)
                    ed.lang_ok = language_matches(ed.language, ed.script)
        save()
        print(f"wrote {opts.md}", file=sys.stderr)
        return 0
    stop = time.monotonic() + opts.deadline
    pool, ace_pool = futures.ThreadPoolExecutor(max(1, opts.jobs)), futures.ThreadPoolExecutor(1)
    aces: dict = {}

    def harvest(wait: float = 0) -> None:
        done_now, _ = futures.wait(list(aces), timeout=wait) if aces else (set(), set())
        for fut in done_now:
            aces.pop(fut).ace = fut.result()

    def finished(book: Book) -> None:
        books.append(book)
        print(f"{book.name}: {len([e for e in book.editions if e.file.endswith('.epub')])} epub, "
              f"{book.seconds:.0f} s {book.failure_class} {book.failure[:120]}", file=sys.stderr, flush=True)
        epubs = sorted((opts.out / book.name).glob("*.epub"), key=lambda p: p.stat().st_size)
        if epubs and not opts.no_ace and not book.ace.get("ran"):
            aces[ace_pool.submit(lambda p: ace(p) if time.monotonic() < stop else
                                 {"ran": False, "why": "--deadline passed"}, epubs[0])] = book
        harvest()
        save()

    pending = []
    for a in args:
        old = done.get(Path(a).name) or done.get(Path(a).resolve().parent.name)
        if old is not None:
            finished(old)
        else:
            pending.append(pool.submit(do_book, a, opts, jar))
    for fut in futures.as_completed(pending):
        finished(fut.result())
    if not opts.no_pdf:                     # PDFs after every EPUB, smallest books first
        until = min(time.monotonic() + opts.pdf_budget, stop)
        order = sorted(books, key=lambda b: sum(e.chars for e in b.editions))
        for fut in futures.as_completed([pool.submit(do_pdfs, b, opts, designed, until) for b in order]):
            b = fut.result()
            print(f"{b.name}: {b.pdfs_built} pdf {b.pdf_skipped}", file=sys.stderr, flush=True)
            harvest()
            save()
    harvest(max(0.0, stop - time.monotonic()))
    for book in aces.values():
        book.ace = {"ran": False, "why": "--deadline passed"}
    pool.shutdown(wait=False, cancel_futures=True)
    ace_pool.shutdown(wait=False, cancel_futures=True)
    save()
    print(f"wrote {opts.md}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
