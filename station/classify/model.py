"""The shipped classifier: load it once, turn a document's text into a calibrated Classification.

The model file holds two scikit-learn pipelines (a narrow and a broad view, averaged), the share of
each, its version and the ``needs_review`` threshold chosen at training time (see ``train.py``).
Text that is not readable German (empty, foreign, OCR garbage, a bare "siehe Anlage") is never
guessed: it becomes ``sonstiges`` for a person to see.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from station.classify.cancel_cues import (
    cancellation_only_mentioned,
    cancels_something_else,
    declares_cancellation,
    may_be_a_withdrawal,
)
from station.classify.features import text_quality
from station.classify.language import looks_english, mixed_language
from station.taxonomy import FALLBACK_ID, department
from station.config import RESOURCES
from station.errors import ConfigError
from station.model import Classification

MODEL_DIR = RESOURCES / "model"
CANCELLATION = "kuendigung"
# Types whose letters end a contract as part of their business (a death, a number ported away, a
# contract handed over, a withdrawal): a declared cancellation in them is expected, not a second purpose.
ENDS_A_CONTRACT = frozenset({CANCELLATION, "sterbefall", "rufnummernmitnahme", "vertragsuebernahme", "widerruf"})
# Why a document waits for a person (``Classification.review_reason``): (German, English) for the desk.
REVIEW_REASONS = {
    "unreadable": ("Der Text ist nicht lesbar (leer, fremdsprachig oder OCR-Fehler).",
                   "The text cannot be read (empty, foreign language or OCR garbage)."),
    "cancellation_only_mentioned": ("Kündigung nur erwähnt (früher oder angedroht), nicht erklärt.",
                                    "A cancellation is only mentioned (past or threatened), not declared."),
    "cancellation_of_something_else": ("Gekündigt wird etwas anderes (z. B. eine Mitgliedschaft), kein Vertrag bei uns.",
                                       "What is cancelled is something else (e.g. a membership), not a contract with us."),
    "possible_withdrawal": ("Vielleicht ein Widerruf (neuer Vertrag, Haustür, Storno), keine Kündigung.",
                            "Possibly a withdrawal (new contract, doorstep sale, storno), not a cancellation."),
    "cancellation_declared": ("Der Brief erklärt auch eine Kündigung; ihre Frist läuft.",
                              "The letter also declares a cancellation; its notice period is running."),
    "low_confidence": ("Das Modell ist sich nicht sicher genug.", "The model is not confident enough."),
}


def review_reason_text(code: str, lang: str = "de") -> str:
    """The operator's words for a ``review_reason`` code ("" for none)."""
    de, en = REVIEW_REASONS.get(code, ("", ""))
    return en if lang == "en" else de
MODEL_FILE = "classifier.joblib"
META_FILE = "classifier.json"


