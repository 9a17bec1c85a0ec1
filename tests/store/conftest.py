"""Store fixtures: a fresh store in the test's private data directory, and synthetic pages."""

from __future__ import annotations

import numpy as np
import pytest

from station.config import load_settings
from station.store import Store


@pytest.fixture
def settings():
    s = load_settings()
    s.station_id = "desk-test"
    s.operator = "anna"
    return s


@pytest.fixture
def store(settings):
    st = Store.open(settings)
    yield st
    st.close()


def page_image(seed: int, size: tuple[int, int] = (120, 90)) -> np.ndarray:
    """A small black-and-white page whose pixels differ per seed (so every page has its own hash)."""
    rng = np.random.default_rng(seed)
    img = np.full(size, 255, np.uint8)
    img[rng.random(size) < 0.05] = 0
    return img


@pytest.fixture
def make_page():
    """``make_page(seed)``: a synthetic black-and-white page image."""
    return page_image
