"""Classification and index fields: quality on the hand-written eval letters, and speed side by side.

Rows: the issue-#3 quality bars on the letters as written (text) and as rendered scans/faxes read by
the real pipeline (OCR); model load time; per-document classify and field-finding time next to the
per-page OCR time of the same run (their ratio shows what deciding costs relative to reading). The
rendered runs (and the independent blind sets, ``evaluate.BLIND_DIRS``, when present) also report
content pages turned the wrong way or dropped as blank, per typeface, scan/fax mode and orientation,
and the orientation verifier's share of doubtful pages and its extra time.
"""

from __future__ import annotations

import subprocess
import sys
import time

from harness import Options, Row, section

from station.classify.evaluate import (
    BLIND_DIRS,
    EVAL_SETTINGS,
    HARD_DIR,
    evaluate_text,
    load_letters,
    rendered_run,
)
from station.classify.model import MODEL_DIR, MODEL_FILE, _load, load_model
from station.classify.page_eval import RenderedRun, field_figures
from station.fields import extract_from_text

TARGETS = {"accuracy": ">=0.95", "coverage": ">=0.80", "auto_accept_precision": ">=0.99",
           "field_precision": ">=0.98", "field_recall": ">=0.95"}


def _quality_rows(mode: str, summary: dict) -> list[Row]:
    """The quality bars, then the same per letter language (English letters have their own view)."""
    rows: list[Row] = [{"metric": f"{mode}: letters", "value": summary["letters"]}]
    for key, target in TARGETS.items():
        rows.append({"metric": f"{mode}: {key}", "value": summary[key], "target": target})
    for lang, part in summary.get("by_language", {}).items():
        rows.append({"metric": f"{mode} [{lang}]: letters", "value": part["letters"]})
        rows += [{"metric": f"{mode} [{lang}]: {key}", "value": part[key], "target": target}
                 for key, target in TARGETS.items()]
    return rows


def _page_rows(mode: str, run: RenderedRun) -> list[Row]:
    """Content pages turned the wrong way and dropped as blank, in total and per typeface, scan/fax
    mode and orientation; letter accuracy per group; what the orientation verifier cost."""
    pages = run.pages
    rows: list[Row] = [
        {"metric": f"{mode}: content pages", "value": pages.pages},
        {"metric": f"{mode}: turned the wrong way", "value": pages.wrong_turns, "target": "<=1 in 200"},
        {"metric": f"{mode}: dropped as blank", "value": pages.dropped, "target": "0"},
    ]
    for kind, cells in pages.groups.items():
        for key, (n, wrong, dropped) in sorted(cells.items()):
            right = run.accuracy.get(kind, {}).get(key)
            found = run.fields.get(kind, {}).get(key)
            rows.append({"metric": f"{mode}: {kind} {key}", "value": wrong, "unit": "wrong turns",
                         "pages": n, "dropped": dropped,
                         **({"letters": right[0], "accuracy": round(right[1] / right[0], 3)} if right else {}),
                         **(field_figures(found) if found else {})})
    for lang, (n, right) in sorted(run.accuracy.get("language", {}).items()):
        rows.append({"metric": f"{mode}: language {lang}", "value": round(right / n, 3), "unit": "accuracy",
                     "letters": n})
    v = run.verifier
    rows.append({"metric": f"{mode}: verifier doubtful pages", "value": v.get("doubtful_share", 0.0), "unit": "share",
                 "pages": v.get("pages", 0), "turned": v.get("turned_by_verifier", 0)})
    rows.append({"metric": f"{mode}: verifier extra time per doubtful page", "unit": "ms",
                 "value": v.get("extra_ms_per_doubtful_page", 0.0), "per_page_ms": v.get("extra_ms_per_page", 0.0)})
    return rows


@section("classify")
def bench_classify(options: Options) -> list[Row]:
    rows: list[Row] = []
    _load.cache_clear()
    start, cpu = time.perf_counter(), time.process_time()
    model = load_model(MODEL_DIR)
    # CPU time next to wall time: on a shared 2-core machine the wall clock also measures the neighbours.
    rows.append({"metric": "model load (imports done)", "value": time.perf_counter() - start, "unit": "s",
                 "target": "<1", "cpu_s": round(time.process_time() - cpu, 3),
                 "size_mb": round((MODEL_DIR / MODEL_FILE).stat().st_size / 1e6, 2)})
    cold = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); "
                           "from station.classify.model import load_model; load_model(); "
                           "print(time.perf_counter()-t)"], capture_output=True, text=True, check=True)
    rows.append({"metric": "model import + load (fresh process)", "value": float(cold.stdout.strip()), "unit": "s"})

    letters = load_letters()
    texts = [l.text for l in letters]
    start = time.perf_counter()
    for text in texts:
        model.classify_text(text)
    classify_ms = (time.perf_counter() - start) / len(texts) * 1000
    start = time.perf_counter()
    for text in texts:
        extract_from_text(text, EVAL_SETTINGS)
    fields_ms = (time.perf_counter() - start) / len(texts) * 1000
    rows.append({"metric": "classify per document", "value": classify_ms, "unit": "ms"})
    rows.append({"metric": "fields per document", "value": fields_ms, "unit": "ms"})
    rows += _quality_rows("text", evaluate_text(letters).summary())
    # The second group: out-of-taxonomy and hard letters; a wrong type must not be auto-accepted.
    hard = evaluate_text(load_letters(HARD_DIR)).summary()
    for key in ("letters", "accuracy", "coverage", "auto_accept_precision"):
        rows.append({"metric": f"hard group (text): {key}", "value": hard[key],
                     **({"target": ">=0.84"} if key == "auto_accept_precision" else {})})

    subset = letters if options.full else letters[:: (8 if options.quick else 3)]
    start = time.perf_counter()
    run = rendered_run(subset)
    per_letter = (time.perf_counter() - start) / len(subset)
    rows += _quality_rows("rendered+OCR", run.report.summary())
    rows += _page_rows("rendered+OCR", run)
    rows.append({"metric": "render+read+decide per letter", "value": per_letter, "unit": "s"})
    rows.append({"metric": "deciding / reading time ratio", "value": (classify_ms + fields_ms) / 1000 / per_letter,
                 "unit": "x"})
    # Independent sets, written by people who never saw the generator, the training letters or each
    # other: never trained or tuned on.
    for label, blind in BLIND_DIRS.items():
        if not blind.is_dir():
            continue
        blind_letters = load_letters(blind)
        rows += _quality_rows(f"{label} text", evaluate_text(blind_letters).summary())
        blind_run = rendered_run(blind_letters if options.full else blind_letters[:: (4 if options.quick else 2)])
        rows += _quality_rows(f"{label} rendered+OCR", blind_run.report.summary())
        rows += _page_rows(f"{label} rendered+OCR", blind_run)
    return rows
