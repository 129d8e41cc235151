#!/usr/bin/env bash
# Install briefgen into .venv on Debian, with the system libraries WeasyPrint draws with
# (Pango, HarfBuzz, libthai for Thai line breaking) and Cairo, which draws SVG logos for Word. `--test` adds the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libthai0 libcairo2 fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  extra="[test]"
  # poppler-utils: pdffonts/pdftoppm for looking at pages; Laksaman: the TH Sarabun PSK
  # metrics that the Thai DOCX size is matched against; LibreOffice (Writer, no GUI) and
  # fontconfig's tools: the DOCX laid out as a reader without the fonts sees it.
  packages+=(poppler-utils fonts-tlwg-laksaman libreoffice-writer-nogui fontconfig)
  # Chromium and its WebDriver: the browser tests of `briefgen serve` (Selenium drives them).
  packages+=(chromium chromium-driver)
fi
python3 -c "import ensurepip" 2>/dev/null || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
