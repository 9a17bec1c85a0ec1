"""Mutated page files (seeded byte flips, smashed integers, truncations, broken headers of generated
TIFF, PDF, PNG and JPEG files) fed to the loader: only ``StationError`` may come out, never another
exception, never a hang, no library warning reaching the caller, and memory stays bounded. Runs inside ``make test`` in a fixed time budget.

Reproduce a failure with ``STATION_FUZZ_SEED=<seed printed in the failure>``.
"""

from __future__ import annotations

import io
import os
import random
import resource
import signal
import time
import warnings
from pathlib import Path

import pytest
from hostile_files import g4_page, grey_page, tiff_bytes

from station.errors import StationError
from station.imaging.load import load_pages, probe_pages
from station.synth.pages import make_page
from station.synth.save import save_fax_tiff, save_pdf

BUDGET_S = float(os.environ.get("STATION_FUZZ_SECONDS", "30"))
CASE_TIMEOUT_S = 10
SEED = int(os.environ.get("STATION_FUZZ_SEED", "18"))
MAX_GROWTH_KB = 1_000_000  # no input may cost more than 1 GB


def _seeds(tmp: Path) -> dict[str, bytes]:
    """Small valid files of every kind the station reads (small so each case is quick)."""
    page = make_page(2, dpi=60)[0]
    out: dict[str, bytes] = {}
    out["fax.tif"] = save_fax_tiff([page, page], tmp / "fax.tif", dpi=60).read_bytes()
    out["raw.tif"] = tiff_bytes([grey_page(200, 260), g4_page(400, 300, (204, 98))])
    out["big.tif"] = tiff_bytes([grey_page(200, 260)], bigtiff=True)
    out["scan.pdf"] = save_pdf([page, page], tmp / "scan.pdf", dpi=60).read_bytes()
    for fmt, name in (("PNG", "page.png"), ("JPEG", "page.jpg")):
        buf = io.BytesIO()
        page.save(buf, format=fmt, dpi=(60, 60))
        out[name] = buf.getvalue()
    return out


def _mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    b = bytearray(data)
    kind = rng.choice(["flip", "flip", "smash", "truncate", "header", "splice"])
    if kind == "flip":
        for _ in range(rng.randint(1, 12)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    elif kind == "smash":  # an integer field made huge, zero or negative
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(max(1, len(b) - 4)) & ~1
            b[at:at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\xff\xff\x7f", b"\x00\x00\x01\x00"])
    elif kind == "truncate":
        b = b[: rng.randrange(1, len(b))]
    elif kind == "header":
        for i in range(rng.randint(4, 16), min(len(b), 64)):
            if rng.random() < 0.3:
                b[i] = rng.randrange(256)
    else:  # a block of the file copied over another place
        a, c = rng.randrange(len(b)), rng.randrange(len(b))
        n = rng.randint(1, 256)
        b[c:c + n] = b[a:a + n]
    return kind, bytes(b)


class _Hang(Exception):
    pass


def _alarm(*_: object) -> None:
    raise _Hang()


def test_mutated_files_give_only_station_errors(tmp_path):
    seeds = _seeds(tmp_path)
    rng = random.Random(SEED)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    old = signal.signal(signal.SIGALRM, _alarm)
    started = time.monotonic()
    cases = refused = 0
    try:
        while time.monotonic() - started < BUDGET_S:
            name = rng.choice(sorted(seeds))
            case_seed = rng.randrange(1 << 30)
            kind, data = _mutate(seeds[name], random.Random(case_seed))
            path = tmp_path / f"case{Path(name).suffix}"
            path.write_bytes(data)
            where = f"{name} {kind} (STATION_FUZZ_SEED={SEED}, case seed {case_seed})"
            signal.setitimer(signal.ITIMER_REAL, CASE_TIMEOUT_S)
            leaked: list[str] = []
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        _, error = probe_pages(path)
                        assert error is None or isinstance(error, StationError), where
                        for _ in load_pages(path):
                            pass
                    finally:
                        leaked = [f"{w.category.__name__}: {w.message}" for w in caught]
            except StationError:
                refused += 1
            except _Hang:
                pytest.fail(f"no answer within {CASE_TIMEOUT_S} s: {where}")
            except Exception as exc:
                pytest.fail(f"{type(exc).__name__}: {exc} from {where}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            assert not leaked, f"warnings reached the caller: {leaked} from {where}"
            cases += 1
    finally:
        signal.signal(signal.SIGALRM, old)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert cases >= 50 and refused > 0, (cases, refused)
    assert grown < MAX_GROWTH_KB, f"peak memory grew by {grown} KB"
