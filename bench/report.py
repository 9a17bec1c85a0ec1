"""Markdown for the README from the last runs: ``bench/results.json`` (make bench) and
``bench/soak-results.json`` (make soak), so the figures there are copied by a program, not by hand.

``python bench/report.py`` prints the "Performance" table (every row of every section, with its
target where it has one, but the per-typeface/mode/orientation/language breakdowns) and the machine it was measured on; then the soak's counts, if present.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _value(row: dict) -> str:
    value = row.get("value", "")
    if isinstance(value, float):
        value = f"{value:.3g}"
    return f"{value} {row.get('unit', '')}".strip()


def _breakdown(row: dict) -> bool:
    """Rows per typeface, scan/fax mode, orientation and letter language (a hundred and more): they
    stay in ``bench/results.json``; the README's table keeps the totals."""
    metric = str(row.get("metric", ""))
    return any(f": {kind} " in metric for kind in ("typeface", "mode", "orientation", "language")) or " [" in metric


def performance(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"Measured {results['started']} on {machine['cpus']} cores, {machine['platform']}, "
        f"Python {machine['python']} (`{'python bench/run.py --full' if results['options'].get('full') else 'make bench'}`, "
        f"{results['options'].get('workers', 2)} page processes"
        + (f"; load average {machine['load_at_start']} at the start, {machine['load_at_end']} at the end)."
           if "load_at_end" in machine else ")."),
        *([results["note"]] if results.get("note") else []),
        "",
        "| section | figure | value | target |",
        "|---|---|---|---|",
    ]
    for name, sec in results["sections"].items():
        for row in sec["rows"]:
            if _breakdown(row):
                continue
            if row.get("metric") == "error":
                lines.append(f"| {name} | **failed** | see `bench/results.json` | |")
                continue
            lines.append(f"| {name} | {row.get('metric', '').strip()} | {_value(row)} | {row.get('target', '')} |")
    return "\n".join(lines)


def reliability(soak: dict) -> str:
    lines = ["| count | value |", "|---|---|"]
    for key, value in soak.items():
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):  # bool is an int too
            lines.append(f"| {key.replace('_', ' ')} | {value} |")
        elif isinstance(value, bool):
            lines.append(f"| {key.replace('_', ' ')} | {'yes' if value else 'no'} |")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):  # problems, leftover files
            lines.append(f"| {key.replace('_', ' ')} | {'; '.join(value) or 'none'} |")
        elif isinstance(value, dict) and all(isinstance(v, (int, float, str)) for v in value.values()):
            lines.append(f"| {key.replace('_', ' ')} | {', '.join(f'{k} {v}' for k, v in value.items())} |")
        elif isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):  # memory, by process
            for name, sub in value.items():
                lines.append(f"| {key.replace('_', ' ')}: {name} | "
                             f"{', '.join(f'{k} {v}' for k, v in sub.items() if isinstance(v, (int, float, str)))} |")
        elif key == "damaged_page_held_back" and isinstance(value, dict):
            lines.append(f"| {key.replace('_', ' ')} | central rows while held "
                         f"{value.get('central_rows_while_held')}; the operator saw: "
                         f"{' '.join(value.get('operator_saw') or [])} |")
    return "\n".join(lines)


def main() -> int:
    results = HERE / "results.json"
    if not results.is_file():
        print("no bench/results.json yet: run `make bench` first", file=sys.stderr)
        return 1
    print(performance(json.loads(results.read_text(encoding="utf-8"))))
    soak = HERE / "soak-results.json"
    if soak.is_file():
        print("\n" + reliability(json.loads(soak.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
