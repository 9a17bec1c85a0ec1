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
    for kind, field in boxed_fields(data):
        assert not settle_boxed_field(api, page, data, field, 300, kind)
    assert data["text"] == before


def test_what_reads_as_a_row_of_boxes():
    def tsv(words: list[str]) -> dict:
        n = len(words)
        return {"text": words, "level": [5] * n, "block_num": [1] * n, "par_num": [1] * n, "line_num": [1] * n,
                "conf": [90.0] * n, "left": list(range(n)), "top": [0] * n, "width": [1] * n, "height": [1] * n}

    assert boxed_fields(tsv(["Kundennummer:", "[8][O][2]1[91[6)", "[41[01[21[1][3]"])) == [("customer", (1, 2))]
    assert boxed_fields(tsv(["Kundennummer", "4", "0/1", "9", "1", "19", "2", "1)0", "5"])) == [("customer", tuple(range(1, 9)))]
    assert boxed_fields(tsv(["Kundennummer", "4019192105"])) == []  # one word: read as it is
    assert boxed_fields(tsv(["Rechnung", "[8][O][2]1[91[6)", "[41[01[21[1][3]"])) == []  # not after its label
    assert boxed_fields(tsv(["Kundennummer", "(siehe", "Rechnung)", "vom", "1.12.", "[2]"])) == []


def _form(font: str = "DejaVu Sans") -> np.ndarray:
    """A form's fields: a label line over a row of boxes typed as bars ("|0|1|6|0| |8|..."), as SEPA forms print them."""
    lines = ["Mobilfunknummer", "|0|1|6|0| |8|7|9|4|5|7|0| | |", "",
             "IBAN", "|D|E|9|1| |1|0|0|1| |0|0|1|0| |5|8|2|1| |4|7|4|8| |6|6|"]
    image = Image.new("L", (1700, 600), 255)
    draw, typeface = ImageDraw.Draw(image), ImageFont.truetype(font_file(font), 40)
    for k, text in enumerate(lines):
        draw.text((60, 60 + 90 * k), text, fill=0, font=typeface)
    return np.array(image)


@pytest.mark.parametrize("font", ["DejaVu Sans", "DejaVu Sans Mono"])
def test_boxes_under_a_label_line_are_read_as_the_labels_kind(font):
    # read as lines, these boxes give "10111610]" / "18171914151710|" and "IDIEISI1]" / "[110]0]1]" ...
    words = [t.strip() for t in _run(_form(font), "deu", 300, 3)["text"]]
    assert "01608794570" in words and "DE91100100105821474866" in words


def test_a_phone_number_written_with_spaces_is_no_row_of_boxes():
    def tsv(words: list[str]) -> dict:
        n = len(words)
        return {"text": words, "level": [5] * n, "block_num": [1] * n, "par_num": [1] * n, "line_num": [1] * n,
                "conf": [90.0] * n, "left": list(range(n)), "top": [0] * n, "width": [1] * n, "height": [1] * n}

    assert boxed_fields(tsv(["Rufnummer:", "0178", "-", "99", "09", "468"])) == []
    assert boxed_fields(tsv(["Rufnummer:", "[0][1][7]IS]", "[8][0][5][6][7][3][3]"])) == [("phone", (1, 2))]


def test_words_tesseract_put_in_different_blocks_are_one_row_as_the_eye_sees_it():
    from station.ocr_boxes import visual_rows

    # "IBIE}8|" and "518190]" of one row of boxes came out three blocks apart, the next row in between
    data = {"text": ["IBAN", "IBIE}8|", "#53", "518190]", "317"], "level": [5] * 5,
            "top": [100, 160, 220, 162, 158], "height": [30, 32, 30, 30, 34], "left": [50, 50, 50, 400, 700]}
    assert [[data["text"][i] for i in row] for row in visual_rows(data)] == [
        ["IBAN"], ["IBIE}8|", "518190]", "317"], ["#53"]]


def test_an_ibans_boxes_wrapped_onto_a_second_row_are_one_field():
    n = 4
    data = {"text": ["IBAN", "IBIE}8|", "518190]", "e197613191"], "level": [5] * n, "block_num": [1, 2, 3, 4],
            "par_num": [1] * n, "line_num": [1] * n, "conf": [90.0] * n,
            "top": [100, 160, 160, 220], "height": [30] * n, "left": [50, 50, 400, 50], "width": [100] * n}
    assert boxed_fields(data) == [("iban", (1, 2, 3))]
