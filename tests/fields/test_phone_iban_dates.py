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
