"""Flow tests run the real parts: the virtual scanner (with injected faults), the local store, the
page pool's processes with Tesseract, separation and the trained classifier."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from station.config import ScanProfile, load_settings
from station.separate import separator_sheet_pdf
from station.synth.render import render_text_page

DPI = 200
CANCEL = ("Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag zum nächstmöglichen Termin.\n"
          "Kundennummer 1234567897\nMit freundlichen Grüßen\nErika Mustermann")
BANK = ("Sehr geehrte Damen und Herren,\nbitte buchen Sie künftig von meinem neuen Konto ab.\n"
        "IBAN DE89 3704 0044 0532 0130 00\nMit freundlichen Grüßen\nMax Mustermann")
ADDRESS = ("Guten Tag,\nich bin umgezogen. Meine neue Anschrift lautet Lindenweg 4, 50667 Köln.\n"
           "Bitte senden Sie die Rechnungen künftig dorthin.\nFreundliche Grüße\nPaul Schmidt")


class EscAfterFirstSheet:
    """The operator presses Esc the moment the first sheet leaves the scanner."""

    def __init__(self, source, cancel):
        self.source, self.cancel = source, cancel

    def scan(self, profile, cancel=None, *, first_sheet=0):
        for raw in self.source.scan(profile, cancel, first_sheet=first_sheet):
            yield raw
            self.cancel.cancel()

    def close(self):
        self.source.close()


def write_stack(folder: Path, items: list[str]) -> Path:
    """One sheet per item, in order: a letter's text, or ``SEPARATOR`` for the printed sheet."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, item in enumerate(items):
        target = folder / f"{n:02d}.png"
        if item == "SEPARATOR":
            pdf = pypdfium2.PdfDocument(str(separator_sheet_pdf(folder.parent / "sheet.pdf")))
            pdf[0].render(scale=DPI / 72).to_pil().convert("L").save(target, dpi=(DPI, DPI))
            pdf.close()
        else:
            render_text_page(item, dpi=DPI).save(target, dpi=(DPI, DPI))
    return folder


def make_settings(tmp_path: Path, items: list[str], faults: str = "", source: str = "ADF Front"):
    settings = load_settings()
    settings.virtual_scanner_dir = str(write_stack(tmp_path / "stack", items))
    settings.virtual_scanner_faults = faults
    settings.profiles.append(ScanProfile(name="Test", source=source, mode="Gray", resolution=DPI))
    settings.profile = "Test"
    settings.workers = 1
    return settings


@pytest.fixture
def two_letters(tmp_path):
    """Letter, separator sheet, letter: one side each."""
    return make_settings(tmp_path, [CANCEL, "SEPARATOR", BANK])
