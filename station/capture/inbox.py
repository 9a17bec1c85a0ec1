"""What the fax hot folder sees in its inbox, and when a fax file there is complete.

Rules, in this order (README "Fax hot folder" and ``installer/config.example.toml`` say the same):

* **Ignored** (left alone, logged at debug): names starting with ``.`` or ``~`` and names ending
  in ``.tmp``, ``.temp``, ``.part``, ``.partial``, ``.crdownload``, ``.swp`` or ``~`` (a fax server
  still writing under a temporary name), the station's own ``done/`` and ``quarantine/``, and other
  sub-folders (the watcher does not descend into folders).
* **Refused** into quarantine with a reason: symbolic links (never followed, whatever they point
  at, dangling or not), FIFOs, sockets and device files, and regular files that are not ``.tif``,
  ``.tiff`` or ``.pdf`` (once they hold still).
* ``NAME.done`` / ``NAME.tif.done`` markers belong to their fax (rule ``done-marker``).
* Everything else is a fax, taken once complete by the folder's rule (``hotfolder_complete``):
  ``quiet`` (default) - size and mtime unchanged for ``hotfolder_quiet_seconds``, no process has
  it open for writing, and its trailer is there (PDF ``%%EOF``; TIFF: the IFD chain ends and every
  strip lies inside the file); a file whose trailer is still missing after the grace period (30 s) is
  taken anyway and quarantined as truncated. ``rename`` - the fax server writes under a temporary
  name and renames it in: a visible name is complete at once. ``done-marker`` - complete when
  ``NAME.done`` exists.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

from station.errors import ConfigError, InputFileError

log = logging.getLogger(__name__)
SUFFIXES = {".tif", ".tiff", ".pdf"}
MARKER = ".done"
TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".swp", "~")
OWN_DIRS = {"done", "quarantine"}
RULES = ("quiet", "rename", "done-marker")


def display_name(name: str) -> str:
    """A file name as text that can always be printed, logged and stored: bytes that are not
    UTF-8 (a fax server in Latin-1) become ``\\xNN`` escapes instead of breaking the log."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def is_temporary(name: str) -> bool:
    return name.startswith((".", "~")) or name.lower().endswith(TEMP_SUFFIXES)


@dataclass
class Entry:
    """One name in the inbox and what the watcher does with it: take, refuse, ignore, or marker."""

    path: Path
    action: str
    reason_de: str = ""
    reason_en: str = ""


def check_rule(rule: str) -> str:
    if rule not in RULES:
        raise ConfigError(f"Unbekannte Regel hotfolder_complete = „{rule}“ (möglich: {', '.join(RULES)}).",
                          f"unknown rule hotfolder_complete = '{rule}' (use {', '.join(RULES)}).")
    return rule


def survey(inbox: Path) -> list[Entry]:
    """Every name in the inbox with its action, sorted by name; ``lstat`` only, nothing is followed."""
    out: list[Entry] = []
    with os.scandir(inbox) as names:
        for item in names:
            name, path = item.name, Path(item.path)
            if is_temporary(name):
                out.append(Entry(path, "ignore"))
                continue
            try:
                mode = item.stat(follow_symlinks=False).st_mode
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(mode):
                out.append(Entry(path, "refuse", "Die Datei ist ein symbolischer Verweis; Verweise werden aus "
                                 "Sicherheitsgründen nicht verfolgt. Bitte die Datei selbst ablegen.",
                                 "the file is a symbolic link; links are never followed for security. "
                                 "Please drop the file itself."))
            elif stat.S_ISDIR(mode):
                if name not in OWN_DIRS:
                    out.append(Entry(path, "ignore"))
            elif not stat.S_ISREG(mode):
                out.append(Entry(path, "refuse", "Das ist keine normale Datei (z. B. eine Pipe oder ein Gerät) "
                                 "und wird nicht gelesen.",
                                 "this is not a regular file (e.g. a pipe or a device) and is not read."))
            elif name.lower().endswith(MARKER):
                out.append(Entry(path, "marker"))
            elif path.suffix.lower() not in SUFFIXES:
                suffix = display_name(path.suffix) or "ohne Endung"
                out.append(Entry(path, "refuse-when-still",
                                 f"Dateityp „{suffix}“ wird nicht angenommen (nur TIFF und PDF).",
                                 f"file type '{display_name(path.suffix) or 'none'}' is not accepted "
                                 "(TIFF and PDF only)."))
            else:
                out.append(Entry(path, "take"))
    return sorted(out, key=lambda e: os.fsencode(e.path.name))


