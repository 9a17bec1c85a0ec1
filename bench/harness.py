"""The registry of benchmark sections: each part adds its own measurements without touching run.py.

A section is a function ``(options) -> list[dict]`` registered with ``@section("name")`` in a
module ``bench/bench_<part>.py``; ``run.py`` imports every such module, runs the sections, prints
their rows and writes them all to ``bench/results.json``. A row is a flat dict (metric, value,
unit, target, ...), so results stay comparable from run to run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Row = dict[str, object]


@dataclass
class Options:
    quick: bool = False  # fewer pages: a smoke run of the harness
    full: bool = False  # the long variants (e.g. 1,000 pages with OCR)
    workers: int = 2


SECTIONS: dict[str, Callable[[Options], list[Row]]] = {}


def section(name: str) -> Callable[[Callable[[Options], list[Row]]], Callable[[Options], list[Row]]]:
    """Register a benchmark section under ``name`` (run in registration order)."""

    def register(func: Callable[[Options], list[Row]]) -> Callable[[Options], list[Row]]:
        SECTIONS[name] = func
        return func

    return register
