"""Phone numbers, IBANs and letter dates: the customer's values, never the operator's own."""

from station.config import Settings
from station.fields import extract_from_text, validate

HOTLINE = "0800 3300330"
OWN_IBAN = "DE02 1203 0000 0000 2020 51"
CUSTOMER_IBAN = "DE89 3704 0044 0532 0130 00"


def settings() -> Settings:
    return Settings(own_phone_numbers=[HOTLINE, "+49 211 99887700"], own_ibans=[OWN_IBAN])


def test_phone_normalised_to_e164():
    assert extract_from_text("Tel.: 0176 / 123 456 78").phone_number == "+4917612345678"
    assert extract_from_text("erreichbar unter +49 (0)30 1234567").phone_number == "+49301234567"


def test_operator_hotline_and_fax_are_ignored():
    text = f"Ich habe mehrfach die Hotline {HOTLINE} angerufen.\nFax an 0211 99887700\nMein Handy: 0151 22334455"
    assert extract_from_text(text, settings()).phone_number == "+4915122334455"
    assert extract_from_text(f"Ich rief {HOTLINE} an.", settings()).phone_number is None


def test_service_numbers_are_never_the_customers():
    text = "Ihre Hotline 0800 5550000 und die Service-Nummer 01805 123456 waren besetzt.\nTel. 0171 2345678"
    assert extract_from_text(text).phone_number == "+491712345678"


def test_number_in_fax_header_line_is_ignored():
    text = "12.03.2025 14:22   FAX +49 89 7654321   Schmidt   S. 1/2\nSehr geehrte Damen und Herren,\nich kündige."
    assert extract_from_text(text).phone_number is None


def test_foreign_numbers_are_not_the_customers_german_number():
    assert extract_from_text("Tel. +33 1 42 68 53 00").phone_number is None


def test_iban_normalised_and_own_account_on_transfer_slip_ignored():
    slip = f"Überweisung\nEmpfänger: Mobilfunk AG IBAN {OWN_IBAN}\nAuftraggeber IBAN {CUSTOMER_IBAN}"
    assert extract_from_text(slip, settings()).iban == "DE89370400440532013000"


def test_invalid_iban_rejected_and_new_account_preferred():
    assert extract_from_text("IBAN DE89 3704 0044 0532 0130 01").iban is None
    text = f"meine alte IBAN {OWN_IBAN}\nBitte künftig abbuchen von IBAN {CUSTOMER_IBAN}"
    assert extract_from_text(text).iban == "DE89370400440532013000"


def test_iban_with_ocr_confusions_is_repaired_only_when_valid():
    assert extract_from_text("IBAN DE89 37O4 OO44 O532 Ol3O OO").iban == "DE89370400440532013000"


def test_letter_date_only_from_the_letters_own_date_line():
    text = "Max Muster\nHamburg, den 4. Februar 2025\nBetreff: Rechnung vom 01.01.2025\ngeb. 03.05.1950"
    assert extract_from_text(text).letter_date == "2025-02-04"
    assert extract_from_text("Ihre Rechnung vom 01.01.2025 ist falsch.").letter_date is None


def test_validate_gives_normalised_values_and_german_messages():
    assert validate("iban", "de89 3704 0044 0532 0130 00") == ("DE89370400440532013000", None)
    assert validate("phone_number", "030-1234567") == ("+49301234567", None)
    assert validate("customer_number", "123") == (None, "Die Kundennummer hat genau 10 Ziffern.")
    assert validate("customer_number", "1234567890")[1] == "Die Prüfziffer der Kundennummer stimmt nicht."
    assert validate("letter_date", "31.02.2025")[0] is None
    assert validate("iban", "") == (None, None)


def test_a_number_with_the_bracketed_trunk_zero_is_not_swallowed_as_a_customer_number():
    # "172 441 88 09" has ten digits that pass the Luhn check, but the "+49 (0)" before it makes it a phone.
    text = ("Sehr geehrte Damen und Herren,\nmeine Prepaid-Karte mit der Rufnummer +49 (0)172 441 88 09 "
            "soll bleiben, wie sie ist.\nFreundliche Grüße")
    assert extract_from_text(text).phone_number == "+491724418809"


def test_a_label_at_the_end_of_the_line_above_labels_the_number():
    text = ("Holzbau Kern GmbH · Tel. 06021 / 55 10-0\n\nSehr geehrte Damen und Herren,\n"
            "wir kündigen die Karte unseres Poliers mit der Rufnummer\n0162 118 89 07 zum Ende der Laufzeit.\n"
            "Mit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+491621188907"


def test_between_two_equally_labelled_numbers_a_letter_about_a_handset_takes_the_mobile_one():
    text = ("Ilse Brandt\nTelefon: 04331 66021 · Mobil: 0160 98765432\n\nSehr geehrte Damen und Herren,\n"
            "bitte ändern Sie die Anschrift für meinen Handyvertrag.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+4916098765432"


def test_my_handy_beats_a_plain_telephone_number_of_the_paper():
    text = ("Wohnstift Lindenhof · Tel. 0152 28400170\n\nSehr geehrte Damen und Herren,\n"
            "ich wohne jetzt im Wohnstift. Mein Handy 0171 7708264 behalte ich.\nViele Grüße")
    assert extract_from_text(text).phone_number == "+491717708264"


def test_a_new_number_to_reach_us_at_is_labelled_by_the_line_above():
    text = ("Sehr geehrte Damen und Herren,\nunsere alte Zentrale 089 5803317 wird abgeschaltet. Künftig erreichen "
            "Sie uns\nunter 089 456722130.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+4989456722130"


def test_between_two_equally_labelled_numbers_a_letter_about_dsl_takes_the_landline():
    text = ("Max Lorenz\nMobil: 0171 2345678 · Telefon: 030 4456712\n\nSehr geehrte Damen und Herren,\n"
            "hiermit kündige ich meinen DSL- und Festnetzvertrag zum 31.01.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+49304456712"
