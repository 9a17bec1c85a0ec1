#!/usr/bin/env bash
# Installs the Debian packages the station, its tests and its tools need; only the missing ones,
# so re-running is fast. Used by every make target.
set -euo pipefail
packages=(
  python3 python3-venv python3-dev gcc
  tesseract-ocr tesseract-ocr-deu
  libsane1 sane-utils libsane-dev libtiff6
  poppler-utils qpdf ghostscript libzbar0
  postgresql
  xvfb xauth fonts-liberation2 fonts-dejavu-core
  fonts-urw-base35 fonts-freefont-ttf  # office typefaces for the rendered evaluation pages
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  dpkg-dev fakeroot
  ocrmypdf  # make bench only: the reference the page pipeline is measured against
  pngquant  # make bench only: ocrmypdf --optimize 2 needs it (archive section)
  chromium  # tests/inbox: the browser tests drive the system browser (Playwright downloads none)
)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Please run as root: apt-get install ${missing[*]}" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
