#!/usr/bin/env bash
# `make run`: the desk application on the built-in virtual scanner when a screen is there,
# otherwise a headless demo of the same core on the bundled sample mail.
set -euo pipefail
venv=${1:-.venv}
export STATION_DATA_DIR=${STATION_DATA_DIR:-$PWD/.station-demo}
if [ -x "$venv/bin/scan-station" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec "$venv/bin/scan-station"
fi
if [ -x "$venv/bin/scan-station" ]; then
  echo "Kein Bildschirm gefunden (DISPLAY leer): starte die Demo ohne Oberfläche." >&2
fi
exec "$venv/bin/station" demo
