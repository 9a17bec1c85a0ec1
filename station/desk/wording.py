"""The desk's counter texts in the operator's language, with German plurals right ("1 Dokument",
"2 Dokumente"). Plain functions over the desk's numbers, so a status bar and a test read the same."""

from __future__ import annotations

from station.i18n import say

# German singular, German plural, English singular, English plural
NOUNS = {
    "page": ("Seite", "Seiten", "page", "pages"),
    "document": ("Dokument", "Dokumente", "document", "documents"),
    "batch": ("Stapel", "Stapel", "batch", "batches"),
    "fax": ("Fax", "Faxe", "fax", "faxes"),
}


def count(n: int, noun: str) -> str:
    """``count(1, "document")`` → "1 Dokument"; ``count(2, "document")`` → "2 Dokumente"."""
    de1, de2, en1, en2 = NOUNS[noun]
    return f"{n} " + (say(de1, en1) if n == 1 else say(de2, en2))


def age(minutes: float) -> str:
    if minutes < 1:
        return "< 1 min"
    if minutes < 120:
        return f"{minutes:.0f} min"
    return f"{minutes / 60:.0f} h"


def batch_line(pages: int, documents: int, to_check: int) -> str:
    """The batch on screen: "48 Seiten, 12 Dokumente · 3 zu prüfen"."""
    return f"{count(pages, 'page')}, {count(documents, 'document')} · " + say(
        f"{to_check} zu prüfen", f"{to_check} to check")


def scanner_line(state: str, pages_per_min: float | None = None) -> str:
    """Scanner state in words (the colour beside it is never the only signal)."""
    texts = {
        "ready": say("Scanner bereit", "Scanner ready"),
        "running": say("Scanner läuft", "Scanner running"),
        "stopping": say("Scanner hält nach diesem Blatt an", "Scanner stops after this sheet"),
        "fault": say("Scanner: Störung", "Scanner: fault"),
    }
    text = texts.get(state, state)
    if state == "running" and pages_per_min is not None:
        text += say(f" · {pages_per_min:.0f} Seiten/min", f" · {pages_per_min:.0f} pages/min")
    return text


def shift_line(pages_today: int, batches_waiting: int, documents_waiting: int, faxes_waiting: int) -> str:
    """The shift: "Heute 312 Seiten · 3 Stapel / 14 Dokumente zu prüfen · 1 Fax wartet"."""
    parts = [say(f"Heute {count(pages_today, 'page')}", f"Today {count(pages_today, 'page')}")]
    parts.append(say(f"{count(batches_waiting, 'batch')} / {count(documents_waiting, 'document')} zu prüfen",
                     f"{count(batches_waiting, 'batch')} / {count(documents_waiting, 'document')} to check"))
    waits = say("wartet", "waiting") if faxes_waiting == 1 else say("warten", "waiting")
    parts.append(f"{count(faxes_waiting, 'fax')} {waits}")
    return " · ".join(parts)


def sync_line(configured: bool, reachable: bool | None, queued: int, oldest_min: float | None,
              warn_min: float = 60.0) -> str:
    """Sync: where the central store stands and the oldest batch not yet sent."""
    open_ = say(f"{count(queued, 'batch')} offen", f"{count(queued, 'batch')} open")
    if not configured:
        text = say(f"Sync: keine Zentrale eingerichtet, {open_}", f"Sync: no central store configured, {open_}")
    else:
        where = {True: say("online", "online"), False: say("nicht erreichbar", "unreachable"),
                 None: say("wird geprüft", "checking")}[reachable]
        text = f"Sync: {where}, {open_}"
    if queued and oldest_min is not None:
        text += say(f" (ältester {age(oldest_min)})", f" (oldest {age(oldest_min)})")
        if oldest_min >= warn_min:
            text = "⚠ " + text
    return text
