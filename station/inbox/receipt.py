"""The certificate of receipt, issued from the central copy while acting as the department.

``station.audit.central_receipt`` does the checking and rendering; a department cannot read its
neighbours' events, so the chain links around the document's events are read from
``central.audit_chain_links`` (hashes only) instead of ``central.audit_events``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from station.audit import central_receipt
from station.audit.chain import GENESIS, event_hash
from station.audit.report import Problem

_SWAP = threading.Lock()  # the links reader is swapped module-wide: one certificate at a time


def _links(conn: Any, station_id: str, events: list[dict[str, Any]]) -> list[Problem]:
    """As ``central_receipt._links``: each event re-hashed and linked both ways in its station's chain."""
    problems = []
    last = conn.execute("SELECT max(seq) FROM central.audit_chain_links WHERE station_id = %s",
                        (station_id,)).fetchone()[0]
    for e in events:
        near = {r[0]: r[1:] for r in conn.execute(
            "SELECT seq, prev_hash, hash FROM central.audit_chain_links WHERE station_id = %s AND seq IN (%s, %s)",
            (station_id, e["seq"] - 1, e["seq"] + 1)).fetchall()}
        before, after = near.get(e["seq"] - 1), near.get(e["seq"] + 1)
        linked_in = e["prev_hash"] == (before[1] if before else GENESIS)
        linked_out = after[0] == e["hash"] if after else e["seq"] == last
        if event_hash(e) != e["hash"] or not linked_in or not linked_out:
            problems.append(Problem(
                what="hash_mismatch", seq=e["seq"], kind=e["kind"], station_id=station_id,
                message_de=f"Ereignis Nr. {e['seq']} ({e['kind']}) passt nicht mehr in die zentrale Prüfkette.",
                message_en=f"Event #{e['seq']} ({e['kind']}) no longer fits the central audit chain."))
    return problems


def department_receipt(conn: Any, document_id: str, out: Path, lang: str = "de") -> Path:
    """The PDF for ``document_id``; raises ReceiptError if its evidence does not hold or it is not visible."""
    with _SWAP:
        original = central_receipt._links
        central_receipt._links = _links  # type: ignore[assignment]
        try:
            return central_receipt.make_central_receipt(conn, document_id, out, lang)
        finally:
            central_receipt._links = original  # type: ignore[assignment]
