"""Customer numbers: 10 digits with a Luhn check digit; a wrong one is worse than none."""

import pytest
from stdnum import luhn

from station.fields import extract_from_text

VALID = "4711081502" if luhn.is_valid("4711081502") else "471108150" + luhn.calc_check_digit("471108150")
INVALID = VALID[:-1] + str((int(VALID[-1]) + 1) % 10)


def cn(text: str) -> str | None:
    return extract_from_text(text).customer_number


@pytest.mark.parametrize("written", [VALID, f"{VALID[:4]} {VALID[4:7]} {VALID[7:]}", f"{VALID[:4]}-{VALID[4:]}",
                                     f"{VALID[:3]}.{VALID[3:6]}.{VALID[6:]}"])
def test_any_grouping_near_a_label(written):
    assert cn(f"Kundennummer: {written}\nSehr geehrte Damen und Herren") == VALID


@pytest.mark.parametrize("label", ["Kd.-Nr.", "Kundenkonto", "Kunden-Nr.", "Ihre Kundennummer lautet", "KdNr"])
def test_label_variants(label):
    assert cn(f"{label} {VALID}") == VALID


def test_label_on_the_line_above():
    assert cn(f"Kundennummer\n{VALID}\nBetreff: Kündigung") == VALID


def test_wrong_check_digit_is_rejected():
    assert cn(f"Kundennummer: {INVALID}") is None


def test_ocr_confusions_repaired_only_when_the_check_digit_holds():
    confused = VALID.replace("0", "O", 1).replace("1", "l", 1)
    assert confused != VALID
    assert cn(f"Kd.-Nr. {confused}") == VALID
    wrong = INVALID.replace("0", "O")
    assert cn(f"Kd.-Nr. {wrong}") is None


def test_alone_when_it_is_the_only_valid_number():
    assert cn(f"Max Muster\nBetreff: {VALID}\nich kündige.") == VALID


def test_alone_but_labelled_as_something_else_is_not_taken():
    assert cn(f"Rechnungsnummer {VALID}\nich widerspreche der Rechnung.") is None
    assert cn(f"Tel. {VALID}") is None


def test_two_different_labelled_numbers_are_ambiguous():
    other = "987654321" + luhn.calc_check_digit("987654321")
    assert cn(f"Kundennummer {VALID}\nalte Kundennummer {other}") is None


def test_digits_inside_iban_or_phone_are_not_customer_numbers():
    assert cn("IBAN DE89 3704 0044 0532 0130 00\nTel. 0176 1234567897") is None


def test_a_fax_header_date_and_time_are_not_a_customer_number():
    # "23.07.2025 11" reads as the Luhn-valid 2307202511; a date is never a customer number.
    assert luhn.is_valid("2307202511")
    text = "23.07.2025 11:13 FAX +49 40 8723578 S. 1/1\n\nAn die Stadtwerke\n\nZählerstand: 048213 kWh\n\nGruß"
    assert extract_from_text(text).customer_number is None
    assert extract_from_text("Kundennummer 2307202511\n\nGuten Tag").customer_number == "2307202511"


def test_the_customer_number_at_the_previous_provider_is_not_ours():
    other = "730551884" + luhn.calc_check_digit("730551884")
    text = (f"ich habe bei Ihnen einen neuen Vertrag (Ihre Kundennummer für mich: {VALID}).\n"
            f"Kundennummer beim bisherigen Anbieter:  {other}\nzu portierende Rufnummer: 0157 73445566")
    assert cn(text) == VALID


def test_an_invoice_word_earlier_in_the_subject_does_not_disqualify_my_number():
    text = f"Betr.: Rechnung Oktober, meine Nummer {VALID[:2]}.{VALID[2:5]}.{VALID[5:8]}.{VALID[8:]}\n\nSehr geehrte"
    assert cn(text) == VALID
