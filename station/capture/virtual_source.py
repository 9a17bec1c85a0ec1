"""The built-in virtual scanner: a duplex document feeder loaded with a folder of page images.

It behaves like the production scanners the station drives: sheets go through in name order, a
duplex scan gives front then back of every sheet (a sheet without a ``*-back`` image has a white
back, as paper printed on one side does), images come at the configured speed, faults can be
injected (``jammed@5``: a jam once 5 images have left the feeder), and buttons can be pressed in
code or by creating a file named after the button in its button folder (for demos from a shell).
Faults strike between sheets, as in a one-pass duplex scanner that reads both sides at once; after
the operator continues, the feeder goes on with the next sheet. An empty feeder is reloaded with
the whole folder when the next batch starts, as an operator would put the stack back.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from station.capture.faults import scanner_error
from station.capture.raw import VIRTUAL, RawPage
from station.config import RESOURCES, ScanProfile, Settings
from station.errors import ScannerError
from station.progress import CancelToken

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".tif", ".tiff", ".jpg", ".jpeg", ".pbm", ".pgm", ".ppm", ".pnm", ".bmp"}
BACK_NAME = re.compile(r"[-_.]back$", re.IGNORECASE)
FAULT_KINDS = {"jammed", "gone", "cover_open", "busy", "io", "no_docs"}
BUTTONS = ("scan", "email", "file")
DEFAULT_FOLDER = RESOURCES / "sample_mail"
_shared: dict[tuple, "VirtualSource"] = {}
_shared_lock = threading.Lock()


@dataclass(frozen=True)
class ImageRef:
    path: Path
    frame: int = 0


@dataclass(frozen=True)
class Sheet:
    front: ImageRef
    back: ImageRef | None = None


@dataclass
class Fault:
    kind: str
    after_images: int
    fired: bool = False


@dataclass
class FeederStats:
    """How the feeder fared: ``waits`` counts times the scanner had to stop because the station
    had not taken the previous image in time (a real scanner's buffer would have filled)."""

    images: int = 0
    waits: int = 0
    wait_s: float = 0.0
    faults: list[str] = field(default_factory=list)


def parse_faults(spec: str) -> list[Fault]:
    """``"jammed@5, gone@12"`` -> faults; a wrong spec is a clear settings error, not a silent no-op."""
    faults = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = re.fullmatch(r"([a-z_]+)@(\d+)", part)
        if not m or m.group(1) not in FAULT_KINDS:
            from station.errors import ConfigError

            raise ConfigError(
                f"Fehlerangabe „{part}“ für den virtuellen Scanner ist ungültig (Form: stau@N, z. B. jammed@5; "
                f"Arten: {', '.join(sorted(FAULT_KINDS))}).",
                f"Virtual scanner fault '{part}' is invalid (form kind@N, e.g. jammed@5; kinds: "
                f"{', '.join(sorted(FAULT_KINDS))}).",
            )
        faults.append(Fault(m.group(1), int(m.group(2))))
    return faults


def load_stack(folder: Path) -> list[Sheet]:
    """Sheets from a folder, in name order: ``NAME-back.*`` is the back of the sheet ``NAME.*``
    (a back without its front is a sheet of its own), and every page of a multi-page TIFF is a sheet."""
    images = [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith(".")]
    fronts = {p.stem: p for p in images if not BACK_NAME.search(p.stem)}
    backs = {BACK_NAME.sub("", p.stem): p for p in images if BACK_NAME.search(p.stem)}
    order = sorted([*fronts, *(stem for stem in backs if stem not in fronts)])
    sheets: list[Sheet] = []
    for stem in order:
        front = fronts.get(stem) or backs[stem]
        back = backs.get(stem) if stem in fronts else None
        frames = _frame_count(front)
        sheets += [Sheet(ImageRef(front, f), ImageRef(back) if back and f == frames - 1 else None) for f in range(frames)]
    return sheets


def _frame_count(path: Path) -> int:
    try:
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except (UnidentifiedImageError, OSError) as exc:
        raise scanner_error("io", detail=f"virtual scanner cannot read {path.name}: {exc}") from exc


def _decode(ref: ImageRef, colour: bool) -> tuple[np.ndarray, float, float]:
    """Pixels (grey, or BGR if ``colour``) and the x/y resolution of one image in the stack."""
    try:
        with Image.open(ref.path) as im:
            xdpi, ydpi = (float(v) for v in im.info.get("dpi", (0, 0)))
            if ref.frame == 0 and im.format != "TIFF":  # OpenCV decodes PNG/JPEG several times faster
                img = cv2.imread(str(ref.path), cv2.IMREAD_COLOR if colour else cv2.IMREAD_GRAYSCALE)
            else:
                im.seek(ref.frame)
                img = np.asarray(im.convert("RGB" if colour else "L"))
                img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR) if colour else img
    except (UnidentifiedImageError, OSError, EOFError) as exc:
        raise scanner_error("io", detail=f"virtual scanner cannot read {ref.path.name}: {exc}") from exc
    if img is None:
        raise scanner_error("io", detail=f"virtual scanner cannot read {ref.path.name}")
    return img, xdpi, ydpi


