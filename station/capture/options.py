"""Scan profiles onto a backend's own options, each value checked against the backend's constraint first.

Backends name the same things differently ("Automatic Document Feeder", "ADF Duplex", "Duplex";
"Lineart", "Binary", "Black & White"). A profile speaks our words (``Flatbed``, ``ADF Front``,
``ADF Duplex``; ``Color``, ``Gray``, ``Lineart``); this module finds the backend's value and refuses,
with a specific German message, anything the device cannot do, because SANE backends silently clamp
out-of-range values (ask the test backend for 5000 dpi and it scans at 1200).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from station.capture.faults import invalid_option
from station.config import ScanProfile

SOURCES = ("Flatbed", "ADF Front", "ADF Duplex")
MODES = ("Color", "Gray", "Lineart")
PAGE_SIZES_MM = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A3": (297.0, 420.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}


@dataclass(frozen=True)
class OptionInfo:
    """A SANE option descriptor in plain data (python-sane gives tuples and objects)."""

    name: str
    kind: str  # bool | int | fixed | string | button
    unit: str  # none | pixel | bit | mm | dpi | percent | microsecond
    constraint: Any  # None, (min, max, quant) or a list of allowed values
    active: bool
    settable: bool
    sensor: bool = False  # hard-select + soft-detect: a button or switch on the device


class OptionDevice(Protocol):
    def options(self) -> dict[str, OptionInfo]: ...
    def get(self, name: str) -> Any: ...
    def set(self, name: str, value: Any) -> None: ...


def allowed(opt: OptionInfo, value: Any) -> bool:
    """Whether ``value`` satisfies the option's constraint exactly (no clamping, no rounding)."""
    c = opt.constraint
    if c is None:
        return True
    if isinstance(c, tuple):
        lo, hi, quant = c
        if not lo - 1e-6 <= float(value) <= hi + 1e-6:
            return False
        return not quant or abs(((float(value) - lo) / quant) - round((float(value) - lo) / quant)) < 1e-3
    if opt.kind in ("int", "fixed"):
        return any(abs(float(value) - float(v)) < 1e-3 for v in c)
    return value in c


def describe_constraint(opt: OptionInfo) -> str:
    c = opt.constraint
    if isinstance(c, tuple):
        return f"{c[0]:g}–{c[1]:g}"
    if isinstance(c, list):
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in c)
    return "?"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def backend_source(wanted: str, choices: list[str]) -> tuple[str | None, bool]:
    """(backend value, needs a separate duplex switch) for our source name; value None if none fits."""
    norm = {c: _norm(c) for c in choices}
    feeders = [c for c, n in norm.items() if "adf" in n or "feeder" in n or "automatic" in n or "duplex" in n]
    if wanted == "Flatbed":
        return next((c for c, n in norm.items() if "flatbed" in n or "platen" in n), None), False
    if wanted == "ADF Duplex":
        duplex = [c for c in feeders if "duplex" in norm[c]]
        if duplex:
            return duplex[0], False
        simplex = [c for c in feeders if "back" not in norm[c]]
        return (simplex[0], True) if simplex else (None, False)
    front = [c for c in feeders if "duplex" not in norm[c] and "back" not in norm[c]]
    front.sort(key=lambda c: "front" not in norm[c])
    return (front[0] if front else None), False


def backend_mode(wanted: str, choices: list[str]) -> tuple[str | None, int | None]:
    """(backend mode value, bit depth to force) for our mode name; (None, None) if none fits."""
    words = {
        "Color": ("color", "colour", "rgb"),
        "Gray": ("gray", "grey", "graustufen"),
        "Lineart": ("lineart", "binary", "blackwhite", "monochrome", "bw", "halftone"),
    }[wanted]
    candidates = [c for c in choices if any(w in _norm(c) for w in words)]
    if wanted == "Gray":  # not a colour mode, and a true grey before a dithered one
        candidates = [c for c in candidates if "color" not in _norm(c)]
    candidates.sort(key=lambda c: (any(d in _norm(c) for d in ("diffusion", "dither", "halftone")), len(c)))
    if candidates and not (wanted == "Lineart" and "halftone" in _norm(candidates[0])):
        return candidates[0], None
    if wanted == "Lineart":  # a grey mode at 1 bit per pixel is lineart (the SANE test backend works so)
        grey, _ = backend_mode("Gray", choices)
        return (grey, 1) if grey else (None, None)
    return None, None


