"""Write the operator's settings back into their ``config.toml`` (the file ``station.config`` reads).

The file is edited, not replaced: keys the dialog does not show stay as they are (comments too),
and only what the operator changed from the value in effect is written, so the admin's
``/etc/scan-station/config.toml`` keeps authority over everything the operator left alone. The
admin can lock parts (``locked = ["central", "profiles"]`` in the ``/etc`` file); locked parts are
read-only in the dialog and never written here. The file is private (0600): it may name
the central store and its login.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import asdict
from pathlib import Path
from typing import Any

import platformdirs
import tomlkit

from station import config
from station.config import APP, Settings, ensure_private_dir

DIALOG_KEYS = ("language", "scanner", "profile", "profiles", "buttons", "blank_sensitivity", "hotfolder", "central")
LOCKABLE = ("central", "profiles")


def user_config_path() -> Path:
    if os.environ.get("STATION_CONFIG"):
        return Path(os.environ["STATION_CONFIG"])
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def admin_locks(path: Path | None = None) -> set[str]:
    """The parts the admin's ``/etc`` file locks for operators (read from that file only: a lock in
    the operator's own file would be theirs to lift)."""
    path = path or config.SYSTEM_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return set()
    return {str(x) for x in data.get("locked", []) if str(x) in LOCKABLE}


def changes(before: Settings, after: Settings, locked: set[str] = frozenset()) -> dict[str, Any]:
    """The dialog's keys whose value the operator changed (a changed table: only its changed keys)."""
    old, new = asdict(before), asdict(after)
    out: dict[str, Any] = {}
    for key in DIALOG_KEYS:
        if key in locked or old[key] == new[key]:
            continue
        if isinstance(new[key], dict) and key == "central":
            out[key] = {k: v for k, v in new[key].items() if old[key].get(k) != v}
        else:
            out[key] = new[key]
    return out


def merged_toml(text: str, changed: dict[str, Any]) -> str:
    """``text`` (the user's file) with ``changed`` written into it; everything else kept."""
    doc = tomlkit.parse(text)
    for key, value in changed.items():
        if key == "profiles":
            tables = tomlkit.aot()
            for profile in value:
                tables.append(_table(profile))
            doc[key] = tables
        elif isinstance(value, dict):
            table = doc.get(key)
            if table is None or not isinstance(table, dict):
                table = tomlkit.table()
                doc[key] = table
            if key == "buttons":  # the mapping as a whole: a button set to nothing is gone
                for old in [k for k in table if k not in value]:
                    del table[old]
            for k, v in value.items():
                table[k] = v
        else:
            doc[key] = value
    return tomlkit.dumps(doc)


def _table(values: dict[str, Any]) -> Any:
    table = tomlkit.table()
    for k, v in values.items():
        table[k] = v
    return table


def save_settings(settings: Settings, path: Path | None = None, before: Settings | None = None) -> Path:
    """Write what changed from ``before`` (the settings in effect) into the user's file, atomically.
    Without ``before`` every dialog key is written (a fresh file from a known state)."""
    path = path or user_config_path()
    locked = admin_locks()
    changed = changes(before, settings, locked) if before is not None else {
        k: v for k, v in asdict(settings).items() if k in DIALOG_KEYS and k not in locked}
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(merged_toml(text, changed))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
