"""Scanner faults as operator messages: what happened, what to do, and that nothing was lost.

SANE reports a status code (``SANE_STATUS_JAMMED`` ...); python-sane hands us only its text
(``sane_strstatus``). Both are mapped here to ``ScannerError(kind=...)`` with a German message
(and its English twin) the operator can act on.
"""

from __future__ import annotations

from station.errors import ScannerError

# sane_strstatus() wording (sanei/sanei_strstatus.c) -> our kind. Unknown texts are I/O errors.
SANE_STATUS_TEXT = {
    "Document feeder jammed": "jammed",
    "Document feeder out of documents": "no_docs",
    "Scanner cover is open": "cover_open",
    "Device busy": "busy",
    "Error during device I/O": "io",
    "Invalid argument": "invalid",
    "Operation not supported": "invalid",
    "Out of memory": "io",
    "Access to resource has been denied": "denied",
    "Operation was canceled": "cancelled",
}

# kind -> (what happened + what to do) in German and English.
_MESSAGES: dict[str, tuple[str, str]] = {
    "jammed": (
        "Papierstau: Blatt entnehmen, dann ‚Weiter‘ drücken.",
        "Paper jam: remove the sheet, then press 'Continue'.",
    ),
    "no_docs": (
        "Einzug leer: Papier in den Einzug legen, dann ‚Weiter‘ drücken.",
        "Feeder empty: put paper into the feeder, then press 'Continue'.",
    ),
    "cover_open": (
        "Abdeckung offen: Scannerabdeckung schließen, dann ‚Weiter‘ drücken.",
        "Cover open: close the scanner cover, then press 'Continue'.",
    ),
    "busy": (
        "Scanner belegt: ein anderes Programm benutzt ihn. Kurz warten, dann ‚Weiter‘ drücken.",
        "Scanner busy: another program is using it. Wait a moment, then press 'Continue'.",
    ),
    "gone": (
        "Scanner nicht mehr erreichbar: Kabel und Strom prüfen, dann ‚Weiter‘ drücken.",
        "Scanner unreachable: check cable and power, then press 'Continue'.",
    ),
    "io": (
        "Übertragungsfehler am Scanner: Scanner aus- und einschalten, dann ‚Weiter‘ drücken.",
        "Scanner transfer error: switch the scanner off and on, then press 'Continue'.",
    ),
    "denied": (
        "Kein Zugriff auf den Scanner: Berechtigungen prüfen (Gruppe „scanner“).",
        "No access to the scanner: check permissions (group 'scanner').",
    ),
    "invalid": (
        "Der Scanner hat eine Einstellung abgelehnt: Scanprofil prüfen.",
        "The scanner rejected a setting: check the scan profile.",
    ),
    "cancelled": ("Scannen abgebrochen.", "Scanning cancelled."),
}


def kind_of_sane_error(exc: BaseException) -> str:
    """Our kind for an exception raised by python-sane (``_sane.error`` carries only the status text)."""
    return SANE_STATUS_TEXT.get(str(exc).strip(), "io")


def scanner_error(kind: str, *, saved: int | None = None, detail: str = "") -> ScannerError:
    """A ScannerError for ``kind``; ``saved`` adds how many pages of the batch are already safe."""
    de, en = _MESSAGES.get(kind, _MESSAGES["io"])
    if saved:
        de += f" Die bisher gescannten {saved} Seiten sind gesichert."
        en += f" The {saved} pages scanned so far are saved."
    return ScannerError(de, en, detail=detail, kind=kind)


def with_saved_count(exc: ScannerError, saved: int) -> ScannerError:
    """The same fault, now also telling the operator how many pages of the batch are safe."""
    if exc.kind == "invalid" or not saved:
        return exc  # a rejected setting is raised before a batch starts: nothing to count
    err = scanner_error(exc.kind, saved=saved, detail=exc.detail)
    err.__cause__ = exc.__cause__ or exc
    return err


def invalid_option(what_de: str, what_en: str, *, detail: str = "") -> ScannerError:
    """A profile setting the device cannot do, found before the scan starts."""
    return ScannerError(
        f"Scanprofil passt nicht zum Scanner: {what_de}",
        f"Scan profile does not fit the scanner: {what_en}",
        detail=detail,
        kind="invalid",
    )
