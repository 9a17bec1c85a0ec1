"""The small soak (issue #9): a short mailroom day with real station processes, SIGKILLs, a network cut,
a PostgreSQL restart and a page file damaged on disk; nothing may be lost, doubled, misplaced or redated.

It runs ``bench/soak.py --small`` (24 letters and faxes, at least 6 kills; about two minutes on a busy
2-core machine) as a subprocess with a fresh random seed each time (printed on failure, so any finding can
be replayed with ``python bench/soak.py --small --seed N``).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(480)
def test_a_short_day_with_kills_cuts_and_a_restart_loses_nothing(tmp_path):
    seed = random.SystemRandom().randrange(1, 1 << 31)
    results = tmp_path / "soak-results.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "soak.py"), "--small", "--seed", str(seed),
                           "--results", str(results)], capture_output=True, text=True, timeout=420)
    where = f"seed {seed}\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    assert proc.returncode == 0, where
    r = json.loads(results.read_text())
    assert r["ok"] and not r["problems"], where
    assert r["lost"] == 0 and r["duplicates"] == 0, where
    assert r["letters"] >= 24 and r["central_documents"] == r["documents"] == r["letters"], where
    assert r["kills_survived"] >= 6 and r["network_cuts"] >= 1 and r["pg_restarts"] >= 1, where
    assert r["faxes"] >= 6 and r["faxes_to_never_killed_watcher"] >= 3 and r["scan_batches"] >= 2, where
    assert r["leftover_files"] == [] and all(n == 0 for n in r["service_crashes"].values()), where
    assert r["audit"]["local"].startswith("Unversehrt") and r["audit"]["central"].startswith("Unversehrt"), where
    held = r["damaged_page_held_back"]
    assert held["central_rows_while_held"] == 0 and "zurückgehalten" in held["operator_saw"][0], where
    long_lived = r["memory"]["hotfolder2"]
    assert long_lived.get("never_killed") and long_lived["processes"] == 1 and long_lived["samples"] >= 8, where
