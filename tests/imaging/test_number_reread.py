"""Numbers Tesseract was unsure of are read once more on their own, enlarged, digits only."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from station.classify.render_eval import font_file
from station.ocr import engine, read_page
from station.ocr_digits import doubtful_numbers, numeric, reread_numbers


def _page(text: str) -> np.ndarray:
    image = Image.new("L", (1400, 200), 255)
    ImageDraw.Draw(image).text((60, 60), text, fill=0, font=ImageFont.truetype(font_file("Liberation Mono"), 56))
    return np.array(image)


def _row(data: dict, text: str) -> int:
    return next(i for i, t in enumerate(data["text"]) if t.strip() == text)


def _tsv(image: np.ndarray) -> dict:
    from station.ocr import _run

    return _run(image, "deu", 300, 3)


def test_a_doubtful_misread_number_is_replaced_by_a_sure_reread():
    image = _page("Telefon 0761 171 62520")
    data = _tsv(image)
    i = _row(data, "171")
    data["text"][i], data["conf"][i] = "191", 28.7  # as a faint scan gave it
    assert doubtful_numbers(data) == [i]
    assert reread_numbers(engine("deu"), image, data, 300) == 1
    assert data["text"][i] == "171" and data["conf"][i] >= 75


def test_sure_words_and_words_that_are_not_numbers_are_left_alone():
    image = _page("Telefon 0761 171 62520")
    data = _tsv(image)
    data["conf"][_row(data, "Telefon")] = 10.0  # doubtful, but a word, not a number
    before = (list(data["text"]), list(data["conf"]))
    assert reread_numbers(engine("deu"), image, data, 300) == 0
    assert (data["text"], data["conf"]) == before


def test_the_engine_reads_letters_again_after_a_reread():
    image = _page("Rufnummer 0761 171 62520")
    data = _tsv(image)
    data["conf"][_row(data, "171")] = 20.0
    reread_numbers(engine("deu"), image, data, 300)
    assert "Rufnummer" in read_page(image).text  # the digits-only whitelist was lifted


def test_what_counts_as_a_number():
    assert numeric("0157-13816599,") and numeric("(0)171") and numeric("O171")
    assert not numeric("7") and not numeric("Tel.") and not numeric("12ab")
