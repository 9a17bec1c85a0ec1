"""After the soak's day: was anything lost, doubled, misplaced, redated or left lying around?

Every check compares independent records: the ground truth of the generated mail (which sheet
file or fax belongs to which letter), the desk's local store, and the central PostgreSQL store.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any


def _local(soak: Any) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{soak.desk.data_dir / 'store' / 'station.db'}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Findings:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.counts: Counter = Counter()

    def fail(self, what: str, message: str) -> None:
        self.counts[f"problem:{what}"] += 1
        if sum(1 for p in self.problems if p.startswith(what)) < 5:  # the first few of each kind are enough
            self.problems.append(f"{what}: {message}")


def check_truth(soak: Any, local: sqlite3.Connection, f: Findings) -> None:
    """Every front of every letter (and every fax page) is in the local store exactly once, in one
    document with exactly that letter's pages, in order."""
    day = soak.day_plan
    by_file: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for r in local.execute("SELECT p.*, b.source FROM pages p JOIN batches b ON b.id = p.batch_id WHERE NOT p.deleted"):
        meta = json.loads(r["meta"] or "{}")
        key = meta.get("file") if r["source"] == "scanner" else f"{r['source_file']}#{meta.get('file_page', 0)}"
        by_file[key].append(r)
    pages_of_doc: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for r in local.execute("SELECT * FROM pages WHERE document_id IS NOT NULL AND NOT deleted ORDER BY doc_ord"):
        pages_of_doc[r["document_id"]].append(r)
    key_of = {}
    for key, rows in by_file.items():
        for r in rows:
            key_of[r["id"]] = key
    for lid, letter in day.letters.items():
        if letter.kind == "scan":
            keys = list(letter.fronts)
            allowed = set(letter.fronts) | set(letter.backs)
        else:
            keys = [f"{letter.fax_file}#{i}" for i in range(letter.pages)]
            allowed = set(keys)
        docs = set()
        for key in keys:
            rows = by_file.get(key, [])
            if not rows:
                f.counts["lost"] += 1
                f.fail("lost", f"{lid} page {key} is not in the local store")
            elif len(rows) > 1:
                f.counts["duplicates"] += len(rows) - 1
                f.fail("duplicate", f"{lid} page {key} is stored {len(rows)} times")
            for r in rows:
                if r["document_id"] is None:
                    f.fail("no document", f"{lid} page {key} is in no document (separator={r['separator']}, blank={r['blank']})")
                else:
                    docs.add(r["document_id"])
        if len(docs) > 1:
            f.fail("split", f"{lid} is spread over {len(docs)} documents")
        for doc in docs:
            got = [key_of.get(r["id"], "?") for r in pages_of_doc[doc]]
            strangers = [k for k in got if k not in allowed]
            if strangers:
                f.fail("wrong document", f"{lid}'s document also holds {strangers}")
            if [k for k in got if k in keys] != keys:
                f.fail("page order", f"{lid}: document pages {got}, expected {keys}")
            f.counts["blank_backs_kept"] += sum(1 for k in got if k in set(allowed) - set(keys))
        f.counts["letters_checked"] += 1
        if letter.kind == "fax":
            f.counts["faxes"] += 1


