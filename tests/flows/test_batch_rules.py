"""Close, delete, split and merge: one rule each for the desk and the command line."""

from __future__ import annotations

import numpy as np
import pytest

from station.cli import main
from station.config import load_settings
from station.errors import StoreError
from station.flows.batch import ChecksLeft, accept_document, close_batch, delete_batch, merge, split
from station.flows.process import process_batch
from station.model import PageResult
from station.separate import PageInfo, SeparationRules, separate
from station.store import Store
from station.synth.render import render_text_page

from flows.conftest import ADDRESS, BANK, CANCEL


@pytest.fixture
def settings():
    return load_settings()


def read_batch(settings, texts, rules=None):
    """A captured batch whose pages carry these texts as read (no scanner, no OCR: the rules under
    test start after reading), processed by the flows: separated and classified."""
    with Store.open(settings) as store:
        batch_id = store.create_batch(profile="Test", separation=rules or {})
        for n, text in enumerate(texts):
            image = np.asarray(render_text_page(text.splitlines()[0], dpi=60))
            page_id = store.add_page(batch_id, image, dpi=60, sheet=n)
            store.save_page_result(page_id, PageResult(index=n, width=image.shape[1], height=image.shape[0],
                                                       dpi=60, text=text))
        store.finish_capture(batch_id)
        process_batch(store, settings, batch_id)
        return batch_id


def test_a_stack_without_separator_sheets_is_split_where_letters_begin(settings):
    second_page = "Paul Schmidt – Seite 2\nIch bitte um eine kurze Bestätigung.\nMit freundlichen Grüßen"
    batch_id = read_batch(settings, [CANCEL, BANK, ADDRESS, second_page])
    with Store.open(settings) as store:
        docs = store.load_batch(batch_id).documents
    assert [len(d.pages) for d in docs] == [1, 1, 2]
    assert [d.doc_type for d in docs] == ["kuendigung", "bankdaten", "adressaenderung"]


def test_the_first_page_fallback_only_applies_when_no_rule_found_a_boundary():
    pages = [PageInfo(0, starts_letter=True), PageInfo(1, starts_letter=True), PageInfo(2, starts_letter=True)]
    assert len(separate(pages, SeparationRules()).documents) == 3
    assert len(separate(pages, SeparationRules(pages_per_document=3)).documents) == 1
    assert len(separate([PageInfo(i, starts_letter=True, source_file="fax.tif") for i in range(2)],
                        SeparationRules(one_per_file=True)).documents) == 1  # a fax is one document


def test_split_and_merge_classify_and_read_the_changed_documents_again(settings):
    batch_id = read_batch(settings, [CANCEL, BANK], rules={"pages_per_document": 2})
    with Store.open(settings) as store:
        [doc] = store.load_batch(batch_id).documents
        new_doc = split(store, settings, doc.id, store.load_batch(batch_id).documents[0].pages[1].id)
        first, second = store.load_batch(batch_id).documents
        assert (first.doc_type, second.doc_type) == ("kuendigung", "bankdaten")
        assert second.id == new_doc and second.fields.get("iban") == "DE89370400440532013000"
        assert not first.fields.get("iban")  # the IBAN's page left with the new document
        merge(store, settings, first.id, second.id)
        [joined] = store.load_batch(batch_id).documents
        assert joined.fields.get("iban") == "DE89370400440532013000"
        events = store.query("SELECT data FROM audit_events WHERE kind = 'classified' AND batch_id = ? ORDER BY seq",
                             (batch_id,))
    assert sum('"by": "split"' in e["data"] for e in events) == 2
    assert sum('"by": "merge"' in e["data"] for e in events) == 1


def test_close_needs_every_document_checked_unless_forced_and_closing_again_changes_nothing(settings):
    batch_id = read_batch(settings, [CANCEL, BANK])
    with Store.open(settings) as store:
        with pytest.raises(ChecksLeft) as refused:
            close_batch(store, batch_id)
        assert refused.value.left == 2 and store.batch_row(batch_id)["state"] == "to_validate"
        for doc in store.load_batch(batch_id).documents:
            accept_document(store, doc.id)
        assert close_batch(store, batch_id) is True
        assert close_batch(store, batch_id) is False
        assert store.batch_row(batch_id)["state"] == "closed"
        other = read_batch(settings, [ADDRESS])
        assert close_batch(store, other, force=True) is True


def test_station_batches_close_applies_the_same_rule(settings, capsys):
    batch_id = read_batch(settings, [CANCEL])
    assert main(["batches", "--close", batch_id]) != 0
    assert "zu prüfen" in capsys.readouterr().err
    with Store.open(settings) as store:
        assert store.batch_row(batch_id)["state"] == "to_validate"
    assert main(["batches", "--close", batch_id, "--force"]) == 0
    with Store.open(settings) as store:
        assert store.batch_row(batch_id)["state"] == "closed"


def test_a_stranded_batch_can_be_finished_or_deleted_from_the_command_line(settings, capsys):
    with Store.open(settings) as store:
        batch_id = store.create_batch(profile="Test")
        page = np.asarray(render_text_page("Sehr geehrte Damen und Herren,", dpi=60))
        store.add_page(batch_id, page, dpi=60)
        gone = store.create_batch(profile="Test")
        store.add_page(gone, page, dpi=60)
    assert main(["batches", "--finish", batch_id]) == 0
    assert main(["batches", "--delete", gone]) != 0  # not without --yes
    assert main(["batches", "--delete", gone, "--yes"]) == 0
    with Store.open(settings) as store:
        assert store.batch_row(batch_id)["state"] == "to_validate"
        assert store.query("SELECT COUNT(*) AS n FROM pages WHERE batch_id = ?", (gone,))[0]["n"] == 0
        with pytest.raises(StoreError):
            delete_batch(store, batch_id)  # confirm is required by the core too


def test_in_a_registered_stack_each_envelope_opens_its_letter_and_the_letter_stays_with_it():
    """A stack of registered letters without separator sheets: envelope, letter, envelope, letter."""
    pages = [PageInfo(0, envelope=True), PageInfo(1, starts_letter=True), PageInfo(2),
             PageInfo(3, envelope=True), PageInfo(4, starts_letter=True)]
    assert [d.pages for d in separate(pages, SeparationRules()).documents] == [[0, 1, 2], [3, 4]]
    plain = [PageInfo(0), PageInfo(1, starts_letter=True), PageInfo(2, starts_letter=True)]
    assert [d.pages for d in separate(plain, SeparationRules()).documents] == [[0], [1], [2]]
