"""Logging set-up. Customer data is personal data: document text and field values are never
logged at info level; modules log ids, counts and timings, and put values behind debug at most."""

from __future__ import annotations

import logging
import os


def setup_logging(debug: bool = False) -> None:
    level = logging.DEBUG if debug or os.environ.get("STATION_DEBUG") else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