def page_size_mm(name: str) -> tuple[float, float] | None:
    """Width and height in mm of a named size or "WIDTHxHEIGHT" in mm; None means the whole scan area."""
    if name.lower() in ("max", "maximum", "auto"):
        return None
    if name in PAGE_SIZES_MM:
        return PAGE_SIZES_MM[name]
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*", name)
    if not m:
        raise invalid_option(
            f"Seitenformat „{name}“ ist unbekannt (möglich: {', '.join(PAGE_SIZES_MM)}, max oder z. B. 210x297).",
            f"page size '{name}' is unknown (use {', '.join(PAGE_SIZES_MM)}, max or e.g. 210x297).",
        )
    return float(m.group(1)), float(m.group(2))


class ProfileApplier:
    """Applies one profile to one device, option by option, re-reading options after each change
    (setting ``mode`` can change which resolutions or depths exist)."""

    def __init__(self, device: OptionDevice, profile: ScanProfile) -> None:
        self.device = device
        self.profile = profile
        self.applied: dict[str, Any] = {}

    def _opt(self, name: str) -> OptionInfo | None:
        opt = self.device.options().get(name)
        return opt if opt and opt.active and opt.settable else None

    def _set(self, name: str, value: Any, what_de: str, what_en: str) -> None:
        opt = self._opt(name)
        if opt is None:
            return
        if not allowed(opt, value):
            raise invalid_option(
                f"{what_de} {value:g} geht nicht (möglich: {describe_constraint(opt)}).",
                f"{what_en} {value:g} is not possible (allowed: {describe_constraint(opt)}).",
                detail=f"option {name}={value!r} outside {opt.constraint!r}",
            )
        self.device.set(name, value)
        self.applied[name] = self.device.get(name)

    def apply(self) -> dict[str, Any]:
        self._source()
        self._mode()
        self._resolution()
        self._area()
        for field_name, de, en in (("brightness", "Helligkeit", "brightness"), ("contrast", "Kontrast", "contrast")):
            self._enhancement(field_name, float(getattr(self.profile, field_name, 0.0) or 0.0), de, en)
        return self.applied

    def _enhancement(self, name: str, percent: float, what_de: str, what_en: str) -> None:
        """Brightness/contrast in percent (-100..100, 0 = leave the device's default), mapped onto the
        backend's range: as is where it is centred on 0, linearly where it runs e.g. 0..255."""
        if not -100 <= percent <= 100:
            raise invalid_option(
                f"{what_de} {percent:g} % geht nicht (möglich: -100 bis 100 %).",
                f"{what_en} {percent:g} % is not possible (allowed: -100 to 100 %).",
            )
        opt = self._opt(name)
        if percent == 0 or opt is None:
            return
        value = percent
        if isinstance(opt.constraint, tuple) and opt.constraint[0] >= 0:
            lo, hi, quant = opt.constraint
            value = lo + (percent + 100) / 200 * (hi - lo)
            value = lo + round((value - lo) / quant) * quant if quant else value
        if opt.kind == "int":
            value = int(round(value))
        self._set(name, value, what_de, what_en)

    def _choice(self, name: str, value: str | None, what_de: str, what_en: str, wanted: str) -> None:
        opt = self._opt(name)
        if opt is None:
            return
        if value is None:
            raise invalid_option(
                f"{what_de} „{wanted}“ hat dieser Scanner nicht (er kennt: {describe_constraint(opt)}).",
                f"this scanner has no {what_en} '{wanted}' (it knows: {describe_constraint(opt)}).",
            )
        self.device.set(name, value)
        self.applied[name] = self.device.get(name)

    def _source(self) -> None:
        wanted = self.profile.source
        if wanted not in SOURCES:
            raise invalid_option(
                f"Papierzufuhr „{wanted}“ ist unbekannt (möglich: {', '.join(SOURCES)}).",
                f"paper source '{wanted}' is unknown (use {', '.join(SOURCES)}).",
            )
        opt = self._opt("source")
        if opt is None or not isinstance(opt.constraint, list):
            return
        value, needs_switch = backend_source(wanted, opt.constraint)
        self._choice("source", value, "Papierzufuhr", "paper source", wanted)
        if needs_switch:
            self._duplex_switch()

    def _duplex_switch(self) -> None:
        """Backends that keep duplex apart from the source: a ``duplex`` switch or an ``adf-mode`` list."""
        if self._opt("duplex") is not None:
            self.device.set("duplex", True)
            self.applied["duplex"] = True
            return
        mode = self._opt("adf-mode")
        if mode is not None and isinstance(mode.constraint, list):
            value = next((v for v in mode.constraint if "duplex" in _norm(v)), None)
            self._choice("adf-mode", value, "Papierzufuhr", "paper source", "ADF Duplex")
            return
        raise invalid_option(
            "beidseitiges Scannen (ADF Duplex) kann dieser Scanner nicht.",
            "this scanner cannot scan both sides (ADF Duplex).",
        )

    def _mode(self) -> None:
        wanted = self.profile.mode
        if wanted not in MODES:
            raise invalid_option(
                f"Farbmodus „{wanted}“ ist unbekannt (möglich: {', '.join(MODES)}).",
                f"colour mode '{wanted}' is unknown (use {', '.join(MODES)}).",
            )
        opt = self._opt("mode")
        if opt is None or not isinstance(opt.constraint, list):
            return
        value, depth = backend_mode(wanted, opt.constraint)
        self._choice("mode", value, "Farbmodus", "colour mode", wanted)
        depth_opt = self._opt("depth")
        if depth_opt is None:
            if depth is not None:
                raise invalid_option("Schwarzweiß (Lineart) kann dieser Scanner nicht.", "this scanner cannot scan lineart.")
            return
        self._set("depth", depth or 8, "Farbtiefe", "bit depth")

    def _resolution(self) -> None:
        dpi = self.profile.resolution
        for name in ("resolution", "x-resolution", "y-resolution"):
            self._set(name, dpi, "Auflösung (dpi)", "resolution (dpi)")

    def _area(self) -> None:
        size = page_size_mm(self.profile.page_size)
        if size is None:
            return
        width, height = size
        for name, value in (("page-width", width), ("page-height", height)):
            opt = self._opt(name)
            if opt is not None:
                self._set(name, value, "Seitenformat (mm)", "page size (mm)")
        for corner, value in (("tl-x", 0.0), ("tl-y", 0.0), ("br-x", width), ("br-y", height)):
            opt = self._opt(corner)
            if opt is None:
                continue
            if isinstance(opt.constraint, tuple) and value > opt.constraint[1] + 1e-6:
                lo, hi = self._extent()
                raise invalid_option(
                    f"Seitenformat {self.profile.page_size} ({width:g}×{height:g} mm) ist größer als die "
                    f"Scanfläche ({lo:g}×{hi:g} mm).",
                    f"page size {self.profile.page_size} ({width:g}×{height:g} mm) is larger than the "
                    f"scan area ({lo:g}×{hi:g} mm).",
                )
            self._set(corner, value, "Seitenformat (mm)", "page size (mm)")

    def _extent(self) -> tuple[float, float]:
        opts = self.device.options()
        def top(n: str) -> float:
            o = opts.get(n)
            return float(o.constraint[1]) if o and isinstance(o.constraint, tuple) else 0.0
        return top("br-x"), top("br-y")
