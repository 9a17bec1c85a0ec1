"""Pages the team did not typeset: evaluation letters printed in the common office typefaces, in
every scan and fax mode and fed in all four orientations, read by the real page pipeline (crop,
deskew, blank, orientation, OCR with the reading check). At most one page may end up the wrong way
round, and no page with text may be dropped as blank.

The renderer (``station.classify.render_eval``) shares no code or fonts with the training
generator. Short texts (the first 12 lines of each letter) at 150 dpi scans keep it to about two
minutes on two cores.
"""

from __future__ import annotations

import pytest

from station.classify.evaluate import load_letters
from station.classify.page_eval import first_lines, read_set, render_set
from station.classify.render_eval import MODES, ROTATIONS, available_typefaces

PAGES = 208  # 16 per typeface


@pytest.mark.slow
def test_rendered_office_pages_are_turned_right_and_never_dropped(tmp_path):
    texts = [first_lines(l.text, 12) for l in load_letters()]
    texts = [t for t in texts if sum(ch.isalpha() for ch in t) >= 150]  # a page of words, not symbols
    faces = available_typefaces()
    assert len(faces) >= 12, "office typefaces missing: run installer/system-deps.sh"
    pages = render_set(texts, tmp_path, PAGES, scan_dpi=150, max_lines=12, workers=2)
    report = read_set(pages, workers=2)
    assert report.pages == PAGES and report.failed == 0, report.mistakes
    assert set(report.groups["mode"]) == set(MODES)
    assert set(report.groups["orientation"]) == {str(r) for r in ROTATIONS}
    assert set(report.groups["typeface"]) == set(faces)
    assert report.dropped == 0, report.mistakes
    assert report.wrong_turns <= 1, report.mistakes
