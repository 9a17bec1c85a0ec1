"""Ask SANE which scanners it sees and whether one of them opens; print the answer as JSON.

Run as ``python -m station.doctor.sane_probe [DEVICE]`` by the doctor, in a child process: a network
backend that hangs during discovery cannot hang the doctor (it has a timeout), and a GUI that holds
the scanner open in its own process is not disturbed by ``sane.exit()``.
"""

from __future__ import annotations

import json
import sys


def probe(target: str | None) -> dict[str, object]:
    import sane

    sane.init()
    try:
        devices = [list(d) for d in sane.get_devices()]
        names = [d[0] for d in devices]
        chosen = target if target in names else (names[0] if names else None)
        opened: dict[str, object] = {"device": chosen, "ok": False, "error": ""}
        if chosen is not None:
            try:
                sane.open(chosen).close()
                opened["ok"] = True
            except Exception as exc:  # noqa: BLE001 - _sane.error and RuntimeError both mean "cannot open"
                opened["error"] = str(exc)
        return {"devices": devices, "open": opened}
    finally:
        sane.exit()


def main(argv: list[str]) -> int:
    try:
        result = probe(argv[0] if argv else None)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as data
        result = {"error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
