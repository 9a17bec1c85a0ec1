"""The raw page and the source protocol: what every capture source hands to the rest of the station."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Protocol

import numpy as np

from station.config import ScanProfile
from station.progress import CancelToken

VIRTUAL = "virtual"  # device name of the built-in virtual scanner

Side = Literal["front", "back"]


@dataclass
class RawPage:
    """One image side as it left the scanner, before any cleaning.

    ``image`` is uint8, HxW grey (lineart pages are grey with only 0 and 255) or HxWx3 BGR (OpenCV
    order, like the rest of the station). ``sheet`` counts paper sheets from 0 within a batch; a
    duplex sheet gives a front and then a back. ``meta`` holds what the source knows (device,
    mode, source file of the virtual scanner, ...), never document content.
    """

    image: np.ndarray
    sheet: int
    side: Side
    dpi: int
    meta: dict[str, Any] = field(default_factory=dict)


class ScanSource(Protocol):
    """A scanner as the station sees it (a SANE device or the virtual scanner)."""

    name: str

    def scan(self, profile: ScanProfile, cancel: CancelToken | None = None, *, first_sheet: int = 0) -> Iterator[RawPage]:
        """Feed sheets until the feeder is empty (or one flatbed page), yielding each side as it arrives.

        ``first_sheet`` numbers the sheets when a batch continues after a fault.
        """
        ...

    def poll_buttons(self) -> set[str]:
        """Names of the hardware buttons pressed since the last poll (``scan``, ``email``, ...)."""
        ...

    def close(self) -> None: ...
