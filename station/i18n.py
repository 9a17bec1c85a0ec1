"""The operator's language for messages from the core (German by default, English on request).

The core keeps both wordings side by side at the place the message is made (``say("…", "…")``),
so a message can never exist in one language only. The GUI uses Qt translations for its own
strings and shows core messages through the same choice of language.
"""

from __future__ import annotations

import os

SUPPORTED = ("de", "en")
_override: str | None = None


def set_language(lang: str | None) -> None:
    """Pin the language for this process (the CLI's --lang, the GUI's setting)."""
    global _override
    if lang is not None and lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}; choose one of {SUPPORTED}")
    _override = lang


def current_language() -> str:
    if _override:
        return _override
    env = os.environ.get("STATION_LANG", "").strip().lower()[:2]
    return env if env in SUPPORTED else "de"


def say(de: str, en: str) -> str:
    """Pick the wording for the operator's language."""
    return en if current_language() == "en" else de
