"""``make bench``: every registered benchmark section, side by side, into bench/results.json.

Sections live in ``bench/bench_<part>.py`` and register with ``harness.section`` (see harness.py).
``python bench/run.py [--only NAME ...] [--quick] [--full] [--workers N]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from harness import SECTIONS, Options  # noqa: E402


def discover() -> None:
    for path in sorted(HERE.glob("bench_*.py")):
        importlib.import_module(path.stem)


def show(name: str, rows: list[dict]) -> None:
    print(f"\n== {name} ==", flush=True)
    for row in rows:
        metric = row.get("metric", "")
        value = row.get("value", "")
        value = f"{value:.3g}" if isinstance(value, float) else value
        rest = ", ".join(f"{k}={v}" for k, v in row.items() if k not in ("metric", "value", "unit"))
        print(f"  {metric:<48} {value} {row.get('unit', '')}" + (f"   ({rest})" if rest else ""))


def summary(sections: dict[str, dict]) -> None:
    """One table of the figures that have a target, across every section that ran."""
    lines = [(name, row) for name, sec in sections.items() for row in sec["rows"] if "target" in row]
    if not lines:
        return
    print("\n== summary: figures with a target ==")
    for name, row in lines:
        value = row.get("value", "")
        value = f"{value:.3g}" if isinstance(value, float) else str(value)
        print(f"  {name:<9} {str(row.get('metric', '')):<52} {value:>8} {row.get('unit', ''):<10} target {row['target']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=None, help="section names to run")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(HERE / "results.json"))
    args = parser.parse_args(argv)
    discover()
    options = Options(quick=args.quick, full=args.full, workers=args.workers)
    results: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": vars(options),
        "sections": {},
    }
    failed = 0
    for name, func in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows = func(options)
        except Exception:  # one broken section must not hide the others' figures
            traceback.print_exc()
            rows = [{"metric": "error", "value": traceback.format_exc(limit=2)}]
            failed += 1
        show(name, rows)
        results["sections"][name] = {"rows": rows, "seconds": round(time.perf_counter() - started, 1)}  # type: ignore[index]
    summary(results["sections"])  # type: ignore[arg-type]
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
