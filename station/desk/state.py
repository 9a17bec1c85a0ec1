"""The desk's state as plain objects: which batch, document and page are on screen, what has the
keyboard, and the counters of the shift. The Qt views observe it and draw what it says; every
rule of moving through a batch (which document is next to check, which page a document opens
on, where Ctrl+arrow goes) lives here, so it is the same for every view and is tested without Qt.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from station.desk.items import BatchItem, DocItem, PageItem
from station.model import DocState

Observer = Callable[[], None]
TOPICS = ("batch", "document", "page", "focus", "counts", "scanner", "panel")
RATE_WINDOW_S = 60.0  # pages/min over the last minute of scanning


class Focus(str, Enum):
    """Where the keyboard is: keys act on the document unless a field is being typed in."""

    START = "start"  # the start screen (recent batches)
    TYPE = "type"  # the document type control: number keys and Enter decide the document
    FIELD = "field"  # an index field: keys type text
    PAGE = "page"  # the page view or the batch tree: keys act on the page
    NONE = "none"


class PanelMode(str, Enum):
    """What the right panel offers: never an editable document that is not one."""

    EMPTY = "empty"  # no batch open
    SCANNING = "scanning"  # pages arriving: nothing to decide yet
    PROCESSING = "processing"  # scanned, being split into documents
    DOCUMENT = "document"  # a document to decide on
    ALL_CHECKED = "all_checked"  # every document accepted: close the batch (Ctrl+Enter)


@dataclass(frozen=True)
class ShiftCounts:
    """The shift's counters the status bar always shows (from the store, refreshed now and then)."""

    pages_today: int = 0
    batches_waiting: int = 0  # batches with documents still to check
    documents_waiting: int = 0
    faxes_waiting: int = 0  # fax batches not yet validated
    unsynced_batches: int = 0
    oldest_unsynced_min: float | None = None
    central_configured: bool = False
    central_reachable: bool | None = None  # None: not tried yet


