"""The English view: a classifier of its own for letters written in English, with its own threshold.

English letters are a small share of the mail. Mixed into the German corpus, their words (router,
bill, contract) and their few phrasings shift the German model's decisions on German mail; a view of
their own leaves the German model exactly as its corpus makes it, and ``ClassifierModel`` routes a
letter to it when ``looks_english`` says so. Its threshold is chosen like the German one, on English
letters written with phrasings the fold's model never saw.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from station.classify.corpus import Sample, generate_english

EN_SHARE = 0.4  # English letters per type, as a share of the German ``n_per_label``


def english_view(n_per_label: int, seed: int, corrections: list[Sample] = (), folds: int = 2
                 ) -> tuple[Any, float, dict, list[Sample]]:
    """(pipeline, threshold, held-out figures, corpus) of the English view."""
    from station.classify.train import FOLDS, choose_threshold, fit

    n = max(int(n_per_label * EN_SHARE), 10)
    gold, correct, confidence = [], [], []
    for fold in range(folds):
        pipeline = fit(generate_english(n, seed + 300 + fold, keep=lambda label, i, f=fold: i % FOLDS != f))
        held = generate_english(max(n // 4, 10), seed + 400 + fold, keep=lambda label, i, f=fold: i % FOLDS == f)
        probs = pipeline.predict_proba([s.text for s in held])
        labels = np.array([str(c) for c in pipeline.classes_])
        gold += [s.label for s in held]
        correct.append(labels[probs.argmax(axis=1)] == np.array([s.label for s in held]))
        confidence.append(probs.max(axis=1))
    correct_all, confidence_all = np.concatenate(correct), np.concatenate(confidence)
    threshold = choose_threshold(correct_all, confidence_all)
    accepted = confidence_all >= threshold
    corpus = generate_english(n, seed + 500)
    meta = {
        "letters": int(len(correct_all)), "accuracy": round(float(correct_all.mean()), 4),
        "coverage": round(float(accepted.mean()), 4),
        "auto_accept_precision": round(float(correct_all[accepted].mean()) if accepted.any() else 1.0, 4),
        "n_per_label": n,
    }
    return fit(corpus, list(corrections)), round(threshold, 4), meta, corpus
