"""Logging set-up: structured records to the systemd journal or to a private rotating file.

Customer data is personal data. Modules log ids, counts and timings, never document text or field
values at info level. As a safety net every record passes a redaction filter that masks anything
shaped like an IBAN, a phone number or a customer number, also at debug level, unless the setting
``log_personal_data`` is on *and* the process runs with ``--debug`` (support, on the admin's word).

Where records go:
- the journal (native protocol, no extra library) when the station runs under systemd or the
  setting ``log_target = "journal"`` asks for it;
- otherwise ``<data dir>/logs/station.log``: JSON lines, rotated, directory 0700 and files 0600;
- warnings and errors also to stderr, for the person at the terminal (not for a service, whose
  stderr is the journal already).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
import socket
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from station.config import ensure_private_dir

JOURNAL_SOCKET = "/run/systemd/journal/socket"
LOG_FILE_BYTES = 5 * 1024 * 1024
LOG_FILE_COUNT = 5
IDENTIFIER = "scan-station"
_MARK = "_station_handler"  # attribute on handlers we own, so set-up can be repeated cleanly

# Keys of LogRecord itself; anything else in record.__dict__ came from ``extra=`` and is structure.
_RECORD_KEYS = set(vars(logging.LogRecord("x", 0, "", 0, "", None, None))) | {"message", "asctime"}

# What personal data looks like in free text. Deliberately greedy: a masked id in a log line costs
# a support engineer a minute, a leaked IBAN costs the company a GDPR report.
_PROTECT = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"  # UUIDs (our ids)
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"  # ISO dates
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
_NUMBERISH = re.compile(r"(?<![\w.])\+?\(?\d(?:[\d \-/()]{4,}\d)(?![\w]|\.\d)")
_MIN_DIGITS = 6
REDACTED = "[…]"


def redact(text: str) -> str:
    """Mask IBAN-, phone- and customer-number-shaped parts of a text; keep UUIDs and ISO dates."""
    kept: list[str] = []

    def protect(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    out = _PROTECT.sub(protect, text)
    out = _IBAN.sub(REDACTED, out)

    def numbers(m: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in m.group(0))
        return REDACTED if digits >= _MIN_DIGITS else m.group(0)

    out = _NUMBERISH.sub(numbers, out)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], out)


class RedactFilter(logging.Filter):
    """Replace a record's message (and string extras) by their redacted form, unless allowed."""

    def __init__(self, allow_personal_data: bool = False) -> None:
        super().__init__()
        self.allow = allow_personal_data

    def filter(self, record: logging.LogRecord) -> bool:
        if self.allow and record.levelno <= logging.DEBUG:
            return True
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None  # the redacted exc_text stands in for it
        for key, value in list(vars(record).items()):
            if key not in _RECORD_KEYS and isinstance(value, str):
                setattr(record, key, redact(value))
        return True


def structured_extras(record: logging.LogRecord) -> dict[str, Any]:
    """The ``extra={...}`` fields of a record (batch_id, pages, seconds, ...)."""
    return {k: v for k, v in vars(record).items() if k not in _RECORD_KEYS and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: easy to grep, easy to ship, unambiguous."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,
        }
        for key, value in structured_extras(record).items():
            entry[key] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
        if record.exc_text or record.exc_info:
            entry["exc"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files are created 0600 whatever the umask."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding or "utf-8")


_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}


def journal_fields(record: logging.LogRecord, message: str) -> dict[str, str]:
    """Journal fields for a record: MESSAGE, PRIORITY, the logger and the structured extras."""
    fields = {
        "MESSAGE": message,
        "PRIORITY": str(_PRIORITY.get(record.levelno, 6)),
        "SYSLOG_IDENTIFIER": IDENTIFIER,
        "LOGGER": record.name,
        "CODE_FILE": record.pathname,
        "CODE_LINE": str(record.lineno),
        "CODE_FUNC": record.funcName,
    }
    for key, value in structured_extras(record).items():
        name = re.sub(r"[^A-Z0-9_]", "_", key.upper()).lstrip("_") or "EXTRA"
        fields[f"STATION_{name}"] = str(value)
    return fields


