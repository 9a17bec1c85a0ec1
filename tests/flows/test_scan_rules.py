"""The scan job and the batch rules behind Esc, a jam and a crash (issue #16, items 2 and 3)."""

from __future__ import annotations

import pytest

from station.capture.faults import scanner_error
from station.errors import ScannerError
from station.flows.batch import recover_stranded
from station.flows.scan import ScanJob
from station.progress import CancelToken
from station.store import Store

from flows.conftest import ADDRESS, BANK, CANCEL, EscAfterFirstSheet, make_settings


def stored(settings, batch_id):
    with Store.open(settings) as store:
        return store.load_batch(batch_id)


def test_a_scan_job_stores_reads_separates_and_classifies(two_letters):
    results = []
    job = ScanJob(two_letters, on_result=lambda page_id, result: results.append(result.clean_path))
    try:
        assert job.scan() == 3
        job.finish()
    finally:
        job.close()
    batch = stored(two_letters, job.batch_id)
    assert batch.state == "to_validate"
    assert [len(d.pages) for d in batch.documents] == [1, 1]
    assert [d.doc_type for d in batch.documents] == ["kuendigung", "bankdaten"]
    assert [p.separator_kind for p in batch.pages] == [None, "separator_sheet", None]
    # cleaned pages are worked on inside the store (never a system temp folder) and shown from it
    root = str(two_letters.data_path)
    assert results and all(path.startswith(root) for path in results)


def test_stop_after_a_sheet_ends_the_batch_ready_to_validate(two_letters):
    """Esc: the pages so far are separated and classified; the batch is never left "processing"."""
    cancel = CancelToken()
    job = ScanJob(two_letters, wrap_source=lambda source: EscAfterFirstSheet(source, cancel))
    try:
        assert job.scan(cancel) == 1  # the feeder stops before the next sheet
        job.finish()
    finally:
        job.close()
    batch = stored(two_letters, job.batch_id)
    assert batch.state == "to_validate"
    assert len(batch.documents) == 1 and batch.documents[0].doc_type == "kuendigung"


def test_a_jam_continues_the_same_batch_and_nothing_is_separated_meanwhile(tmp_path):
    settings = make_settings(tmp_path, [CANCEL, "SEPARATOR", BANK, "SEPARATOR", ADDRESS], faults="jammed@2")
    job = ScanJob(settings)
    try:
        with pytest.raises(ScannerError) as fault:
            job.scan()
        assert fault.value.kind == "jammed"
        while_open = stored(settings, job.batch_id)
        assert while_open.state == "scanning" and while_open.documents == []  # the dialog is open
        assert job.scan() == 5  # "Weiter": the same batch goes on
        job.finish()
    finally:
        job.close()
    with Store.open(settings) as store:
        assert [b.id for b in store.list_batches()] == [job.batch_id]  # one stack, one batch
        batch = store.load_batch(job.batch_id)
    assert batch.state == "to_validate"
    assert [d.doc_type for d in batch.documents] == ["kuendigung", "bankdaten", "adressaenderung"]


def test_a_batch_a_crash_left_in_capture_is_finished_on_start(two_letters):
    job = ScanJob(two_letters, process=False)
    job.scan()
    job.close()  # the station dies here (its scan lock goes with it): no finish, the batch stays in capture
    assert stored(two_letters, job.batch_id).state == "scanning"
    with Store.open(two_letters) as store:
        assert recover_stranded(store, two_letters) == [job.batch_id]
        batch = store.load_batch(job.batch_id)
    assert batch.state == "to_validate" and len(batch.documents) == 2


def test_a_finished_batch_can_be_continued_and_its_new_pages_follow_its_documents(tmp_path):
    settings = make_settings(tmp_path, [CANCEL, "SEPARATOR", BANK])
    cancel = CancelToken()
    first = ScanJob(settings, wrap_source=lambda source: EscAfterFirstSheet(source, cancel))
    try:
        first.scan(cancel)
        first.finish()
    finally:
        first.close()
    before = stored(settings, first.batch_id)
    assert [d.doc_type for d in before.documents] == ["kuendigung"]
    more = ScanJob.continuing(settings, first.batch_id)  # the rest of the stack is still in the feeder
    try:
        assert more.first_sheet == 1
        more.scan()
        more.finish()
    finally:
        more.close()
    after = stored(settings, first.batch_id)
    assert after.state == "to_validate"
    assert [d.id for d in after.documents][:1] == [before.documents[0].id]  # kept as it was
    assert [d.doc_type for d in after.documents] == ["kuendigung", "bankdaten"]
    assert [p.sheet for p in after.pages] == [0, 1, 2]


class JamBetweenTheSides:
    """A jam after the front of the second sheet left the scanner, before its back did."""

    def __init__(self, source):
        self.source, self.fired = source, False

    def scan(self, profile, cancel=None, *, first_sheet=0):
        for raw in self.source.scan(profile, cancel, first_sheet=first_sheet):
            yield raw
            if raw.sheet == 1 and raw.side == "front" and not self.fired:
                self.fired = True
                raise scanner_error("jammed", detail="test: between the sides")

    def close(self):
        self.source.close()


def test_a_jam_between_the_sides_of_a_duplex_sheet_stores_no_side_twice(tmp_path):
    """The front of the second sheet is on disk, its back is not: the sheet goes through the
    feeder again, and the lone front is put aside (deleted, audited)."""
    settings = make_settings(tmp_path, [CANCEL, "SEPARATOR", BANK], source="ADF Duplex")
    jam = {}
    job = ScanJob(settings, wrap_source=lambda source: jam.setdefault("source", JamBetweenTheSides(source)))
    try:
        with pytest.raises(ScannerError):
            job.scan()
        assert job.pages == 3
        job.scan()
        job.finish()
    finally:
        job.close()
    batch = stored(settings, job.batch_id)
    live = [(p.sheet, p.side) for p in batch.pages if not p.deleted]
    assert live == [(0, "front"), (0, "back"), (1, "front"), (1, "back"), (2, "front"), (2, "back")]
    assert [(p.sheet, p.side) for p in batch.pages if p.deleted] == [(1, "front")]
    assert [d.doc_type for d in batch.documents] == ["kuendigung", "bankdaten"]


def test_recovery_leaves_a_batch_alone_while_its_jam_dialog_is_open(tmp_path):
    """``station batches --resume`` (or a second desk start) beside an open jam dialog must not
    finish the batch: the scan job's lock says it is being scanned."""
    settings = make_settings(tmp_path, [CANCEL, "SEPARATOR", BANK], faults="jammed@1")
    job = ScanJob(settings)
    try:
        with pytest.raises(ScannerError):
            job.scan()
        with Store.open(settings) as store:
            assert recover_stranded(store, settings) == []
            assert store.batch_row(job.batch_id)["state"] == "scanning"
    finally:
        job.close()  # the operator gives up on the desk: the batch is stranded now
    with Store.open(settings) as store:
        assert recover_stranded(store, settings) == [job.batch_id]
