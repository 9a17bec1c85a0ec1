"""Errors are values the operator can act on.

Every failure the operator may see is one of these typed exceptions: a German message (and its
English twin) that says what happened and what to do, plus an English ``detail`` for the log.
Front ends show ``operator_message()``; they never show a traceback.
"""

from __future__ import annotations

from station.i18n import current_language


class StationError(Exception):
    """Base class: an error with an operator message in both languages."""

    exit_code = 2

    def __init__(self, message_de: str, message_en: str, *, detail: str = "") -> None:
        super().__init__(message_en if not detail else f"{message_en} ({detail})")
        self.message_de = message_de
        self.message_en = message_en
        self.detail = detail

    def operator_message(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        return self.message_en if lang == "en" else self.message_de

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by state, not by constructor arguments: page workers raise these in another
        process, and subclasses have their own ``__init__`` signatures that ``Exception``'s default
        pickling (which calls ``cls(*args)``) cannot rebuild."""
        return (_rebuild_error, (type(self), self.args, self.__dict__.copy()))


def _rebuild_error(cls: type[StationError], args: tuple[object, ...], state: dict[str, object]) -> StationError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputFileError(StationError):
    """A file that cannot be read as a page image: corrupt, empty, encrypted, too large, not an image."""

    def __init__(self, path: str, reason_de: str, reason_en: str, *, detail: str = "") -> None:
        super().__init__(f"{path}: {reason_de}", f"{path}: {reason_en}", detail=detail)
        self.path = path
        self.reason_de = reason_de
        self.reason_en = reason_en


class OcrError(StationError):
    """Text recognition failed (Tesseract missing, its German data missing, or it crashed)."""


class ScannerError(StationError):
    """The scanner reported a state the operator must handle (jam, cover open, unplugged, ...)."""

    def __init__(self, message_de: str, message_en: str, *, detail: str = "", kind: str = "io") -> None:
        super().__init__(message_de, message_en, detail=detail)
        self.kind = kind  # jammed, no_docs, cover_open, busy, gone, io, invalid, ...


class StoreError(StationError):
    """The local store cannot take or give data (disk full, read-only, corrupt)."""


class SyncError(StationError):
    """The central store is unreachable, refused the station, or rejected data."""


class ConfigError(StationError):
    """The settings file is invalid or names something that does not exist."""
