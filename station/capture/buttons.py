"""The scanner's own buttons start a batch: poll the sensors, map the pressed one to a scan profile.

Production scanners expose their front-panel buttons as SANE sensor options (``scan``, ``email``,
``file``, ...: hard-select, soft-detect). A press counts once, on its rising edge, so a button held
down does not start a second batch. The settings' ``buttons`` table maps button names to profiles.
"""

from __future__ import annotations

import time

from station.capture.raw import ScanSource
from station.config import ScanProfile, Settings
from station.errors import ConfigError
from station.progress import CancelToken, Cancelled

POLL_INTERVAL_S = 0.1


def profile_for_button(settings: Settings, button: str) -> ScanProfile | None:
    """The profile the settings give this button, or None if the button is not mapped."""
    name = settings.buttons.get(button)
    return settings.profile_named(name) if name else None


class ButtonWatcher:
    """Turns level readings of the sensors into presses (rising edges)."""

    def __init__(self, source: ScanSource) -> None:
        self.source = source
        self._down: set[str] = set()

    def presses(self) -> set[str]:
        now = self.source.poll_buttons()
        new = now - self._down
        self._down = now
        return new


def wait_for_button(source: ScanSource, settings: Settings, cancel: CancelToken | None = None,
                    timeout_s: float | None = None, interval_s: float = POLL_INTERVAL_S) -> tuple[str, ScanProfile]:
    """Block until a mapped button is pressed; returns (button, its profile).

    Unmapped buttons are ignored (a shared scanner may have buttons meant for other software).
    Raises ``Cancelled`` when the token is set, ``ConfigError`` if no button is mapped at all, and
    ``TimeoutError`` after ``timeout_s``.
    """
    if not settings.buttons:
        raise ConfigError(
            "Keine Scannertaste ist einem Scanprofil zugeordnet (Einstellung „buttons“).",
            "No scanner button is mapped to a scan profile (setting 'buttons').",
        )
    for profile_name in settings.buttons.values():
        settings.profile_named(profile_name)  # a mapping to a missing profile fails now, not on a press
    watcher = ButtonWatcher(source)
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while True:
        if cancel and cancel.cancelled:
            raise Cancelled()
        for button in sorted(watcher.presses()):
            profile = profile_for_button(settings, button)
            if profile is not None:
                return button, profile
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError("no scanner button pressed")
        time.sleep(interval_s)
