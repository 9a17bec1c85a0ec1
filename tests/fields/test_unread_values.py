"""An account OCR could not read is still the one the letter is about.

When the customer's new account lost a digit to OCR, the letter's other accounts (the late father's
being closed, an old one) are still read; without the lost one the finder would index one of those.
A stand-in takes the misread account's place and the finder chooses again: if it takes the stand-in,
or cannot choose any more, the IBAN field stays empty for the operator.
"""

from station.fields import extract_from_lines, extract_from_text
from station.fields.layout import Line, lines_from_words
from station.model import Word

CLOSING = "DE76 1005 0000 2948 3439 50"
NEW = "DE80 1009 0000 6891 0710 44"
NEW_MISREAD = NEW[:-1]  # the last digit lost on a fax


def read(text: str) -> list[Line]:
    """``text`` as OCR hands it over: words with boxes, one row per line, single spaces between words."""
    words = []
    for n, row in enumerate(text.splitlines()):
        x = 100
        for token in row.split():
            words.append(Word(token, x, 100 + 50 * n, 18 * len(token), 30, 95.0))
            x += 18 * len(token) + 12
    return lines_from_words(words, 0, 3500)


def letter(new: str) -> str:
    return ("Kundennummer: 815 019 6981\n"
            f"Mein Girokonto bei der Berliner Sparkasse ({CLOSING}) wird zum Jahresende\n"
            "aufgelöst. Die Lastschrift bitte ab Januar von diesem Konto einziehen:\n"
            f"Berliner Volksbank, {new}\n\nMit freundlichen Grüßen\nTobias Wendt\n")


def test_with_both_accounts_read_the_one_for_the_debits_is_taken():
    assert extract_from_lines(read(letter(NEW)))[0].iban == NEW.replace(" ", "")


def test_when_ocr_lost_a_digit_of_the_debit_account_the_closing_one_is_not_taken_instead():
    assert extract_from_lines(read(letter(NEW_MISREAD)))[0].iban is None


def test_a_misread_account_called_old_leaves_the_new_one_standing():
    text = (f"Mein altes Konto {NEW_MISREAD} wird aufgelöst.\n"
            f"Bitte buchen Sie ab sofort von meinem neuen Konto ab: {CLOSING}\n")
    assert extract_from_lines(read(text))[0].iban == CLOSING.replace(" ", "")


def test_in_typed_text_a_slip_the_writer_corrects_is_left_to_the_other_rules():
    text = ("The IBAN is DE70 1203 0000 5933 2757 46 - sorry, the last two digits are 64, not\n"
            "46, so: DE70 1203 0000 5933 2757 64. The account holder is me.")
    assert extract_from_text(text).iban == "DE70120300005933275764"


# --- a telephone number read doubtfully --------------------------------------------------------------

def phone_letter(conf: float) -> list[Line]:
    """A customer's line read at confidence ``conf``, under a letterhead-less letter that also names a
    hotline the writer called."""
    rows = [("Ich", "kündige", "meinen", "Vertrag", "mit", "der", "Rufnummer"),
            ("0176", "2468", "1357."),
            ("Ihre", "Hotline", "erreichte", "ich", "unter", "0221", "7744", "0."),
            ("Mit", "freundlichen", "Grüßen")]
    words = []
    for n, row in enumerate(rows):
        x = 100
        for token in row:
            sure = conf if n == 1 and token[0].isdigit() else 95.0
            words.append(Word(token, x, 100 + 50 * n, 18 * len(token), 30, sure))
            x += 18 * len(token) + 12
    return lines_from_words(words, 0, 3500)


def test_a_line_read_surely_is_taken():
    assert extract_from_lines(phone_letter(95.0))[0].phone_number == "+4917624681357"


def test_when_the_line_meant_was_read_doubtfully_no_other_number_is_taken_instead():
    assert extract_from_lines(phone_letter(20.0))[0].phone_number is None


# --- a telephone number misread past repair ----------------------------------------------------------

def sim_letter(number: str) -> str:
    return ("Rücksendung des Tablets meiner Mutter\n"
            f"Rufnummer der Tablet-SIM: {number}\n"
            "Bei Fragen erreichen Sie mich unter Tel. 0176 81819046.\n"
            "Mit freundlichen Grüßen\nAnna Eder\n")


def test_the_number_after_its_label_is_taken_when_read():
    assert extract_from_lines(read(sim_letter("0157 2498 0264")))[0].phone_number == "+4915724980264"


def test_a_number_after_its_label_misread_past_repair_leaves_the_field_empty():
    assert extract_from_lines(read(sim_letter("©8157 2498 0264")))[0].phone_number is None

