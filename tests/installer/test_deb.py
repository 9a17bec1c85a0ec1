"""The Debian package an IT admin rolls out to scanner desks: built, inspected, installed, removed.

The package is built once per test session with the real `installer/build-deb.sh` (dpkg-deb). The
install round trip really runs `dpkg -i` on this machine (CI machines are disposable) and cleans up
after itself: it is skipped when a scan-station package is already installed here, so it never
replaces an admin's installation, and it is serialised across checkouts by a lock file.
"""

from __future__ import annotations

import configparser
import fcntl
import json
import os
import re
import shutil
import subprocess
import time
import tomllib
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from station.config import CentralSettings, Settings

# Building (a cold cache makes the bundled environment first) and a dpkg round trip on a machine busy
# with other suites can take minutes; pytest-timeout killing dpkg midway would leave a half-installed
# package behind, so these tests get a generous limit of their own.
pytestmark = pytest.mark.timeout(900)

REPO = Path(__file__).resolve().parents[2]
PREFIX = Path("/opt/scan-station")
LOCK = Path("/tmp/scan-station-deb-test.lock")
OURS = Path("/tmp/scan-station-deb-test.installed")  # exists while a test's installation is on the machine


def sh(*cmd: str, check: bool = True, env: dict[str, str] | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run a command outside the checkout (so `python -c` cannot import the repository's copy)."""
    out = subprocess.run(list(cmd), capture_output=True, text=True, env=env, timeout=timeout, cwd="/")
    if check and out.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return out


@pytest.fixture(scope="session")
def deb(tmp_path_factory) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.fail("dpkg-deb missing: run `make test`, which installs dpkg-dev")
    out = tmp_path_factory.mktemp("deb")
    env = {**os.environ, "DEB_OUT": str(out), "DEB_LEVEL": "1"}
    result = sh("bash", str(REPO / "installer" / "build-deb.sh"), env=env, timeout=280)
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path.is_file() and path.parent == out
    return path


@pytest.fixture(scope="session")
def listing(deb) -> dict[str, str]:
    """Path (without the leading '.') -> the `dpkg-deb -c` line for it."""
    entries = {}
    for line in sh("dpkg-deb", "-c", str(deb)).stdout.splitlines():
        name = line.split(" ./", 1)[1].split(" -> ", 1)[0].rstrip("/")
        entries["/" + name] = line
    return entries


def field(deb: Path, name: str) -> str:
    return sh("dpkg-deb", "-f", str(deb), name).stdout.strip()


def test_control_fields_name_the_package_and_its_system_dependencies(deb):
    assert field(deb, "Package") == "scan-station"
    assert field(deb, "Version") == tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert field(deb, "Architecture") == sh("dpkg", "--print-architecture").stdout.strip()
    depends = {d.strip() for d in field(deb, "Depends").split(",")}
    for needed in ("python3.11", "tesseract-ocr", "tesseract-ocr-deu", "libsane1", "libegl1", "libxkbcommon0", "libxcb-cursor0"):
        assert needed in depends
    assert "fonts-dejavu-core | fonts-liberation2" in depends
    assert int(field(deb, "Installed-Size")) > 100_000  # the bundled environment really is inside
    info = sh("dpkg-deb", "-I", str(deb)).stdout
    assert "postinst" in info and "postrm" in info and "conffiles" in info
    assert sh("dpkg-deb", "-I", str(deb), "conffiles").stdout.split() == ["/etc/scan-station/config.toml"]


def test_contents_are_the_environment_commands_menu_entry_and_units(listing):
    for path in (
        "/opt/scan-station/venv/bin/station",
        "/opt/scan-station/venv/pyvenv.cfg",
        "/usr/bin/station",
        "/usr/bin/scan-station",
        "/usr/sbin/scan-station-add-desk-user",
        "/usr/share/applications/scan-station.desktop",
        "/usr/share/icons/hicolor/scalable/apps/scan-station.svg",
        "/usr/lib/systemd/user/scan-station-sync.service",
        "/usr/lib/systemd/user/scan-station-hotfolder.service",
        "/etc/scan-station/config.toml",
        "/usr/share/doc/scan-station/README.Debian",
        "/usr/share/doc/scan-station/requirements.lock",
    ):
        assert path in listing, path
    site = "/opt/scan-station/venv/lib/python3.11/site-packages"
    assert f"{site}/station/doctor/__init__.py" in listing
    assert f"{site}/resources/taxonomy.toml" in listing  # station.config.RESOURCES resolves here
    assert any(p.startswith(f"{site}/station/__pycache__/") and p.endswith(".pyc") for p in listing)
    assert all(" root/root " in line for line in listing.values())
    assert all(str(REPO) not in p and "/home/" not in p for p in listing)


def test_menu_entry_starts_the_desk_application_under_its_german_name(listing):
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(REPO / "installer" / "scan-station.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name"] == "Scanstation" and desktop["Exec"] == "scan-station"
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert f"/usr/share/icons/hicolor/scalable/apps/{desktop['Icon']}.svg" in listing


def test_user_units_run_the_station_commands():
    sync = (REPO / "installer/systemd/scan-station-sync.service").read_text()
    hot = (REPO / "installer/systemd/scan-station-hotfolder.service").read_text()
    assert "ExecStart=/usr/bin/station sync --watch" in sync
    assert "ExecStart=/usr/bin/station watch" in hot
    assert all("WantedBy=default.target" in u and "UMask=0077" in u for u in (sync, hot))


def uncommented_example() -> str:
    """The example config with every example setting switched on ('#key = ...' and '#[table]' lines)."""
    text = (REPO / "installer" / "config.example.toml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^#(?=\[|[a-z_]+ = )", "", text)


def test_example_config_loads_as_it_ships_and_with_every_example_switched_on(tmp_path, monkeypatch):
    from station.config import load_settings

    shipped = tmp_path / "shipped.toml"
    shipped.write_text((REPO / "installer" / "config.example.toml").read_text())
    assert tomllib.loads(shipped.read_text()) == {}  # as shipped, it changes nothing
    example = tmp_path / "example.toml"
    example.write_text(uncommented_example())
    monkeypatch.setenv("STATION_CONFIG", str(example))
    settings = load_settings()  # an unknown or mistyped key would raise ConfigError
    assert settings.central.sslmode == "verify-full" and settings.own_ibans


# What an admin must be able to look up in the shipped example (issue #8), and everything else known
# today; every other setting must be documented there too.
ADMIN_SETTINGS = {"station_id", "scanner", "hotfolder", "own_ibans", "own_phone_numbers", "retention_days",
                  "log_target", "log_personal_data"} | {f"central.{f.name}" for f in fields(CentralSettings)}


def test_example_config_documents_every_setting():
    data = tomllib.loads(uncommented_example())
    documented = set(data) | {f"central.{k}" for k in data.get("central", {})}
    assert "data_dir" in (REPO / "installer" / "config.example.toml").read_text()
    missing = ADMIN_SETTINGS - documented
    assert not missing, f"settings missing from installer/config.example.toml: {sorted(missing)}"
    newer = {f.name for f in fields(Settings)} - documented - {"profiles", "data_dir", "central"}
    assert not newer, f"installer/config.example.toml does not document: {sorted(newer)}"


# --------------------------------------------------------------------------------------------------
# The install round trip: dpkg -i, station doctor from the installed copy, upgrade, dpkg -r, purge.


@pytest.fixture
def machine_lock() -> Iterator[None]:
    with LOCK.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def dpkg(*args: str) -> subprocess.CompletedProcess[str]:
    """dpkg, waiting (bounded) while apt or another dpkg holds the package database lock."""
    for _ in range(60):
        out = sh("dpkg", *args, check=False, timeout=280)
        if out.returncode == 0 or "lock" not in out.stderr:
            break
        time.sleep(2)
    if out.returncode != 0:
        raise AssertionError(f"dpkg {' '.join(args)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return out


def purge(deb: Path) -> None:
    """Purge the package, also from the half-installed state a killed dpkg leaves (dpkg then wants a
    reinstall before it removes anything)."""
    out = sh("dpkg", "-P", "scan-station", check=False, timeout=280)
    if out.returncode != 0 and "reinstall" in out.stderr:
        dpkg("--force-unsafe-io", "-i", str(deb))
        out = sh("dpkg", "-P", "scan-station", check=False, timeout=280)
    if out.returncode != 0 and "lock" in out.stderr:
        dpkg("-P", "scan-station")
    elif out.returncode != 0:
        raise AssertionError(f"dpkg -P scan-station failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")


def installed() -> bool:
    out = sh("dpkg-query", "-W", "-f=${Status}", "scan-station", check=False)
    return out.returncode == 0 and "installed" in out.stdout and "not-installed" not in out.stdout


def desk_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """What a desk user's session looks like: own data dir, SANE test scanners, no developer venv."""
    sane = tmp_path / "sane"
    sane.mkdir(exist_ok=True)
    (sane / "dll.conf").write_text("test\n")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "STATION_CONFIG")}
    env.update(
        PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        STATION_DATA_DIR=str(tmp_path / "desk-data"),
        SANE_CONFIG_DIR=str(sane),
        STATION_LANG="de",
        **extra,
    )
    return env


# Native code a desk loads: Python extension modules and the libraries bundled with them, and the
# Qt platform plugins for X11 and Wayland sessions (other Qt plugins, e.g. SQL drivers, are optional).
def loaded_natively(path: str) -> bool:
    if "/Qt/plugins/" in path:
        return "/platforms/libqxcb" in path or "/platforms/libqwayland" in path or "/xcbglintegrations/" in path
    return True


def system_libraries(root: Path) -> tuple[set[str], set[str]]:
    """(system library paths the package's native code links against, names ldd could not find)."""
    files = [str(p) for p in root.rglob("*.so*") if p.is_file() and loaded_natively(str(p))]
    found, missing = set(), set()
    for i in range(0, len(files), 200):
        out = sh("ldd", *files[i : i + 200], check=False).stdout
        for line in out.splitlines():
            if "=> not found" in line:
                name = line.split()[0]
                if not re.search(r"-[0-9a-f]{8}\.so", name):  # auditwheel-bundled names resolve by RPATH at run time
                    missing.add(name)
            elif "=> /" in line:
                lib = line.split("=>")[1].split("(")[0].strip()
                if not lib.startswith(str(root)):
                    found.add(lib)
    return found, missing


def owning_packages(paths: set[str]) -> set[str]:
    """The Debian packages that ship these files (merged /usr: a file may be known under either path)."""
    variants = {}
    for path in paths:
        real = os.path.realpath(path)
        variants[path] = {path, real, re.sub(r"^/lib", "/usr/lib", real), re.sub(r"^/usr/lib", "/lib", real)}
    out = sh("dpkg", "-S", *sorted(set().union(*variants.values())), check=False).stdout
    owner = {}
    for line in out.splitlines():
        if ": /" in line:
            packages, file = line.split(": ", 1)
            owner[file.strip()] = packages.split(",")[0].split(":")[0].strip()
    return {next((owner[v] for v in vs if v in owner), f"?{path}") for path, vs in variants.items()}


def dependency_closure(roots: list[str]) -> set[str]:
    """Every installed package the given relations pull in (alternatives: every installed one)."""
    out = sh("dpkg-query", "-W", "-f=${Package}\t${Depends}, ${Pre-Depends}\t${Provides}\n").stdout
    depends, providers = {}, {}
    for line in out.splitlines():
        name, deps, provides = (line.split("\t") + ["", ""])[:3]
        depends[name] = [d for d in re.split(r"[,|]", deps) if d.strip()]
        for virtual in re.split(r",", provides):
            if virtual.strip():
                providers.setdefault(virtual.split("(")[0].strip(), []).append(name)
    seen: set[str] = set()
    todo = [re.split(r"[\s(:]", r.strip())[0] for rel in roots for r in rel.split("|")]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for real in [name, *providers.get(name, [])]:
            todo += [re.split(r"[\s(:]", d.strip())[0] for d in depends.get(real, [])]
    return seen


IMPORT_ALL = """
import importlib, pkgutil, station, ui
names = [m.name for pkg in (station, ui) for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")
         if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
from PySide6.QtWidgets import QApplication
app = QApplication([])
print("imported", len(names))
"""


@pytest.mark.slow
def test_install_doctor_upgrade_remove_purge(deb, listing, tmp_path, machine_lock):
    if os.geteuid() != 0:
        pytest.skip("dpkg -i needs root (CI runs as root)")
    if installed() and OURS.exists():
        purge(deb)  # left behind by a test run that was killed
    if installed():
        pytest.skip("a scan-station package is installed on this machine; not touching it")
    data = tmp_path / "desk-data"
    env = desk_env(tmp_path)
    OURS.touch()
    try:
        dpkg("--force-unsafe-io", "-i", str(deb))
        assert installed()
        assert shutil.which("station", path=env["PATH"]) == "/usr/bin/station"

        # The installed copy runs from its own environment and reports a healthy desk.
        doctor = sh("/usr/bin/station", "doctor", "--timeout", "5", env=env, check=False)
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        assert "✓ Texterkennung (Tesseract, Deutsch)" in doctor.stdout
        assert "✓ Scanner (SANE): Gefunden: test:0" in doctor.stdout
        probe = sh("/opt/scan-station/venv/bin/python", "-c", "import station, sys; print(station.__file__, sys.prefix)", env=env)
        assert probe.stdout.split() == [
            "/opt/scan-station/venv/lib/python3.11/site-packages/station/__init__.py",
            "/opt/scan-station/venv",
        ]

        # Every module of the core and the desk application imports from the installed copy (nothing
        # the build left out is needed), and Qt starts with the bundled libraries.
        imports = sh("/opt/scan-station/venv/bin/python", "-c", IMPORT_ALL, env={**env, "QT_QPA_PLATFORM": "offscreen"})
        assert "imported" in imports.stdout, imports.stdout + imports.stderr

        # Every system library the native code links against comes from a declared dependency (or
        # one of theirs): a desk that installs only what the package declares can run it.
        libs, missing = system_libraries(PREFIX)
        assert not missing, f"libraries nobody provides: {sorted(missing)}"
        closure = dependency_closure(field(deb, "Depends").split(","))
        undeclared = owning_packages(libs) - closure
        assert not undeclared, f"packages the station links against but does not declare: {sorted(undeclared)}"

        # A broken desk: no German OCR data -> red line, German fix, non-zero exit.
        empty = tmp_path / "tessdata"
        empty.mkdir()
        broken = sh("/usr/bin/station", "doctor", "--timeout", "5", env={**env, "TESSDATA_PREFIX": str(empty)}, check=False)
        assert broken.returncode == 1
        assert "✗ Texterkennung" in broken.stdout and "apt install tesseract-ocr-deu" in broken.stdout

        # The admin gives a desk user the scanner: group membership, remembered for reinstalls.
        user = f"deskuser{os.getpid() % 100000}"
        sh("useradd", "--no-create-home", user)
        try:
            added = sh("/usr/sbin/scan-station-add-desk-user", user)
            assert "Gruppe scanner" in added.stdout
            assert "scanner" in sh("id", "-nG", user).stdout.split()
            assert user in Path("/etc/scan-station/desk-users").read_text().split()
        finally:
            sh("userdel", user, check=False)

        # The user units are valid systemd units pointing at the installed command.
        verify = sh("systemd-analyze", "verify", "--user", "/usr/lib/systemd/user/scan-station-sync.service",
                    "/usr/lib/systemd/user/scan-station-hotfolder.service", check=False)
        assert "ExecStart" not in verify.stderr and "not executable" not in verify.stderr, verify.stderr

        # A desk user with local data and an admin who edited the configuration...
        sh("/opt/scan-station/venv/bin/python", "-c",
           "from station.store import Store\n"
           "with Store.open() as s:\n"
           "    s.close_batch(s.create_batch())", env=env)
        config = Path("/etc/scan-station/config.toml")
        config.write_text(config.read_text() + '\nstation_id = "poststelle-test"\n')

        # ...upgrade (reinstall): data and edited conffile stay, the store still opens and is healthy.
        dpkg("--force-unsafe-io", "--force-confold", "-i", str(deb))
        assert 'station_id = "poststelle-test"' in config.read_text()
        after = {r["check"]: r for r in json.loads(sh("/usr/bin/station", "doctor", "--json", env=env, check=False).stdout)}
        assert after["store"]["status"] == "ok"
        assert after["unsynced"]["status"] == "ok" and "1 Stapel offen" in after["unsynced"]["detail"]

        # Remove: program gone, configuration and data kept.
        dpkg("-r", "scan-station")
        leftovers = [p for p in listing if p != "/etc/scan-station/config.toml"
                     and not listing[p].startswith("d") and os.path.lexists(p)]
        assert leftovers == []
        assert not PREFIX.exists() and not Path("/usr/bin/station").exists()
        assert config.is_file()
        assert (data / "store" / "station.db").is_file()

        # Purge: configuration gone too (documented), the user's data still there.
        dpkg("-P", "scan-station")
        assert not Path("/etc/scan-station").exists()
        assert (data / "store" / "station.db").is_file()
    finally:
        if installed() or sh("dpkg-query", "-W", "scan-station", check=False).returncode == 0:
            purge(deb)
        OURS.unlink(missing_ok=True)
