"""The desk's rules without Qt: which page a document opens on, where Enter and Ctrl+arrow go,
what the panel offers, and the counters' words."""

from __future__ import annotations

import numpy as np

from station.desk.items import BatchItem, DocItem, PageItem
from station.desk.state import Desk, Focus, PanelMode
from station.desk.wording import batch_line, count, scanner_line, shift_line, sync_line
from station.i18n import set_language
from station.model import BatchState, DocState


def letter(doc_id: str, *pages: PageItem, accepted: bool = False) -> DocItem:
    return DocItem(doc_id, pages=list(pages), doc_type="kuendigung",
                   state=DocState.ACCEPTED if accepted else DocState.TO_CHECK)


def stack() -> BatchItem:
    """Three letters as the store loads a duplex stack with separator sheets: each later letter
    starts with the sheet (loose) and its blank back, and each sheet's blank back sits with it."""
    return BatchItem("b", [
        letter("d1", PageItem("a1"), PageItem("a1-back", blank=True, loose=True), PageItem("a2")),
        letter("d2", PageItem("sep1", separator=True, loose=True), PageItem("sep1-back", blank=True, loose=True),
               PageItem("b1"), PageItem("b2")),
        letter("d3", PageItem("sep2", separator=True, loose=True), PageItem("c1-deleted", deleted=True),
               PageItem("c1")),
    ], state="to_validate")


def test_a_document_opens_on_its_first_content_page_never_a_separator_sheet():
    desk = Desk()
    desk.set_batch(stack())
    desk.goto_next_to_check(start=0)
    assert desk.doc.id == "d1" and desk.page.id == "a1"
    desk.accept_current()
    assert desk.doc.id == "d2" and desk.page.id == "b1", "after Enter: the letter, not its separator sheet"
    desk.accept_current()
    assert desk.doc.id == "d3" and desk.page.id == "c1"
    assert desk.focus is Focus.TYPE, "after Enter the type control has the keyboard"


def test_ctrl_arrows_step_through_the_current_document_only():
    desk = Desk()
    desk.set_batch(stack())
    desk.open_document(desk.batch.documents[1])
    assert desk.step_page(1).id == "b2"
    assert desk.step_page(1).id == "b2", "the last page of the document is the end, not document 1"
    assert desk.step_page(-1).id == "b1"
    assert desk.step_page(-1).id == "b1", "never back onto the separator sheet"
    desk.open_document(desk.batch.documents[2])
    assert [p.id for p in desk.batch.documents[2].step_pages()] == ["c1-deleted", "c1"]


def test_after_the_last_accept_the_panel_asks_to_close_the_batch():
    desk = Desk()
    seen: list[str] = []
    desk.observe("panel", lambda: seen.append(desk.panel_mode().value))
    desk.set_batch(stack())
    desk.goto_next_to_check(start=0)
    for _ in range(3):
        desk.accept_current()
    assert desk.doc is None and desk.page is None
    assert desk.panel_mode() is PanelMode.ALL_CHECKED and desk.all_checked()
    assert seen[-1] == "all_checked"


def test_while_scanning_there_is_no_document_to_decide_on():
    desk = Desk()
    batch = BatchItem("b", [DocItem("new:b", pages=[PageItem("p1")])])
    desk.set_scanner("running")
    desk.set_batch(batch)
    desk.show_page(batch.documents[0], batch.documents[0].pages[0])
    assert desk.panel_mode() is PanelMode.SCANNING
    assert desk.document_number() == (0, 0)
    assert desk.batch_counts() == (1, 0, 0), "the provisional pages are no document to check"
    assert desk.accept_current() is None


def test_uncertain_documents_come_first_and_accepted_ones_are_skipped():
    desk = Desk()
    batch = stack()
    batch.documents[0].needs_review = False
    batch.documents[1].state = DocState.ACCEPTED
    desk.set_batch(batch)
    assert desk.goto_next_to_check(start=0).id == "d3"


def test_pages_per_minute_while_scanning():
    now = [100.0]
    desk = Desk(clock=lambda: now[0])
    desk.set_scanner("running")
    for _ in range(5):
        desk.page_scanned()
        now[0] += 2.0
    assert round(desk.pages_per_minute()) == 30
    desk.set_scanner("ready")
    assert desk.pages_per_minute() is None


def test_counter_words_have_german_plurals():
    assert count(1, "document") == "1 Dokument" and count(2, "document") == "2 Dokumente"
    assert count(1, "page") == "1 Seite" and count(0, "page") == "0 Seiten"
    assert batch_line(1, 1, 1) == "1 Seite, 1 Dokument · 1 zu prüfen"
    assert shift_line(12, 1, 3, 1) == "Heute 12 Seiten · 1 Stapel / 3 Dokumente zu prüfen · 1 Fax wartet"
    assert scanner_line("running", 41.6) == "Scanner läuft · 42 Seiten/min"
    set_language("en")
    try:
        assert count(1, "batch") == "1 batch" and count(3, "fax") == "3 faxes"
    finally:
        set_language(None)


def test_an_unreachable_central_store_is_named_so():
    assert sync_line(True, False, 2, 5.0) == "Sync: nicht erreichbar, 2 Stapel offen (ältester 5 min)"
    assert "unbekannt" not in sync_line(True, None, 0, None)
    assert sync_line(True, True, 0, None) == "Sync: online, 0 Stapel offen"


def test_shift_counts_come_from_the_store(tmp_path):
    from station.config import load_settings
    from station.desk.shift import read_shift
    from station.store import Store
    from station.store.documents import DocumentPlan

    settings = load_settings()
    settings.central.host, settings.central.port = "127.0.0.1", 9  # nothing listens on the discard port
    store = Store.open(settings)
    try:
        rng = np.random.default_rng(1)
        batch = store.create_batch()
        pages = [store.add_page(batch, np.where(rng.random((90, 120)) < 0.05, 0, 255).astype(np.uint8))
                 for _ in range(3)]
        store.set_documents(batch, [DocumentPlan(pages[:1]), DocumentPlan(pages[1:])])
        store.set_batch_state(batch, BatchState.TO_VALIDATE)
        fax = store.create_batch(source="fax")
        store.add_page(fax, np.where(rng.random((90, 120)) < 0.05, 0, 255).astype(np.uint8))
    finally:
        store.close()
    counts = read_shift(settings)
    assert counts.pages_today == 4
    assert (counts.batches_waiting, counts.documents_waiting, counts.faxes_waiting) == (1, 2, 1)
    assert counts.central_configured and counts.central_reachable is False


def test_field_outlines_survive_a_reload_of_the_batch():
    from station.desk.items import FieldMark

    desk = Desk()
    first = stack()
    first.documents[0].fields = {"customer_number": "1234567897"}
    first.documents[0].marks = [FieldMark("customer_number", "1234567897", "a1", 1, 2, 3, 4)]
    desk.set_batch(first)
    desk.goto_next_to_check(start=0)
    again = stack()  # as the store returns it after an edit (a page turned)
    again.documents[0].fields = {"customer_number": "1234567897"}
    desk.set_batch(again)
    assert desk.doc is again.documents[0] and desk.page.id == "a1"
    assert [m.name for m in desk.doc.marks] == ["customer_number"]


def test_the_documents_enter_will_open_next_are_known_ahead():
    desk = Desk()
    desk.set_batch(stack())
    desk.goto_next_to_check(start=0)
    assert [d.id for d in desk.upcoming(2)] == ["d2", "d3"]
    desk.accept_current()
    assert desk.doc.id == "d2" and [d.id for d in desk.upcoming(2)] == ["d3"]
