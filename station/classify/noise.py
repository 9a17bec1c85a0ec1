"""What paper, writers, scanners and fax lines do to text: typos, OCR confusions, broken words.

Applied to synthetic letters so the model sees the kind of text the station's OCR really yields.
All functions take a seeded ``random.Random``; the same seed gives the same noise.
"""

from __future__ import annotations

import random

OCR_SWAPS = [
    ("rn", "m"), ("m", "rn"), ("l", "1"), ("1", "l"), ("O", "0"), ("0", "O"), ("e", "c"), ("c", "e"),
    ("ü", "ii"), ("ä", "a"), ("ö", "o"), ("ß", "B"), ("i", "l"), ("h", "b"), ("n", "u"), ("u", "n"),
    ("S", "5"), ("B", "8"), ("t", "f"), ("f", "t"), (",", "."), ("I", "l"), ("d", "cl"), ("w", "vv"),
]
TYPO_UMLAUT = [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("Ä", "Ae"), ("Ü", "Ue")]


def typos(text: str, rng: random.Random, rate: float) -> str:
    """Human slips: swapped or dropped letters, doubled letters, umlauts written out, lower case nouns."""
    words = text.split(" ")
    for i, w in enumerate(words):
        if len(w) < 4 or rng.random() > rate:
            continue
        kind = rng.randrange(5)
        j = rng.randrange(1, len(w) - 1)
        if kind == 0:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif kind == 1:
            w = w[:j] + w[j + 1:]
        elif kind == 2:
            w = w[:j] + w[j] + w[j:]
        elif kind == 3:
            for a, b in TYPO_UMLAUT:
                w = w.replace(a, b)
        else:
            w = w.lower()
        words[i] = w
    return " ".join(words)


def ocr_noise(text: str, rng: random.Random, rate: float) -> str:
    """Recognition errors: confused glyphs, words broken by a space, stray specks, lost characters."""
    out = []
    for w in text.split(" "):
        r = rng.random()
        if r < rate and len(w) > 1:
            a, b = OCR_SWAPS[rng.randrange(len(OCR_SWAPS))]
            if a in w:
                w = w.replace(a, b, 1)
        elif r < rate * 1.4 and len(w) > 5:
            j = rng.randrange(2, len(w) - 2)
            w = w[:j] + " " + w[j:]
        elif r < rate * 1.6:
            w = w + rng.choice([".", ",", "'", "~", "|", ":", "‚"])
        elif r < rate * 1.8 and len(w) > 3:
            j = rng.randrange(len(w))
            w = w[:j] + w[j + 1:]
        out.append(w)
    return " ".join(out)


def fax_header(rng: random.Random, phone: str, date: str, pages: int) -> str:
    """The line a sending fax machine prints on top of each page."""
    hhmm = f"{rng.randrange(7, 20):02d}:{rng.randrange(60):02d}"
    layouts = [
        f"{date} {hhmm} FAX {phone} S. 1/{pages}",
        f"Von: {phone}   {date} {hhmm}   Seite 1 von {pages}",
        f"{hhmm} {date}  {phone}  P.001/00{pages}",
        f"FAX NR. {phone}  {date}  {hhmm}  #{rng.randrange(1000, 9999)} S.01",
    ]
    return rng.choice(layouts)


def garbage(rng: random.Random, length: int) -> str:
    """What OCR makes of a photo, a stain or a page of handwriting: fragments, not words."""
    alphabet = "abcdefghijklmnopqrstuvwxyzäöüABCDEFGHIJKLMNOPRSTUVW0123456789.,;:-_'\"!|/\\()[]{}~*°^ "
    chunks = []
    while sum(len(c) + 1 for c in chunks) < length:
        n = rng.randrange(1, 7)
        chunks.append("".join(rng.choice(alphabet) for _ in range(n)))
    return " ".join(chunks)
