"""The `station audit verify` and `station receipt` commands over the station's own local store."""

from __future__ import annotations

import os
import subprocess
import sys

import pypdfium2 as pdfium

from station.store import Store

from conftest import fill


def station(*args, lang="de"):
    env = dict(os.environ, STATION_LANG=lang)
    return subprocess.run([sys.executable, "-m", "station", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def test_verify_reports_intact_with_counts_and_exit_zero(settings):
    with Store.open(settings) as store:
        fill(store)
    out = station("audit", "verify")
    assert out.returncode == 0, out.stderr
    assert "Unversehrt: 10 Ereignisse von 1 Station(en), 3 Seitendateien, 2 Dokumente geprüft." in out.stdout


def test_verify_names_the_first_inconsistency_and_exits_one(settings):
    with Store.open(settings) as store:
        m = fill(store)
    m.forge("UPDATE audit_events SET kind = 'scanned' WHERE seq = 2")
    out = station("--lang", "en", "audit", "verify", "--all", lang="en")
    assert out.returncode == 1
    assert "NOT intact" in out.stdout and "Event #2 (scanned) was altered" in out.stdout


def test_verify_without_a_store_is_a_clear_german_error():
    out = station("audit", "verify")
    assert out.returncode == 2
    assert "existiert nicht" in out.stderr and "Traceback" not in out.stderr


def test_receipt_command_writes_the_pdf(settings, tmp_path):
    with Store.open(settings) as store:
        m = fill(store)
    out = station("receipt", m.cancellation, "--out", str(tmp_path / "r.pdf"), "--lang", "en")
    assert out.returncode == 0, out.stderr
    text = pdfium.PdfDocument(str(tmp_path / "r.pdf"))[0].get_textpage().get_text_range()
    assert "Certificate of receipt" in text and m.cancellation in text
