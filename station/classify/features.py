"""Turning letter text into features, and telling text from noise before anyone trusts a guess.

Words (uni- and bigrams) carry intent ("widerrufe", "Rechnung falsch"); character n-grams inside
word boundaries survive OCR damage ("Kündi gung", "Kiindigung") and German compounds. Digits are
folded to one symbol so the model never learns particular numbers, dates or amounts.
"""

from __future__ import annotations

import re

import numpy as np
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from station.classify.language import ENGLISH_FUNCTION_WORDS, GERMAN_FUNCTION_WORDS

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-zäöüß]{2,}")


def normalise(text: str) -> str:
    """Lower case, umlauts folded (writers and OCR both spell them out), digits as 0, spaces collapsed."""
    text = text.lower().translate(_FOLD)
    text = _DIGITS.sub("0", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class TextQuality:
    words: int  # alphabetic words of 2+ letters
    german_ratio: float  # share of those that are German function words
    letter_ratio: float  # share of non-space characters that belong to such words
    english_ratio: float = 0.0  # share that are English function words

    @property
    def readable(self) -> bool:
        """Enough German or English text to classify at all; otherwise only a person can tell."""
        language = max(self.german_ratio, self.english_ratio)
        return self.words >= 8 and language >= 0.08 and self.letter_ratio >= 0.5


# A form's or fax cover sheet's rules and frames ("+-------+", "|", "=====") are layout, not noise.
_RULES = re.compile(r"[-=_+*~#.|]{3,}|(?<!\S)[|+](?!\S)")


def text_quality(text: str) -> TextQuality:
    lowered = text.lower()
    words = _WORD.findall(lowered)
    non_space = sum(1 for c in _RULES.sub(" ", lowered) if not c.isspace()) or 1
    german = sum(1 for w in words if w in GERMAN_FUNCTION_WORDS)
    english = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS)
    return TextQuality(
        words=len(words),
        german_ratio=german / len(words) if words else 0.0,
        letter_ratio=sum(len(w) for w in words) / non_space,
        english_ratio=english / len(words) if words else 0.0,
    )


def build_features(max_words: int = 25000, max_chars: int = 35000) -> FeatureUnion:
    """Word and character TF-IDF side by side; vocabulary caps keep the shipped model small."""
    words = TfidfVectorizer(preprocessor=normalise, ngram_range=(1, 2), min_df=2, max_df=0.7,
                            sublinear_tf=True, max_features=max_words, token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
                            dtype=np.float32)
    chars = TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(3, 5), min_df=3,
                            max_df=0.7, sublinear_tf=True, max_features=max_chars, dtype=np.float32)
    return FeatureUnion([("words", words), ("chars", chars)])
