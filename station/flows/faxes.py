"""The fax hot folder: files a fax server drops become batches, one document per fax.

A file is taken only once it is complete by the folder's rule (``station.capture.inbox``: quiet
period plus trailer check by default, or rename-in, or a ``.done`` marker); links, pipes and other
odd names are refused or ignored by the rules documented there. The fax is read from a private copy
(opened without following links), so nothing the fax server does later changes what is stored. Each fax keeps its arrival time (the
file's last write, i.e. when the fax server finished it) as the date received, and the header's
date and sender number (TIFF tags or PDF metadata). The whole file is read before anything is
stored, so a corrupt fax never leaves half a batch; it goes to ``quarantine/`` with a
``.reason.txt`` beside it. Nothing is ever deleted, and no single file can stop the watcher.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import phonenumbers
import psutil

from station.capture.inbox import (
    check_rule,
    display_name,
    markers_of,
    stage,
    survey,
    trailer_complete,
)
from station.config import Settings, ensure_private_dir
from station.errors import InputFileError, StationError, StoreError
from station.i18n import current_language
from station.model import Source
from station.progress import CancelToken
from station.store.blobs import fsync_dir
from station.flows.imports import add_file_pages, file_sha256, read_through, stable_id
from station.flows.process import ProcessOptions, process_batch
from station.store.local import Store

log = logging.getLogger(__name__)
# TIFF tags fax servers fill: DocumentName, ImageDescription, Make, Model, Software, DateTime, Artist, HostComputer
HEADER_TAGS = {269: "document_name", 270: "description", 271: "make", 272: "model", 305: "software",
               306: "datetime", 315: "artist", 316: "host"}
_NUMBER = re.compile(r"\+?\d[\d /().-]{5,}\d")


@dataclass
class Outcome:
    path: Path
    batch_id: str | None = None
    quarantined: bool = False
    reason: str = ""  # why the file was refused or left in the inbox (German)
    reason_en: str = ""  # the same in English

    @property
    def name(self) -> str:
        """The file's name as printable text (names in any encoding)."""
        return display_name(self.path.name)

    def reason_text(self, lang: str | None = None) -> str:
        """The reason in the operator's language (front ends show this, never a log line)."""
        return self.reason_en if (lang or current_language()) == "en" and self.reason_en else self.reason


def _sender_number(texts: list[str]) -> str | None:
    """The first text that parses as a valid phone number (German default), in E.164."""
    for text in texts:
        for candidate in _NUMBER.findall(text or ""):
            try:
                number = phonenumbers.parse(candidate, "DE")
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _header_date(value: str | None) -> str | None:
    """TIFF ``YYYY:MM:DD HH:MM:SS`` or PDF ``D:YYYYMMDDHHmmSS`` as ISO 8601 (local time as written)."""
    if not value:
        return None
    for fmt, text in (("%Y:%m:%d %H:%M:%S", value.strip()), ("%Y%m%d%H%M%S", value.strip().removeprefix("D:")[:14])):
        try:
            return datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    return None


def fax_header(path: Path) -> dict[str, Any]:
    """Date and sender number from the fax file's own header (TIFF tags or PDF info)."""
    raw: dict[str, str] = {}
    if path.suffix.lower() == ".pdf":
        import pikepdf

        with pikepdf.open(path) as pdf:
            info = pdf.docinfo
            for key, name in (("/Title", "document_name"), ("/Subject", "description"), ("/Author", "artist"),
                              ("/Creator", "software"), ("/CreationDate", "datetime")):
                if key in info:
                    raw[name] = str(info[key])
    else:
        from PIL import Image

        from station.imaging.quiet import quiet

        with quiet(path), Image.open(path) as img:
            tags = getattr(img, "tag_v2", {})
            for tag, name in HEADER_TAGS.items():
                if tag in tags:
                    raw[name] = str(tags[tag])
    texts = [raw.get(k, "") for k in ("description", "document_name", "artist", "host")]
    return {"sender": _sender_number(texts), "date": _header_date(raw.get("datetime")), "tags": raw}


