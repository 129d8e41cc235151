#!/usr/bin/env bash
# Install briefgen with its test tools, then lint, type-check and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check briefgen tests bench
.venv/bin/ruff format --check briefgen tests bench
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
