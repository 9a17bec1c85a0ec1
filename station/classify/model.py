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

from station.classify.features import text_quality
from station.taxonomy import FALLBACK_ID, department
from station.config import RESOURCES
from station.errors import ConfigError
from station.model import Classification

MODEL_DIR = RESOURCES / "model"
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

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def probability_matrix(self, texts: list[str]) -> Any:
        """Rows of class probabilities (columns in ``labels`` order), both views averaged."""
        probs = self.pipeline.predict_proba(texts)
        if self.broad is not None:
            probs = self.narrow_weight * probs + (1 - self.narrow_weight) * self.broad.predict_proba(texts)
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
            if not text_quality(text).readable:
                # Too little German text to know what the sender wants: the inbox, for a person.
                doc_type, confidence = FALLBACK_ID, min(confidence, probs.get(FALLBACK_ID, 0.0))
            out.append(Classification(
                doc_type=doc_type,
                department=department(doc_type),
                confidence=round(confidence, 4),
                needs_review=confidence < self.threshold or not text_quality(text).readable,
                model_version=self.version,
                probabilities={k: round(v, 4) for k, v in probs.items()},
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
                 "version": model.version, "threshold": model.threshold, "meta": model.meta}, path, compress=3)
    (directory / META_FILE).write_text(json.dumps({"version": model.version, "threshold": model.threshold,
                                                   **model.meta}, indent=2, ensure_ascii=False) + "\n")
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
                           data.get("broad"), data.get("narrow_weight", 0.5))
