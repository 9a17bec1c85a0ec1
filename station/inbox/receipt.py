"""The certificate of receipt, issued from the central copy while acting as the department.

The same evidence and the same certificate as ``station.audit.central_receipt.make_central_receipt``;
a department cannot read its neighbours' events, so the chain links come from
``central.audit_chain_links`` (hashes only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station.audit.central_receipt import make_central_receipt


def department_receipt(conn: Any, document_id: str, out: Path, lang: str = "de") -> Path:
    """The PDF for ``document_id``; raises ReceiptError if its evidence does not hold or it is not visible."""
    return make_central_receipt(conn, document_id, out, lang, chain="central.audit_chain_links")
