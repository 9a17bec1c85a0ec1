"""``station doctor``: is this desk fit to work? One small function per check, one result per line.

Each check takes a :class:`DoctorContext` and returns a :class:`CheckResult` whose texts are already
in the operator's language (German by default), so the CLI prints the list and the GUI shows the
same list without knowing what was checked. A red result always says how to fix it. Checks never
raise: an unexpected failure inside a check becomes a red line naming it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from station.config import Settings
from station.model import utcnow
from station.i18n import say
from station.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

log = logging.getLogger(__name__)


class Status(str, Enum):
    OK = "ok"  # green
    WARN = "warn"  # yellow: works, but look at it
    FAIL = "fail"  # red: the desk cannot do its job
    SKIP = "skip"  # not checked, because an earlier check already failed or it does not apply


@dataclass(frozen=True)
class CheckResult:
    check: str  # stable id, e.g. "tesseract" (for scripts and the GUI)
    title: str  # what was checked, in the operator's language
    status: Status
    detail: str  # what was found
    fix: str = ""  # what to do about it (always set when status is FAIL)

    @property
    def failed(self) -> bool:
        return self.status is Status.FAIL

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "title": self.title, "status": self.status.value, "detail": self.detail, "fix": self.fix}


@dataclass
class DoctorOptions:
    """Assumptions for the capacity check; an admin can override them per desk on the command line."""

    days: int = 7  # days of scanning the disk must hold without a purge
    pages_per_day: int = 3000  # one busy desk: ~1/5 of a 15k-letter mailroom day
    mb_per_page: float = 0.4  # raw + cleaned + thumbnail of a 300 dpi page, generous
    timeout_s: float = 10.0  # per external probe (SANE discovery, network)


@dataclass
class DoctorContext:
    settings: Settings
    options: DoctorOptions = field(default_factory=DoctorOptions)
    shared: dict[str, Any] = field(default_factory=dict)  # results checks hand to later checks
    clock: Callable[[], datetime] = utcnow  # the desk's clock (tests shift it to prove the clock check)


Check = Callable[[DoctorContext], CheckResult]


def all_checks() -> list[Check]:
    """Every check in the order an admin reads them: machine, scanner, disk, store, central."""
    from station.doctor import central, local, scanner, store

    return [
        local.check_tesseract,
        scanner.check_sane_device,
        scanner.check_device_access,
        local.check_data_dir,
        local.check_disk_space,
        store.check_store_integrity,
        central.check_central,
        central.check_clock,
        store.check_unsynced,
    ]


def run_check(check: Check, ctx: DoctorContext) -> CheckResult:
    """Run one check; a bug or surprise inside it becomes a red line, never a traceback."""
    try:
        return check(ctx)
    except Exception as exc:  # noqa: BLE001 - the doctor must report, not crash
        log.exception("doctor check %s crashed", check.__name__)
        name = check.__name__.removeprefix("check_")
        return CheckResult(
            name,
            name,
            Status.FAIL,
            say(f"Prüfung ist abgebrochen: {type(exc).__name__}: {exc}", f"Check crashed: {type(exc).__name__}: {exc}"),
            say(
                "Bitte `station --debug doctor` ausführen und die Ausgabe an den Support geben.",
                "Run `station --debug doctor` and send the output to support.",
            ),
        )


def run_checks(
    settings: Settings,
    options: DoctorOptions | None = None,
    checks: list[Check] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> list[CheckResult]:
    """Run the checks in order and return all results (the GUI calls this from a worker)."""
    ctx = DoctorContext(settings, options or DoctorOptions(), clock=clock)
    chosen = checks if checks is not None else all_checks()
    results: list[CheckResult] = []
    try:
        for i, check in enumerate(chosen):
            if cancel is not None:
                cancel.raise_if_cancelled()
            result = run_check(check, ctx)
            results.append(result)
            log.info("doctor %s: %s", result.check, result.status.value)
            progress(ProgressEvent("doctor", i + 1, len(chosen), result.check))
    finally:
        conn = ctx.shared.pop("central_conn", None)
        if conn is not None:
            conn.close()
    return results


def any_failed(results: list[CheckResult]) -> bool:
    return any(r.failed for r in results)