def check_central(soak: Any, local: sqlite3.Connection, f: Findings) -> dict[str, Any]:
    """Local and central agree on every document (date received, type, fields, page hashes in
    order), every page is there exactly once, and nothing is waiting to be sent."""
    import psycopg

    with psycopg.connect(soak.admin_dsn, autocommit=True) as conn:
        cdocs = {str(r[0]): r for r in conn.execute(
            "SELECT id, received_at, doc_type, fields, batch_id FROM central.documents WHERE station_id = %s", ("soak",))}
        cpages: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        sha_count: Counter = Counter()
        for doc_id, pos, sha, page_id in conn.execute(
                "SELECT document_id, position, sha256, id FROM central.pages WHERE station_id = %s", ("soak",)):
            cpages[str(doc_id)].append((pos, sha, str(page_id)))
            sha_count[sha] += 1
        cbatches = {str(r[0]) for r in conn.execute("SELECT id FROM central.batches WHERE station_id = %s", ("soak",))}
    dup = {sha: n for sha, n in sha_count.items() if n > 1}
    if dup:
        f.counts["duplicates"] += sum(n - 1 for n in dup.values())
        f.fail("central duplicate", f"{len(dup)} page images are in the central store more than once")
    unsent = local.execute("SELECT COUNT(*) FROM outbox WHERE synced_at IS NULL").fetchone()[0]
    if unsent:
        f.fail("unsent", f"{unsent} batches still in the outbox")
    for b in local.execute("SELECT id, state FROM batches"):
        if b["state"] != "synced" or b["id"] not in cbatches:
            f.counts["lost_batches"] += 1
            f.fail("batch not central", f"batch {b['id']} is {b['state']} locally and "
                                        f"{'present' if b['id'] in cbatches else 'absent'} centrally")
    ldocs = {r["id"]: r for r in local.execute("SELECT * FROM documents")}
    for doc_id, d in ldocs.items():
        c = cdocs.get(doc_id)
        pages = [r["blob_hash"] for r in local.execute(
            "SELECT blob_hash FROM pages WHERE document_id = ? AND NOT deleted ORDER BY doc_ord", (doc_id,))]
        if c is None:
            f.counts["lost"] += len(pages)
            f.fail("lost", f"document {doc_id} ({len(pages)} pages) is not in the central store")
            continue
        if c[1] != _t(d["received_at"]):
            f.fail("received date", f"document {doc_id}: central {c[1]}, local {d['received_at']}")
        if c[2] != (d["doc_type"] or "unknown"):
            f.fail("doc_type", f"document {doc_id}: central {c[2]}, local {d['doc_type']}")
        if (c[3] or {}) != {k: v for k, v in json.loads(d["fields"] or "{}").items() if v is not None}:
            f.fail("fields", f"document {doc_id}: central and local fields differ")
        central_pages = [sha for _, sha, _ in sorted(cpages.get(doc_id, []))]
        if central_pages != pages:
            missing = len(set(pages) - set(central_pages))
            f.counts["lost"] += missing
            f.fail("pages", f"document {doc_id}: central page hashes differ from local ({missing} missing)")
    for doc_id in set(cdocs) - set(ldocs):
        f.fail("stranger", f"central document {doc_id} is unknown locally")
    f.counts["central_documents"] = len(cdocs)
    f.counts["central_pages"] = sum(sha_count.values())
    return cdocs


def check_dates(soak: Any, local: sqlite3.Connection, cdocs: dict[str, Any], f: Findings) -> None:
    """Faxes are dated by their arrival, scans by their scan (within the stack's scanning window);
    no restart ever changed a page's date received."""
    for r in local.execute("SELECT id, received_at FROM pages"):
        seen = soak.received_snapshot.get(r["id"])
        if seen is not None and seen != r["received_at"]:
            f.fail("redated", f"page {r['id']}: received {seen} after its scan, now {r['received_at']}")
    for d in local.execute("SELECT d.id, d.received_at, d.batch_id, d.source_file, b.source FROM documents d "
                           "JOIN batches b ON b.id = d.batch_id"):
        central = cdocs.get(d["id"])
        when = central[1] if central is not None else _t(d["received_at"])
        if d["source"] == "fax":
            arrival = soak.fax_arrivals.get(d["source_file"])
            if arrival is None or abs(when.timestamp() - arrival) > 0.001:
                f.fail("fax date", f"fax {d['source_file']}: received {when}, arrived {arrival}")
        else:
            start, end = soak.windows[d["batch_id"]]
            if not _t(start) <= when <= _t(end):
                f.fail("scan date", f"document {d['id']}: received {when} outside its scan {start}..{end}")
            files = {json.loads(r["meta"] or "{}").get("file") for r in local.execute(
                "SELECT meta FROM pages WHERE document_id = ? AND NOT deleted", (d["id"],))}
            first = min(_t(r["received_at"]) for r in local.execute(  # deleted copies of a sheet fed again count
                "SELECT meta, received_at FROM pages WHERE batch_id = ?", (d["batch_id"],))
                if json.loads(r["meta"] or "{}").get("file") in files)
            if when != first:
                f.fail("scan date", f"document {d['id']}: received {when}, its first sheet reached the disk {first}")


def check_leftovers(soak: Any, f: Findings) -> list[str]:
    """No temp files, intent files or half-written files anywhere in the data directory."""
    data: Path = soak.desk.data_dir
    left = [p for p in data.rglob("*") if p.is_file() and (
        p.suffix in (".tmp", ".part", ".partial") or p.parent.name == "pending" or "work" in p.relative_to(data).parts)]
    for p in left:
        f.fail("leftover", str(p.relative_to(data)))
    return [str(p.relative_to(data)) for p in left]


GROWTH_SHARE = 0.10  # long-lived watcher: the last quarter's median anonymous memory may exceed the first quarter's by 10 %
GROWTH_MIB = 8.0  # plus 8 MiB (see check_memory for why)


def _mib(n: float) -> float:
    return round(n / 2**20, 1)


