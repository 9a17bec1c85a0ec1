"""The fax hot folder: files a fax server drops become batches, one document per fax.

A file is taken only once it is complete: its size and modification time held still for
``stable_seconds`` and no process has it open for writing. Each fax keeps its arrival time (the
file's last write, i.e. when the fax server finished it) as the date received, and the header's
date and sender number (TIFF tags or PDF metadata). The whole file is read before anything is
stored, so a corrupt fax never leaves half a batch; it goes to ``quarantine/`` with a
``.reason.txt`` beside it. Nothing is ever deleted, and no single file can stop the watcher.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import phonenumbers
import psutil

from station.config import Settings, ensure_private_dir
from station.errors import InputFileError, StationError, StoreError
from station.i18n import current_language
from station.model import Source
from station.progress import CancelToken
from station.store.blobs import fsync_dir
from station.flows.imports import add_file_pages, file_sha256, stable_id
from station.flows.process import ProcessOptions, process_batch
from station.store.local import Store

log = logging.getLogger(__name__)
SUFFIXES = {".tif", ".tiff", ".pdf"}
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

        with Image.open(path) as img:
            tags = getattr(img, "tag_v2", {})
            for tag, name in HEADER_TAGS.items():
                if tag in tags:
                    raw[name] = str(tags[tag])
    texts = [raw.get(k, "") for k in ("description", "document_name", "artist", "host")]
    return {"sender": _sender_number(texts), "date": _header_date(raw.get("datetime")), "tags": raw}


class HotFolder:
    """Watches one inbox directory; ``poll()`` handles what is complete, ``run()`` loops."""

    def __init__(self, inbox: Path, store: Store, settings: Settings, *, stable_seconds: float = 2.0,
                 options: ProcessOptions | None = None) -> None:
        self.inbox = Path(inbox)
        self.done = ensure_private_dir(self.inbox / "done")
        self.quarantine = ensure_private_dir(self.inbox / "quarantine")
        self.store, self.settings = store, settings
        self.stable_seconds = stable_seconds
        self.options = options or ProcessOptions()
        self._seen: dict[Path, tuple[int, int, float]] = {}  # size, mtime_ns, first seen so

    def candidates(self) -> list[Path]:
        return sorted(p for p in self.inbox.iterdir()
                      if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))

    def is_complete(self, path: Path, now: float | None = None) -> bool:
        """Size and mtime unchanged for ``stable_seconds`` and nobody writing to it."""
        now = time.monotonic() if now is None else now
        try:
            st = path.stat()
        except FileNotFoundError:
            self._seen.pop(path, None)
            return False
        seen = self._seen.get(path)
        if seen is None or seen[:2] != (st.st_size, st.st_mtime_ns):
            self._seen[path] = (st.st_size, st.st_mtime_ns, now)
            return False
        return now - seen[2] >= self.stable_seconds and not open_for_writing(path)

    def poll(self, cancel: CancelToken | None = None) -> list[Outcome]:
        outcomes = []
        for path in self.candidates():
            if cancel and cancel.cancelled:
                break
            if self.is_complete(path):
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
        except Exception:  # noqa: BLE001 - the watcher still takes new faxes
            log.exception("hot folder: resuming interrupted faxes failed")
        while not cancel.cancelled:
            try:
                self.poll(cancel)
            except Exception:  # noqa: BLE001 - the watcher never stops on one bad moment
                log.exception("hot folder poll failed; trying again")
            time.sleep(interval)

    def take(self, path: Path) -> Outcome:
        """One complete file: into the store and on to ``done/``, or into quarantine with its reason."""
        self._seen.pop(path, None)
        try:
            return Outcome(path, batch_id=self.ingest(path))
        except InputFileError as exc:
            return self.quarantine_file(path, exc.reason_de, exc.reason_en, exc.detail)
        except StoreError as exc:  # disk full etc.: not the file's fault; it stays for the next try
            log.error("hot folder: %s stays in the inbox: %s", path.name, exc)
            return Outcome(path, reason=exc.message_de, reason_en=exc.message_en)
        except StationError as exc:
            return self.quarantine_file(path, exc.message_de, exc.message_en, exc.detail)
        except Exception as exc:  # noqa: BLE001
            return self.quarantine_file(path, "Die Datei ließ sich nicht verarbeiten.",
                                        "The file could not be processed.", f"{type(exc).__name__}: {exc}")

    def ingest(self, path: Path) -> str:
        from station.imaging.load import load_pages

        st = path.stat()
        arrival = datetime.fromtimestamp(st.st_mtime_ns / 1e9, timezone.utc)
        sha = file_sha256(path)
        pages = sum(1 for _ in load_pages(path))  # read it all first: corrupt files store nothing
        try:
            header = fax_header(path)
        except Exception as exc:  # noqa: BLE001 - a header we cannot read is no reason to refuse the fax
            header = {"sender": None, "date": None, "tags": {}, "error": str(exc)}
        batch_id = stable_id("fax", self.store.station_id, path.name, sha, str(st.st_mtime_ns))
        fax = {**header, "file": path.name, "arrival": arrival.isoformat(), "pages": pages}
        if not self.store.query("SELECT 1 FROM batches WHERE id = ?", (batch_id,)):
            self.store.create_batch(source=Source.FAX, profile="fax", separation={"one_per_file": True,
                                    "separator_sheets": False}, meta={"fax": fax}, batch_id=batch_id)
        if self.store.batch_row(batch_id)["state"] == "scanning":
            add_file_pages(self.store, batch_id, path, received_at=arrival, meta={"fax": fax})
            self.store.finish_capture(batch_id)
        self._move(path, self.done)
        process_batch(self.store, self.settings, batch_id, options=self.options)
        log.info("fax %s -> batch %s (%d pages)", path.name, batch_id, pages)
        return batch_id

    def quarantine_file(self, path: Path, reason_de: str, reason_en: str, detail: str = "") -> Outcome:
        target = self._move(path, self.quarantine)
        note = target.with_name(target.name + ".reason.txt")
        note.write_text(
            f"{reason_de}\n{reason_en}\n\nDatei/File: {path.name}\nZeit/Time: {datetime.now(timezone.utc).isoformat()}\n"
            + (f"Detail: {detail}\n" if detail else ""), encoding="utf-8")
        os.chmod(note, 0o600)
        log.warning("hot folder: %s quarantined: %s", path.name, reason_en)
        return Outcome(path, quarantined=True, reason=reason_de, reason_en=reason_en)

    def _move(self, path: Path, folder: Path) -> Path:
        target = folder / path.name
        n = 1
        while target.exists():
            target = folder / f"{path.stem}.{n}{path.suffix}"
            n += 1
        shutil.move(str(path), target)
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
