"""Numbers Tesseract was unsure of are read once more on their own, enlarged, digits only."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from station.classify.render_eval import font_file
from station.ocr import engine, read_page
from station.ocr_digits import doubtful_numbers, failing_check_digits, numeric, phone_runs, reread_numbers


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


# --- numbers whose check digit fails as read ------------------------------------------------------

def test_a_customer_number_misread_with_confidence_is_settled_by_its_check_digit():
    image = _page("Kundennummer: 946 448 8932")
    data = _tsv(image)
    i = _row(data, "946")
    data["text"][i], data["conf"][i] = "945", 73.8  # as a G3 fax gave it: sure enough, but wrong
    assert [r.rows for r in failing_check_digits(data)] == [(i, i + 1, i + 2)]
    assert reread_numbers(engine("deu"), image, data, 300) == 1
    assert data["text"][i] == "946"


def test_an_iban_misread_is_settled_by_its_checksum():
    image = _page("IBAN DE88 7605 0101 3926 6219 85")
    data = _tsv(image)
    i = _row(data, "6219")
    data["text"][i] = "6279"
    assert [r.kind for r in failing_check_digits(data)] == ["iban"]
    reread_numbers(engine("deu"), image, data, 300)
    assert data["text"][i] == "6219"


def test_numbers_that_pass_their_check_or_have_no_label_are_not_read_again():
    data = _tsv(_page("Kundennummer: 946 448 8932"))
    assert failing_check_digits(data) == []
    data = _tsv(_page("Rechnung 945 448 8932"))
    assert failing_check_digits(data) == []


def test_a_second_reading_that_also_fails_the_check_changes_nothing():
    image = _page("Kundennummer: 945 448 8932")  # printed wrong: no reading can pass the check
    data = _tsv(image)
    before = list(data["text"])
    assert reread_numbers(engine("deu"), image, data, 300) == 0
    assert data["text"] == before


# --- a doubtful telephone number confirmed by a second reading ---------------------------------------

def test_a_doubtful_phone_number_read_again_the_same_is_confirmed():
    image = _page("Handy 0171 / 520 14 45")
    data = _tsv(image)
    rows = phone_runs(data)
    assert [[data["text"][i] for i in r] for r in rows] == [["0171", "/", "520", "14", "45"]]
    data["conf"][rows[0][0]] = 43.0  # as a grey scan gave it: right, but doubtful
    reread_numbers(engine("deu"), image, data, 300)
    assert all(data["conf"][i] >= 75 for i in rows[0])


def test_a_second_reading_with_other_digits_leaves_the_number_doubtful():
    from station.ocr_digits import _confirm

    image = _page("Handy 0171 / 520 14 45")
    data = _tsv(image)
    (rows,) = phone_runs(data)
    data["text"][rows[2]], data["conf"][rows[2]] = "580", 43.0  # what the first reading made of it
    api = engine("deu")
    api.SetVariable("tessedit_char_whitelist", "0123456789+-/()., ")
    try:
        assert not _confirm(api, image, data, rows, 300)
    finally:
        api.SetVariable("tessedit_char_whitelist", "")
    assert data["conf"][rows[2]] == 43.0


def test_an_iban_with_its_check_digits_written_apart_is_read_again_too():
    image = _page("IBAN DE 88 7605 0101 3926 6219 85")
    data = _tsv(image)
    i = _row(data, "6219")
    data["text"][i] = "6279"
    assert [(r.kind, r.prefix) for r in failing_check_digits(data)] == [("iban", "DE88")]


def test_a_customer_number_that_lost_a_digit_is_read_again_as_a_whole_field():
    image = _page("Kundennummer: 7520109138")
    data = _tsv(image)
    i = _row(data, "7520109138")
    data["text"][i] = "520109138"  # a digit lost among box rules
    (run,) = failing_check_digits(data)
    assert run.whole and run.rows == (i,)
    reread_numbers(engine("deu"), image, data, 300)
    assert data["text"][i] == "7520109138"


def test_a_customer_number_whose_last_digit_was_read_as_a_sign_is_read_again_with_it():
    image = _page("Kundennummer 653 835 319 1")
    data = _tsv(image)
    i = _row(data, "1")
    data["text"][i] = "?"  # as a G3 fax gave it: the last digit a question mark
    (run,) = failing_check_digits(data)
    assert run.whole and i in run.rows
    reread_numbers(engine("deu"), image, data, 300)
    assert "".join(data["text"][k] for k in run.rows) == "6538353191"


def test_a_sign_after_a_complete_number_is_not_part_of_it():
    from station.ocr_digits import _garbled

    assert _garbled("?") and _garbled("1%") and not _garbled("und") and not _garbled(",")
    image = _page("Kundennummer 9464488932 ?")
    assert failing_check_digits(_tsv(image)) == []


def test_only_box_rules_may_stand_between_the_label_and_a_field_read_again():
    from station.ocr_digits import _right_after_label

    assert _right_after_label(["Kundennummer", "|”", "520109138"], 2) == 1
    assert _right_after_label(["Kundennummer", "und", "Telefon", "0176", "1234567"], 3) is None


def test_a_phone_number_with_its_trunk_zero_in_brackets_is_one_run():
    texts = ["Rufnummer:", "+49", "(0)", "15.2.", "0123", "4567"]
    data = {"level": [5] * 6, "block_num": [1] * 6, "par_num": [1] * 6, "line_num": [1] * 6, "text": texts,
            "conf": [90.0] * 6}
    assert phone_runs(data) == [(1, 2, 3, 4, 5)]


def test_an_iban_broken_over_two_lines_is_read_again_a_line_at_a_time():
    image = Image.new("L", (1400, 300), 255)
    font = ImageFont.truetype(font_file("Liberation Mono"), 56)
    ImageDraw.Draw(image).text((60, 60), "Konto: DE88 7605 0101 3926", fill=0, font=font)
    ImageDraw.Draw(image).text((60, 170), "6219 85 bei der Sparkasse", fill=0, font=font)
    page = np.array(image)
    data = _tsv(page)
    i = _row(data, "6219")
    data["text"][i] = "6279"
    (run,) = failing_check_digits(data)
    assert run.kind == "iban" and i in run.rows and len({data["line_num"][r] for r in run.rows}) == 2
    reread_numbers(engine("deu"), page, data, 300)
    assert data["text"][i] == "6219"