class HotFolder:
    """Watches one inbox directory; ``poll()`` handles what is complete, ``run()`` loops."""

    def __init__(self, inbox: Path, store: Store, settings: Settings, *, stable_seconds: float | None = None,
                 options: ProcessOptions | None = None, complete: str | None = None,
                 grace_seconds: float = 30.0) -> None:
        self.inbox = Path(inbox)
        self.done = ensure_private_dir(self.inbox / "done")
        self.quarantine = ensure_private_dir(self.inbox / "quarantine")
        self.store, self.settings = store, settings
        self.stable_seconds = settings.hotfolder_quiet_seconds if stable_seconds is None else stable_seconds
        self.rule = check_rule(complete or settings.hotfolder_complete)
        self.grace_seconds = grace_seconds  # a quiet file whose trailer is missing is taken (and refused) after this
        self.options = options or ProcessOptions()
        # The private copies a fax is read from, one folder per inbox (a second fax line has its own);
        # copies a killed watcher left behind hold personal data and go now.
        digest = hashlib.sha1(os.fsencode(self.inbox.resolve())).hexdigest()[:12]
        self.staging = ensure_private_dir(store.root / "hotfolder-staging" / digest)
        for leftover in self.staging.iterdir():
            leftover.unlink(missing_ok=True)
        self._seen: dict[Path, tuple[int, int, float]] = {}  # size, mtime_ns, first seen so
        self._ignored: set[Path] = set()

    def candidates(self) -> list[Path]:
        return [e.path for e in survey(self.inbox) if e.action == "take"]

    def _still_for(self, path: Path, now: float) -> float | None:
        """Seconds the file's size and mtime have held still (None: it just changed or vanished)."""
        try:
            st = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            self._seen.pop(path, None)
            return None
        seen = self._seen.get(path)
        if seen is None or seen[:2] != (st.st_size, st.st_mtime_ns):
            self._seen[path] = (st.st_size, st.st_mtime_ns, now)
            return None
        return now - seen[2]

    def is_complete(self, path: Path, now: float | None = None) -> bool:
        """Complete by the folder's rule (see ``station.capture.inbox``) and nobody writing to it."""
        now = time.monotonic() if now is None else now
        if self.rule == "done-marker":
            return any(m.exists() for m in markers_of(path)) and not open_for_writing(path)
        if self.rule == "rename":
            return path.exists() and not open_for_writing(path)
        still = self._still_for(path, now)
        if still is None or still < self.stable_seconds or open_for_writing(path):
            return False
        if trailer_complete(path):
            return True
        if still >= self.grace_seconds:
            log.warning("hot folder: %s held still for %.0f s without its end; taking it as it is",
                        display_name(path.name), still)
            return True
        return False

    def poll(self, cancel: CancelToken | None = None) -> list[Outcome]:
        outcomes = []
        now = time.monotonic()
        entries = survey(self.inbox)
        names = {e.path for e in entries}
        self._seen = {p: v for p, v in self._seen.items() if p in names}
        self._ignored &= names
        for entry in entries:
            if cancel and cancel.cancelled:
                break
            path = entry.path
            if entry.action == "ignore":
                if path not in self._ignored:
                    self._ignored.add(path)
                    log.debug("hot folder: %s ignored (temporary name or folder)", display_name(path.name))
            elif entry.action == "refuse":
                outcomes.append(self.quarantine_file(path, entry.reason_de, entry.reason_en))
            elif entry.action == "refuse-when-still":
                still = self._still_for(path, now)
                if still is not None and still >= self.stable_seconds and not open_for_writing(path):
                    outcomes.append(self.quarantine_file(path, entry.reason_de, entry.reason_en))
            elif entry.action == "take" and self.is_complete(path, now):
                outcomes.append(self.take(path))
        return outcomes

    def resume(self) -> list[str]:
        """Finish faxes a crash interrupted after their file went to ``done/``: nothing else would
        ever pick them up again (the file is out of the inbox), so the batch stayed unprocessed."""
        from station.model import BatchState

        ids = [r["id"] for r in self.store.query("SELECT id FROM batches WHERE source = ? AND state = ? ORDER BY started_at",
                                                 (Source.FAX.value, BatchState.PROCESSING.value))]
        for batch_id in ids:
            process_batch(self.store, self.settings, batch_id, options=self.options)
            log.info("fax batch %s resumed after an interruption", batch_id)
        return ids

    def warm_up(self) -> None:
        """Load Tesseract before the first fax. A one-page fax is read in the watcher's own thread
        (a page pool would cost more to start than the page takes), so the model would otherwise be
        loaded in the middle of the day: the first fax would wait for it, and the watcher's memory
        would step up by the model's size at some random hour."""
        if not self.options.ocr:
            return
        from station.errors import OcrError
        from station.ocr import engine

        # Orientation detection has its own model (~30 MiB), loaded by the first unsure page otherwise.
        for lang in (self.options.lang, *(("osd",) if self.options.orient_with_tesseract else ())):
            try:
                engine(lang)
            except OcrError as exc:  # each fax then says so itself; the watcher still takes them in
                log.warning("hot folder: %s", exc)

    def run(self, cancel: CancelToken, interval: float = 1.0) -> None:
        self.warm_up()
        try:
            self.resume()
        except Exception:
            log.exception("hot folder: resuming interrupted faxes failed")
        while not cancel.cancelled:
            try:
                self.poll(cancel)
            except Exception:
                log.exception("hot folder poll failed; trying again")
            time.sleep(interval)

    def take(self, path: Path) -> Outcome:
        """One complete file: into the store and on to ``done/``, or into quarantine with its reason."""
        self._seen.pop(path, None)
        name = display_name(path.name)
        try:
            return Outcome(path, batch_id=self.ingest(path))
        except InputFileError as exc:
            return self.quarantine_file(path, exc.reason_de, exc.reason_en, self._scrub(exc.detail, name))
        except StoreError as exc:  # disk full etc.: not the file's fault; it stays for the next try
            log.error("hot folder: %s stays in the inbox: %s", name, self._scrub(str(exc), name))
            return Outcome(path, reason=self._scrub(exc.message_de, name), reason_en=self._scrub(exc.message_en, name))
        except StationError as exc:
            return self.quarantine_file(path, self._scrub(exc.message_de, name), self._scrub(exc.message_en, name),
                                        self._scrub(exc.detail, name))
        except Exception as exc:
            return self.quarantine_file(path, "Die Datei ließ sich nicht verarbeiten.",
                                        "The file could not be processed.",
                                        self._scrub(f"{type(exc).__name__}: {exc}", name))

    def _scrub(self, text: str, name: str) -> str:
        """Messages name the fax as the operator knows it, never the station's private copy."""
        return text.replace(str(self.staging / name), name).replace(str(self.staging), "")

    def ingest(self, path: Path) -> str:
        name = display_name(path.name)
        source = stage(path, self.staging)
        try:
            st = source.stat()
            arrival = datetime.fromtimestamp(st.st_mtime_ns / 1e9, timezone.utc)
            sha = file_sha256(source)

            def read(index: int, count: int) -> None:
                if count >= 50 and (index + 1) % 50 == 0:
                    log.info("fax %s: %d of %d pages read", name, index + 1, count)

            [pages] = read_through([source], on_page=read)  # read it all first: corrupt files store nothing
            try:
                header = fax_header(source)
            except Exception as exc:
                header = {"sender": None, "date": None, "tags": {}, "error": self._scrub(str(exc), name)}
            batch_id = stable_id("fax", self.store.station_id, name, sha, str(st.st_mtime_ns))
            fax = {**header, "file": name, "arrival": arrival.isoformat(), "pages": pages}
            if not self.store.query("SELECT 1 FROM batches WHERE id = ?", (batch_id,)):
                self.store.create_batch(source=Source.FAX, profile="fax", separation={"one_per_file": True,
                                        "separator_sheets": False}, meta={"fax": fax}, batch_id=batch_id)
            if self.store.batch_row(batch_id)["state"] == "scanning":
                add_file_pages(self.store, batch_id, source, received_at=arrival, meta={"fax": fax})
                self.store.finish_capture(batch_id)
        finally:
            source.unlink(missing_ok=True)  # the station's own copy; the fax itself goes to done/
        self._move(path, self.done)
        process_batch(self.store, self.settings, batch_id, options=self.options)
        log.info("fax %s -> batch %s (%d pages)", name, batch_id, pages)
        return batch_id

    def quarantine_file(self, path: Path, reason_de: str, reason_en: str, detail: str = "") -> Outcome:
        name = display_name(path.name)
        try:
            target = self._move(path, self.quarantine)
        except OSError as exc:  # the inbox is not writable for the station: say so, try again next poll
            log.error("hot folder: %s cannot be moved to quarantine: %s", name, exc.strerror)
            return Outcome(path, reason=reason_de, reason_en=reason_en)
        note = target.with_name(target.name + ".reason.txt")
        text = (f"{reason_de}\n{reason_en}\n\nDatei/File: {name}\nZeit/Time: {datetime.now(timezone.utc).isoformat()}\n"
                + (f"Detail: {detail}\n" if detail else ""))
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with open(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(text)
        os.chmod(note, 0o600)
        log.warning("hot folder: %s quarantined: %s", name, reason_en)
        return Outcome(path, quarantined=True, reason=reason_de, reason_en=reason_en)

    def _move(self, path: Path, folder: Path) -> Path:
        for marker in markers_of(path) if self.rule == "done-marker" else ():
            if os.path.lexists(marker):
                self._move_one(marker, folder)
        return self._move_one(path, folder)

    def _move_one(self, path: Path, folder: Path) -> Path:
        target = folder / path.name
        n = 1
        while target.exists():
            target = folder / f"{path.stem}.{n}{path.suffix}"
            n += 1
        os.rename(path, target)  # same file system; a link or pipe moves as itself, never followed
        fsync_dir(folder)
        fsync_dir(path.parent)
        return target


def open_for_writing(path: Path) -> bool:
    """Whether any process has ``path`` open for writing (a fax server still receiving)."""
    target = str(path.resolve())
    for proc in psutil.process_iter():
        try:
            for f in proc.open_files():
                if f.path == target and getattr(f, "mode", "r") != "r":
                    return True
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return False


__all__ = ["HotFolder", "Outcome", "fax_header", "open_for_writing"]