def render_side(ref: ImageRef | None, like: np.ndarray | None, profile: ScanProfile, seed: int) -> tuple[np.ndarray, int]:
    """One side as the scanner would deliver it in the profile's mode and resolution."""
    dpi = profile.resolution
    colour = profile.mode == "Color"
    if ref is None:  # the unprinted back of a one-sided sheet: white with a few specks of dust
        assert like is not None
        img = np.full(like.shape[:2], 255, np.uint8)
        rng = np.random.default_rng(seed)
        ys, xs = rng.integers(0, img.shape[0], 12), rng.integers(0, img.shape[1], 12)
        img[ys, xs] = 0
        return (cv2.cvtColor(img, cv2.COLOR_GRAY2BGR) if colour else img), dpi
    img, xdpi, ydpi = _decode(ref, colour)
    xdpi, ydpi = xdpi or dpi, ydpi or dpi  # an image without a resolution is taken as scanned at the profile's
    if abs(xdpi - dpi) > 0.5 or abs(ydpi - dpi) > 0.5:
        size = (max(1, round(img.shape[1] * dpi / xdpi)), max(1, round(img.shape[0] * dpi / ydpi)))
        img = cv2.resize(img, size, interpolation=cv2.INTER_AREA if dpi < xdpi else cv2.INTER_LINEAR)
    if profile.mode == "Lineart":
        img = cv2.threshold(img, 127, 255, cv2.THRESH_BINARY)[1]
    return img, dpi


class _Hardware(threading.Thread):
    """The scanner's own work, beside the station's: pull sheets, image them at the set speed, and
    hold at most ``BUFFER_IMAGES`` images until the station reads them. An image that is due while
    the buffer is full makes the feeder stop: that is a wait the station caused."""

    END = object()
    BUFFER_IMAGES = 4  # production ADF scanners buffer several pages in their own memory

    def __init__(self, scanner: "VirtualSource", profile: ScanProfile) -> None:
        super().__init__(name="virtual-scanner", daemon=True)
        self.scanner = scanner
        self.profile = profile
        self.buffer: queue.Queue = queue.Queue(maxsize=self.BUFFER_IMAGES)
        self._stop_flag = threading.Event()

    def _put(self, item: object) -> bool:
        """Into the buffer, waiting while it is full; False if the station has stopped the scan."""
        while not self._stop_flag.is_set():
            try:
                self.buffer.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def run(self) -> None:
        sc, duplex = self.scanner, self.profile.source == "ADF Duplex"
        interval = 60.0 / sc.ipm if sc.ipm > 0 else 0.0
        produced, due = sc.stats.images, time.monotonic()
        try:
            for index in range(sc._next, len(sc._stack)):
                fault = sc._due_fault(produced)
                if fault is not None:
                    self._put(fault)
                    return
                sheet = sc._stack[index]
                front, dpi = render_side(sheet.front, None, self.profile, 0)
                sides = [("front", front, sheet.front)]
                if duplex:
                    sides.append(("back", render_side(sheet.back, front, self.profile, index)[0], sheet.back))
                for side, image, ref in sides:
                    now = time.monotonic()
                    if now < due:
                        time.sleep(due - now)
                    meta = {"device": VIRTUAL, "mode": self.profile.mode, "source": self.profile.source,
                            "file": ref.path.name if ref else None, "frame": ref.frame if ref else None}
                    raw = RawPage(image=image, sheet=0, side=side, dpi=dpi, meta=meta)  # type: ignore[arg-type]
                    stalled, started = bool(interval) and self.buffer.full(), time.monotonic()
                    if not self._put((index, raw)):
                        return
                    if stalled:
                        sc.stats.waits += 1
                        sc.stats.wait_s += time.monotonic() - started
                    produced += 1
                    if interval:  # constant speed; after a stop the feed resumes one interval later
                        due = max(due + interval, time.monotonic())
            self._put(self.END)
        except ScannerError as exc:  # an unreadable image: a scanner I/O error, in order
            self._put(exc)

    def stop(self) -> None:
        self._stop_flag.set()
        self.join()


