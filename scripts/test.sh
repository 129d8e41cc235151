#!/usr/bin/env bash
# Install briefgen with its test tools, then lint, type-check, check the import layers
# (ARCHITECTURE.md) and run the whole test suite, slow tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check briefgen tests bench
.venv/bin/ruff format --check briefgen tests bench
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest -q "$@"
