"""Accounts lost on development round X (private mail, business customers, letters for somebody else,
forms), as typed. Each test fails on the code before round X."""

from station.fields import extract_from_text

IBAN_OLD, IBAN_NEW = "DE64370501980123456789", "DE69370501980555666777"


def test_what_the_line_above_says_of_its_own_account_is_not_said_of_the_next():
    text = ("bisheriges Konto:   ~~DE64 3705 0198 0123 4567 89~~  (Haspa, wird aufgelöst)\n\n"
            "IBAN  | D | E | 6 | 9 | 3 | 7 | 0 | 5 | 0 | 1 | 9 | 8 | 0 | 5 | 5 | 5 | 6 | 6 | 6 | 7 | 7 | 7 |\n")
    assert extract_from_text(text).iban == IBAN_NEW


def test_a_law_firms_own_account_is_no_third_partys():
    text = ("Der Betrag wurde bereits abgebucht. Bitte erstatten Sie die doppelte Gebühr\n"
            "auf unser Kanzleikonto:\n\n    HypoVereinsbank   IBAN DE64 3705 0198 0123 4567 89\n")
    assert extract_from_text(text).iban == IBAN_OLD
