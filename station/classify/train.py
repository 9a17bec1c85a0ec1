"""Train the classifier from the synthetic corpus and the operators' corrections, reproducibly.

``python -m station.classify.train`` (``make model``, ``station train``) rebuilds the shipped model.

The ``needs_review`` threshold is chosen on letters whose *phrasings the model never saw*: the
intent templates are split into folds, a model trained without one fold is scored on letters
written only with it. That estimates how the model does on real, unseen mail far better than a
random split of the same templates would, and the threshold is the lowest confidence at which
auto-accepted validation letters are at least 99% correct (with a safety floor).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from station.classify.cancel_cues import cancellation_only_mentioned
from station.classify.corpus import Sample, generate
from station.classify.features import build_features
from station.classify.language import looks_english
from station.classify.model import MODEL_DIR, ClassifierModel, save_model
from station.config import RESOURCES
from station.taxonomy import type_ids

log = logging.getLogger(__name__)
SEED = 20261125
N_PER_LABEL = 500
TARGET_PRECISION = 0.995  # the bar is 99% on real mail; synthetic validation letters are easier
THRESHOLD_FLOOR = 0.5  # never auto-accept a guess the model itself rates below a coin flip
FOLDS = 4
RECIPE = "tfidf-words12-chars35-linearsvc-sigmoid-narrow+broad+english-3"  # bump when features or learner change
CORRECTION_WEIGHT = 3  # an operator's correction is real mail: it counts more than a synthetic letter


def make_pipeline() -> Pipeline:
    svm = LinearSVC(C=0.5, class_weight="balanced", max_iter=5000, random_state=0)
    return Pipeline([("features", build_features()),
                     ("clf", CalibratedClassifierCV(svm, method="sigmoid", cv=3, ensemble=False))])


def corrections_from_pairs(pairs: Iterable[tuple[str, str]]) -> list[Sample]:
    """Operator corrections as training samples; unknown types and empty texts are skipped."""
    known = set(type_ids())
    return [Sample(text, label) for text, label in pairs if label in known and text and text.strip()]


def corrections_from_store(settings: Any = None) -> list[Sample]:
    """Corrections recorded by the local store, if this station has one (never creates a store)."""
    from station.config import load_settings

    settings = settings or load_settings()
    if not (settings.data_path / "store" / "station.db").is_file():
        return []
    from station.store import Store

    store = Store.open(settings)
    try:
        return corrections_from_pairs((r["text"], r["new_doc_type"]) for r in store.corrections())
    finally:
        store.close()


def corrections_from_central(settings: Any = None) -> list[Sample]:
    """Letters the departments re-routed (``station central serve``), if a central store is configured.

    Offline or unreachable: no central corrections this time, training goes on with the rest."""
    from station.config import load_settings
    from station.errors import StationError

    settings = settings or load_settings()
    if not settings.central.host or not (settings.data_path / "store" / "station.db").is_file():
        return []
    from station.store import Store
    from station.sync.corrections import fetch_corrections

    import psycopg

    store = Store.open(settings)
    try:
        found = fetch_corrections(settings, store)
    except (StationError, psycopg.Error) as exc:
        log.warning("central corrections not fetched: %s", type(exc).__name__)
        return []
    finally:
        store.close()
    return corrections_from_pairs((c.text, c.doc_type) for c in found)


TRAINING_LETTERS = RESOURCES / "training_letters"  # hand-written real-style letters (see its README)


def training_letters(directory: Path = TRAINING_LETTERS) -> list[Sample]:
    """The hand-written training letters as samples: they count like operator corrections.

    A template corpus knows each type by its formulas; letters written one at a time by people
    (guardians, firms, elderly writers, two purposes in one letter) teach what it lacks. The
    evaluation sets (``tests/data/eval_*``) are never among them."""
    from station.classify.evaluate import load_letters

    if not directory.is_dir():
        return []
    return corrections_from_pairs((letter.text, letter.label) for letter in load_letters(directory))


def corrections_from_jsonl(path: Path) -> list[Sample]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return corrections_from_pairs((r["text"], r["doc_type"]) for r in rows)


def fit(samples: list[Sample], corrections: list[Sample] = ()) -> Pipeline:
    texts = [s.text for s in samples] + [c.text for c in corrections for _ in range(CORRECTION_WEIGHT)]
    labels = [s.label for s in samples] + [c.label for c in corrections for _ in range(CORRECTION_WEIGHT)]
    return _slim(make_pipeline().fit(texts, labels))


def _slim(pipeline: Pipeline) -> Pipeline:
    """Single-precision weights, and no list of the terms the vocabulary caps dropped (kept by
    scikit-learn for introspection only): the shipped model stays small, decisions are unchanged."""
    for calibrated in pipeline.named_steps["clf"].calibrated_classifiers_:
        calibrated.estimator.coef_ = calibrated.estimator.coef_.astype(np.float32)
    for _, vectorizer in pipeline.named_steps["features"].transformer_list:
        if hasattr(vectorizer, "stop_words_"):
            delattr(vectorizer, "stop_words_")
    return pipeline


def corpora(n_per_label: int, seed: int, keep: Any = None) -> tuple[list[Sample], list[Sample]]:
    """The narrow and the broad corpus (``corpus.generate``) for one seed and template filter."""
    kw = {"keep": keep} if keep else {}
    return generate(n_per_label, seed, broad=False, **kw), generate(n_per_label, seed + 1, broad=True, **kw)


def fit_views(n_per_label: int, seed: int, corrections: list[Sample] = (), keep: Any = None,
              ) -> tuple[ClassifierModel, list[Sample]]:
    """Both views, trained (corrections count in both); returns the model (no threshold yet) and its corpus."""
    narrow, broad = corpora(n_per_label, seed, keep)
    model = ClassifierModel(fit(narrow, corrections), "", 1.0, {}, fit(broad, corrections))
    return model, narrow + broad


def choose_threshold(correct: np.ndarray, confidence: np.ndarray, target: float = TARGET_PRECISION) -> float:
    """Lowest confidence t such that documents with confidence >= t are at least ``target`` correct."""
    order = np.argsort(-confidence)
    hits = np.cumsum(correct[order])
    precision = hits / np.arange(1, len(order) + 1)
    ok = np.nonzero(precision >= target)[0]
    # The largest prefix (most coverage) that still meets the target.
    t = float(confidence[order][ok[-1]]) if len(ok) else 1.0
    return max(t, THRESHOLD_FLOOR)


TYPE_TARGET = 0.985  # a type clearly below the bar on its own held-out letters gets a stricter threshold
TYPE_MIN_LETTERS = 100  # fewer held-out letters of a type cannot estimate its precision
TYPE_CEILING = 0.95  # a raised threshold never goes above this (the type would never be accepted)


def type_thresholds(predicted: np.ndarray, correct: np.ndarray, confidence: np.ndarray,
                    threshold: float) -> dict[str, float]:
    """Stricter thresholds for the types whose held-out auto-accepts miss ``TYPE_TARGET`` at ``threshold``.

    One global threshold lets a type whose mistakes are confident (a bill dispute read as a
    cancellation) through below the bar while the average looks fine; such a type gets its own,
    higher threshold. Types that meet the bar keep the global one.
    """
    out = {}
    for label in np.unique(predicted):
        sel = predicted == label
        if sel.sum() < TYPE_MIN_LETTERS:
            continue
        accepted = sel & (confidence >= threshold)
        if not accepted.any() or correct[accepted].mean() >= TYPE_TARGET:
            continue
        own = choose_threshold(correct[sel], confidence[sel], TYPE_TARGET)
        if own > threshold:
            out[str(label)] = round(min(own, TYPE_CEILING), 4)
    return out


NARROW_WEIGHTS = (0.5, 0.6, 0.7, 0.8)  # candidate shares of the narrow view, chosen on held-out letters


HeldOut = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # labels, gold, narrow, broad, held back


def _held_out(model: ClassifierModel, samples: list[Sample]) -> tuple[np.ndarray, ...]:
    texts = [s.text for s in samples]
    return (np.array([s.label for s in samples]), model.pipeline.predict_proba(texts),
            model.broad.predict_proba(texts), np.array([cancellation_only_mentioned(t) for t in texts]))


def unseen_phrasing_views(n_per_label: int, seed: int, folds: int = 2, real: list[Sample] = ()
                          ) -> tuple[HeldOut, HeldOut | None]:
    """Held-out synthetic letters and held-out real letters, each as (labels, gold, narrow
    probabilities, broad probabilities, held back).

    Synthetic held-out letters use phrasings *and* kinds of other mail that the fold's models never
    saw. ``real`` (the training letters and operators' corrections) is split across the folds too:
    each fold's models learn from the other folds' real letters and are scored on their own, so
    every real letter gets a confidence from models that never saw it. ``held back``: letters whose
    cancellation words are only mentioned; ``ClassifierModel`` never auto-accepts them as a
    cancellation, so the threshold is chosen as the shipped model decides. English-looking real
    letters are left out: the English view decides them, with its own threshold.
    """
    synthetic: list[tuple[np.ndarray, ...]] = []
    held_real: list[tuple[np.ndarray, ...]] = []
    labels = np.array([])
    for fold in range(folds):
        learn = [c for i, c in enumerate(real) if i % folds != fold]
        test = [c for i, c in enumerate(real) if i % folds == fold and not looks_english(c.text)]
        model, _ = fit_views(n_per_label, seed + 100 + fold, learn, keep=lambda label, i, f=fold: i % FOLDS != f)
        held = generate(max(n_per_label // 4, 10), seed + 200 + fold, keep=lambda label, i, f=fold: i % FOLDS == f)
        labels = np.array(model.labels)
        synthetic.append(_held_out(model, held))
        if test:
            held_real.append(_held_out(model, test))

    def joined(parts: list[tuple[np.ndarray, ...]]) -> HeldOut:
        gold, narrow, broad, mentioned = (np.concatenate(column) for column in zip(*parts))
        return labels, gold, narrow, broad, mentioned

    return joined(synthetic), (joined(held_real) if held_real else None)


REAL_TARGET = 0.99  # auto-accept precision on real letters the fold's models never saw (the goal on real mail)


def real_letter_threshold(held: HeldOut, weight: float) -> tuple[float, dict[str, float]]:
    """The lowest threshold at which held-out real letters are auto-accepted at ``REAL_TARGET``, and
    their figures at it.

    The synthetic held-out letters are easier than real mail (their confident mistakes are rarer),
    so the threshold they give can be too low for letters written by people; the higher of the two
    is shipped.
    """
    _, correct, confidence = decide(held, weight)
    threshold = choose_threshold(correct, confidence, REAL_TARGET)
    return threshold, {"letters": int(len(correct)), "accuracy": round(float(correct.mean()), 4),
                       "threshold": round(threshold, 4)}


def decide(held: HeldOut, weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(predicted, correct, confidence) of held-out letters with the views mixed at ``weight``; a
    cancellation only mentioned gets confidence 0 (never auto-accepted, as the shipped model decides)."""
    labels, gold, narrow, broad, mentioned = held
    probs = weight * narrow + (1 - weight) * broad
    predicted = labels[probs.argmax(axis=1)]
    confidence = np.where(mentioned & (predicted == "kuendigung"), 0.0, probs.max(axis=1))
    return predicted, predicted == gold, confidence


def _figures(correct: np.ndarray, accepted: np.ndarray) -> dict[str, float]:
    return {"coverage": round(float(accepted.mean()), 4),
            "auto_accept_precision": round(float(correct[accepted].mean()) if accepted.any() else 1.0, 4)}


def choose_weight(labels: np.ndarray, gold: np.ndarray, narrow: np.ndarray, broad: np.ndarray,
                  mentioned: np.ndarray | None = None) -> tuple[float, float, np.ndarray, np.ndarray, np.ndarray]:
    """The narrow share that lets most held-out letters through at the precision target.

    Returns (weight, threshold, correct, confidence, predicted) for that weight; ties go to the more
    even mix.
    """
    best = None
    held = (labels, gold, narrow, broad, mentioned if mentioned is not None else np.zeros(len(gold), dtype=bool))
    for w in NARROW_WEIGHTS:
        predicted, correct, confidence = decide(held, w)
        threshold = choose_threshold(correct, confidence)
        coverage = float((confidence >= threshold).mean())
        if best is None or coverage > best[0] + 1e-9:
            best = (coverage, w, threshold, correct, confidence, predicted)
    _, w, threshold, correct, confidence, predicted = best
    return w, threshold, correct, confidence, predicted


def build(n_per_label: int = N_PER_LABEL, seed: int = SEED, corrections: list[Sample] = (),
          validation_folds: int = 2) -> ClassifierModel:
    from station.classify.train_english import english_view

    synthetic, real = unseen_phrasing_views(n_per_label, seed, validation_folds, corrections)
    weight, threshold, correct, confidence, predicted = choose_weight(*synthetic)
    per_type = type_thresholds(predicted, correct, confidence, threshold)
    real_meta: dict[str, Any] = {}
    if real is not None:
        real_threshold, real_meta = real_letter_threshold(real, weight)
        threshold = max(threshold, real_threshold)
    accepted = confidence >= np.array([max(threshold, per_type.get(p, 0.0)) for p in predicted])
    if real is not None:
        real_predicted, real_correct, real_confidence = decide(real, weight)
        bars = np.array([max(threshold, per_type.get(p, 0.0)) for p in real_predicted])
        real_meta.update(_figures(real_correct, real_confidence >= bars))
    english = [c for c in corrections if looks_english(c.text)]
    german = [c for c in corrections if not looks_english(c.text)]
    views, corpus = fit_views(n_per_label, seed, german)
    en_pipeline, en_threshold, en_meta, en_corpus = english_view(n_per_label, seed, english, validation_folds)
    # The version names exactly what the model learned from: same corpus and corrections, same version.
    digest = hashlib.sha256(json.dumps(
        [RECIPE, sklearn.__version__, [(s.text, s.label) for s in corpus + en_corpus],
         [(c.text, c.label) for c in corrections]]
    ).encode()).hexdigest()[:10]
    meta = {
        "n_per_label": n_per_label, "seed": seed, "corrections": len(corrections),
        "sklearn": sklearn.__version__, "narrow_weight": weight,
        "unseen_phrasing": {
            "letters": int(len(correct)), "accuracy": round(float(correct.mean()), 4),
            "coverage": round(float(accepted.mean()), 4),
            "auto_accept_precision": round(float(correct[accepted].mean()) if accepted.any() else 1.0, 4),
        },
        **({"real_letters_held_out": real_meta} if real_meta else {}),
        "english_unseen_phrasing": en_meta,
    }
    return ClassifierModel(views.pipeline, f"clf-{digest}", round(threshold, 4), meta, views.broad, weight, per_type,
                           en_threshold, en_pipeline)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the document classifier (writes resources/model/).")
    parser.add_argument("--per-label", type=int, default=N_PER_LABEL)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--private", action="store_true", help="write with private permissions (0700/0600)")
    parser.add_argument("--corrections", type=Path, help="JSON lines of {text, doc_type} to learn from as well")
    parser.add_argument("--no-store", action="store_true", help="ignore the local store's operator corrections")
    parser.add_argument("--no-central", action="store_true", help="do not fetch the departments' re-routes")
    parser.add_argument("--no-letters", action="store_true", help="leave out resources/training_letters")
    args = parser.parse_args(argv)
    corrections = [] if args.no_store else corrections_from_store()
    if not args.no_store and not args.no_central:
        corrections += corrections_from_central()
    if args.corrections:
        corrections += corrections_from_jsonl(args.corrections)
    if not args.no_letters:
        corrections += training_letters()
    model = build(args.per_label, args.seed, corrections)
    path = save_model(model, args.out, private=args.private)
    print(json.dumps({"model": str(path), "version": model.version, "threshold": model.threshold, **model.meta},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
