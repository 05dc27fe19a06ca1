#!/usr/bin/env bash
# The package as a user installs it: `pip install .` (not editable) into a fresh virtual
# environment, then `publish init` and `publish all` and `publish check` in an empty folder
# outside the repository. Fails if the wheel lacks anything a build needs (layouts, languages).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PY=${PYTHON:-python3}
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# A copy of the tree (what git tracks, and new files it does not ignore): pip's build
# writes build/ and *.egg-info beside the sources, and the repository stays as it was.
mkdir "$work/src"
git ls-files -co --exclude-standard -z | tar -c --null -T - | tar -x -C "$work/src"
"$work/venv/bin/python" -m pip install -q "$work/src" >"$work/pip.log" 2>&1 || { tail -20 "$work/pip.log"; exit 1; }
mkdir "$work/empty"
cd "$work/empty"
"$work/venv/bin/publish" init book >/dev/null
"$work/venv/bin/publish" all --source book --jobs 2 >/dev/null
"$work/venv/bin/publish" check --source book
# The stores' limits ship as data (publish/stores.toml): a store preflight needs them.
# (Not google: the new project is a 2-page stub; not ingram: it has no ISBN.)
"$work/venv/bin/publish" check --source book --no-epubcheck --for apple,kobo,kdp,d2d >/dev/null
ls book/build/book-en.epub book/build/book-en.pdf book/build/book-fr.epub book/build/book-ru.pdf >/dev/null
# The printers' figures (--press ingram) and the cover spread's layout ship in the wheel.
"$work/venv/bin/python" -c "from publish import printers; assert {'ingram', 'kdp'} <= set(printers.known())"
"$work/venv/bin/python" -c "import publish.layouts, pathlib; assert (pathlib.Path(publish.layouts.__path__[0]) / 'print/spread.html').is_file()"
# Without the `cluster` extra, Dask is not installed and --cluster says how to get it.
if "$work/venv/bin/python" -c "import distributed" 2>/dev/null; then
  echo "wheel: a plain install pulled in Dask"; exit 1
fi
said=$("$work/venv/bin/publish" all --source book --cluster local 2>&1) && { echo "wheel: --cluster without Dask succeeded"; exit 1; }
echo "$said" | grep -q "pip install 'publish\[cluster\]'" || { echo "wheel: $said"; exit 1; }
# With it, the same project builds on a LocalCluster on loopback.
"$work/venv/bin/python" -m pip install -q "$work/src[cluster]" >>"$work/pip.log" 2>&1 || { tail -20 "$work/pip.log"; exit 1; }
"$work/venv/bin/publish" all --source book --cluster local --force --format epub >/dev/null
echo "wheel: pip install . builds and checks a new project, without the cluster extra and with it"
