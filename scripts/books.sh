#!/usr/bin/env bash
# Builds every book (EPUB and PDF, every language) from the bundled source into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m publish all "$@"
