"""The page's own reading checks the orientation: a turn the fast measure got wrong is undone,
and a page that reads well costs no second reading."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from station.classify.render_eval import font_file
from station.imaging import orient
from station.imaging.verify_orientation import judge, verify


def _upright_letter() -> np.ndarray:
    font = ImageFont.truetype(font_file("Liberation Sans"), 42)
    page = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(page)
    text = ("Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag fristgerecht zum nächsten\n"
            "Termin. Bitte bestätigen Sie mir den Eingang dieses Schreibens und\nteilen Sie mir das Datum "
            "der Beendigung schriftlich mit.\nMit freundlichen Grüßen")
    for i, line in enumerate(text.splitlines()):
        draw.text((250, 200 + 70 * i), line, font=font, fill=0)
    return np.asarray(page)


def test_a_page_left_upside_down_is_read_turned_and_kept_the_right_way():
    upright = _upright_letter()
    upside_down = orient.turn(upright, 180)
    wrong = orient.Orientation(0, 0.9, "lines", horizontal=0.9)  # the measure sure, and wrong
    verified = verify(upside_down, None, 300, "deu", wrong)
    assert verified.doubtful
    assert verified.turn == 180
    assert "Vertrag" in verified.reading.text
    assert verified.extra_s > 0


def test_a_page_that_reads_well_is_read_once():
    verified = verify(_upright_letter(), None, 300, "deu", orient.Orientation(0, 0.9, "lines", horizontal=0.9))
    assert not verified.doubtful and verified.turn == 0 and verified.extra_s == 0.0
    assert verified.judged.plausible and verified.judged.known_share > 0.8


def test_a_reading_of_symbols_is_not_replaced_by_a_few_turned_letters():
    page = Image.new("L", (2480, 800), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_file("DejaVu Sans"), 42)
    for i in range(4):
        draw.text((250, 150 + 80 * i), "~~ ..,, ;; ||| ^^ ,,. \"\" ;;:: .. -- ~~ ..", font=font, fill=0)
    image = np.asarray(page)
    verified = verify(image, None, 300, "deu", orient.Orientation(0, 0.9, "lines", horizontal=0.9))
    assert verified.turn == 0
    assert not judge(verified.reading).plausible
