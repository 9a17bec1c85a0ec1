"""Exporting a batch leaves a certificate of receipt beside every cancellation, and only there."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from station.export import export_batch


def test_export_writes_a_receipt_for_the_cancellation_only(mailroom, tmp_path):
    export_batch(mailroom.store, mailroom.batch, tmp_path / "out")
    folder = tmp_path / "out" / mailroom.batch
    receipts = sorted(p.name for p in folder.glob("Eingangsbestaetigung-*.pdf"))
    assert receipts == [f"Eingangsbestaetigung-{mailroom.cancellation}.pdf"]
    text = pdfium.PdfDocument(str(folder / receipts[0]))[0].get_textpage().get_text_range()
    assert re.findall(r"Seite +\d+: ([0-9a-f]{64})", text) == [mailroom.page_file(i).name.split(".")[0] for i in (0, 1)]


def test_a_forged_cancellation_is_exported_without_a_receipt(mailroom, tmp_path, caplog):
    page = mailroom.page_file(0)
    page.write_bytes(page.read_bytes() + b"retouched")  # still a readable image, no longer the one received
    exported = export_batch(mailroom.store, mailroom.batch, tmp_path / "out")
    assert len(exported) == 2
    assert not list((tmp_path / "out").rglob("Eingangsbestaetigung-*.pdf"))
    assert f"no certificate of receipt for document {mailroom.cancellation}" in caplog.text
