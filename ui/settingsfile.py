"""Write the operator's settings back to their ``config.toml`` (the file ``station.config`` reads).

Only the keys the settings dialog edits are written, so an admin's ``/etc`` file keeps authority
over everything else. The file is private (0600): it names the central store and its login.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import platformdirs

from station.config import APP, Settings, ensure_private_dir

DIALOG_KEYS = ("language", "scanner", "profile", "profiles", "buttons", "blank_sensitivity", "hotfolder", "central")


def user_config_path() -> Path:
    if os.environ.get("STATION_CONFIG"):
        return Path(os.environ["STATION_CONFIG"])
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def to_toml(settings: Settings) -> str:
    data = asdict(settings)
    lines: list[str] = []
    tables: list[str] = []
    for key in DIALOG_KEYS:
        value = data[key]
        if key == "profiles":
            for profile in value:
                tables.append("\n[[profiles]]")
                tables.extend(f"{k} = {_value(v)}" for k, v in profile.items())
        elif isinstance(value, dict):
            tables.append(f"\n[{key}]")
            tables.extend(f"{json.dumps(k)} = {_value(v)}" for k, v in value.items())
        else:
            lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines + tables) + "\n"


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Atomically replace the user's settings file with the dialog's keys."""
    path = path or user_config_path()
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(to_toml(settings))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
