"""The store's commands end to end, as an operator runs them: print a separator sheet, import a
stack with it, list and show the batch, export it, watch a fax folder, purge."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import img2pdf
import numpy as np
import pypdfium2
from PIL import Image

from station.synth.render import render_text_page


def station(*args, cwd=None):
    env = dict(os.environ, STATION_LANG="de")
    return subprocess.run([sys.executable, "-m", "station", *args], capture_output=True, text=True, env=env, cwd=cwd)


def png(image) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "PNG", dpi=(150, 150))
    return buf.getvalue()


def test_separator_sheet_import_show_export(tmp_path):
    out = station("separator-sheet", "--out", str(tmp_path / "sheet.pdf"))
    assert out.returncode == 0 and "Trennblatt" in out.stdout
    sheet = np.array(pypdfium2.PdfDocument(str(tmp_path / "sheet.pdf"))[0].render(scale=150 / 72).to_pil().convert("L"))
    letters = [np.array(render_text_page(f"Sehr geehrte Damen und Herren,\nich kündige Vertrag Nummer {n}.", dpi=150))
               for n in (1, 2)]
    stack = tmp_path / "stack.pdf"
    stack.write_bytes(img2pdf.convert([png(letters[0]), png(sheet), png(letters[1])]))

    out = station("import", str(stack))
    assert out.returncode == 0, out.stderr
    assert "3 Seiten, 2 Dokumente" in out.stdout
    batch_id = out.stdout.split()[1].rstrip(":")

    listing = station("batches")
    assert batch_id in listing.stdout and "to_validate" in listing.stdout
    shown = station("batches", batch_id)
    assert "1 Seiten außerhalb von Dokumenten" in shown.stdout

    out = station("export", batch_id, "--out", str(tmp_path / "archive"))
    assert out.returncode == 0, out.stderr
    assert "2 Dokument(e) exportiert" in out.stdout
    pdfs = sorted((tmp_path / "archive" / batch_id).glob("[0-9]*_*.pdf"))  # receipts may lie beside them
    assert len(pdfs) == 2
    text = pypdfium2.PdfDocument(str(pdfs[1]))[0].get_textpage().get_text_range()
    assert "kündige" in text and "2" in text
    record = json.loads(pdfs[1].with_suffix(".json").read_text())
    assert record["batch_id"] == batch_id and len(record["pages"]) == 1


def test_import_of_an_unreadable_file_is_a_clear_german_error(tmp_path):
    bad = tmp_path / "kaputt.tif"
    bad.write_bytes(b"II*\x00" + b"\x00" * 20)
    out = station("import", str(bad))
    assert out.returncode != 0
    assert "kaputt.tif" in out.stderr and "Traceback" not in out.stderr


def test_watch_once_and_purge(tmp_path):
    inbox = tmp_path / "fax"
    inbox.mkdir()
    (inbox / "junk.tif").write_bytes(b"not a fax")
    out = station("watch", str(inbox), "--once", "--stable", "0.2")
    assert out.returncode == 0, out.stderr
    assert "junk.tif: Quarantäne" in out.stdout
    assert (inbox / "quarantine" / "junk.tif.reason.txt").exists()
    out = station("purge")
    assert out.returncode == 0 and "0 Stapel gelöscht" in out.stdout
    missing = station("watch", str(tmp_path / "nope"), "--once")
    assert missing.returncode != 0 and "existiert nicht" in missing.stderr


def test_batches_close_queues_a_processed_batch_and_refuses_an_unprocessed_one(store, make_page, capsys):
    from station.cli import main
    from station.model import BatchState

    done = store.create_batch(source="scanner")
    store.add_page(done, make_page(1))
    store.finish_capture(done)
    store.set_batch_state(done, BatchState.TO_VALIDATE)
    busy = store.create_batch(source="scanner")
    store.add_page(busy, make_page(2))
    store.finish_capture(busy)
    assert main(["batches", "--close", done]) == 0
    assert main(["batches", "--close", busy]) != 0
    assert "noch nicht fertig verarbeitet" in capsys.readouterr().err
    assert [o.batch_id for o in store.outbox_pending()] == [done]
    store.mark_synced(done)
    assert main(["batches", "--close", done]) == 0  # closing again never takes a synced batch back
    assert store.batch_row(done)["state"] == "synced"