def check_memory(run: dict, f: Findings, small: bool = False) -> dict[str, Any]:
    """Memory over the day, judged on the one station process that is never killed (the second fax
    line's ``station watch``), which works all day: its anonymous memory (heap, allocator arenas,
    model buffers: what the process itself allocated, which is what a leak grows), median of the
    first quarter of the day after its warm-up (until it has taken a one-page fax, read in its own
    process, and a fax of several pages, read by a page pool it starts: classifier, Tesseract and
    both paths loaded; and at least the first tenth of the day) against the median of the last
    quarter. Medians, not peaks: a fax being read adds a few dozen MiB for seconds, and whether a
    sample falls into such a moment is chance.
    USS and PSS are reported beside it, not judged: both move with the other processes on the desk.
    A shared library's pages (Tesseract, OpenCV, NumPy: ~30 MiB) count as the watcher's own USS
    once no other station process maps them, as at the end of the day when the scanning is over,
    and its share of them (PSS) rises the same way, without one byte more in use.
    The tolerance, 10 % + 8 MiB (about 25 MiB on a ~170 MiB process), is what the allocator keeps
    after the biggest fax of the day (a three-page fine fax) without any leak; a leak of 0.5 MiB per
    fax over the full day's ~45 faxes on that line, or any steady climb, goes beyond it.
    The killed services (a new process every few seconds) are reported with their peaks per quarter,
    not judged: each instance is young, and whether a quarter's instance took a fax decides its peak.
    The small run (two minutes, a handful of faxes) reports and does not judge."""
    samples = run["memory"].samples
    out: dict[str, Any] = {}
    if not samples:
        f.fail("memory", "no memory samples taken")
        return out
    span = max(s.t for s in samples)
    for kind in sorted({s.kind for s in samples}):
        mine = [s for s in samples if s.kind == kind]
        long_lived = not next(x for x in run["services"] if x.kind == kind).killable
        if long_lived:
            warm = [s for s in mine if s.warm and s.t >= span / 10]
            if len(warm) < 8:
                if not small:
                    f.fail("memory", f"{kind}: only {len(warm)} samples after its warm-up")
                out[kind] = {"samples_after_warm_up": len(warm)}
                continue
            t0, t1 = warm[0].t, warm[-1].t
            first = [s for s in warm if s.t <= t0 + (t1 - t0) / 4]
            last = [s for s in warm if s.t >= t1 - (t1 - t0) / 4]
            medians = {(quarter, measure): statistics.median(getattr(s, measure) for s in group)
                       for quarter, group in (("first", first), ("last", last)) for measure in ("anon", "uss", "pss")}
            a, b = medians["first", "anon"], medians["last", "anon"]
            limit = a * (1 + GROWTH_SHARE) + GROWTH_MIB * 2**20
            out[kind] = {"never_killed": True, "processes": len({s.pid for s in mine}),
                         "warm_after_s": round(t0, 1),
                         "first_quarter_median_anon_mib": _mib(a), "last_quarter_median_anon_mib": _mib(b),
                         "growth_mib": _mib(b - a), "limit_mib": _mib(limit),
                         **{f"{quarter}_quarter_median_{measure}_mib": _mib(value)
                            for (quarter, measure), value in medians.items() if measure != "anon"},
                         "peak_mib": _mib(max(s.pss for s in warm)),
                         "with_page_workers_peak_mib": _mib(max(s.pss_tree for s in warm)),
                         "samples": len(warm), "judged": not small}
            if len({s.pid for s in mine}) != 1:
                f.fail("memory", f"{kind} was meant to live all day but ran as {len({s.pid for s in mine})} processes")
            if not small and b > limit:
                f.fail("memory", f"{kind} grew over the day: median anonymous memory {_mib(a)} MiB in the first quarter, "
                                 f"{_mib(b)} MiB in the last (limit {_mib(limit)} MiB)")
            continue
        first = [s.pss_tree for s in mine if s.t <= span / 4]
        last = [s.pss_tree for s in mine if s.t >= span * 3 / 4]
        out[kind] = {"first_quarter_peak_mib": _mib(max(first)) if first else None,
                     "last_quarter_peak_mib": _mib(max(last)) if last else None,
                     "median_mib": _mib(statistics.median(s.pss_tree for s in mine)),
                     "samples": len(mine), "processes": len({s.pid for s in mine}),
                     "longest_life_s": round(max(s.age for s in mine), 1)}
    return out


def check_audit(soak: Any, f: Findings) -> dict[str, str]:
    out = {}
    for name, args in (("local", ["audit", "verify"]), ("central", ["audit", "verify", "--central"])):
        run = soak.chaos.step("audit", args, kill_p=0.0, window=(1, 1))
        out[name] = run.output().strip().splitlines()[-1] if run.output().strip() else ""
        if run.popen.returncode != 0:
            f.fail("audit", f"station {' '.join(args)}: {run.output()[-500:]}")
    return out


