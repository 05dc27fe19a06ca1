#!/usr/bin/env bash
# Runs the test suite (installs what it needs first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# One worker per core (pytest-xdist): the slow tests are single-threaded JVM and layout runs.
.venv/bin/python -m pytest -n auto "$@"
