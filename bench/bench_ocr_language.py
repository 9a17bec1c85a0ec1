"""What reading a page with ``deu+eng`` costs next to ``deu``, and what it buys on English letters.

The station reads with ``deu``; a page that ``station.classify.language.looks_english`` flags would be
read again with ``deu+eng``. Rows: OCR seconds per page (median) for each language setting on German
and English pages rendered as 300 dpi scans, and the share of the written words OCR got back.
Run alone: ``PYTHONPATH=$PWD python bench/bench_ocr_language.py``.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Options, Row, section  # noqa: E402

from station.classify.language import looks_english  # noqa: E402
from station.classify.render import scan_pages  # noqa: E402
from station.ocr import ocr_page  # noqa: E402

PAGES = {
    "en": [
        "Dear Sir or Madam,\n\nI am writing because I will be moving back to Dublin at the end of the year. I would\n"
        "therefore like to end my mobile contract at the earliest possible date. Please send the final\n"
        "invoice to my new address and confirm the date on which the contract ends.\n\nYours faithfully\n"
        "Siobhan Walsh",
        "Hello,\n\nyour last bill charged me twice for the monthly fee of my broadband plan. I've attached a\n"
        "copy of my bank statement which shows both payments. Could you please refund the extra\n"
        "amount to my account? I'd also like to know why this happened.\n\nKind regards\nArjun Mehta",
    ],
    "de": [
        "Sehr geehrte Damen und Herren,\n\nseit dem Umzug meiner Mutter ins Pflegeheim wird ihr Festnetzanschluss\n"
        "nicht mehr gebraucht. Ich bitte Sie, den Vertrag zum nächstmöglichen Termin zu beenden und mir\n"
        "die Schlussrechnung zuzusenden. Eine Vollmacht liegt bei.\n\nMit freundlichen Grüßen\nBärbel Voigt",
        "Guten Tag,\n\nauf meiner Rechnung für Mai stehen Gebühren für einen Dienst, den ich nie bestellt habe.\n"
        "Bitte prüfen Sie das und schreiben Sie mir den Betrag gut. Die Überweisung des übrigen\n"
        "Betrags habe ich veranlasst.\n\nViele Grüße\nJörg Stämpfli",
    ],
}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÄÖÜäöüß']{3,}", text)}


def measure(repeats: int = 3) -> list[Row]:
    """Both settings on the same pages, interleaved; CPU seconds (the shared machine's wall clock also
    measures the neighbours) next to wall seconds."""
    rows: list[Row] = []
    rng = random.Random(7)
    langs = ("deu", "deu+eng")
    for kind, texts in PAGES.items():
        pages = [(t, np.asarray(scan_pages(t, rng)[0].convert("L"))) for t in texts]
        for lang in langs:
            ocr_page(pages[0][1], lang=lang)  # load the engine outside the timing
        cpu: dict[str, list[float]] = {lang: [] for lang in langs}
        wall: dict[str, list[float]] = {lang: [] for lang in langs}
        recall: dict[str, list[float]] = {lang: [] for lang in langs}
        flagged = dict.fromkeys(langs, 0)
        for text, image in pages:
            for _ in range(repeats):
                for lang in langs:
                    c, w = time.process_time(), time.perf_counter()
                    _, read = ocr_page(image, lang=lang)
                    cpu[lang].append(time.process_time() - c)
                    wall[lang].append(time.perf_counter() - w)
            want = _words(text)
            for lang in langs:
                _, read = ocr_page(image, lang=lang)
                recall[lang].append(len(want & _words(read)) / len(want))
                flagged[lang] += looks_english(read)
        for lang in langs:
            rows.append({"metric": f"{kind} pages, lang={lang}: OCR per page", "value": statistics.median(cpu[lang]),
                         "unit": "cpu s", "wall_s": round(statistics.median(wall[lang]), 3)})
            rows.append({"metric": f"{kind} pages, lang={lang}: written words read back (worst page)",
                         "value": round(min(recall[lang]), 3)})
            rows.append({"metric": f"{kind} pages, lang={lang}: pages flagged looks_english", "value": flagged[lang],
                         "of": len(pages)})
    return rows


@section("ocr-language")
def bench_ocr_language(options: Options) -> list[Row]:
    return measure(1 if options.quick else 3)


if __name__ == "__main__":
    for row in measure():
        print(row)
