#!/usr/bin/env bash
# Runs the test suite (installs what it needs first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# One worker per core (pytest-xdist): the slow tests are single-threaded JVM and layout runs.
# A test file goes to one worker whole (--dist loadfile), so that its module-scoped books are
# built once, not once in each worker that a share of its tests was sent to. Files go out one at a
# time in collection order: the end-to-end files first, the many short unit files last, so that
# the workers finish together (the default `load` hands out long runs of tests up front: one
# worker sat idle for 20 minutes while the other still held a queue of PDF tests).
.venv/bin/python -m pytest -n auto --dist loadfile --no-loadscope-reorder "$@"
