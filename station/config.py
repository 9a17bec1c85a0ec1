"""Settings (TOML) and paths: the only place that knows where things live.

Lookup order, later wins: built-in defaults, ``/etc/scan-station/config.toml`` (the admin's),
the user's ``config.toml`` (platformdirs), then the file named by ``STATION_CONFIG``.
``STATION_DATA_DIR`` moves all local data (tests and demos use it). Nothing else reads the
environment or hard-codes a path.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import platformdirs

from station.errors import ConfigError

APP = "scan-station"
SYSTEM_CONFIG = Path("/etc/scan-station/config.toml")
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


@dataclass
class ScanProfile:
    name: str = "Briefe s/w duplex"
    source: str = "ADF Duplex"  # Flatbed | ADF Front | ADF Duplex
    mode: str = "Lineart"  # Color | Gray | Lineart
    resolution: int = 300
    page_size: str = "A4"  # A4, A5, A3, Letter, Legal, "max" (whole scan area) or "WIDTHxHEIGHT" in mm
    brightness: float = 0.0  # percent -100..100, mapped onto the backend's own range; 0 = device default
    contrast: float = 0.0
    registered: bool = False  # registered mail (Einschreiben): each document's first page is its envelope/label


@dataclass
class CentralSettings:
    host: str = ""  # empty: no central store configured, the station works offline
    port: int = 5432
    dbname: str = "scanstation"
    user: str = ""
    password_file: str = ""
    sslmode: str = "verify-full"  # local sockets / loopback may use "disable"
    sslrootcert: str = ""
    sslcert: str = ""
    sslkey: str = ""
    max_clock_drift_s: float = 5.0
    warn_unsynced_age_min: float = 60.0


@dataclass
class Settings:
    station_id: str = "desk-1"
    operator: str = ""
    language: str = "de"
    data_dir: str = ""  # empty: platformdirs user data dir
    scanner: str = "virtual"  # SANE device name or "virtual"
    profile: str = "Briefe s/w duplex"
    profiles: list[ScanProfile] = field(
        default_factory=lambda: [
            ScanProfile(),
            ScanProfile(name="Briefe grau duplex", mode="Gray"),
            ScanProfile(name="Farbe einseitig", source="ADF Front", mode="Color"),
            # a stack of registered letters, each with its envelope/label first (issue #19)
            ScanProfile(name="Einschreiben s/w duplex", registered=True),
        ]
    )
    buttons: dict[str, str] = field(default_factory=lambda: {"scan": "Briefe s/w duplex"})
    blank_sensitivity: float = 0.5  # 0 = only perfectly white pages are blank, 1 = aggressive
    workers: int = 0  # page processes; 0 = one per core
    hotfolder: str = ""
    virtual_scanner_dir: str = ""  # empty: bundled sample mail
    virtual_scanner_ipm: float = 0.0  # images/minute; 0 = as fast as possible
    virtual_scanner_faults: str = ""  # fault injection, e.g. "jammed@5, gone@12, cover_open@3" (before image N)
    own_ibans: list[str] = field(default_factory=list)  # the operator's receiving accounts
    own_phone_numbers: list[str] = field(default_factory=list)  # hotline/fax numbers to ignore
    retention_days: int = 90
    log_target: str = "auto"  # auto (journal when run by systemd, else file) | journal | file
    log_personal_data: bool = False  # with --debug only: let field values into the log (support cases)
    central: CentralSettings = field(default_factory=CentralSettings)
    max_page_size: str = "A3"  # largest page a file may hold: A5..A3, Letter, Legal, Tabloid or "WIDTHxHEIGHT" mm
    max_pages_per_file: int = 500  # a longer file (fax, PDF) is refused before any page is decoded
    hotfolder_complete: str = "quiet"  # quiet | rename | done-marker: when a fax file counts as complete
    hotfolder_quiet_seconds: float = 2.0  # size and mtime unchanged this long (every rule waits for it)
    max_delivery_backdate_days: int = 7  # how far back an operator may date a batch's delivery (with a reason)
    locked: list[str] = field(default_factory=list)  # admin's /etc file: parts operators may not change ("central", "profiles")

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else Path(platformdirs.user_data_dir(APP))

    def profile_named(self, name: str) -> ScanProfile:
        for p in self.profiles:
            if p.name == name:
                return p
        raise ConfigError(
            f"Scanprofil „{name}“ ist nicht eingerichtet.",
            f"Scan profile '{name}' is not configured.",
        )


def _merge(obj: Any, data: dict[str, Any], origin: str) -> None:
    """Overlay a TOML table onto a settings dataclass, rejecting unknown keys loudly."""
    known = {f.name: f for f in fields(obj)}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(
                f"Unbekannte Einstellung „{key}“ in {origin}.",
                f"Unknown setting '{key}' in {origin}.",
            )
        current = getattr(obj, key)
        if is_dataclass(current) and isinstance(value, dict):
            _merge(current, value, origin)
        elif key == "profiles" and isinstance(value, list):
            setattr(obj, key, [ScanProfile(**p) for p in value])
        else:
            setattr(obj, key, value)


def _without_locked(data: dict[str, Any], locked: set[str], path: Path) -> dict[str, Any]:
    """An operator's file cannot lift the admin's lock: keys the ``/etc`` file locks (and ``locked``
    itself) are ignored there, with a warning naming the key, so a locked central connection or
    profile list holds whatever a user's file says."""
    ignored = sorted(k for k in data if k in locked or k == "locked")
    if ignored:
        logging.getLogger(__name__).warning(
            "settings %s in %s ignored: locked by %s", ", ".join(ignored), path, SYSTEM_CONFIG)
    return {k: v for k, v in data.items() if k not in ignored}


def config_files() -> list[Path]:
    files = [SYSTEM_CONFIG, Path(platformdirs.user_config_dir(APP)) / "config.toml"]
    if os.environ.get("STATION_CONFIG"):
        files.append(Path(os.environ["STATION_CONFIG"]))
    return files


def load_settings(extra: Path | None = None) -> Settings:
    """Read the settings in lookup order; a broken file is a ConfigError, never a silent default."""
    settings = Settings()
    locked: set[str] = set()
    for path in [*config_files(), *([extra] if extra else [])]:
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ConfigError(
                f"Einstellungsdatei {path} ist fehlerhaft: {exc}",
                f"Settings file {path} is invalid: {exc}",
            ) from exc
        if path == SYSTEM_CONFIG:
            locked = {str(x) for x in data.get("locked", [])}
        else:
            data = _without_locked(data, locked, path)
        _merge(settings, data, str(path))
    if os.environ.get("STATION_DATA_DIR"):
        settings.data_dir = os.environ["STATION_DATA_DIR"]
    return settings


def ensure_private_dir(path: Path) -> Path:
    """Create a directory readable by the station user only (customer data is personal data)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path
