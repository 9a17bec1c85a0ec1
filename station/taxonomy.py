"""The document types the mailroom routes by, read from ``resources/taxonomy.toml``.

The ids are a contract with the CLI JSON, the central store and the trained model, so they live
in one data file that every part reads rather than in code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from station.config import RESOURCES
from station.errors import ConfigError

TAXONOMY_FILE = RESOURCES / "taxonomy.toml"
FALLBACK_ID = "sonstiges"  # what unreadable or unclear mail becomes


@dataclass(frozen=True)
class DocTypeInfo:
    id: str
    label_de: str
    label_en: str
    department: str  # the routing key the central store and the department roles use (German)
    department_en: str = ""  # what an English-speaking operator reads instead

    def label(self, lang: str = "de") -> str:
        return self.label_en if lang == "en" else self.label_de

    def department_label(self, lang: str = "de") -> str:
        return self.department_en if lang == "en" and self.department_en else self.department


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[DocTypeInfo, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        types = tuple(DocTypeInfo(**entry) for entry in data["type"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"Die Dokumenttypen ({path}) sind nicht lesbar.",
            f"The document taxonomy ({path}) cannot be read.",
            detail=str(exc),
        ) from exc
    ids = [t.id for t in types]
    if len(set(ids)) != len(ids) or FALLBACK_ID not in ids:
        raise ConfigError(
            f"Die Dokumenttypen ({path}) sind doppelt oder ohne „{FALLBACK_ID}“.",
            f"The taxonomy ({path}) has duplicate ids or lacks '{FALLBACK_ID}'.",
        )
    return types


def load_taxonomy(path: Path | None = None) -> list[DocTypeInfo]:
    """All document types in file order (the order the GUI lists them in)."""
    return list(_load(path or TAXONOMY_FILE))


def type_ids() -> list[str]:
    return [t.id for t in load_taxonomy()]


def info(doc_type: str) -> DocTypeInfo:
    """The entry for ``doc_type``; unknown ids fall back to ``sonstiges`` (never route to nowhere)."""
    by_id = {t.id: t for t in load_taxonomy()}
    return by_id.get(doc_type, by_id[FALLBACK_ID])


def department(doc_type: str) -> str:
    return info(doc_type).department
