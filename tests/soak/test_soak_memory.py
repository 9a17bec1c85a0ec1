"""How the soak judges memory: on what the never-killed watcher itself allocated.

A leak grows a process's anonymous memory. Its USS and PSS also move when other processes stop
mapping the same libraries (the end of a day, when the scanning is over), so they are reported and
not judged; these tests pin both halves of that rule.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import soak_check  # noqa: E402
from soak_procs import MemorySample, anonymous_bytes  # noqa: E402

MIB = 2**20


def test_anonymous_memory_counts_what_the_process_allocates():
    before = anonymous_bytes(os.getpid())
    block = np.ones(64 * MIB, dtype=np.uint8)  # written, so resident
    after = anonymous_bytes(os.getpid())
    assert block.sum() == 64 * MIB
    assert after - before >= 60 * MIB


def test_anonymous_memory_of_a_gone_process_is_zero():
    assert anonymous_bytes(2**22 + 12345) == 0


def _day(uss_end: float, anon_end: float) -> dict:
    """A never-killed watcher sampled every second for 400 s: 170 MiB anonymous, 190 MiB USS at the
    start, the given values in the last quarter."""
    samples = []
    for t in range(400):
        late = t >= 300
        samples.append(MemorySample(t=float(t), kind="hotfolder2", pid=42, age=float(t), pss=200 * MIB,
                                    pss_tree=200 * MIB, uss=int((uss_end if late else 190) * MIB),
                                    anon=int((anon_end if late else 170) * MIB)))
    return {"memory": SimpleNamespace(samples=samples), "services": [SimpleNamespace(kind="hotfolder2", killable=False)]}


def test_libraries_no_longer_shared_are_not_a_leak():
    f = soak_check.Findings()
    out = soak_check.check_memory(_day(uss_end=225, anon_end=171), f)
    assert f.problems == []
    assert out["hotfolder2"]["last_quarter_median_uss_mib"] == 225.0
    assert out["hotfolder2"]["growth_mib"] == 1.0


def test_growing_anonymous_memory_fails_the_day():
    f = soak_check.Findings()
    soak_check.check_memory(_day(uss_end=230, anon_end=200), f)
    assert len(f.problems) == 1 and "anonymous memory 170.0 MiB" in f.problems[0]
