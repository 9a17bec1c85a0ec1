"""The scan job on a real SANE device (the ``test`` backend of libsane1): Esc ends the batch after
the sheet being fed, and the batch is finished ready to validate."""

from __future__ import annotations

import pytest

from station.config import ScanProfile, load_settings
from station.flows.scan import ScanJob
from station.progress import CancelToken
from station.store import Store

from flows.conftest import EscAfterFirstSheet


@pytest.fixture
def sane_settings(tmp_path, monkeypatch):
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\npnm\n")  # as tests/capture: SANE reads it once per process
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    settings = load_settings()
    settings.profiles.append(ScanProfile(name="SANE test", source="ADF Front", mode="Gray", resolution=50,
                                         page_size="max"))
    settings.profile, settings.scanner, settings.workers = "SANE test", "test:0", 1
    return settings


def test_esc_on_a_sane_feeder_ends_the_batch_ready_to_validate(sane_settings):
    cancel = CancelToken()
    job = ScanJob(sane_settings, wrap_source=lambda source: EscAfterFirstSheet(source, cancel))
    try:
        pages = job.scan(cancel)
        job.finish()
    finally:
        job.close()
    assert 1 <= pages < 10  # the test backend's feeder holds 10 sheets
    with Store.open(sane_settings) as store:
        batch = store.load_batch(job.batch_id)
    assert batch.state == "to_validate" and len(batch.pages) == pages
    assert all(p.processed_at for p in batch.pages)