def encode_journal(fields: dict[str, str]) -> bytes:
    """systemd's native journal protocol: KEY=value lines, or KEY, length and bytes for multi-line values."""
    out = bytearray()
    for key, value in fields.items():
        data = value.encode("utf-8", "replace")
        if b"\n" in data:
            out += key.encode() + b"\n" + len(data).to_bytes(8, "little") + data + b"\n"
        else:
            out += key.encode() + b"=" + data + b"\n"
    return bytes(out)


class JournalHandler(logging.Handler):
    """Send records to the systemd journal over its datagram socket (no python-systemd needed)."""

    def __init__(self, address: str | None = None) -> None:
        super().__init__()
        self.address = address or JOURNAL_SOCKET
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            self.sock.sendto(encode_journal(journal_fields(record, message)), self.address)
        except Exception:  # a log line must never take the station down
            self.handleError(record)

    def close(self) -> None:
        self.sock.close()
        super().close()


def journal_available(address: str | None = None) -> bool:
    address = address or JOURNAL_SOCKET
    return os.path.exists(address) and os.access(address, os.W_OK)


def _choose_target(target: str) -> str:
    """auto: the journal when running as a systemd service, else the file."""
    if target in ("journal", "file"):
        return target if target == "file" or journal_available() else "file"
    under_systemd = bool(os.environ.get("INVOCATION_ID") or os.environ.get("JOURNAL_STREAM"))
    return "journal" if under_systemd and journal_available() else "file"


def log_dir(data_path: Path) -> Path:
    return data_path / "logs"


def _file_handler(data_path: Path) -> logging.Handler | None:
    """The private log file, or None when the data dir cannot take it (read-only, full disk)."""
    try:
        if not data_path.exists():
            ensure_private_dir(data_path)  # whoever creates the data dir makes it private
        directory = log_dir(data_path)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)
        handler = PrivateRotatingFileHandler(
            directory / "station.log", maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(JsonFormatter())
    return handler


def _settings_or_default() -> Any:
    """The settings, or the defaults when the file is broken (the CLI reports that error itself)."""
    from station.config import Settings, load_settings
    from station.errors import ConfigError

    try:
        return load_settings()
    except ConfigError:
        settings = Settings()
        if os.environ.get("STATION_DATA_DIR"):
            settings.data_dir = os.environ["STATION_DATA_DIR"]
        return settings


def setup_logging(debug: bool = False, settings: Any | None = None, *, stderr: bool = True) -> list[logging.Handler]:
    """Install the station's handlers on the root logger; safe to call again (replaces them).

    Returns the installed handlers (tests and the GUI's "Protokoll" view look at them).
    """
    settings = settings if settings is not None else _settings_or_default()
    debug = debug or bool(os.environ.get("STATION_DEBUG"))
    allow = bool(getattr(settings, "log_personal_data", False)) and debug
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(old)
        old.close()
    handlers: list[logging.Handler] = []
    target = _choose_target(str(getattr(settings, "log_target", "auto")))
    if target == "journal":
        journal = JournalHandler()
        journal.setFormatter(logging.Formatter("%(message)s"))
        handlers.append(journal)
    else:
        file_handler = _file_handler(settings.data_path)
        if file_handler is not None:
            handlers.append(file_handler)
    for handler in handlers:
        handler.setLevel(logging.DEBUG if debug else logging.INFO)
    if stderr and target == "journal" and os.environ.get("JOURNAL_STREAM"):
        stderr = False  # stderr of a service already goes to the journal: no second copy
    if stderr:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.DEBUG if debug else logging.WARNING)
        console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(console)
    for handler in handlers:
        handler.addFilter(RedactFilter(allow_personal_data=allow))
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    return handlers
