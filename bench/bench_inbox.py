"""Department inbox benchmark: the clerk's pages over a central store filled with a generator.

One throw-away PostgreSQL (tests/pgserver.py), migrated; a generator COPYs N documents (quick 200,000,
default and full 1,000,000) spread over a year of month partitions, with their routing rows (90 % long
done), index fields, pages and two station audit events each (triggers off while filling: the rows are
made consistent by the generator, as the triggers would have made them). Then the real application
(``station.inbox.app``, Starlette's TestClient in-process, a pooled connection acting as the
department role per request) is asked as a clerk of "Kündigungen":
- queue page (``/``: first 100 open documents oldest first + counts per type), p95 target <= 200 ms;
- search by customer number, by IBAN and by day (``/rows?q=`` / ``?day=``), p95 target <= 200 ms;
- document view (``/doc/ID``) and its first page image, p95 target <= 300 ms;
- re-route (``POST /doc/ID/reroute``) latency, and the re-route rate per type it leaves behind
  (``central.corrections`` per document type: how often the desks' routing was corrected).

``python bench/run.py --only inbox [--quick]`` or ``python bench/bench_inbox.py [--quick]``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "tests")]

from harness import Options, Row, section  # noqa: E402

CANCEL = "Kündigungen"
REQUESTS = 40
OPEN_SHARE = 0.10
DOCS_PER_BATCH = 50
WITH_CONTENT = 300  # cancellations whose first page carries real image bytes (the views we open)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def _types() -> list[tuple[str, str, float]]:
    """(doc_type, department, weight): cancellations are the biggest share of real mail."""
    from station.classify.taxonomy import load_taxonomy

    weights = {"kuendigung": 0.2, "rechnung_reklamation": 0.15, "bankdaten": 0.1, "adressaenderung": 0.1}
    return [(t.id, t.department, weights.get(t.id, 0.03)) for t in load_taxonomy()]


def fill(conn, n: int, page_png: bytes, seed: int = 7) -> list[str]:  # type: ignore[no-untyped-def]
    """COPY n documents into the central store; returns ids of open cancellations with page bytes."""
    rng = random.Random(seed)
    types = _types()
    kinds, weights = [t[:2] for t in types], [t[2] for t in types]
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    span_s = 365 * 86400 - 1
    for month in range(12):
        conn.execute("SELECT central.ensure_document_partition(%s)", (start + timedelta(days=31 * month),))
    png_sha, png_size = hashlib.sha256(page_png).hexdigest(), len(page_png)
    viewable: list[str] = []
    conn.execute("SET session_replication_role = replica")  # the generator stands in for the triggers
    station = "desk-bench"
    batches = [uuid.uuid4() for _ in range(n // DOCS_PER_BATCH + 1)]
    with conn.cursor() as cur, \
            cur.copy("COPY central.documents (id, received_at, station_id, batch_id, position, doc_type, department,"
                     " confidence, fields, page_count) FROM STDIN") as docs:
        rows = []
        for i in range(n):
            doc_id = uuid.uuid4()
            received = start + timedelta(seconds=span_s * i / n)
            doc_type, department = rng.choices(kinds, weights)[0]
            fields = {"customer_number": f"{1000000000 + i}"}
            if i % 2 == 0:
                fields["phone_number"] = f"+49151{i:08d}"
            if i % 5 == 0:
                fields["iban"] = f"DE{i % 97:02d}37040044{i:010d}"
            is_open = i >= n * (1 - OPEN_SHARE) or rng.random() < 0.005
            content = doc_type == "kuendigung" and is_open and len(viewable) < WITH_CONTENT
            if content:
                viewable.append(str(doc_id))
            rows.append((doc_id, received, doc_type, department, fields, is_open, content, batches[i // DOCS_PER_BATCH]))
            docs.write_row((doc_id, received, station, batches[i // DOCS_PER_BATCH], i % DOCS_PER_BATCH, doc_type, department, 0.9, json.dumps(fields), 1))
    _fill_side_tables(conn, rows, station, page_png, png_sha, png_size)
    conn.execute("SET session_replication_role = origin")
    conn.execute("ANALYZE")
    return viewable


def _fill_side_tables(conn, rows, station, page_png, png_sha, png_size) -> None:  # type: ignore[no-untyped-def]
    done_at = datetime(2027, 1, 2, tzinfo=timezone.utc)
    with conn.cursor() as cur:
        with cur.copy("COPY central.routing (document_id, received_at, department, doc_type, ready_at, taken_at,"
                      " taken_by, done_at, done_by, receipt_at) FROM STDIN") as cp:
            for doc_id, received, doc_type, department, _, is_open, _, _ in rows:
                closed = None if is_open else done_at
                # receipt_at as the insert trigger sets it (no delivery date here: the arrival)
                cp.write_row((doc_id, received, department, doc_type, received, closed, "bench" if closed else None,
                              closed, "bench" if closed else None, received))
        with cur.copy("COPY central.fields (document_id, station_id, name, value) FROM STDIN") as cp:
            for doc_id, _, _, _, fields, _, _, _ in rows:
                for name, value in fields.items():
                    cp.write_row((doc_id, station, name, value))
    hashes = {}
    with conn.cursor() as cur, cur.copy("COPY central.pages (id, document_id, batch_id, station_id, position, sha256,"
                                        " size, media_type, content, reference) FROM STDIN") as pages:
        for doc_id, *_, content, batch in rows:
            sha = png_sha if content else hashlib.sha256(doc_id.bytes).hexdigest()
            hashes[doc_id] = sha
            pages.write_row((uuid.uuid4(), doc_id, batch, station, 0, sha, png_size if content else 1000,
                             "image/png", page_png if content else None, None if content else "archive"))
    prev, seq = "0" * 64, 0
    with conn.cursor() as cur, cur.copy("COPY central.audit_events (id, station_id, seq, at, kind, batch_id,"
                                        " document_id, page_hashes, canonical, prev_hash, hash) FROM STDIN") as events:
        for doc_id, received, *_, batch in rows:
            for kind in ("received", "classified"):
                seq += 1
                h = hashlib.sha256(f"{seq}".encode()).hexdigest()
                page_hashes = f'["{hashes[doc_id]}"]' if kind == "received" else "[]"
                events.write_row((uuid.uuid4(), station, seq, received, kind, batch,
                                  None if kind == "received" else doc_id, page_hashes, "{}", prev, h))
                prev = h


def _timed(client, method: str, url: str, n: int = REQUESTS, **kw) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.request(method, url, **kw)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    return out


def run_bench(quick: bool = False) -> list[Row]:
    import psycopg
    from starlette.testclient import TestClient

    from pgserver import PgServer
    from station.classify.taxonomy import load_taxonomy
    from station.config import RESOURCES
    from station.inbox.admin import add_clerk, add_inbox_login
    from station.inbox.app import create_app
    from station.sync import schema

    n = 200_000 if quick else 1_000_000
    page_png = (RESOURCES / "sample_mail" / "01-kuendigung.png").read_bytes()
    with PgServer() as pg:
        dsn = pg.create_database("inbox_bench")
        with psycopg.connect(dsn, autocommit=True) as conn:
            schema.migrate(conn)
            schema.add_station(conn, "desk-bench")
            for department in dict.fromkeys(t.department for t in load_taxonomy()):
                schema.add_department(conn, department)
            role, password = add_inbox_login(conn)
            clerk_pw = add_clerk(conn, "kim", CANCEL)
            t0 = time.perf_counter()
            viewable = fill(conn, n, page_png)
            fill_s = time.perf_counter() - t0
            sample = conn.execute("SELECT f.value FROM central.fields f JOIN central.routing r ON r.document_id ="
                                  " f.document_id WHERE r.department = %s AND r.done_at IS NULL AND f.name = %s"
                                  " LIMIT 1", (CANCEL, "iban")).fetchone()[0]
            customer = conn.execute("SELECT fields->>'customer_number' FROM central.documents WHERE id = %s",
                                    (viewable[-1],)).fetchone()[0]
        app = create_app(pg.dsn(user=role, password=password, dbname="inbox_bench"))
        with TestClient(app, base_url="https://testserver") as client:
            form = client.get("/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            assert client.post("/login", data={"username": "kim", "password": clerk_pw, "csrf": csrf},
                               follow_redirects=False).status_code == 303
            _timed(client, "GET", "/", 5)  # warm the pool and caches
            queue = _timed(client, "GET", "/")
            by_customer = _timed(client, "GET", "/rows", params={"q": customer})
            by_iban = _timed(client, "GET", "/rows", params={"q": sample})
            by_day = _timed(client, "GET", "/rows", params={"day": "2026-12-20"})
            docs = viewable[:REQUESTS]
            view = [_timed(client, "GET", f"/doc/{d}", 1)[0] for d in docs]
            first_page = [_timed(client, "GET", f"/doc/{d}/page/0", 1)[0] for d in docs]
            receipt = []
            for d in docs[:5]:  # generated chains are not real hash chains: refused (409) after the look-up
                t = time.perf_counter()
                r = client.get(f"/doc/{d}/receipt.pdf")
                receipt.append((time.perf_counter() - t) * 1000)
                assert r.status_code in (200, 409), r.status_code
            token = re.search(r'name="csrf" value="([^"]+)"', client.get(f"/doc/{docs[0]}").text).group(1)
            reroute = []
            for d in viewable[REQUESTS:REQUESTS + 20]:
                t = time.perf_counter()
                r = client.post(f"/doc/{d}/reroute", data={"csrf": token, "target": "Rechnungsklärung",
                                                          "reason": "Bench", "new_type": "rechnung_reklamation"},
                                follow_redirects=False)
                reroute.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 303
        with psycopg.connect(dsn, autocommit=True) as conn:
            rates = conn.execute(
                "SELECT d.doc_type, count(c.id), count(*) FROM central.documents d"
                " LEFT JOIN central.corrections c ON c.document_id = d.id GROUP BY 1 ORDER BY 1").fetchall()
    rows: list[Row] = [
        {"metric": "generator: documents COPYed into the central store", "value": n, "unit": "docs",
         "seconds": round(fill_s, 1)},
        {"metric": "queue page (100 oldest + counts), p95", "value": round(p95(queue), 1), "unit": "ms",
         "target": "<= 200 ms", "median": round(statistics.median(queue), 1), "documents": n},
        {"metric": "search by customer number, p95", "value": round(p95(by_customer), 1), "unit": "ms",
         "target": "<= 200 ms"},
        {"metric": "search by IBAN, p95", "value": round(p95(by_iban), 1), "unit": "ms", "target": "<= 200 ms"},
        {"metric": "search by day of receipt, p95", "value": round(p95(by_day), 1), "unit": "ms", "target": "<= 200 ms"},
        {"metric": "document view, p95", "value": round(p95(view), 1), "unit": "ms", "target": "<= 300 ms"},
        {"metric": "document first page image, p95", "value": round(p95(first_page), 1), "unit": "ms",
         "target": "<= 300 ms"},
        {"metric": "certificate of receipt: evidence look-up under RLS, max of 5", "value": round(max(receipt), 1),
         "unit": "ms", "note": "generated events are no real chain: the certificate is refused after the look-up"},
        {"metric": "re-route (POST), p95", "value": round(p95(reroute), 1), "unit": "ms"},
    ]
    for doc_type, corrected, total in rates:
        if corrected:
            rows.append({"metric": f"re-route rate: {doc_type}", "value": round(corrected / total * 100, 3),
                         "unit": "%", "rerouted": corrected, "documents": total})
    return rows


@section("inbox")
def inbox_section(opt: Options) -> list[Row]:
    return run_bench(quick=opt.quick)


if __name__ == "__main__":
    for row in run_bench(quick="--quick" in sys.argv):
        print(row)
