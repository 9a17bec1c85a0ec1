"""Words the screens share (field names, batch states), marked for translation in one place.

German is the source language; ``word(key)`` returns the operator's wording through Qt's
translator (context "Words" in ``scanstation_en.ts``).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

WORDS = {
    "customer_number": QT_TRANSLATE_NOOP("Words", "Kundennummer"),
    "phone_number": QT_TRANSLATE_NOOP("Words", "Rufnummer"),
    "iban": QT_TRANSLATE_NOOP("Words", "IBAN"),
    "letter_date": QT_TRANSLATE_NOOP("Words", "Briefdatum"),
    "received_at": QT_TRANSLATE_NOOP("Words", "Eingang"),
    "scanning": QT_TRANSLATE_NOOP("Words", "wird gescannt"),
    "processing": QT_TRANSLATE_NOOP("Words", "wird verarbeitet"),
    "to_validate": QT_TRANSLATE_NOOP("Words", "zu prüfen"),
    "closed": QT_TRANSLATE_NOOP("Words", "abgeschlossen"),
    "synced": QT_TRANSLATE_NOOP("Words", "synchronisiert"),
    "to_check": QT_TRANSLATE_NOOP("Words", "prüfen"),
    "accepted": QT_TRANSLATE_NOOP("Words", "freigegeben"),
    "error": QT_TRANSLATE_NOOP("Words", "Fehler"),
}


def word(key: str) -> str:
    """The translated word for ``key`` (the key itself when unknown)."""
    source = WORDS.get(key)
    return QCoreApplication.translate("Words", source) if source else key
