"""Checks of the scanner: does SANE see a device, and may this user open it?"""

from __future__ import annotations

import getpass
import grp
import json
import os
import subprocess
import sys
from typing import Any

from station.doctor import CheckResult, DoctorContext, Status
from station.i18n import say

SCANNER_GROUP = "scanner"


def run_probe(target: str | None, timeout_s: float) -> dict[str, Any]:
    """The child process's answer (see ``sane_probe``), or ``{"error": ...}`` if it failed or hung."""
    # -P: never import from the current directory (a folder named "station" there must not win).
    cmd = [sys.executable, "-P", "-m", "station.doctor.sane_probe", *([target] if target else [])]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return {"error": say(f"Gerätesuche dauerte länger als {timeout_s:g} s", f"device discovery took longer than {timeout_s:g} s"), "timeout": True}
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        return {"error": (out.stderr.strip().splitlines() or ["no answer"])[-1]}
    return dict(json.loads(lines[-1]))


def _probe(ctx: DoctorContext) -> dict[str, Any]:
    if "sane" not in ctx.shared:
        wanted = ctx.settings.scanner if ctx.settings.scanner != "virtual" else None
        ctx.shared["sane"] = run_probe(wanted, ctx.options.timeout_s)
    return ctx.shared["sane"]


def _describe(device: list[str]) -> str:
    name, vendor, model, _kind = (device + ["", "", "", ""])[:4]
    return f"{name} ({vendor} {model})".replace("  ", " ")


def check_sane_device(ctx: DoctorContext) -> CheckResult:
    """A desk without a visible scanner cannot scan; name what is seen so the admin can compare."""
    title = say("Scanner (SANE)", "Scanner (SANE)")
    probe = _probe(ctx)
    if "error" in probe:
        return CheckResult(
            "sane",
            title,
            Status.FAIL,
            say(f"SANE antwortet nicht: {probe['error']}", f"SANE does not answer: {probe['error']}"),
            say(
                "Als Administrator: apt install libsane1 sane-utils; hängende Netzwerk-Backends in /etc/sane.d/dll.conf auskommentieren.",
                "As administrator: apt install libsane1 sane-utils; comment out hanging network backends in /etc/sane.d/dll.conf.",
            ),
        )
    devices: list[list[str]] = probe["devices"]
    configured = ctx.settings.scanner
    if not devices:
        return CheckResult(
            "sane",
            title,
            Status.FAIL,
            say("SANE sieht keinen Scanner.", "SANE sees no scanner."),
            say(
                "Scanner einschalten und per USB anschließen; `scanimage -L` muss ihn zeigen. Fehlt er dort, den "
                "Treiber (Backend) in /etc/sane.d/dll.conf aktivieren.",
                "Switch the scanner on and connect it by USB; `scanimage -L` must list it. If it does not, enable "
                "its backend in /etc/sane.d/dll.conf.",
            ),
        )
    seen = ", ".join(_describe(d) for d in devices)
    names = [d[0] for d in devices]
    if configured != "virtual" and configured not in names:
        return CheckResult(
            "sane",
            title,
            Status.FAIL,
            say(f"Eingestellter Scanner „{configured}“ fehlt; SANE sieht: {seen}.", f"Configured scanner '{configured}' missing; SANE sees: {seen}."),
            say(
                f"Scanner prüfen, oder in /etc/scan-station/config.toml scanner = \"{names[0]}\" setzen.",
                f"Check the scanner, or set scanner = \"{names[0]}\" in /etc/scan-station/config.toml.",
            ),
        )
    return CheckResult("sane", title, Status.OK, say(f"Gefunden: {seen}", f"Found: {seen}"))


def user_groups() -> set[str]:
    names = set()
    for gid in {os.getgid(), *os.getgroups()}:
        try:
            names.add(grp.getgrgid(gid).gr_name)
        except KeyError:
            continue
    return names


def check_device_access(ctx: DoctorContext) -> CheckResult:
    """SANE lists devices a user cannot open; only opening one proves the udev rules and groups work."""
    title = say("Zugriff auf den Scanner", "Access to the scanner")
    probe = _probe(ctx)
    user = getpass.getuser()
    in_group = SCANNER_GROUP in user_groups() or os.geteuid() == 0
    group_fix = say(
        f"Als Administrator: adduser {user} {SCANNER_GROUP}, danach ab- und wieder anmelden.",
        f"As administrator: adduser {user} {SCANNER_GROUP}, then log out and in again.",
    )
    opened = probe.get("open") or {}
    if "error" in probe or not opened.get("device"):
        return CheckResult(
            "scanner_access",
            title,
            Status.SKIP,
            say("Nicht geprüft: kein Scanner gefunden.", "Not checked: no scanner found."),
        )
    device = opened["device"]
    if opened.get("ok"):
        return CheckResult(
            "scanner_access", title, Status.OK, say(f"{device} lässt sich öffnen.", f"{device} opens.")
        )
    error = str(opened.get("error", ""))
    if "busy" in error.lower():
        return CheckResult(
            "scanner_access",
            title,
            Status.WARN,
            say(f"{device} ist belegt (ein anderes Programm scannt gerade).", f"{device} is busy (another program is scanning)."),
            say("Das andere Programm beenden und erneut prüfen.", "Close the other program and check again."),
        )
    membership = (
        ""
        if in_group
        else say(f" Benutzer {user} ist nicht in der Gruppe {SCANNER_GROUP}.", f" User {user} is not in group {SCANNER_GROUP}.")
    )
    return CheckResult(
        "scanner_access",
        title,
        Status.FAIL,
        say(f"{device} lässt sich nicht öffnen: {error}.{membership}", f"{device} cannot be opened: {error}.{membership}"),
        group_fix
        if not in_group
        else say(
            "Scanner aus- und einschalten, USB-Kabel prüfen; bleibt es, `scanimage -L` als root mit Benutzer vergleichen.",
            "Power-cycle the scanner and check the USB cable; if it persists, compare `scanimage -L` as root and as the user.",
        ),
    )
