"""Measure the classifier and the field finders on hand-written letters the generator never made.

``python -m station.classify.evaluate`` reads ``tests/data/eval_letters/*.txt`` (label and expected
fields in a small header) and prints accuracy, auto-accept precision and coverage, and field
precision and recall. ``--rendered`` first prints each letter onto a page (scan or fax, as its
header says), runs the real page pipeline and OCR, and measures on what OCR read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from station.classify.language import looks_english
from station.config import Settings
from station.model import Classification, Fields, PageResult

if TYPE_CHECKING:
    from station.classify.page_eval import RenderedRun

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "eval_letters"
# The second group: out-of-taxonomy and hard letters, written before the corpus learned such mail.
HARD_DIR = EVAL_DIR / "hard"
GROUPS = {"main": EVAL_DIR, "hard": HARD_DIR}
# Independent sets, written blind to the generator, the training letters and each other: never
# trained or tuned on, never read while developing (their figures are the honest ones).
BLIND_DIRS = {"blind": EVAL_DIR.parent / "eval_blind", "blind2": EVAL_DIR.parent / "eval_blind2",
              "blind3": EVAL_DIR.parent / "eval_blind3", "blind4": EVAL_DIR.parent / "eval_blind4",
              "blind5": EVAL_DIR.parent / "eval_blind5", "blind6": EVAL_DIR.parent / "eval_blind6",
              "blind7": EVAL_DIR.parent / "eval_blind7"}
FIELDS = ("customer_number", "phone_number", "iban")
# The operator's own numbers as the eval letters use them (see the README there).
EVAL_SETTINGS = Settings(own_phone_numbers=["0800 1122334", "0800 1122335"], own_ibans=["DE38614418195674880601"])


@dataclass
class EvalLetter:
    name: str
    label: str
    expected: dict[str, str | None]
    render: str  # scan | fax
    text: str
    lang: str = "de"  # de | en: the header's ``lang``, else what the text looks like


def load_letters(directory: Path = EVAL_DIR) -> list[EvalLetter]:
    letters = []
    for path in sorted(directory.glob("*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        expected = {f: (None if meta.get(f, "null") == "null" else meta[f]) for f in FIELDS}
        lang = meta.get("lang") or ("en" if looks_english(body) else "de")
        letters.append(EvalLetter(path.stem, meta["label"], expected, meta.get("render", "scan"), body, lang))
    return letters


@dataclass
class Report:
    n: int = 0
    correct: int = 0
    accepted: int = 0
    accepted_correct: int = 0
    field_tp: int = 0  # found and right
    field_fp: int = 0  # found but wrong (or found where none should be)
    field_fn: int = 0  # expected but not found (or found wrong)
    mistakes: list[str] = field(default_factory=list)
    by_language: dict[str, Report] = field(default_factory=dict)  # the same figures per letter language

    def add(self, letter: EvalLetter, c: Classification, fields: Fields, *, top: bool = True) -> None:
        if top:
            self.by_language.setdefault(letter.lang, Report()).add(letter, c, fields, top=False)
        self.n += 1
        ok = c.doc_type == letter.label
        self.correct += ok
        if not c.needs_review:
            self.accepted += 1
            self.accepted_correct += ok
        if not ok:
            self.mistakes.append(f"{letter.name}: {letter.label} -> {c.doc_type} ({c.confidence:.2f}"
                                 f"{', review' if c.needs_review else ''})")
        for name in FIELDS:
            want, got = letter.expected[name], getattr(fields, name)
            if got is not None and got == want:
                self.field_tp += 1
            else:
                if got is not None:
                    self.field_fp += 1
                if want is not None:
                    self.field_fn += 1
                if got != want:
                    self.mistakes.append(f"{letter.name}: {name} expected {want} got {got}")

    def summary(self) -> dict[str, object]:
        found = self.field_tp + self.field_fp
        wanted = self.field_tp + self.field_fn
        languages = {lang: r.summary() for lang, r in sorted(self.by_language.items())} if len(self.by_language) > 1 else {}
        return {
            "letters": self.n,
            "accuracy": round(self.correct / self.n, 4) if self.n else 0.0,
            "coverage": round(self.accepted / self.n, 4) if self.n else 0.0,
            "auto_accept_precision": round(self.accepted_correct / self.accepted, 4) if self.accepted else 1.0,
            "field_precision": round(self.field_tp / found, 4) if found else 1.0,
            "field_recall": round(self.field_tp / wanted, 4) if wanted else 1.0,
            **({"by_language": languages} if languages else {}),
        }


def evaluate_text(letters: list[EvalLetter] | None = None, model_dir: Path | None = None) -> Report:
    """Classify and index each letter's text as written (no rendering, no OCR): fast."""
    from station.classify import classify_document
    from station.classify.model import MODEL_DIR, load_model

    letters = letters if letters is not None else load_letters()
    model = load_model(model_dir or MODEL_DIR)  # what ships, not a desk's own retrained model
    report = Report()
    for letter in letters:  # the station's own decision, on the letter as one page of text
        decision = classify_document([PageResult(index=0, text=letter.text)], EVAL_SETTINGS, model)
        report.add(letter, decision.classification, decision.fields)
    return report


def evaluate_rendered(letters: list[EvalLetter] | None = None, workdir: Path | None = None,
                      progress: Callable[[str], None] | None = None) -> Report:
    """Print each letter as a scan or fax image, read it through the real pipeline, then decide."""
    return rendered_run(letters, workdir, progress).report


def rendered_run(letters: list[EvalLetter] | None = None, workdir: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> RenderedRun:
    """:func:`evaluate_rendered` with the page faults (wrong turns, pages dropped as blank) and
    letter accuracy per typeface, scan/fax mode and orientation, and the orientation verifier's cost.
    Letters are printed by ``station.classify.render_eval`` (office typefaces, not the training
    generator's renderer)."""
    import tempfile

    from station.classify.page_eval import evaluate_letters

    letters = letters if letters is not None else load_letters()
    with tempfile.TemporaryDirectory() as tmp:
        return evaluate_letters(letters, EVAL_SETTINGS, Path(workdir or tmp), progress=progress)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate classification and fields on the hand-written letters.")
    parser.add_argument("--rendered", action="store_true", help="render as scans/faxes and read them with OCR")
    parser.add_argument("--limit", type=int, default=0, help="only the first N letters (rendered runs are slow)")
    parser.add_argument("--verbose", action="store_true", help="list every mistake")
    parser.add_argument("--group", choices=sorted(GROUPS), default="main",
                        help="main: the 60+ letters of every type; hard: out-of-taxonomy and hard letters")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped model)")
    parser.add_argument("--set", type=Path, default=None, dest="letter_set",
                        help="a directory of letters in the same format (e.g. tests/data/eval_blind); overrides --group")
    args = parser.parse_args(argv)
    letters = load_letters(args.letter_set or GROUPS[args.group])
    if args.limit:
        letters = letters[: args.limit]
    if args.rendered and args.model:
        parser.error("--model only for text runs")
    run = rendered_run(letters) if args.rendered else None
    report = run.report if run is not None else evaluate_text(letters, args.model)
    group = str(args.letter_set) if args.letter_set else args.group
    print(json.dumps({"mode": "rendered" if args.rendered else "text", "group": group, **report.summary()}))
    if run is not None:  # content pages turned the wrong way / dropped, per typeface, mode, orientation
        print(json.dumps({"pages": run.summary()}))
        if args.verbose:
            print("\n".join(run.pages.mistakes))
    if args.verbose:
        print("\n".join(report.mistakes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
