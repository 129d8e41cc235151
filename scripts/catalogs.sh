#!/usr/bin/env bash
# Refresh the message catalogues after changing labels in templates or code: extract every
# label into briefgen.pot, then merge new labels into each language's .po for translation.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _ -k n_:1,2 --no-location --sort-output \
  --project briefgen -o briefgen/locales/briefgen.pot .
for po in briefgen/locales/*/LC_MESSAGES/briefgen.po; do
  lang=$(basename "$(dirname "$(dirname "$po")")")
  .venv/bin/pybabel update -i briefgen/locales/briefgen.pot -d briefgen/locales -D briefgen \
    -l "$lang" --no-fuzzy-matching --ignore-obsolete
done
