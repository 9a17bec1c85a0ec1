"""Values in reference rows and tables, as a printed page and OCR hand them over.

A reference row ("Ihr Zeichen   Unser Zeichen   Kunden-Nr.   Datum") puts unrelated numbers side by
side; on paper the columns stand apart, and OCR reports each word with its box. The finders must
keep the columns apart, read a table's rule that OCR glued to a number as what it is, and notice a
number the table itself says is not with the operator. Each case was lost on a development letter
(round n) printed in one of the evaluation typefaces and read by Tesseract.
"""

from stdnum import luhn

from station.fields import extract_from_lines, extract_from_text
from station.fields.layout import COLUMN_GAP_EM, lines_from_words
from station.model import Word

CN = "1026584126"
assert luhn.is_valid(CN)


def _row(y: int, *cells: tuple[int, str], height: int = 30) -> list[Word]:
    """Words of one printed row: ``(left, text)`` per word, each 20 px per character wide."""
    return [Word(text, left, y, 20 * len(text), height, 95.0) for left, text in cells]


def test_columns_a_tab_stop_apart_become_tabs_and_keep_numbers_apart():
    gap = int(COLUMN_GAP_EM * 30) + 10  # just wider than a column gap, far wider than a blank (12 px)
    x = 100
    cells = []
    for text in ("bo/kl", "2611", "1026", "5841", "26", "04.12.2026"):
        cells.append((x, text))
        x += 20 * len(text) + (gap if text in ("bo/kl", "2611", "26") else 12)
    head = _row(200, (100, "Unser"), (220, "Zeichen"), (1000, "Kunden-Nr."))
    lines = lines_from_words(head + _row(260, *cells), 0, 3500)
    assert lines[1].text == "bo/kl\t2611\t1026 5841 26\t04.12.2026"
    assert extract_from_lines(lines)[0].customer_number == CN


def test_ordinary_word_spaces_do_not_become_tabs():
    lines = lines_from_words(_row(200, (100, "Kunden-Nr."), (312, "1026"), (404, "5841"), (496, "26")), 0, 3500)
    assert "\t" not in lines[0].text


def test_a_tables_rule_read_as_a_leading_one():
    text = "|\tKundennummer\t|\tMobilfunknummer\t|\n11026584126\t|\t+49 (0)152 712 399 15\t|"
    assert extract_from_text(text).customer_number == CN


def test_an_unlabelled_eleven_digit_run_is_never_shortened():
    assert extract_from_text("Sendung 11026584126 ist unterwegs").customer_number is None


def test_a_slash_with_a_blank_beside_it_inside_a_customer_number():
    assert extract_from_text("Customer no. 1026/ 584/126").customer_number == CN


def test_an_iban_whose_check_digit_8_was_read_as_b():
    assert extract_from_text("IBAN DE2B 6605 0101 9348 3411 03").iban == "DE28660501019348341103"


def test_a_number_the_letter_says_is_not_with_the_operator_loses():
    text = ("Telefon Festnetz\t|\t-\t|\t0341 64 71 45 (nicht bei Ihnen)\n"
            "Mobil (Vertrag)\t|\t0160 658 9055\t|\tbleibt 0160 658 9055")
    assert extract_from_text(text).phone_number == "+491606589055"
