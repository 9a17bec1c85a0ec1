"""The operator reshapes a batch; every change is audited, nothing is lost, and the audit part's
verifier still finds the store intact afterwards."""

from __future__ import annotations

import numpy as np
import pytest

from station import batches
from station.audit.verify import verify_local
from station.errors import StoreError
from station.model import PageResult, Word
from station.store import DocumentPlan
from station.store.encode import decode_page

from .conftest import page_image


@pytest.fixture
def two_docs(store):
    batch = store.create_batch()
    ids = [store.add_page(batch, page_image(i)) for i in range(5)]
    store.set_documents(batch, [DocumentPlan(ids[:3]), DocumentPlan(ids[3:])])
    return batch, ids


def doc_pages(store, batch):
    return [[p.id for p in d.pages if not p.deleted] for d in store.load_batch(batch).documents]


def test_move_a_page_to_another_document(store, two_docs):
    batch, ids = two_docs
    second = store.load_batch(batch).documents[1].id
    batches.move_page(store, ids[0], second, 1)
    assert doc_pages(store, batch) == [ids[1:3], [ids[3], ids[0], ids[4]]]


def test_split_then_merge_gives_the_document_back(store, two_docs):
    batch, ids = two_docs
    first = store.load_batch(batch).documents[0].id
    new = batches.split_document(store, first, ids[1])
    assert doc_pages(store, batch) == [ids[:1], ids[1:3], ids[3:]]
    split_off = store.load_batch(batch).document(new)
    assert split_off.received_at == split_off.pages[0].received_at
    batches.merge_documents(store, first, new)
    assert doc_pages(store, batch) == [ids[:3], ids[3:]]
    assert [d.ord for d in store.load_batch(batch).documents] == [0, 1]


def test_split_at_the_first_page_is_refused(store, two_docs):
    batch, ids = two_docs
    with pytest.raises(StoreError):
        batches.split_document(store, store.load_batch(batch).documents[0].id, ids[0])


def test_delete_is_soft_and_restorable_until_export(store, two_docs):
    batch, ids = two_docs
    batches.delete_page(store, ids[1])
    assert doc_pages(store, batch)[0] == [ids[0], ids[2]]
    assert store.page_path(ids[1]).exists()
    batches.restore_page(store, ids[1])
    assert doc_pages(store, batch)[0] == ids[:3]
    doc = store.load_batch(batch).documents[0].id
    store.mark_exported(doc, "x.pdf", "x.json", "0" * 64, 3)
    with pytest.raises(StoreError) as err:
        batches.delete_page(store, ids[1])
    assert "bereits exportiert" in err.value.operator_message()


def test_rotating_turns_the_image_and_the_word_boxes(store, two_docs):
    batch, ids = two_docs
    word = Word("Hallo", left=10, top=20, width=30, height=8, conf=95.0)
    store.save_page_result(ids[0], PageResult(index=0, width=90, height=120, words=[word], text="Hallo"))
    batches.rotate_page(store, ids[0], 90)
    page = store.page(ids[0])
    image = decode_page(store.blobs.read(page.clean_hash))
    assert image.shape == (90, 120) and (page.width, page.height) == (120, 90)
    original = page_image(0)
    assert np.array_equal(image, np.rot90(original, -1))
    [turned] = page.words
    assert (turned.left, turned.top, turned.width, turned.height) == (120 - 28, 10, 8, 30)
    assert original[20:28, 10:40].sum() == np.rot90(original, -1)[10:40, 92:100].sum()


def test_rescan_takes_the_old_pages_place_and_keeps_the_old_one(store, two_docs):
    batch, ids = two_docs
    new = batches.rescan_page(store, ids[1], page_image(99))
    assert doc_pages(store, batch)[0] == [ids[0], new, ids[2]]
    old = store.page(ids[1])
    assert old.deleted and old.document_id is None
    assert [p.id for p in store.pages_to_process(batch)][-1] == new


def test_every_edit_is_audited_and_the_verifier_agrees(store, two_docs):
    batch, ids = two_docs
    first, second = [d.id for d in store.load_batch(batch).documents]
    batches.move_page(store, ids[4], first, 0)
    new = batches.split_document(store, first, ids[1])
    batches.merge_documents(store, first, new)
    batches.delete_page(store, ids[2])
    batches.rescan_page(store, ids[0], page_image(42))
    store.record_correction(first, doc_type="rechnung", fields={"customer_number": "12345678"})
    actions = [e["data"]["action"] for e in store.events_after(0) if e["kind"] == "pages_edited"]
    assert actions == ["move", "split", "merge", "delete", "rescan"]
    report = verify_local(store.root / "station.db", store.blobs.root)
    assert report.intact, [p.message_en for p in report.problems]
