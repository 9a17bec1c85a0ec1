"""Checks of the desk machine itself: Tesseract with German data, the data directory, disk space."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

from station.doctor import CheckResult, DoctorContext, Status
from station.i18n import say

GB = 1024**3


def tesseract_languages(timeout_s: float) -> tuple[str, list[str]]:
    """(version line, installed languages) as Tesseract itself sees them (TESSDATA_PREFIX included)."""
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=timeout_s)
    first = (version.stdout or version.stderr).splitlines()[:1]
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=timeout_s)
    lines = (langs.stdout + "\n" + langs.stderr).splitlines()
    found = [ln.strip() for ln in lines if ln.strip() and " " not in ln.strip() and not ln.startswith("List of")]
    return (first[0] if first else "tesseract"), found


def check_tesseract(ctx: DoctorContext) -> CheckResult:
    """Without German data the OCR silently reads umlauts wrong and classification degrades."""
    title = say("Texterkennung (Tesseract, Deutsch)", "Text recognition (Tesseract, German)")
    if shutil.which("tesseract") is None:
        return CheckResult(
            "tesseract",
            title,
            Status.FAIL,
            say("Tesseract ist nicht installiert.", "Tesseract is not installed."),
            say(
                "Als Administrator: apt install tesseract-ocr tesseract-ocr-deu",
                "As administrator: apt install tesseract-ocr tesseract-ocr-deu",
            ),
        )
    try:
        version, langs = tesseract_languages(ctx.options.timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return CheckResult(
            "tesseract",
            title,
            Status.FAIL,
            say(f"Tesseract startet nicht: {exc}", f"Tesseract does not start: {exc}"),
            say("Paket neu installieren: apt install --reinstall tesseract-ocr", "Reinstall: apt install --reinstall tesseract-ocr"),
        )
    if "deu" not in langs:
        prefix = os.environ.get("TESSDATA_PREFIX")
        where = (
            say(
                f" TESSDATA_PREFIX={prefix} zeigt auf ein Verzeichnis ohne deu.traineddata: Variable entfernen "
                "oder die Datei dorthin kopieren.",
                f" TESSDATA_PREFIX={prefix} points to a directory without deu.traineddata: unset it or copy "
                "the file there.",
            )
            if prefix
            else ""
        )
        return CheckResult(
            "tesseract",
            title,
            Status.FAIL,
            say(
                f"{version}: keine deutschen Sprachdaten (gefunden: {', '.join(langs) or 'keine'}).",
                f"{version}: no German language data (found: {', '.join(langs) or 'none'}).",
            ),
            say("Als Administrator: apt install tesseract-ocr-deu.", "As administrator: apt install tesseract-ocr-deu.")
            + where,
        )
    if "osd" not in langs:
        return CheckResult(
            "tesseract",
            title,
            Status.WARN,
            say(
                f"{version} mit Deutsch, aber ohne Lageerkennung (osd): gedrehte Seiten werden nicht erkannt.",
                f"{version} with German, but no orientation data (osd): turned pages are not detected.",
            ),
            say("apt install --reinstall tesseract-ocr (bringt osd mit).", "apt install --reinstall tesseract-ocr (ships osd)."),
        )
    return CheckResult("tesseract", title, Status.OK, say(f"{version}, Deutsch vorhanden.", f"{version}, German present."))


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_data_dir(ctx: DoctorContext) -> CheckResult:
    """Customer data stays private: the data directory is the user's alone (0700) and writable."""
    title = say("Lokales Datenverzeichnis", "Local data directory")
    path = ctx.settings.data_path
    if not path.exists():
        parent = _existing_parent(path)
        if os.access(parent, os.W_OK):
            return CheckResult(
                "data_dir",
                title,
                Status.OK,
                say(f"{path} wird beim ersten Start angelegt.", f"{path} will be created on first start."),
            )
        return CheckResult(
            "data_dir",
            title,
            Status.FAIL,
            say(f"{path} kann nicht angelegt werden ({parent} ist schreibgeschützt).", f"{path} cannot be created ({parent} is read-only)."),
            say("data_dir in /etc/scan-station/config.toml auf ein beschreibbares Verzeichnis setzen.", "Set data_dir in /etc/scan-station/config.toml to a writable directory."),
        )
    mode = stat.S_IMODE(path.stat().st_mode)
    if not os.access(path, os.W_OK | os.X_OK):
        return CheckResult(
            "data_dir",
            title,
            Status.FAIL,
            say(f"{path} ist nicht beschreibbar.", f"{path} is not writable."),
            say(f"Eigentümer prüfen: chown -R BENUTZER {path}", f"Check the owner: chown -R USER {path}"),
        )
    if mode & 0o077:
        return CheckResult(
            "data_dir",
            title,
            Status.FAIL,
            say(f"{path} ist für andere lesbar (Rechte {mode:o}); es enthält Kundendaten.", f"{path} is readable by others (mode {mode:o}); it holds customer data."),
            say(f"chmod -R go-rwx {path}", f"chmod -R go-rwx {path}"),
        )
    return CheckResult("data_dir", title, Status.OK, say(f"{path} (nur für diesen Benutzer)", f"{path} (this user only)"))


def check_disk_space(ctx: DoctorContext) -> CheckResult:
    """Scans must never stop for a full disk mid-batch: ask for room for several days up front."""
    opts = ctx.options
    title = say(f"Speicherplatz für {opts.days} Tage", f"Disk space for {opts.days} days")
    where = _existing_parent(ctx.settings.data_path)
    free = shutil.disk_usage(where).free
    need = int(opts.days * opts.pages_per_day * opts.mb_per_page * 1024 * 1024)
    found = say(
        f"{free / GB:.1f} GB frei auf {where}; {opts.days} Tage × {opts.pages_per_day} Seiten brauchen ca. {need / GB:.1f} GB.",
        f"{free / GB:.1f} GB free on {where}; {opts.days} days × {opts.pages_per_day} pages need about {need / GB:.1f} GB.",
    )
    if free < need:
        return CheckResult(
            "disk",
            title,
            Status.FAIL,
            found,
            say(
                "Synchronisierte Stapel aufräumen (station purge), retention_days verkleinern oder die Platte vergrößern.",
                "Clean up synced batches (station purge), lower retention_days or enlarge the disk.",
            ),
        )
    return CheckResult("disk", title, Status.OK, found)
