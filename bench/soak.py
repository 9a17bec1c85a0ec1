"""``make soak``: a simulated day at one mailroom desk, with the station killed again and again.

Generated letters (``bench/mailgen.py``) are scanned in batches through the virtual scanner and
faxes arrive in the hot folder, all through real ``station`` subprocesses (``scan``, ``batches
--resume``/``--close``, ``watch``, ``sync --watch``) against a real PostgreSQL behind a TCP proxy.
Processes are SIGKILLed at random moments and started again as an operator or systemd would; the
network is cut and PostgreSQL restarted while sync runs. A second fax line has its own ``station
watch`` that is never killed: it works all day in one process, and its memory over the day is judged.
One page file of the first stack is damaged on disk (a flipped bit) before the stack is closed: sync
must hold that stack back with its reason while the rest goes on; the file is then restored.
Afterwards every page is checked against the ground truth (``bench/soak_check.py``). Exit status 0 only if every check holds; the counts go
to ``bench/soak-results.json``.

    python bench/soak.py [--docs N] [--kills K] [--seed S] [--small] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests"), str(ROOT / "tests" / "sync")]

import soak_check  # noqa: E402
from soak_mail import Day, plan_day, render_batch, render_fax  # noqa: E402
from soak_procs import Chaos, Desk, MemorySampler, Service, ServiceKiller  # noqa: E402

RESULTS = HERE / "soak-results.json"
STATION = "soak"


class Soak:
    """One run: the central store, the desk, the day's mail and the faults."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.root = Path(tempfile.mkdtemp(prefix="station-soak-"))
        os.chmod(self.root, 0o700)
        self.net_cuts = 0
        self.pg_restarts = 0
        self.problems: list[str] = []
        self.batch_ids: dict[int, str] = {}  # scan batch number -> station batch id
        self.windows: dict[str, tuple[str, str]] = {}  # batch id -> (first scan started, last scan ended), UTC ISO
        self.fax_arrivals: dict[str, float] = {}  # fax file -> arrival (mtime, epoch seconds)
        self.long_faxes: set[str] = set()  # fax files that went to the long-lived watcher's inbox
        # The long-lived watcher is warmed up once it has taken both kinds of fax: one page (read in its
        # own process) and several (read by a page pool it starts, with its threads and queues).
        self.long_kinds: set[str] = set()
        self.long_warm = False
        self.received_snapshot: dict[str, str] = {}  # page id -> received_at as first seen after its scan

    # ------------------------------------------------------------------ setup
    def start_central(self) -> None:
        import psycopg
        from pgserver import PgServer
        from proxy import CuttingProxy

        from station.sync import schema

        self.pg = PgServer()
        self.pg.start()
        self.admin_dsn = self.pg.create_database("scanstation")
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            schema.migrate(conn)
            role, password = schema.add_station(conn, STATION)
        self.role = role
        pwfile = self.root / "central.password"
        pwfile.write_text(password + "\n")
        os.chmod(pwfile, 0o600)
        self.proxy = CuttingProxy(self.pg.port)
        self.pwfile = pwfile

    def write_config(self, path: Path, scanner_dir: Path | None = None) -> Path:
        lines = [
            f'station_id = "{STATION}"', 'operator = "soak"', 'profile = "Soak duplex"', "workers = 2",
            f'hotfolder = "{self.inbox}"', 'log_target = "file"',
            f'virtual_scanner_dir = "{scanner_dir or self.root / "empty"}"',
            "[[profiles]]", 'name = "Soak duplex"', 'source = "ADF Duplex"', 'mode = "Lineart"', "resolution = 200",
            "[central]", 'host = "127.0.0.1"', f"port = {self.proxy.port}", 'dbname = "scanstation"',
            f'user = "{self.role}"', f'password_file = "{self.pwfile}"', 'sslmode = "disable"',
            "max_clock_drift_s = 60.0",
        ]
        path.write_text("\n".join(lines) + "\n")
        os.chmod(path, 0o600)
        return path

    def setup(self) -> None:
        self.inbox = self.root / "fax-in"
        self.inbox.mkdir(mode=0o700)
        self.inbox2 = self.root / "fax-in-2"  # a second fax line, watched by a station never killed
        self.inbox2.mkdir(mode=0o700)
        (self.root / "empty").mkdir()
        logs = self.root / "logs"
        logs.mkdir()
        self.start_central()
        self.desk = Desk(self.root, self.root / "config.toml", self.root / "data", logs)
        self.write_config(self.desk.config)
        self.chaos = Chaos(self.desk, random.Random(self.rng.random()))

    # ------------------------------------------------------------------ local reads (the operator's screen)
    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.desk.data_dir / 'store' / 'station.db'}?mode=ro", uri=True, timeout=30)
        conn.row_factory = sqlite3.Row
        return conn

    def q(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        if not (self.desk.data_dir / "store" / "station.db").exists():
            return []
        with self.db() as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'batches'").fetchone():
                return []  # a station is creating the store right now: its schema is not committed yet
            return conn.execute(sql, params).fetchall()

    # ------------------------------------------------------------------ steps
    def must(self, kind: str, args: list[str], *, kill_p: float, window: tuple[float, float],
             config: Path | None = None, ok: tuple[int, ...] = (0,)) -> str:
        """Run an operator step until it completes (restarting it after every kill)."""
        for _ in range(200):
            run = self.chaos.step(kind, args, kill_p=kill_p, window=window, config=config)
            if run.killed:
                continue
            if run.popen.returncode in ok:
                return run.output()
            raise RuntimeError(f"{kind} {' '.join(args)} failed with {run.popen.returncode}: {run.output()[-2000:]}")
        raise RuntimeError(f"{kind} never completed")

    def scan_batch(self, day: Day, no: int) -> str:
        """One stack through the feeder; after a kill, the operator restarts the station, looks at
        what is saved and puts the remaining sheets back (``station scan --continue``)."""
        batch = day.batches[no]
        folder = self.root / "mail" / f"b{no:03d}"
        started = datetime.now(timezone.utc).isoformat()
        known = {r["id"] for r in self.q("SELECT id FROM batches")}
        batch_id: str | None = None
        feeder = folder
        kill_p, window = self.args.scan_kill_p, (0.5, 8.0)
        for attempt in range(200):
            config = self.write_config(self.root / f"config-scan-{no:03d}-{attempt}.toml", feeder)
            argv = ["scan"] + (["--continue", batch_id] if batch_id else [])
            run = self.chaos.step("scan", argv, kill_p=kill_p, window=window, config=config)
            if not run.killed:
                if run.popen.returncode not in (0, 3):
                    raise RuntimeError(f"station scan failed ({run.popen.returncode}): {run.output()[-2000:]}")
                if batch_id is None:
                    batch_id = self._new_batch(known)
                break
            # Killed: start the station again (its store recovers on open) and look at the batch.
            self.must("recover", ["batches"], kill_p=0.1, window=(0.3, 2.0))
            batch_id = batch_id or self._new_batch(known, required=False)
            if batch_id is None:
                continue  # killed before the batch existed: scan the whole stack again
            state = self.q("SELECT state FROM batches WHERE id = ?", (batch_id,))[0]["state"]
            if state != "scanning":
                break  # every page was on disk and the capture was finished
            saved = {json.loads(r["meta"]).get("file") for r in
                     self.q("SELECT meta FROM pages WHERE batch_id = ? AND NOT deleted", (batch_id,))}
            rest = [s for s in batch.sheets
                    if not (s in saved and s.replace(".png", "-back.png") in saved)]
            feeder = self.root / "mail" / f"b{no:03d}-again{attempt}"
            feeder.mkdir()
            for name in rest:
                for f in (name, name.replace(".png", "-back.png")):
                    os.link(folder / f, feeder / f)
        assert batch_id is not None
        self.windows[batch_id] = (started, datetime.now(timezone.utc).isoformat())
        for r in self.q("SELECT id, received_at FROM pages WHERE batch_id = ?", (batch_id,)):
            self.received_snapshot.setdefault(r["id"], r["received_at"])
        self.batch_ids[no] = batch_id
        self.must("process", ["batches", batch_id, "--resume"], kill_p=self.args.process_kill_p, window=(0.5, 10.0))
        if no == 0:
            self.damage_page(batch_id)
        # nobody validates in the soak: closing with documents still to check needs the operator's --force
        self.must("close", ["batches", "--close", batch_id, "--force"], kill_p=0.3, window=(0.3, 2.5))
        return batch_id

    # ------------------------------------------------------------------ a damaged page file (bit rot)
    def damage_page(self, batch_id: str) -> None:
        """Flip one bit in a page file of the day's first stack before it is closed: sync must hold
        that stack back with its reason while everything behind it goes on."""
        row = self.q("SELECT blob_hash FROM pages WHERE batch_id = ? AND document_id IS NOT NULL AND NOT deleted "
                     "ORDER BY ord LIMIT 1", (batch_id,))[0]
        [path] = (self.desk.data_dir / "store" / "pages").glob(f"*/{row['blob_hash']}.*")
        good, mode = path.read_bytes(), path.stat().st_mode & 0o777
        os.chmod(path, 0o600)
        path.write_bytes(good[:200] + bytes([good[200] ^ 0x04]) + good[201:])
        os.chmod(path, mode)
        self.damaged = {"batch": batch_id, "path": path, "good": good, "mode": mode}

    def repair_page(self, limit_s: float = 300.0) -> None:
        """Once sync has held the stack back and sent a batch queued after it, the operator reads the
        reason (``station sync status``) and restores the file from the backup."""
        batch = self.damaged["batch"]
        end = time.monotonic() + limit_s
        while time.monotonic() < end:
            [row] = self.q("SELECT queued_at, last_error FROM outbox WHERE batch_id = ?", (batch,))
            later = self.q("SELECT 1 FROM outbox WHERE queued_at > ? AND synced_at IS NOT NULL LIMIT 1", (row["queued_at"],))
            if row["last_error"] and later:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("sync neither held back the stack with the damaged page nor sent the batches behind it")
        self.held_reason = self.must("status", ["sync", "status"], kill_p=0.0, window=(1, 1), ok=(0, 1)).strip()
        self.held_central = self.central_rows(batch)
        path = self.damaged["path"]
        os.chmod(path, 0o600)
        path.write_bytes(self.damaged["good"])
        os.chmod(path, self.damaged["mode"])

    def central_rows(self, batch_id: str) -> int:
        import psycopg

        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            return sum(conn.execute(f"SELECT count(*) FROM central.{t} WHERE batch_id = %s", (batch_id,)).fetchone()[0]
                       for t in ("documents", "pages"))

    def _new_batch(self, known: set[str], required: bool = True) -> str | None:
        rows = [r["id"] for r in self.q("SELECT id FROM batches WHERE source = 'scanner' ORDER BY started_at")
                if r["id"] not in known]
        if len(rows) > 1:
            raise RuntimeError(f"one stack made {len(rows)} batches: {rows}")
        if not rows and required:
            raise RuntimeError("station scan finished but made no batch")
        return rows[0] if rows else None

    def drop_fax(self, day: Day, lid: str) -> None:
        """A fax server writes the file under a hidden name and renames it when complete. Every second
        fax comes in on the second line (the long-lived watcher's inbox)."""
        name = f"fax-{lid}.tif"
        inbox = self.inbox2 if len(self.fax_arrivals) % 2 == 0 else self.inbox
        hidden = inbox / f".{name}"
        render_fax(day, lid, hidden, datetime.now(), random.Random(self.rng.random()))
        os.rename(hidden, inbox / name)
        self.fax_arrivals[name] = (inbox / name).stat().st_mtime_ns / 1e9
        if inbox == self.inbox2:
            self.long_faxes.add(name)
        day.letters[lid].fax_file = name

    def close_ready_faxes(self) -> None:
        rows = self.q("SELECT id, meta FROM batches WHERE source = 'fax' AND state = 'to_validate'")
        ready = [r["id"] for r in rows]
        for r in rows if not self.long_warm else []:
            fax = json.loads(r["meta"] or "{}").get("fax", {})
            if fax.get("file") in self.long_faxes:
                self.long_kinds.add("one page" if fax.get("pages") == 1 else "several pages")
        # The small day has too few faxes on that line to count on both kinds: its first fax will do.
        self.long_warm = len(self.long_kinds) >= (1 if self.args.small else 2)
        if ready:
            args = ["batches", "--force"] + [a for b in ready for a in ("--close", b)]
            self.must("close", args, kill_p=0.2, window=(0.3, 2.5))

    # ------------------------------------------------------------------ network and server faults
    def fault_loop(self, stop: threading.Event, every_s: float) -> None:
        """Cut the network or restart PostgreSQL at random moments while batches wait to be sent."""
        rng = random.Random(self.rng.random())
        n = 0
        while not stop.wait(rng.uniform(0.5, 1.5) * every_s):
            for _ in range(40):  # strike while there is something to send
                if stop.is_set() or self.q("SELECT 1 FROM outbox WHERE synced_at IS NULL LIMIT 1"):
                    break
                time.sleep(0.5)
            if stop.is_set():
                return
            self.fault(n)
            n += 1

    def fault(self, n: int) -> None:
        if n % 2 == 0:
            self.proxy.down = True
            self.proxy.cut()
            time.sleep(self.rng.uniform(1.0, 5.0))
            self.proxy.down = False
            self.net_cuts += 1
        else:
            self.pg.restart()
            self.pg_restarts += 1

    # ------------------------------------------------------------------ the day
    def day(self) -> dict:
        args = self.args
        t0 = time.monotonic()
        day = plan_day(args.docs, args.seed, fax_share=0.4 if args.small else 0.3,
                       attachment_share=0.15 if args.small else 0.3)
        mail = self.root / "mail"
        for b in day.batches:
            render_batch(day, b, mail / f"b{b.no:03d}", args.seed, upside_down=0.0 if args.small else 0.1)
        print(f"  mail: {sum(len(b.letters) for b in day.batches)} scanned letters in {len(day.batches)} stacks, "
              f"{len(day.faxes)} faxes (rendered in {time.monotonic() - t0:.0f} s)", flush=True)
        watch = Service(self.chaos, "hotfolder", ["watch", str(self.inbox), "--stable", "0.5"])
        sync = Service(self.chaos, "sync", ["sync", "--watch", "--interval", "2"])
        # The second fax line's watcher is never killed: it works all day in one process, so its
        # memory over the day says whether the station leaks (the killed ones only show peaks).
        long_lived = Service(self.chaos, "hotfolder2", ["watch", str(self.inbox2), "--stable", "0.5"], killable=False)
        services = [watch, sync, long_lived]
        for s in services:
            s.start()
        killer = ServiceKiller(self.chaos, services, args.service_kill_s)
        killer.start()
        memory = MemorySampler(services, warm_when=lambda s: self.long_warm)
        memory.start()
        stop_faults = threading.Event()
        faults = threading.Thread(target=self.fault_loop, args=(stop_faults, args.fault_s), daemon=True)
        faults.start()
        faxes = list(day.faxes)
        per_batch = len(faxes) / max(1, len(day.batches))
        carry = 0.0
        for b in day.batches:
            carry += per_batch
            while carry >= 1 and faxes:
                self.drop_fax(day, faxes.pop(0))
                carry -= 1
            self.scan_batch(day, b.no)
            self.close_ready_faxes()
            print(f"  [{time.monotonic() - t0:5.0f} s] stack {b.no + 1}/{len(day.batches)} closed, "
                  f"kills so far {sum(self.chaos.kills.values())}", flush=True)
        for lid in faxes:
            self.drop_fax(day, lid)
        self.repair_page()
        self.wait_for_faxes(day)
        while sum(self.chaos.kills.values()) < args.kills:  # top up: the services alone, until the quota is met
            self.rng.choice([watch, sync]).kill_now(min_age=self.rng.uniform(1.0, 3.0))
            time.sleep(0.2)
        stop_faults.set()
        faults.join()
        killer.stopping.set()
        self.chaos.enabled = False
        while self.net_cuts < args.min_cuts or self.pg_restarts < args.min_restarts:
            self.fault(0 if self.net_cuts < args.min_cuts else 1)
        self.wait_for_sync()
        memory.stopping.set()
        for s in services:
            s.stop()
        self.must("sync", ["sync"], kill_p=0.0, window=(1, 1))  # a last one, clean: nothing may be left
        self.must("recover", ["batches"], kill_p=0.0, window=(1, 1))
        self.day_plan = day
        return {"services": services, "memory": memory, "seconds": time.monotonic() - t0}

    def wait_for_faxes(self, day: Day, limit_s: float = 900.0) -> None:
        end = time.monotonic() + limit_s
        while time.monotonic() < end:
            self.close_ready_faxes()
            waiting = [p for inbox in (self.inbox, self.inbox2) for p in inbox.iterdir()
                       if p.is_file() and not p.name.startswith(".")]
            open_ = self.q("SELECT 1 FROM batches WHERE source = 'fax' AND state IN ('scanning', 'processing', 'to_validate')")
            if not waiting and not open_:
                return
            time.sleep(0.3)
        raise RuntimeError("faxes still waiting in the hot folder after the day")

    def wait_for_sync(self, limit_s: float = 600.0) -> None:
        end = time.monotonic() + limit_s
        while time.monotonic() < end:
            if not self.q("SELECT 1 FROM outbox WHERE synced_at IS NULL LIMIT 1"):
                return
            time.sleep(0.3)
        raise RuntimeError("the outbox did not empty within 10 minutes after the day")

    def close(self) -> None:
        try:
            self.proxy.close()
        finally:
            self.pg.stop()
        if not self.args.keep:
            shutil.rmtree(self.root, ignore_errors=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, help="letters in the day (default 300; --small: 24)")
    p.add_argument("--kills", type=int, help="at least this many SIGKILLs (default 200; --small: 6)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    p.add_argument("--small", action="store_true", help="the small soak of `make test` (about two minutes)")
    p.add_argument("--keep", action="store_true", help="keep the run's directory (logs, stores) for a look")
    p.add_argument("--results", type=Path, default=RESULTS, help="where to write the counts (JSON)")
    args = p.parse_args(argv)
    args.seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 1 << 31)
    small = args.small
    args.docs = args.docs or (24 if small else 300)
    args.kills = args.kills if args.kills is not None else (6 if small else 200)
    args.min_cuts, args.min_restarts = 1, 1
    args.scan_kill_p = 0.5 if small else 0.7
    args.process_kill_p = 0.4 if small else 0.6
    args.service_kill_s = 20.0 if small else 8.0
    args.fault_s = 10.0 if small else 45.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"soak: seed {args.seed}, {args.docs} letters, at least {args.kills} kills"
          + (" (small)" if args.small else ""), flush=True)
    t0 = time.monotonic()
    soak = Soak(args)
    try:
        soak.setup()
        run = soak.day()
        result = soak_check.check(soak, run)
        args.keep = args.keep or not result["ok"]
    except Exception as exc:  # noqa: BLE001 - the run failed: say why, keep the evidence
        args.keep = True
        print(f"soak: FAILED during the day: {type(exc).__name__}: {exc}\n  evidence kept in {soak.root}", flush=True)
        return 2
    finally:
        try:
            soak.close()
        except Exception:  # noqa: BLE001
            pass
    result["wall_s"] = round(time.monotonic() - t0, 1)
    result["seed"] = args.seed
    result["small"] = args.small
    soak_check.report(result)
    if not args.small or args.results != RESULTS:  # a small run never overwrites the full run's figures
        args.results.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
