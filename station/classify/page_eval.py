"""Read rendered evaluation pages through the real page pipeline and count what went wrong.

Two faults matter before any classifying: a content page turned the wrong way (read as garbage,
its fields lost) and a content page dropped as blank (the department never sees it). Pages are
rendered by :mod:`station.classify.render_eval` in every typeface, mode and orientation; a
``manifest.json`` beside them records what each page is, so the same pages can be read again by
another version of the pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from station.classify.render_eval import MODES, PageSpec, plan, render_page

MANIFEST = "manifest.json"


@dataclass
class PageOutcome:
    path: str
    spec: PageSpec
    rotation: int | None  # the turn the pipeline applied (None: the page failed)
    blank: bool

    @property
    def wrong_turn(self) -> bool:
        return self.rotation is not None and not self.blank and self.rotation != self.spec.rotation


@dataclass
class Breakdown:
    """Pages, wrong turns and drops, in total and per typeface, mode and orientation."""

    pages: int = 0
    wrong_turns: int = 0
    dropped: int = 0
    failed: int = 0
    groups: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # kind -> key -> [pages, wrong, dropped]
    mistakes: list[str] = field(default_factory=list)

    def add(self, outcome: PageOutcome) -> None:
        self.pages += 1
        wrong, dropped = outcome.wrong_turn, outcome.blank
        failed = outcome.rotation is None
        self.wrong_turns += wrong
        self.dropped += dropped
        self.failed += failed
        spec = outcome.spec
        for kind, key in (("typeface", spec.typeface), ("mode", spec.mode), ("orientation", str(spec.rotation))):
            cell = self.groups.setdefault(kind, {}).setdefault(key, [0, 0, 0])
            cell[0] += 1
            cell[1] += wrong
            cell[2] += dropped
        if wrong or dropped or failed:
            what = "failed" if failed else "dropped as blank" if dropped else f"turned {outcome.rotation}"
            self.mistakes.append(f"{Path(outcome.path).name} ({spec.typeface}, {spec.mode}, fed at "
                                 f"{spec.rotation}): {what}")

    def summary(self) -> dict:
        return {"pages": self.pages, "wrong_turns": self.wrong_turns, "dropped_as_blank": self.dropped,
                "failed": self.failed,
                **{f"by_{kind}": {key: dict(zip(("pages", "wrong_turns", "dropped"), cell))
                                  for key, cell in sorted(cells.items())}
                   for kind, cells in self.groups.items()}}


def first_lines(text: str, count: int) -> str:
    return "\n".join(text.splitlines()[:count])


def _render_one(job: tuple[str, PageSpec, Path, int, int | None]) -> str:
    return str(render_page(*job))


def render_set(texts: list[str], out_dir: Path, count: int, scan_dpi: int = 300, max_lines: int | None = None,
               seed: int = 0, typefaces: list[str] | None = None, workers: int = 1) -> list[tuple[str, PageSpec]]:
    """Render ``count`` pages (texts taken in turn) covering every typeface, mode and orientation,
    in ``workers`` processes; writes the manifest and returns (path, spec) pairs."""
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = plan(count, typefaces, seed=seed)
    jobs = [(texts[i % len(texts)], spec, out_dir / f"page{i:04d}", scan_dpi, max_lines) for i, spec in enumerate(specs)]
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            paths = list(pool.map(_render_one, jobs, chunksize=8))
    else:
        paths = [_render_one(job) for job in jobs]
    pages = list(zip(paths, specs))
    (out_dir / MANIFEST).write_text(json.dumps([{"path": p, **asdict(s)} for p, s in pages]), encoding="utf-8")
    return pages


def load_manifest(out_dir: Path) -> list[tuple[str, PageSpec]]:
    rows = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    return [(row.pop("path"), PageSpec(**row)) for row in rows]


def read_set(pages: Iterable[tuple[str, PageSpec]], workers: int = 0) -> Breakdown:
    """Every page through ``station.pipeline.process_files`` (crop, deskew, blank, orientation,
    OCR with the verifier), as the station reads a scan or a fax."""
    from station.pipeline import PageContext
    from station.pipeline_pool import process_files

    pages = list(pages)
    specs = dict(pages)
    report = Breakdown()
    ctx = PageContext(thumb=False)
    for result in process_files([p for p, _ in pages], ctx, workers=workers):
        spec = specs[result.path]
        if result.error is not None or not result.pages or result.pages[0].error:
            report.add(PageOutcome(result.path, spec, None, False))
            continue
        page = result.pages[0]
        report.add(PageOutcome(result.path, spec, page.rotation, page.blank))
    return report


SCAN_MODES = tuple(m for m in MODES if not m.startswith("fax"))
FAX_MODES = tuple(m for m in MODES if m.startswith("fax"))


def letter_specs(renders: list[str], seed: int = 0) -> list[PageSpec]:
    """A spec per letter: typefaces and orientations in turn; the mode taken in turn among the fax
    modes for a letter that came by fax, among the scan modes otherwise."""
    specs = []
    taken = {"fax": 0, "scan": 0}
    for spec, render in zip(plan(len(renders), seed=seed), renders):
        group = "fax" if render == "fax" else "scan"
        modes = FAX_MODES if group == "fax" else SCAN_MODES
        specs.append(PageSpec(spec.typeface, modes[taken[group] % len(modes)], spec.rotation, spec.seed))
        taken[group] += 1
    return specs


@dataclass
class RenderedRun:
    """A rendered evaluation: the letter-level report, the page faults, letter accuracy per
    typeface/mode/orientation, and what the orientation verifier cost."""

    report: Any
    pages: Breakdown
    accuracy: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # kind -> key -> [letters, correct]
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> key -> Report of those letters
    verifier: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict:
        acc = {f"accuracy_by_{kind}": {key: round(c / n, 3) for key, (n, c) in sorted(cells.items())}
               for kind, cells in self.accuracy.items()}
        found = {f"fields_by_{kind}": {key: field_figures(report) for key, report in sorted(cells.items())}
                 for kind, cells in self.fields.items()}
        return {**self.pages.summary(), **acc, **found, "verifier": self.verifier}


def field_figures(report: Any) -> dict[str, float]:
    """Field precision and recall of a group's letters (which mode or typeface loses values)."""
    summary = report.summary()
    return {"field_precision": summary["field_precision"], "field_recall": summary["field_recall"]}