class Desk:
    """One desk's state. Observers subscribe per topic and are called after each change."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.batch: BatchItem | None = None
        self.doc: DocItem | None = None
        self.page: PageItem | None = None
        self.focus = Focus.START
        self.shift = ShiftCounts()
        self.scanner = "ready"  # ready | running | stopping | fault
        self.follow_newest = True  # while scanning the view follows new pages until one is picked
        self._clock = clock
        self._arrivals: deque[float] = deque()
        self._observers: dict[str, list[Observer]] = {t: [] for t in TOPICS}

    # -- observing ---------------------------------------------------------------------------------
    def observe(self, topic: str, callback: Observer) -> None:
        self._observers[topic].append(callback)

    def _tell(self, *topics: str) -> None:
        for topic in topics:
            for callback in list(self._observers[topic]):
                callback()

    # -- batch, document, page ---------------------------------------------------------------------
    def set_batch(self, batch: BatchItem | None) -> None:
        """A batch (re)loaded: the current document and page are kept if they are still in it, and
        field outlines found before stay with documents whose fields did not change."""
        if batch is not None and self.batch is not None:
            old = {d.id: d for d in self.batch.documents}
            for doc in batch.documents:
                before = old.get(doc.id)
                if before is not None and before.marks and not doc.marks and before.fields == doc.fields:
                    doc.marks = before.marks
        self.batch = batch
        if batch is None:
            self.doc = self.page = None
        else:
            found = batch.find_page(self.page.id) if self.page else None
            if found is not None:
                self.doc, self.page = found
            else:
                same = [d for d in batch.documents if self.doc is not None and d.id == self.doc.id]
                self.doc = same[0] if same else None
                self.page = None
        self._tell("batch", "document", "page", "counts", "panel")

    def open_document(self, doc: DocItem | None, take_keyboard: bool = True) -> None:
        """Show a document as the operator starts on it: its first content page, focus on its type
        (unless the operator is moving through the tree: the keyboard stays there)."""
        self.doc = doc
        self.page = doc.first_content_page() if doc else None
        self._tell("document", "page", "panel")
        if doc is not None and not doc.provisional:
            self.set_focus(Focus.TYPE if take_keyboard else Focus.PAGE)

    def show_page(self, doc: DocItem | None, page: PageItem | None) -> None:
        """A page picked (tree, arrival while scanning): its document becomes the current one."""
        changed = doc is not self.doc
        self.doc, self.page = doc, page
        self._tell(*(("document", "page", "panel") if changed else ("page",)))

    def select_page_id(self, page_id: str) -> bool:
        found = self.batch.find_page(page_id) if self.batch else None
        if found is None:
            return False
        self.show_page(*found)
        return True

    def next_to_check(self, start: int | None = None) -> DocItem | None:
        """The next document not yet accepted after the current one (wrapping), uncertain ones first."""
        if self.batch is None:
            return None
        docs = [d for d in self.batch.documents if not d.provisional]
        if not docs:
            return None
        if start is None:
            start = docs.index(self.doc) + 1 if self.doc in docs else 0
        order = docs[start:] + docs[:start]
        pending = [d for d in order if d.state is not DocState.ACCEPTED]
        pending.sort(key=lambda d: (not d.needs_review, order.index(d)))
        return pending[0] if pending else None

    def upcoming(self, n: int = 2) -> list[DocItem]:
        """The next ``n`` documents Enter will open, in order (their first pages are decoded ahead)."""
        if self.batch is None:
            return []
        docs = [d for d in self.batch.documents if not d.provisional]
        start = docs.index(self.doc) + 1 if self.doc in docs else 0
        order = docs[start:] + docs[:start]
        pending = [d for d in order if d.state is not DocState.ACCEPTED and d is not self.doc]
        pending.sort(key=lambda d: (not d.needs_review, order.index(d)))
        return pending[:n]

    def goto_next_to_check(self, start: int | None = None) -> DocItem | None:
        """Open the next document to check; with none left the panel asks to close the batch."""
        nxt = self.next_to_check(start)
        if nxt is None and self.batch is not None and self.batch.separated():
            self.doc = self.page = None
            self._tell("document", "page", "panel", "counts")
            self.set_focus(Focus.TYPE)
            return None
        self.open_document(nxt)
        self._tell("counts")
        return nxt

    def accept_current(self) -> DocItem | None:
        """Enter: the current document is accepted (the window stores it) and the next one opens.
        Returns the accepted document."""
        done = self.doc
        if done is None or done.provisional:
            return None
        done.state, done.needs_review = DocState.ACCEPTED, False
        self._tell("batch")
        self.goto_next_to_check()
        return done

    def step_page(self, step: int) -> PageItem | None:
        """Ctrl+←/→: the previous/next page of the current document (it stops at either end)."""
        if self.doc is None:
            return None
        pages = self.doc.step_pages()
        if not pages:
            return None
        i = pages.index(self.page) + step if self.page in pages else 0
        page = pages[max(0, min(len(pages) - 1, i))]
        self.follow_newest = False
        if page is not self.page:
            self.page = page
            self._tell("page")
        return page

    def document_number(self) -> tuple[int, int]:
        """(n, of) for "Dokument n von m"; (0, 0) for no or a provisional document."""
        docs = [d for d in self.batch.documents if not d.provisional] if self.batch else []
        return (docs.index(self.doc) + 1 if self.doc in docs else 0), len(docs)

    def panel_mode(self) -> PanelMode:
        b = self.batch
        if b is None:
            return PanelMode.EMPTY
        if not b.separated():
            return PanelMode.SCANNING if self.scanner in ("running", "stopping") else PanelMode.PROCESSING
        if self.doc is not None and not self.doc.provisional:
            return PanelMode.DOCUMENT
        return PanelMode.ALL_CHECKED if b.to_check() == 0 else PanelMode.DOCUMENT

    def all_checked(self) -> bool:
        return self.batch is not None and self.batch.separated() and self.batch.to_check() == 0

    # -- focus -------------------------------------------------------------------------------------
    def set_focus(self, focus: Focus) -> None:
        if focus is not self.focus:
            self.focus = focus
            self._tell("focus")

    # -- counters ----------------------------------------------------------------------------------
    def batch_counts(self) -> tuple[int, int, int]:
        """(pages kept, documents, documents to check) of the batch on screen: the one count the
        status bar, the batch list and the jam dialog all show."""
        b = self.batch
        if b is None:
            return 0, 0, 0
        docs = [d for d in b.documents if not d.provisional]
        return b.page_count(), len(docs), b.to_check()

    def set_shift(self, counts: ShiftCounts) -> None:
        self.shift = counts
        self._tell("counts")

    def set_central_reachable(self, reachable: bool | None) -> None:
        self.shift = replace(self.shift, central_reachable=reachable)
        self._tell("counts")

    def set_scanner(self, state: str) -> None:
        if state == "running" and self.scanner != "running":
            self._arrivals.clear()
        self.scanner = state
        self._tell("scanner", "panel")

    def page_scanned(self) -> None:
        """A page left the scanner (for pages/min)."""
        now = self._clock()
        self._arrivals.append(now)
        while self._arrivals and now - self._arrivals[0] > RATE_WINDOW_S:
            self._arrivals.popleft()
        self._tell("scanner", "counts")

    def pages_per_minute(self) -> float | None:
        """Scanning speed over the last minute; None until two pages came."""
        if self.scanner != "running" or len(self._arrivals) < 2:
            return None
        span = self._arrivals[-1] - self._arrivals[0]
        return (len(self._arrivals) - 1) * 60.0 / span if span > 0 else None
