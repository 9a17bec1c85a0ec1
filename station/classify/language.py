"""Which language a letter is written in, from its function words (German, English, neither).

The OCR reads every page with the German model; an English letter read that way loses its
apostrophes and some words, and the classifier needs to know the text is a real letter at all.
Function words ("the", "and", "der", "und") are a robust, dictionary-free signal: they are short,
frequent and survive OCR noise. No third-party language detector is needed for two languages.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zäöüß]{2,}")

GERMAN_FUNCTION_WORDS = frozenset(
    "der die das den dem des und oder ich sie wir ihr er es nicht mit von zu zum zur ein eine einen einem einer "
    "ist sind war bin habe hat haben wird werden mein meine meinen meinem meiner ihre ihren ihrem bitte auf aus "
    "bei für fuer im in an am als auch aber dass daß so wie noch nach vom über ueber um hiermit sehr geehrte "
    "damen herren freundlichen grüßen gruessen grüße mir mich uns dieses diese dieser kann möchte moechte".split()
)
# Only words other European languages do not also use ("in", "is", "we", "on", "do", "no" are Dutch,
# French, Polish or Spanish words too): a Dutch letter must not read as English.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the and of to are were been have has had my your our their this that these those with for from at "
    "as it its not please would could should shall can you they he she us them dear sir madam yours "
    "sincerely regards kind faithfully which what when there here or but if does did any all about after "
    "before since because".split()
)
_SHARED = frozenset({"also", "will", "hat", "so", "am", "an", "in"})  # spelled alike in German and English


def function_word_shares(text: str) -> tuple[int, float, float]:
    """(words, German share, English share) of the alphabetic words of ``text``."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0, 0.0, 0.0
    german = sum(1 for w in words if w in GERMAN_FUNCTION_WORDS and w not in _SHARED)
    english = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS and w not in _SHARED)
    return len(words), german / len(words), english / len(words)


def looks_english(text: str) -> bool:
    """True when ``text`` reads as an English letter rather than a German one.

    Meant for a first OCR pass with ``deu``: when this says True, read the page again with
    ``deu+eng``. A handful of English words in a German letter ("Flatrate", "Smart L") do not count:
    English function words must be frequent and clearly outnumber German ones.
    """
    n, german, english = function_word_shares(text)
    return n >= 8 and english >= 0.12 and english > 1.5 * german


def mixed_language(text: str) -> bool:
    """True for a letter that switches between German and English ("am 20.11. I got a call von
    Ihrer Firma"): German function words at least 40 % as frequent as English ones, and frequent
    in themselves. An English letter quoting a German phrase or two does not count."""
    n, german, english = function_word_shares(text)
    return n >= 8 and german >= 0.05 and english >= 0.05 and german >= 0.4 * english