def markers_of(path: Path) -> list[Path]:
    """The ``done-marker`` names that belong to ``path`` (``fax.tif.done`` or ``fax.done``)."""
    return [path.with_name(path.name + MARKER), path.with_name(path.stem + MARKER)]


_TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8}
_INT = {3: "H", 4: "I", 16: "Q"}
_STRIPS = ((273, 279), (324, 325))  # (offsets, byte counts): strips, tiles


def _tiff_complete(fh: object, size: int, limit: int = 100_000) -> bool:
    fh.seek(0)  # type: ignore[attr-defined]
    head = fh.read(16)  # type: ignore[attr-defined]
    order = "<" if head[:2] == b"II" else ">"
    big = struct.unpack(order + "H", head[2:4])[0] == 43
    off_fmt, cnt_fmt, entry, off_size = ("Q", "Q", 20, 8) if big else ("I", "H", 12, 4)
    offset = struct.unpack(order + off_fmt, head[8:16] if big else head[4:8])[0]
    seen: set[int] = set()
    while offset:
        if offset in seen or len(seen) > limit or offset + 2 > size:
            return False
        seen.add(offset)
        fh.seek(offset)  # type: ignore[attr-defined]
        cnt_len = struct.calcsize(cnt_fmt)
        count = struct.unpack(order + cnt_fmt, fh.read(cnt_len))[0]  # type: ignore[attr-defined]
        table = fh.read(count * entry + off_size)  # type: ignore[attr-defined]
        if len(table) < count * entry + off_size:
            return False
        values: dict[int, list[int]] = {}
        for i in range(count):
            raw = table[i * entry:(i + 1) * entry]
            tag, kind = struct.unpack(order + "HH", raw[:4])
            n = struct.unpack(order + off_fmt, raw[4:4 + off_size])[0]
            if tag not in (273, 279, 324, 325) or kind not in _INT or n > limit:
                continue
            width = _TYPE_SIZE[kind] * n
            data = raw[4 + off_size:]
            if width > off_size:
                at = struct.unpack(order + off_fmt, data)[0]
                if at + width > size:
                    return False
                fh.seek(at)  # type: ignore[attr-defined]
                data = fh.read(width)  # type: ignore[attr-defined]
            values[tag] = list(struct.unpack(order + _INT[kind] * n, data[:width]))
        for offs, counts in _STRIPS:
            if any(o + c > size for o, c in zip(values.get(offs, []), values.get(counts, []))):
                return False
        offset = struct.unpack(order + off_fmt, table[count * entry:])[0]
    return True


def trailer_complete(path: Path) -> bool:
    """Whether the file ends the way its format ends: PDF ``%%EOF``, TIFF a whole IFD chain whose
    strips all lie inside the file. Other or unknown formats: True (the loader judges them)."""
    try:
        with open(path, "rb", buffering=0) as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(8)
            if head.startswith(b"%PDF"):
                fh.seek(max(0, size - 1024))
                return b"%%EOF" in fh.read()
            if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
                return _tiff_complete(fh, size)
    except PermissionError:  # nothing to wait for: reading it is refused with its own reason
        return True
    except (OSError, struct.error):
        return False
    return True


def stage(path: Path, staging: Path) -> Path:
    """A private copy of the fax to read from, opened without following links: the inbox belongs
    to the fax server, which may swap or change a name under us; the copy cannot change."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    name = display_name(path.name)
    try:
        fd = os.open(path, flags)
    except PermissionError as exc:
        raise InputFileError(name, "Keine Leseberechtigung für die Datei (Rechte des Fax-Servers prüfen).",
                             "no permission to read the file (check the fax server's file permissions).",
                             detail=str(exc.strerror)) from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP: the name became a link after it was looked at
            raise InputFileError(name, "Die Datei ist ein symbolischer Verweis; Verweise werden aus "
                                 "Sicherheitsgründen nicht verfolgt.", "the file is a symbolic link; links "
                                 "are never followed for security.") from None
        raise InputFileError(name, f"Die Datei kann nicht gelesen werden ({exc.strerror}).",
                             f"the file cannot be read ({exc.strerror}).") from None
    with os.fdopen(fd, "rb") as src:
        if not stat.S_ISREG(os.fstat(src.fileno()).st_mode):
            raise InputFileError(name, "Das ist keine normale Datei und wird nicht gelesen.",
                                 "this is not a regular file and is not read.")
        staging.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = staging / name
        with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    os.utime(target, ns=(os.stat(path, follow_symlinks=False).st_mtime_ns,) * 2)
    return target


__all__ = [
    "RULES",
    "SUFFIXES",
    "Entry",
    "check_rule",
    "display_name",
    "is_temporary",
    "markers_of",
    "stage",
    "survey",
    "trailer_complete",
]
