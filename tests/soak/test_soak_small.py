"""The small soak (issue #9): a short mailroom day with real station processes, SIGKILLs, a network cut
and a PostgreSQL restart; nothing may be lost, doubled, misplaced or redated.

It runs ``bench/soak.py --small`` as a subprocess with a fresh random seed each time (printed on
failure, so any finding can be replayed with ``python bench/soak.py --small --seed N``).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_day_with_kills_cuts_and_a_restart_loses_nothing(tmp_path):
    seed = random.SystemRandom().randrange(1, 1 << 31)
    results = tmp_path / "soak-results.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "soak.py"), "--small", "--seed", str(seed),
                           "--results", str(results)], capture_output=True, text=True, timeout=280)
    where = f"seed {seed}\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    assert proc.returncode == 0, where
    r = json.loads(results.read_text())
    assert r["ok"] and not r["problems"], where
    assert r["lost"] == 0 and r["duplicates"] == 0, where
    assert r["kills_survived"] >= 5 and r["network_cuts"] >= 1 and r["pg_restarts"] >= 1, where
    assert r["central_documents"] == r["documents"] == r["letters"], where
    assert r["faxes"] >= 1 and r["scan_batches"] >= 1, where
    assert r["leftover_files"] == [] and all(n == 0 for n in r["service_crashes"].values()), where
    assert r["audit"]["local"].startswith("Unversehrt") and r["audit"]["central"].startswith("Unversehrt"), where
