#!/usr/bin/env bash
# Bootstraps everything crdesk needs on a fresh Debian machine: system packages
# (CJK fonts, HarfBuzz subsetting for fast PDFs, pdftotext, pg_dump for backups, faketime for the clock runs of
# `make test-clock`, Chromium for the web front's browser tests), a virtualenv and the package.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

need_apt=()
# faketime: CI runs the suite with the machine clock moved. chromium: the web front's browser tests drive
# Debian's Chromium through Playwright (no browser download). postgresql-client-15: pg_dump for backups.
for pkg in fonts-noto-cjk libharfbuzz-subset0 poppler-utils libpango-1.0-0 libpangoft2-1.0-0 faketime chromium \
           postgresql-client-15; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing system packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
stamp="$VENV/.crdesk-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "bootstrap: installing crdesk and its packages into $VENV"
  "$VENV/bin/pip" install -q -e '.[test]'
  touch "$stamp"
fi
