"""Values written into sentences, abbreviations and corrections, as occasional writers put them.

Each case was lost on a development letter of round U (numbers in prose and in the corners of a
page) or V (types that are easy to get wrong), written outside the project.
"""

import pytest
from stdnum import luhn

from station.fields import extract_from_text

CN = "4533314789"
IBAN, OTHER_IBAN = "DE46500105170555666777", "DE77100100100123456789"
assert luhn.is_valid(CN)


@pytest.mark.parametrize("text", [
    f"Widerruf Bestellung 40-88172-A / Kd {CN}",
    f"Ref.: order 55-702918 | IMEI 356938035643809 | cust. {CN}",
    f"Ich bin Ihr Kunde – {CN[:4]}\n{CN[4:]} – und habe Ihre Mahnung bekommen.",
    f"er wird bei Ihnen nach Angaben der Gläubigerin unter der Nummer\n{CN[:4]} {CN[4:8]} {CN[8:]} geführt",
    f"Er war bei Ihnen Kunde (ich habe auf seinen\nRechnungen die Nummer {CN[:4]} {CN[4:8]} {CN[8:]} gefunden).",
])
def test_customer_numbers_said_in_other_words(text):
    assert extract_from_text(f"{text}\nBestellung 9328804076 vom 3.11.").customer_number == CN


def test_an_account_the_writer_says_is_not_hers_loses():
    text = ("Den Anschlusspreis überweisen Sie bitte zurück –\n"
            "DE46 5001 0517 0555 6667 77 (Stadtsparkasse, Kontoinhaberin bin ich).\n"
            "Auf der Quittung des Shops steht noch: \"Handyshop, Tel. 0211 6695261,\n"
            "IBAN DE77 1001 0010 0123 4567 89\" – das ist nicht mein Konto, bitte dorthin nichts überweisen.")
    assert extract_from_text(text).iban == IBAN


def test_an_international_prefix_broken_at_the_line_end():
    text = "I would like to keep my number 0049 179\n3468 3306 when my contract with you ends."
    assert extract_from_text(text).phone_number == "+4917934683306"


def test_a_number_taken_back_at_once_gives_way_to_the_correction():
    text = ("Er hatte bei Ihnen ein Handy, die Nummer\n"
            "war 0163 7889 6621 – nein, Entschuldigung, hinten 6681, also 0163 7889 6681.")
    assert extract_from_text(text).phone_number == "+4916378896681"


def test_a_widow_who_is_a_customer_herself_gives_her_own_account():
    text = (f"Meine Kundennummer: {CN} (der Vertrag läuft auf meinen Namen)\n"
            "mein Mann ist im Oktober verstorben. Unser gemeinsames Konto lief auf seinen Namen.\n"
            "Bitte ziehen Sie die Beträge künftig\nvon meinem eigenen Konto ein:\n"
            "IBAN DE46 5001 0517 0555 6667 77")
    assert extract_from_text(text).iban == IBAN


def test_a_survivors_account_for_a_last_bill_is_still_not_the_customers():
    text = ("mein Vater ist am 15.11. verstorben. Bitte beenden Sie seinen Vertrag.\n"
            "Die letzte Rechnung buchen Sie bitte von meinem Konto ab: DE46 5001 0517 0555 6667 77")
    assert extract_from_text(text).iban is None


def test_a_son_reporting_his_fathers_death_gives_his_own_mobile_which_is_not_indexed():
    text = (f"Your customer: Mr Edward Hayes, customer no. {CN}\nDear Sir or Madam,\n"
            "I am writing to cancel my father's contract. My father passed away on 8 November.\n"
            "Please send any final statement to me. You can reach me on my own mobile, 0176 5531 0948.")
    assert extract_from_text(text).phone_number is None


def test_an_iban_the_printer_wrapped_over_three_lines():
    text = ("Abgebucht wurde bisher von meinem Konto DE71 7015 0000\n8473 3564\n"
            "85 bei der Stadtsparkasse München.")
    assert extract_from_text(text).iban == "DE71701500008473356485"


def test_a_digit_too_many_is_not_dropped_where_that_makes_up_a_bank():
    # read with two digits wrong and one too many: one deletion passes mod 97, but its bank code is no bank's
    assert extract_from_text("IBAN DE28 2005 85590 8211 8205 62").iban is None


def test_a_zero_read_as_a_copyright_sign_in_a_customer_number():
    assert extract_from_text("Kundennummer: 680 551 303 ©").customer_number == "6805513030"


def test_an_o_read_into_the_check_digits_behind_a_refund_request():
    text = ("Den Anschlusspreis von 39,99 EUR überweisen Sie bitte zurück -\n"
            "DEO46 5001 0517 0555 6667 77 (Stadtsparkasse Düsseldorf).")
    assert extract_from_text(text).iban == IBAN
