"""What the desk shows of a batch: plain data the views render, filled by the desk's adapter from the
core's results. No Qt here: the desk's state (``station.desk.state``) is made of these objects.

A batch is a list of documents, each a list of pages; separator sheets are kept apart (the tree
draws them as a divider). Pages arrive one by one while scanning and are processed later, so a
page knows whether its processing result is in yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from station.model import DocState, PageResult

FIELD_NAMES = ("customer_number", "phone_number", "iban")


@dataclass
class FieldMark:
    """Where a field value was found on a page (from the classifier's FieldHit)."""

    name: str
    value: str
    page_id: str
    x: int
    y: int
    width: int
    height: int
    raw: str = ""  # the text as read on the paper (before normalising), to compare with the page


@dataclass
class PageItem:
    id: str
    image_path: str | None = None  # the image the large view shows (cleaned once processed)
    thumb: object | None = None  # a QImage made in the worker the moment the page arrived
    blank: bool = False
    separator: bool = False
    rotation: int = 0  # operator's extra turn in degrees clockwise (on top of the pipeline's)
    processed: bool = False
    deleted: bool = False
    loose: bool = False  # shown with a document but not part of it (a separator sheet, a dropped blank back)
    error: str | None = None
    result: PageResult | None = None
    arrived_at: float = 0.0  # time.perf_counter() when the page left the scanner (latency bench)
    stored: bool = True  # False while a page fresh from the scanner is shown but not yet durable
    envelope: bool = False  # a registered letter's envelope/label: evidence, not classified

    def is_content(self) -> bool:
        return not (self.separator or self.blank or self.loose or self.deleted)


@dataclass
class DocItem:
    id: str
    pages: list[PageItem] = field(default_factory=list)
    doc_type: str | None = None
    type_label: str = ""
    department: str = ""
    confidence: float | None = None
    needs_review: bool = True
    review_reason: str = ""  # why the model left it for a person: unreadable | cancellation_only_mentioned | cancellation_of_something_else | possible_withdrawal | cancellation_declared | low_confidence
    fields: dict[str, str | None] = field(default_factory=dict)
    marks: list[FieldMark] = field(default_factory=list)
    state: DocState = DocState.TO_CHECK
    received_at: datetime | None = None
    error: str | None = None
    changes: dict[str, object] = field(default_factory=dict)  # operator's corrections not yet stored
    delivery_date: date | None = None  # Posteingangsdatum of its batch: the legal date of receipt
    registered: bool = False  # Einschreiben
    tracking_number: str | None = None

    def visible_pages(self) -> list[PageItem]:
        return [p for p in self.pages if not p.deleted]

    def content_pages(self) -> list[PageItem]:
        """The pages an operator reads: not a separator sheet, not a blank or dropped back, not deleted."""
        return [p for p in self.pages if p.is_content()]

    def step_pages(self) -> list[PageItem]:
        """The pages Ctrl+arrow steps through: the document's own pages (deleted ones too, struck out,
        so they can be restored), never a separator sheet or a page that only sits beside it."""
        return [p for p in self.pages if not p.separator and not p.loose]

    def first_content_page(self) -> PageItem | None:
        """Where the document opens: its first content page; a document of blank pages only opens
        on its first own page; a document without pages on nothing."""
        content = self.content_pages()
        if content:
            return content[0]
        own = [p for p in self.step_pages() if not p.deleted]
        return own[0] if own else None

    @property
    def provisional(self) -> bool:
        """Pages gathered while scanning, before separation: not yet a document to decide on."""
        return self.id.startswith(("new:", "loose:"))


@dataclass
class BatchItem:
    id: str
    documents: list[DocItem] = field(default_factory=list)
    state: str = "scanning"
    started_at: datetime | None = None
    profile: str = ""
    delivery_date: date | None = None  # Posteingangsdatum (None: a batch from before delivery dates)
    delivery_reason: str | None = None

    def page_count(self) -> int:
        """Sides scanned and kept, as the store counts them (separator sheets and blank backs too, a
        deleted page not): the one page count of the status bar, the batch list and the jam dialog.
        A page still being stored is shown but not counted."""
        return sum(1 for d in self.documents for p in d.visible_pages() if p.stored)

    def to_check(self) -> int:
        return sum(1 for d in self.documents if d.state is not DocState.ACCEPTED and not d.provisional)

    def separated(self) -> bool:
        """Split into documents (after scanning and processing): documents can be decided on."""
        return bool(self.documents) and not any(d.provisional for d in self.documents)

    def find_page(self, page_id: str) -> tuple[DocItem, PageItem] | None:
        for doc in self.documents:
            for page in doc.pages:
                if page.id == page_id:
                    return doc, page
        return None


@dataclass
class BatchSummary:
    """One line of the start screen's list of recent batches."""

    id: str
    started_at: datetime | None
    state: str
    pages: int
    documents: int
    label: str = ""


@dataclass
class DocTypeChoice:
    id: str
    label: str
    department: str  # routing key (German, as the central store has it)
    department_label: str = ""  # the department as the operator's language names it
