#!/usr/bin/env bash
# `make deb`: build dist/scan-station_<version>_<arch>.deb with dpkg-deb, offline-installable.
#
# Why the Python environment is built here and not in postinst: scanner desks often have no route
# to a package index, and an install must give every desk exactly what CI tested. So the venv is
# made at build time, with the pinned dependencies, and shipped inside the package at its final
# path /opt/scan-station/venv. A venv is not relocatable by itself; three things name its path and
# are rewritten here: script shebangs, pyvenv.cfg and the activate scripts. Byte code is compiled
# with the final path embedded (compileall -s/-p) so it is shipped, owned by dpkg and removed with
# the package; the wrappers in /usr/bin set PYTHONDONTWRITEBYTECODE so nothing else appears there.
#
# Speed: the dependency venv is cached (DEB_CACHE, default ~/.cache/scan-station-deb, shared by all
# checkouts on the machine, guarded by flock) keyed by the pinned dependency list and the Python
# version; a rebuild copies it and only re-installs the project's own wheel.
#
# Environment: DEB_OUT (output dir, default dist/), DEB_VERSION (default: the project version),
# DEB_COMPRESS (dpkg-deb -Z type, default zstd), DEB_LEVEL (default 3), PYTHON (the Debian interpreter
# the desk runs: default /usr/bin/python3.11, never a developer's pyenv), PIP (default: the project
# venv's pip, which installs into the package venv through `pip --python`).
set -euo pipefail
unset PYTHONPATH  # a checkout on the path makes pip think the project is installed already and skip it
cd "$(dirname "$0")/.."
here=$PWD
PYTHON=${PYTHON:-/usr/bin/python3.11}
read -r -a PIP <<< "${PIP:-$here/.venv/bin/python -m pip}"
PREFIX=/opt/scan-station
VENV_DIR=$PREFIX/venv
pyver=$($PYTHON -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
version=${DEB_VERSION:-$($PYTHON -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')}
arch=$(dpkg --print-architecture)
out=${DEB_OUT:-$here/dist}
cache=${DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/scan-station-deb}
stage=$here/build/deb-root
mkdir -p "$cache" "$out" "$here/build"
# One build at a time per checkout (the package root and setuptools' build/ dir are shared).
exec 8>"$here/build/.deb-build.lock"
flock -x 8
exec 9>"$cache/.lock"
flock -x 9  # one builder at a time touches the cache (other checkouts may build concurrently)

say() { echo "build-deb: $*" >&2; }
t0=$(date +%s)

# --- 1. the dependency venv (cached) -------------------------------------------------------------
requirements=$(mktemp)
trap 'rm -f "$requirements"' EXIT
$PYTHON - > "$requirements" <<'EOF'
import tomllib
for dep in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]:
    print(dep)
EOF
cache_format=2  # bump when the way the dependency venv is made changes
key=$( (cat "$requirements"; $PYTHON -VV; echo "$VENV_DIR $cache_format") | sha1sum | cut -c1-12)
deps=$cache/venv-$key
# Environments of dependency sets nobody built with for a week go.
find "$cache" -mindepth 1 -maxdepth 1 -name 'venv-*' ! -name "venv-$key" -mtime +7 -exec rm -rf {} +
if [ ! -f "$deps/.complete" ]; then
  say "building the dependency environment (once per dependency set, about a minute)"
  rm -rf "$deps"
  $PYTHON -m venv --without-pip "$deps"
  # pip runs from the build venv but installs into the package venv (pip --python), so no pip
  # has to be bootstrapped in it first.
  "${PIP[@]}" --python "$deps/bin/python" install --quiet --disable-pip-version-check \
    --no-compile --no-warn-script-location -r "$requirements"
  "${PIP[@]}" --python "$deps/bin/python" freeze --all > "$deps/requirements.lock"
  # Leave out what a desk never runs: the libraries' own test suites and Qt's QML modules, headers
  # and code-generator inputs (the desk application is Qt Widgets). A third fewer files makes
  # install and removal on a desk that much faster. tests/installer imports every station and ui
  # module from the installed copy, so anything taken here that the station needs shows up there.
  dep_site=$(echo "$deps"/lib/python*/site-packages)
  for lib in numpy scipy sklearn joblib importlib_resources; do
    [ -d "$dep_site/$lib" ] && find "$dep_site/$lib" -depth -type d \( -name tests -o -name test \) -exec rm -rf {} +
  done
  rm -rf "$dep_site"/PySide6/Qt/qml "$dep_site"/PySide6/include "$dep_site"/PySide6/typesystems \
    "$dep_site"/PySide6/scripts/deploy_lib
  # Byte code with the final path inside (tracebacks at the desk name /opt/..., not the build dir).
  "$deps/bin/python" -m compileall -q -j 0 -x '\.tmpl\.py$' -s "$deps" -p "$VENV_DIR" "$deps/lib" >/dev/null
  touch "$deps/.complete"
fi

# --- 2. the package root ---------------------------------------------------------------------------
rm -rf "$stage"
mkdir -p "$stage$PREFIX"
touch "$deps"
# A real copy, not hard links: other checkouts copy from the same cache while dpkg-deb reads this
# tree, and every new link changes a shared inode's ctime, which tar reports as "file changed".
cp -a "$deps" "$stage$VENV_DIR"
flock -u 9
rm -f "$stage$VENV_DIR/.complete" "$stage$VENV_DIR/requirements.lock"
root_venv=$stage$VENV_DIR
site=$root_venv/lib/python$pyver/site-packages

say "building the project wheel"
wheels=$here/build/deb-wheel
rm -rf "$wheels"
"${PIP[@]}" wheel --quiet --disable-pip-version-check --no-deps -w "$wheels" . >/dev/null
rm -rf build/lib build/bdist.* 2>/dev/null || true
"${PIP[@]}" --python "$root_venv/bin/python" install --quiet --disable-pip-version-check \
  --no-deps --no-compile --no-warn-script-location "$wheels"/*.whl
# Resources are found next to the station package (station.config.RESOURCES = <site>/resources).
cp -r resources "$site/resources"
find "$site/resources" -name '*.ts' -delete
rm -rf "$site/resources"/dev_letters_*  # development letters the field finders were tuned on: not for the desk
"$root_venv/bin/python" -m compileall -q -j 0 -s "$root_venv" -p "$VENV_DIR" "$site/station" "$site/ui" >/dev/null

# Relocate: every text file under bin/ and pyvenv.cfg that names the build path gets the final one.
# sed -i writes a new file, so the hard-linked cache is never changed.
for f in "$root_venv"/bin/* "$root_venv/pyvenv.cfg"; do
  [ -f "$f" ] && [ ! -L "$f" ] || continue
  if grep -Iq . "$f" 2>/dev/null && grep -qE "$deps|$root_venv" "$f"; then
    sed -i -e "s#$root_venv#$VENV_DIR#g" -e "s#$deps#$VENV_DIR#g" "$f"
  fi
done
if grep -rIlE "$deps|$root_venv" "$root_venv/bin" "$root_venv/pyvenv.cfg" 2>/dev/null; then
  say "build paths left in the venv (see above)"; exit 1
fi

# Everything else the package installs.
install -D -m 0755 installer/debian/station.wrapper "$stage/usr/bin/station"
install -D -m 0755 installer/debian/scan-station.wrapper "$stage/usr/bin/scan-station"
install -D -m 0755 installer/debian/add-desk-user "$stage/usr/sbin/scan-station-add-desk-user"
install -D -m 0644 installer/scan-station.desktop "$stage/usr/share/applications/scan-station.desktop"
icon=installer/scan-station.svg
[ -f resources/icons/scan-station.svg ] && icon=resources/icons/scan-station.svg
install -D -m 0644 "$icon" "$stage/usr/share/icons/hicolor/scalable/apps/scan-station.svg"
install -D -m 0644 installer/systemd/scan-station-sync.service "$stage/usr/lib/systemd/user/scan-station-sync.service"
install -D -m 0644 installer/systemd/scan-station-hotfolder.service "$stage/usr/lib/systemd/user/scan-station-hotfolder.service"
install -D -m 0644 installer/config.example.toml "$stage/etc/scan-station/config.toml"
install -D -m 0644 installer/README.Debian.md "$stage/usr/share/doc/scan-station/README.Debian"
install -D -m 0644 "$deps/requirements.lock" "$stage/usr/share/doc/scan-station/requirements.lock"
install -D -m 0644 installer/debian/copyright "$stage/usr/share/doc/scan-station/copyright"

# --- 3. control files ------------------------------------------------------------------------------
mkdir -p "$stage/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@PYVER@/$pyver/g" \
  installer/debian/control.in > "$stage/DEBIAN/control"
for script in postinst prerm postrm; do
  install -m 0755 "installer/debian/$script" "$stage/DEBIAN/$script"
done
echo /etc/scan-station/config.toml > "$stage/DEBIAN/conffiles"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's# \./# #') \
  > "$stage/DEBIAN/md5sums"

# --- 4. the archive --------------------------------------------------------------------------------
deb=$out/scan-station_${version}_${arch}.deb
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-zstd}" -z"${DEB_LEVEL:-3}" --build "$stage" "$deb" >/dev/null
say "$deb ($(du -h "$deb" | cut -f1), $(( $(date +%s) - t0 )) s)"
echo "$deb"