class VirtualSource:
    """A duplex ADF scanner without hardware (device name ``virtual``)."""

    name = VIRTUAL

    def __init__(self, folder: Path | None = None, *, ipm: float = 0.0, faults: list[Fault] | None = None,
                 button_dir: Path | None = None) -> None:
        self.folder = Path(folder or DEFAULT_FOLDER)
        self.ipm = ipm
        self.faults = faults or []
        self.button_dir = button_dir
        self.stats = FeederStats()
        self._stack: list[Sheet] = []
        self._next = 0  # next sheet on the feeder
        self._first_of_scan = 0
        self._pressed: set[str] = set()

    @classmethod
    def from_settings(cls, settings: Settings) -> "VirtualSource":
        """The process's virtual scanner for these settings. Like paper in a real feeder, its stack
        position and fired faults outlive ``close()``: a batch continued after a jam through a
        freshly opened source goes on with the next sheet instead of starting the stack again."""
        folder = Path(settings.virtual_scanner_dir) if settings.virtual_scanner_dir else DEFAULT_FOLDER
        button_dir = settings.data_path / "virtual-scanner" / "buttons"
        key = (str(folder.resolve()), settings.virtual_scanner_ipm, settings.virtual_scanner_faults, str(button_dir))
        with _shared_lock:
            if key not in _shared:
                _shared[key] = cls(folder, ipm=settings.virtual_scanner_ipm,
                                   faults=parse_faults(settings.virtual_scanner_faults), button_dir=button_dir)
            return _shared[key]

    def load(self) -> None:
        """Put the whole folder on the feeder (what the operator does before a batch)."""
        if not self.folder.is_dir():
            raise scanner_error("no_docs", detail=f"virtual scanner folder {self.folder} missing")
        self._stack = load_stack(self.folder)
        self._next = 0

    @property
    def sheets_left(self) -> int:
        return len(self._stack) - self._next

    def _due_fault(self, produced: int) -> Fault | None:
        return next((f for f in self.faults if not f.fired and produced >= f.after_images), None)

    def scan(self, profile: ScanProfile, cancel: CancelToken | None = None, *, first_sheet: int = 0) -> Iterator[RawPage]:
        """Sheets from the feeder. The "hardware" (a thread) renders and paces images into a small
        buffer as a real scanner does; the station takes them from there. Sheets not completely
        taken when the scan ends (Esc, a fault, a full disk) go back on the feeder."""
        if profile.source == "Flatbed":
            raise scanner_error("invalid", detail="the virtual scanner has no flatbed")
        if self.sheets_left <= 0:
            self.load()
        if self.sheets_left <= 0:
            raise scanner_error("no_docs", detail=f"no images in {self.folder}")
        self._first_of_scan = self._next
        hardware = _Hardware(self, profile)
        hardware.start()
        sheet_no, resume_at = first_sheet, self._next
        try:
            while True:
                item = hardware.buffer.get()
                if item is _Hardware.END:
                    return
                if isinstance(item, ScannerError):
                    raise item
                if isinstance(item, Fault):
                    item.fired = True
                    self.stats.faults.append(item.kind)
                    raise scanner_error(item.kind, detail=f"virtual scanner: injected {item.kind} after {item.after_images} images")
                stack_index, raw = item
                if raw.side == "front" and cancel is not None and cancel.cancelled:
                    return  # Esc: stop before the next sheet
                raw.sheet = sheet_no + (stack_index - self._first_of_scan)
                self.stats.images += 1
                if raw.side == "back" or profile.source != "ADF Duplex":
                    resume_at = stack_index + 1
                yield raw
        finally:
            hardware.stop()
            self._next = resume_at

    def press(self, button: str) -> None:
        """Press a virtual button (the GUI's and the tests' way)."""
        if button not in BUTTONS:
            raise ScannerError(f"Der virtuelle Scanner hat keine Taste „{button}“.",
                               f"The virtual scanner has no button '{button}'.", kind="invalid")
        self._pressed.add(button)

    def poll_buttons(self) -> set[str]:
        pressed, self._pressed = self._pressed, set()
        if self.button_dir is not None and self.button_dir.is_dir():
            for path in self.button_dir.iterdir():
                if path.name in BUTTONS:
                    pressed.add(path.name)
                path.unlink(missing_ok=True)
        return pressed

    def close(self) -> None:
        """Nothing to release; the paper stays in the feeder (see ``from_settings``)."""