@dataclass
class ClassifierModel:
    """Two views of the same mail, averaged (see ``train.py``).

    ``pipeline`` learned the types sharply from a corpus with few kinds of other mail; ``broad``
    learned from every kind of out-of-taxonomy mail, with topic words mixed into all types. A
    letter is only confidently typed when both agree: mail from outside the taxonomy that merely
    shares a type's words ("Mindestlaufzeit") is pulled towards 'sonstiges' by the broad view and
    falls below the threshold instead of being auto-accepted under a wrong type.
    """

    pipeline: Any  # sklearn Pipeline(features -> calibrated linear model), the narrow view
    version: str
    threshold: float  # confidence below this needs a person
    meta: dict
    broad: Any = None  # the same kind of pipeline, trained on the broad corpus (None: narrow only)
    narrow_weight: float = 0.5  # share of the narrow view in the average, chosen at training time
    type_thresholds: dict | None = None  # stricter thresholds for types that need them (see train.py)
    english_threshold: float | None = None  # English letters' own threshold (None: the main one)
    english: Any = None  # the English view (``train_english.py``): letters that look English go to it

    def threshold_for(self, doc_type: str, english: bool = False) -> float:
        base = self.english_threshold if english and self.english_threshold is not None else self.threshold
        return max(base, (self.type_thresholds or {}).get(doc_type, 0.0))

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def probability_matrix(self, texts: list[str]) -> Any:
        """Rows of class probabilities (columns in ``labels`` order): German letters from both views
        averaged, English letters from the English view."""
        probs = self.pipeline.predict_proba(texts)
        if self.broad is not None:
            probs = self.narrow_weight * probs + (1 - self.narrow_weight) * self.broad.predict_proba(texts)
        if self.english is not None:
            rows = [i for i, t in enumerate(texts) if looks_english(t)]
            if rows:
                assert list(self.english.classes_) == list(self.pipeline.classes_)
                english = self.english.predict_proba([texts[i] for i in rows])
                # a letter written half in German is read by both views: the English view alone does
                # not know "ich widerrufe hiermit", so neither view decides it on its own
                mixed = [k for k, i in enumerate(rows) if mixed_language(texts[i])]
                english[mixed] = (english[mixed] + probs[[rows[k] for k in mixed]]) / 2
                probs[rows] = english
        return probs

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        probs = self.probability_matrix(texts)
        return [{label: float(p) for label, p in zip(self.labels, row)} for row in probs]

    def classify_text(self, text: str) -> Classification:
        return self.classify_many([text])[0]

    def classify_many(self, texts: list[str]) -> list[Classification]:
        out = []
        for text, probs in zip(texts, self.probabilities(texts)):
            doc_type = max(probs, key=probs.get)
            confidence = probs[doc_type]
            reason = ""
            if not text_quality(text).readable:
                # Too little German or English text to know what the sender wants: a person decides.
                doc_type, confidence = FALLBACK_ID, min(confidence, probs.get(FALLBACK_ID, 0.0))
                reason = "unreadable"
            elif doc_type == CANCELLATION and cancellation_only_mentioned(text):
                reason = "cancellation_only_mentioned"
            elif doc_type == CANCELLATION and cancels_something_else(text):
                reason = "cancellation_of_something_else"
            elif doc_type == CANCELLATION and may_be_a_withdrawal(text):
                reason = "possible_withdrawal"
            elif doc_type not in ENDS_A_CONTRACT and declares_cancellation(text):
                # a cancellation inside an address change or a complaint has a notice period that runs
                # from receipt: auto-accepted under the other type, it would reach the wrong desk
                reason = "cancellation_declared"
            elif confidence < self.threshold_for(doc_type, looks_english(text)):
                reason = "low_confidence"
            out.append(Classification(
                doc_type=doc_type,
                department=department(doc_type),
                confidence=round(confidence, 4),
                needs_review=bool(reason),
                model_version=self.version,
                probabilities={k: round(v, 4) for k, v in probs.items()},
                review_reason=reason,
            ))
        return out


def station_model_dir() -> Path:
    """Where ``station train`` puts a model retrained on this station's corrections (private data)."""
    from station.config import load_settings

    return load_settings().data_path / "model"


def default_model_dir() -> Path:
    """The station's own retrained model when there is one, else the shipped one."""
    local = station_model_dir()
    return local if (local / MODEL_FILE).is_file() else MODEL_DIR


def save_model(model: ClassifierModel, directory: Path = MODEL_DIR, private: bool = False) -> Path:
    """Write the model (compressed) and a readable JSON of its version, threshold and scores.

    ``private``: the model learned from operator corrections (letters' text), so its directory is
    0700 and its files 0600 like all local data.
    """
    if private:
        from station.config import ensure_private_dir

        ensure_private_dir(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL_FILE
    joblib.dump({"pipeline": model.pipeline, "broad": model.broad, "narrow_weight": model.narrow_weight,
                 "version": model.version, "threshold": model.threshold, "meta": model.meta,
                 "type_thresholds": model.type_thresholds or {}, "english_threshold": model.english_threshold,
                 "english": model.english},
                path, compress=3)
    (directory / META_FILE).write_text(json.dumps({"version": model.version, "threshold": model.threshold,
                                                   "type_thresholds": model.type_thresholds or {},
                                                   "english_threshold": model.english_threshold, **model.meta}, indent=2, ensure_ascii=False) + "\n")
    if private:
        for f in (path, directory / META_FILE):
            os.chmod(f, 0o600)
    return path


def load_model(directory: Path | None = None) -> ClassifierModel:
    """The model to use (cached per directory): this station's retrained one, else the shipped one."""
    return _load(directory or default_model_dir())


@lru_cache(maxsize=2)
def _load(directory: Path) -> ClassifierModel:
    path = directory / MODEL_FILE
    try:
        data = joblib.load(path)
    except (OSError, EOFError, ValueError, KeyError, ImportError, AttributeError) as exc:
        raise ConfigError(
            f"Das Klassifikationsmodell ({path}) fehlt oder ist beschädigt. Bitte „make model“ ausführen.",
            f"The classification model ({path}) is missing or damaged. Run 'make model'.",
            detail=str(exc),
        ) from exc
    return ClassifierModel(data["pipeline"], data["version"], data["threshold"], data.get("meta", {}),
                           data.get("broad"), data.get("narrow_weight", 0.5), data.get("type_thresholds") or {},
                           data.get("english_threshold"), data.get("english"))