def evaluate_letters(letters: list[Any], settings: Any, workdir: Path, scan_dpi: int = 300, seed: int = 0,
                     progress: Callable[[str], None] | None = None) -> RenderedRun:
    """Render every letter (all its sheets) with :func:`letter_specs`, read it as ``station
    classify`` does, classify it, and count page faults and letter accuracy per group."""
    from station.classify import classify_document
    from station.classify.evaluate import Report
    from station.classify.reading import read_document
    from station.imaging import verify_orientation

    run = RenderedRun(Report(), Breakdown())
    before = replace(verify_orientation.TALLY)
    for letter, spec in zip(letters, letter_specs([l.render for l in letters], seed)):
        path = render_page(letter.text, spec, workdir / letter.name, scan_dpi)
        pages = read_document(path, settings)
        if progress:
            progress(letter.name)
        for page in pages:
            run.pages.add(PageOutcome(str(path), spec, None if page.error else page.rotation, page.blank))
        decision = classify_document(pages, settings)
        known = len(run.report.mistakes)
        run.report.add(letter, decision.classification, decision.fields)
        # a mistake names how its letter was printed, so a verbose run shows which modes lose values
        run.report.mistakes[known:] = [f"{m} [{spec.typeface}, {spec.mode}, fed at {spec.rotation}]"
                                       for m in run.report.mistakes[known:]]
        ok = decision.classification.doc_type == letter.label
        for kind, key in (("typeface", spec.typeface), ("mode", spec.mode), ("orientation", str(spec.rotation)),
                          ("language", getattr(letter, "lang", "de"))):
            cell = run.accuracy.setdefault(kind, {}).setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += ok
            run.fields.setdefault(kind, {}).setdefault(key, Report()).add(
                letter, decision.classification, decision.fields, top=False)
    after = verify_orientation.TALLY
    checked = after.pages - before.pages
    doubtful = after.doubtful - before.doubtful
    run.verifier = {"pages": checked, "doubtful": doubtful,
                    "doubtful_share": round(doubtful / checked, 3) if checked else 0.0,
                    "turned_by_verifier": after.turned - before.turned,
                    "extra_ms_per_doubtful_page": round(1000 * (after.extra_s - before.extra_s) / doubtful, 1)
                    if doubtful else 0.0,
                    "extra_ms_per_page": round(1000 * (after.extra_s - before.extra_s) / checked, 1) if checked else 0.0}
    return run