def check(soak: Any, run: dict) -> dict[str, Any]:
    f = Findings()
    with _local(soak) as local:
        check_truth(soak, local, f)
        cdocs = check_central(soak, local, f)
        check_dates(soak, local, cdocs, f)
        scanned = local.execute("SELECT COUNT(*) FROM pages p JOIN batches b ON b.id = p.batch_id "
                                "WHERE b.source = 'scanner' AND NOT p.deleted").fetchone()[0]
        fax_pages = local.execute("SELECT COUNT(*) FROM pages p JOIN batches b ON b.id = p.batch_id "
                                  "WHERE b.source = 'fax'").fetchone()[0]
        rescanned = local.execute("SELECT COUNT(*) FROM pages WHERE deleted").fetchone()[0]
        docs = local.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        right_type = 0
        types = {}
        for r in local.execute("SELECT d.doc_type, p.meta, p.source_file, b.source FROM documents d JOIN pages p ON "
                               "p.document_id = d.id AND p.doc_ord = 0 JOIN batches b ON b.id = d.batch_id"):
            meta = json.loads(r["meta"] or "{}")
            types[meta.get("file") if r["source"] == "scanner" else r["source_file"]] = r["doc_type"]
        for letter in soak.day_plan.letters.values():
            key = letter.fronts[0] if letter.kind == "scan" else letter.fax_file
            right_type += int(types.get(key) == letter.doc_type)
    leftovers = check_leftovers(soak, f)
    memory = check_memory(run, f, small=soak.args.small)
    audit = check_audit(soak, f)
    deaths = {s.kind: s.deaths for s in run["services"]}
    for kind, n in deaths.items():
        if n:
            codes = next(s.death_codes for s in run["services"] if s.kind == kind)
            f.fail("crash", f"{kind} died {n} times without being killed (exit status {codes})")
    held = {"batch": soak.damaged["batch"], "operator_saw": [x for x in soak.held_reason.splitlines() if soak.damaged["batch"] in x][:1],
            "central_rows_while_held": soak.held_central}
    if "zurückgehalten" not in soak.held_reason or soak.damaged["batch"] not in soak.held_reason:
        f.fail("damaged page", f"`station sync status` did not say the stack was held back: {soak.held_reason!r}")
    if soak.held_central:
        f.fail("damaged page", f"{soak.held_central} rows of the held-back stack reached the central store")
    kills = dict(soak.chaos.kills)
    if sum(kills.values()) < soak.args.kills:
        f.fail("kills", f"only {sum(kills.values())} kills, {soak.args.kills} wanted")
    letters = soak.day_plan.letters
    return {
        "ok": not f.problems,
        "letters": len(letters),
        "pages_scanned": scanned,
        "fax_pages": fax_pages,
        "documents": docs,
        "central_documents": f.counts["central_documents"],
        "central_pages": f.counts["central_pages"],
        "faxes": sum(1 for x in letters.values() if x.kind == "fax"),
        "faxes_to_never_killed_watcher": len(soak.long_faxes),
        "scan_batches": len(soak.batch_ids),
        "kills_survived": sum(kills.values()),
        "kills_by_process": kills,
        "launches": dict(soak.chaos.launches),
        "step_seconds": {k: round(v, 1) for k, v in soak.chaos.seconds.items()},
        "sheets_fed_again": rescanned,
        "damaged_page_held_back": held,
        "network_cuts": soak.net_cuts,
        "pg_restarts": soak.pg_restarts,
        "duplicates": f.counts["duplicates"],
        "lost": f.counts["lost"] + f.counts["lost_batches"],
        "blank_backs_kept_in_documents": f.counts["blank_backs_kept"],
        "doc_type_matches_truth": f"{right_type}/{len(letters)}",
        "audit": audit,
        "memory": memory,
        "leftover_files": leftovers,
        "service_crashes": deaths,
        "day_s": round(run["seconds"], 1),
        "problems": f.problems,
    }


def report(result: dict[str, Any]) -> None:
    keys = ["letters", "pages_scanned", "fax_pages", "documents", "central_documents", "central_pages", "faxes",
            "faxes_to_never_killed_watcher",
            "scan_batches", "kills_survived", "kills_by_process", "launches", "step_seconds", "sheets_fed_again",
            "damaged_page_held_back", "network_cuts", "pg_restarts",
            "duplicates", "lost", "blank_backs_kept_in_documents", "doc_type_matches_truth", "audit", "memory",
            "leftover_files", "service_crashes", "day_s", "wall_s", "seed"]
    print("soak results:")
    for k in keys:
        print(f"  {k:32s} {result.get(k)}")
    if result["problems"]:
        print("PROBLEMS:")
        for p in result["problems"]:
            print("  - " + p)
    print("soak: " + ("OK" if result["ok"] else "FAILED"), flush=True)
