"""The `station audit verify` and `station receipt` commands over a local store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pypdfium2 as pdfium


def station(*args, lang="de"):
    env = dict(os.environ, STATION_LANG=lang)
    return subprocess.run([sys.executable, "-m", "station", *args], capture_output=True, text=True, env=env)


def install(spec_store):
    """Put the spec-built store where the station's settings look for it."""
    data = os.environ["STATION_DATA_DIR"]
    os.makedirs(data, exist_ok=True)
    spec_store.conn.commit()
    shutil.copy(spec_store.path, os.path.join(data, "station.db"))
    shutil.copytree(spec_store.blobs, os.path.join(data, "blobs"))


def test_verify_reports_intact_with_counts_and_exit_zero(spec_store):
    spec_store.add_document([b"p1", b"p2"], "kuendigung", {"customer_number": "12345"})
    install(spec_store)
    out = station("audit", "verify")
    assert out.returncode == 0, out.stderr
    assert "Unversehrt: 3 Ereignisse von 1 Station(en), 2 Seitendateien, 1 Dokumente geprüft." in out.stdout


def test_verify_names_the_first_inconsistency_and_exits_one(spec_store):
    spec_store.add_document([b"p1"], "kuendigung", {})
    spec_store.conn.execute("UPDATE audit_events SET kind='scanned' WHERE seq=2")
    install(spec_store)
    out = station("--lang", "en", "audit", "verify", lang="en")
    assert out.returncode == 1
    assert "NOT intact" in out.stdout and "Event #2 (scanned) was altered" in out.stdout


def test_verify_without_a_store_is_a_clear_german_error():
    out = station("audit", "verify")
    assert out.returncode == 2
    assert "existiert nicht" in out.stderr and "Traceback" not in out.stderr


def test_receipt_command_writes_the_pdf(spec_store, tmp_path):
    doc_id = spec_store.add_document([b"p1"], "kuendigung", {"customer_number": "12345"})
    install(spec_store)
    out = station("receipt", doc_id, "--out", str(tmp_path / "r.pdf"), "--lang", "en")
    assert out.returncode == 0, out.stderr
    text = pdfium.PdfDocument(str(tmp_path / "r.pdf"))[0].get_textpage().get_text_range()
    assert "Certificate of receipt" in text and doc_id in text
