"""``station scan``, ``station import`` and ``station batches`` are adapters over the flows: the same
stack gives the same batch either way, and a jam at the terminal continues the same batch."""

from __future__ import annotations

import io
import sys

from station.cli import main
from station.config import load_settings
from station.flows.imports import import_files
from station.flows.scan import ScanJob
from station.store import Store

from flows.conftest import ADDRESS, BANK, CANCEL, DPI, write_stack

PROFILE = '[[profiles]]\nname = "Test"\nsource = "ADF Front"\nmode = "Gray"\nresolution = {dpi}\n'


def configure(tmp_path, monkeypatch, items, faults="", ipm=0):
    stack = write_stack(tmp_path / "stack", items)
    config = tmp_path / "config.toml"
    config.write_text(f'virtual_scanner_dir = "{stack}"\nvirtual_scanner_faults = "{faults}"\nprofile = "Test"\n'
                      f'workers = 1\nvirtual_scanner_ipm = {ipm}\n' + PROFILE.format(dpi=DPI))
    monkeypatch.setenv("STATION_CONFIG", str(config))
    return stack


def outline(batch_id):
    """What the operator gets: per document its pages' sheets, type and fields."""
    with Store.open(load_settings()) as store:
        batch = store.load_batch(batch_id)
    return batch.state, [([p.sheet for p in d.pages], d.doc_type, d.fields) for d in batch.documents]


def batch_ids():
    with Store.open(load_settings()) as store:
        return [b.id for b in store.list_batches()]


def test_station_scan_gives_the_batch_the_scan_job_gives(tmp_path, monkeypatch, capsys):
    configure(tmp_path, monkeypatch, [CANCEL, "SEPARATOR", BANK])
    assert main(["scan"]) == 0
    [from_cli] = batch_ids()
    job = ScanJob(load_settings())
    try:
        job.scan()
        job.finish()
    finally:
        job.close()
    cli, flow = outline(from_cli), outline(job.batch_id)
    assert cli == flow and cli[0] == "to_validate" and [d[1] for d in cli[1]] == ["kuendigung", "bankdaten"]


def test_a_jam_at_the_terminal_continues_the_same_batch(tmp_path, monkeypatch, capsys):
    configure(tmp_path, monkeypatch, [CANCEL, "SEPARATOR", BANK, "SEPARATOR", ADDRESS], faults="jammed@2")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))  # the operator clears the jam and presses Enter
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    assert main(["scan"]) == 0
    [batch_id] = batch_ids()  # one stack, one batch
    state, docs = outline(batch_id)
    assert state == "to_validate" and [d[1] for d in docs] == ["kuendigung", "bankdaten", "adressaenderung"]


def test_a_jam_without_a_terminal_ends_the_batch_ready_to_validate(tmp_path, monkeypatch, capsys):
    configure(tmp_path, monkeypatch, [CANCEL, "SEPARATOR", BANK], faults="jammed@2")
    assert main(["scan"]) == 3
    [batch_id] = batch_ids()
    state, docs = outline(batch_id)
    assert state == "to_validate" and [d[1] for d in docs] == ["kuendigung"]  # never left "processing"


def test_station_import_gives_the_batch_import_files_gives(tmp_path, monkeypatch, capsys):
    stack = configure(tmp_path, monkeypatch, [CANCEL, BANK])
    files = sorted(stack.glob("*.png"))
    assert main(["import", *map(str, files)]) == 0
    [from_cli] = batch_ids()
    other = tmp_path / "again"
    other.mkdir()
    copies = []
    for f in files:  # the same pages as other files: a batch of its own
        copies.append(other / f"copy-{f.name}")
        copies[-1].write_bytes(f.read_bytes() + b"\0")
    with Store.open(load_settings()) as store:
        from_flow = import_files(store, load_settings(), copies)
    assert [d[1:] for d in outline(from_cli)[1]] == [d[1:] for d in outline(from_flow)[1]]
    assert [d[1] for d in outline(from_cli)[1]] == ["kuendigung", "bankdaten"]


def test_ctrl_c_in_station_scan_stops_after_the_sheet_and_finishes_the_batch(tmp_path, monkeypatch, capsys):
    """The command line's Esc: the batch is finished with the pages so far, never left in capture."""
    import os
    import signal
    import threading

    configure(tmp_path, monkeypatch, [CANCEL, "SEPARATOR", BANK, "SEPARATOR", ADDRESS], ipm=40)  # 1.5 s a sheet
    threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    assert main(["scan"]) == 0
    [batch_id] = batch_ids()
    state, docs = outline(batch_id)
    assert state == "to_validate" and 1 <= sum(len(d[0]) for d in docs) < 5
    assert "Halte nach diesem Blatt an" in capsys.readouterr().err
