"""A customer number written one digit per box is read again with the boxes taken out."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from station.classify.render_eval import font_file
from station.ocr import _run, engine
from station.ocr_boxes import boxed_fields, settle_boxed_field, without_rules

NUMBER = "6029640213"  # passes Luhn


def _boxes(digits: str, label: str = "Kundennummer:", font: str = "Liberation Serif") -> np.ndarray:
    """A typed form line: the label, then one digit per box typed as brackets ("[6][0][2]...")."""
    image = Image.new("L", (1500, 200), 255)
    text = label + "  " + "".join(f"[{d}]" for d in digits)
    ImageDraw.Draw(image).text((40, 70), text, fill=0, font=ImageFont.truetype(font_file(font), 44))
    return np.array(image)


def test_the_rules_are_taken_out_and_the_digits_kept():
    page = _boxes(NUMBER)
    crop = page[50:150, 330:1000]
    clean = without_rules(crop)
    ink_before, ink_after = (crop < 128).sum(), (clean < 128).sum()
    assert 0.2 * ink_before < ink_after < 0.8 * ink_before  # the rules went, the digits stayed
    column_ink = (clean < 128).sum(axis=0)
    assert column_ink.max() < 0.8 * (crop < 128).sum(axis=0).max()  # no column is a rule's full height any more


@pytest.mark.parametrize("font", ["Liberation Serif", "Liberation Sans", "DejaVu Sans", "Liberation Mono"])
def test_a_boxed_customer_number_is_read_with_the_page(font):
    # read as a line, these boxes give "[6][O][2][9][S][A]TO]T2][11[3]" and the like
    data = _run(_boxes(NUMBER, font=font), "deu", 300, 3)
    assert NUMBER in [t.strip() for t in data["text"]]


def test_digits_that_fail_their_check_are_left_as_read():
    page = _boxes("6029640214")  # last digit wrong: no reading can pass Luhn
    data = _run(page, "deu", 300, 3)
    before = list(data["text"])
    api = engine("deu")
    for field in boxed_fields(data):
        assert not settle_boxed_field(api, page, data, field, 300)
    assert data["text"] == before


def test_what_reads_as_a_row_of_boxes():
    def tsv(words: list[str]) -> dict:
        n = len(words)
        return {"text": words, "level": [5] * n, "block_num": [1] * n, "par_num": [1] * n, "line_num": [1] * n,
                "conf": [90.0] * n, "left": list(range(n)), "top": [0] * n, "width": [1] * n, "height": [1] * n}

    assert boxed_fields(tsv(["Kundennummer:", "[8][O][2]1[91[6)", "[41[01[21[1][3]"])) == [(1, 2)]
    assert boxed_fields(tsv(["Kundennummer", "4", "0/1", "9", "1", "19", "2", "1)0", "5"])) == [tuple(range(1, 9))]
    assert boxed_fields(tsv(["Kundennummer", "4019192105"])) == []  # one word: read as it is
    assert boxed_fields(tsv(["Rechnung", "[8][O][2]1[91[6)", "[41[01[21[1][3]"])) == []  # not after its label
    assert boxed_fields(tsv(["Kundennummer", "(siehe", "Rechnung)", "vom", "1.12.", "[2]"])) == []
