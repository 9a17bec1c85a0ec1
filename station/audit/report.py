"""What a verification found: the first inconsistency precisely, or "intact" with counts.

Plain data, so the CLI prints it, the GUI shows it and tests assert on it. Messages exist in
German and English side by side; field *values* (personal data) are kept in ``expected``/``found``
for the caller but never put into the operator messages of field checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from station.i18n import say


@dataclass(frozen=True)
class Problem:
    """One inconsistency, tied to the audit event (seq) that should have vouched for the data."""

    what: str  # missing_event, broken_link, hash_mismatch, time_backwards, bad_timestamp,
    # page_missing, page_altered, received_at_differs, field_differs, doc_type_differs, no_received_event
    message_de: str
    message_en: str
    seq: int | None = None
    kind: str | None = None
    event_id: str | None = None
    station_id: str | None = None
    document_id: str | None = None
    expected: Any = None
    found: Any = None

    def message(self) -> str:
        return say(self.message_de, self.message_en)


@dataclass
class VerifyReport:
    """The outcome of one walk. ``problems`` is ordered: chain first (by station, seq), then pages, then documents."""

    source: str  # "local" or "central"
    events: int = 0
    stations: int = 0
    pages_checked: int = 0
    documents_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_dropped: int = 0  # beyond MAX_PROBLEMS: counted, not kept (a wrecked store must not fill memory)

    MAX_PROBLEMS = 1000

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if len(self.problems) < self.MAX_PROBLEMS:
                self.problems.append(problem)
            else:
                self.problems_dropped += 1

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def summary(self) -> str:
        counts = say(
            f"{self.events} Ereignisse von {self.stations} Station(en), {self.pages_checked} Seitendateien, "
            f"{self.documents_checked} Dokumente geprüft",
            f"{self.events} events from {self.stations} station(s), {self.pages_checked} page files, "
            f"{self.documents_checked} documents checked",
        )
        if self.intact:
            return say(f"Unversehrt: {counts}.", f"Intact: {counts}.")
        first = self.first
        assert first is not None
        lines = [
            say(f"NICHT unversehrt ({self.source}): {counts}.", f"NOT intact ({self.source}): {counts}."),
            say("Erste Unstimmigkeit: ", "First inconsistency: ") + first.message(),
        ]
        ref = _reference(first)
        if ref:
            lines.append(ref)
        more = len(self.problems) - 1 + self.problems_dropped
        if more:
            lines.append(say(f"Weitere Unstimmigkeiten: {more}.", f"Further inconsistencies: {more}."))
        return "\n".join(lines)


def _reference(p: Problem) -> str:
    parts = []
    if p.seq is not None:
        parts.append(say(f"Ereignis Nr. {p.seq}", f"event #{p.seq}"))
    if p.kind:
        parts.append(say(f"Art {p.kind}", f"kind {p.kind}"))
    if p.station_id:
        parts.append(f"Station {p.station_id}")
    if p.document_id:
        parts.append(say(f"Dokument {p.document_id}", f"document {p.document_id}"))
    return "  (" + ", ".join(parts) + ")" if parts else ""
