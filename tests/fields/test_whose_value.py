"""Whose number or account is it? Letters name other people's values next to the customer's.

Every value below is valid (checksums pass, libphonenumber accepts it), so only the words around
it can tell the customer's own from a creditor's, an estate's, a hotel's or a parent's.
"""

import pytest
from schwifty import IBAN as Iban
from stdnum import luhn

from station.fields import extract_from_text

OWN = Iban.generate("DE", bank_code="37040044", account_code="0532013000").compact
OTHER = Iban.generate("DE", bank_code="50010517", account_code="0648489890").compact
CN = "418203957" + luhn.calc_check_digit("418203957")


# --- accounts of third parties named in running text ------------------------------------------------------

@pytest.mark.parametrize("clause", [
    "Zahlungen leisten Sie bitte nur noch auf das Konto des Gläubigers,",
    "Ein Guthaben ist ausschließlich auf mein Treuhandkonto zu überweisen:",
    "Die Rückzahlung bitte auf das Insolvenz-Anderkonto der Masse,",
    "Die Erstattung überweisen Sie bitte an die Erbengemeinschaft auf das Konto",
    "Über eine Spende für unsere Jugendabteilung freuen wir uns sehr:",
    "Any refund must be paid into the escrow account of the estate,",
])
def test_an_account_introduced_as_someone_elses_is_not_the_customers(clause):
    text = (f"Sehr geehrte Damen und Herren,\nes geht um die Kundennummer {CN}.\n"
            f"{clause}\nIBAN {OTHER} bei der Stadtsparkasse.\nMit freundlichen Grüßen")
    assert extract_from_text(text).iban is None


def test_the_customers_own_new_account_next_to_a_creditors_is_taken():
    text = (f"Bitte buchen Sie künftig von meinem neuen Konto ab: IBAN {OWN}.\n\n"
            f"Die Forderung des Gläubigers habe ich beglichen, dessen Konto lautet {OTHER}.")
    assert extract_from_text(text).iban == OWN


def test_the_customers_account_of_a_ward_is_still_the_customers():
    text = f"Die Abbuchungen vom Konto des Betreuten, IBAN {OWN}, laufen bitte unverändert weiter."
    assert extract_from_text(text).iban == OWN


# --- telephone numbers of third parties -------------------------------------------------------------------

def test_a_hotel_number_in_the_address_loses_to_my_number_in_the_text():
    text = ("From: Ana Lopes\nstaying at: Hotel Rheinblick, Rheinufer 3, 53111 Bonn (tel. hotel 0228 4471 0)\n\n"
            "Hello,\nmy prepaid card does not work. My number is +49 176 35512084, please help.\nRegards")
    assert extract_from_text(text).phone_number == "+4917635512084"


def test_an_advisers_phone_in_parentheses_is_not_the_customers():
    text = ("Dear Sir or Madam,\nmy accountant (Steuerbüro Kramer, phone 0421 5567 30) needs copies of my\n"
            "invoices for 2025. Kind regards")
    assert extract_from_text(text).phone_number is None


def test_english_phone_labels_count_as_telephone_labels():
    text = ("Dear team,\nour office line 0228 446170 is rarely staffed,\n"
            "so please call me back on my cell phone 0157 31542877.")
    assert extract_from_text(text).phone_number == "+4915731542877"


# --- the contract's line beats the contact number of whoever writes --------------------------------------

def test_the_line_a_parent_writes_about_beats_the_parents_landline():
    text = ("Jana und Tobias Weller\nAm Anger 4\n99084 Erfurt\nTel. 0361 5512277\n\n"
            "Vertrag unserer Tochter Mia\nRufnummer: 0151 22873460\n\n"
            "Sehr geehrte Damen und Herren,\nwir widerrufen den Vertrag unserer minderjährigen Tochter.\n"
            "Mit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+4915122873460"


def test_a_reference_block_naming_a_court_is_not_a_letterhead():
    text = ("Kerstin Albrecht\nBerufsbetreuerin\nTel. 0341 2235580\n\nLeipzig, 03.03.2026\n\n"
            f"Betreuungssache Frau Ilse Marx\nKd-Nr. {CN}, Rufnummer 0160 93318274\n"
            "Amtsgericht Leipzig, Az. 501 XVII 22/26\n\n"
            "Sehr geehrte Damen und Herren,\nich kündige den oben genannten Vertrag.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+4916093318274"


# --- values broken by a line end in running text ----------------------------------------------------------

def test_a_phone_number_cut_by_the_line_end_is_read_whole():
    text = ("ich bitte Sie, dass mein Anschluss mit der Nummer 0351 / 472\n"
            "18830 endlich wieder funktioniert, und danke im Voraus.")
    assert extract_from_text(text).phone_number == "+4935147218830"


# --- guards: words that look like a third party's but are not --------------------------------------------

def test_a_refund_of_a_price_discount_to_my_account_is_the_customers():
    text = f"Den vereinbarten Preisnachlass erstatten Sie bitte auf mein Konto, IBAN {OWN}."
    assert extract_from_text(text).iban == OWN


def test_a_mandate_form_line_naming_the_creditor_id_does_not_taint_the_next_line():
    text = ("SEPA-Lastschriftmandat\nGläubiger-Identifikationsnummer: DE98ZZZ09999999999\n"
            f"Kontoinhaber: Lena Fuchs\nIBAN: {OWN}\nOrt, Datum, Unterschrift")
    assert extract_from_text(text).iban == OWN


def test_a_neighbour_helping_does_not_make_my_number_hers():
    text = "Da meine Nachbarin mir beim Schreiben hilft, erreichen Sie mich unter 0171 4438210."
    assert extract_from_text(text).phone_number == "+491714438210"


def test_a_phone_at_a_line_end_is_not_joined_with_the_postcode_or_date_below():
    assert extract_from_text("Tel. 0351 4721883\n01099 Dresden").phone_number == "+493514721883"
    assert extract_from_text("Tel. 0351 4721883\n03.12.2026").phone_number == "+493514721883"
    assert extract_from_text("Tel. 030 8857120\n2 Anlagen").phone_number == "+49308857120"


def test_a_long_number_losing_its_last_pair_to_the_line_end_is_read_whole():
    text = ("Falls Sie noch Fragen haben, rufen Sie mich bitte an unter 0911 / 83 24 95\n"
            "01, am besten vormittags.")
    assert extract_from_text(text).phone_number == "+4991183249501"


@pytest.mark.parametrize("clause", [
    "Mein Handy ist kaputt, erreichen können Sie uns über meinen Mann,\nPeter Vogt,",
    "Bei Rückfragen bitte bei meinem Sohn melden, Handy",
    "Sie können auch bei Frau Lüdtke von nebenan anrufen,\n",
    "Bei Rückfragen rufen Sie bitte meine Frau an:",
    "If anything is missing, please call my husband on",
])
def test_a_number_one_is_reached_through_a_relative_or_neighbour_is_not_the_customers(clause):
    text = f"Sehr geehrte Damen und Herren,\nich ziehe um.\n{clause} 0173 5129044.\nMit freundlichen Grüßen"
    assert extract_from_text(text).phone_number is None


def test_the_shops_number_loses_to_the_customers_own():
    text = ("Sehr geehrte Damen und Herren,\nich war am 22.11. im Shop am Markt (Tel. 0231 5861230) und wurde schlecht "
            "beraten.\nRufen Sie mich gern an: 0176/24 68 13 57.\nDennis Kowal")
    assert extract_from_text(text).phone_number == "+4917624681357"


def test_my_line_beats_the_neighbours_number_given_for_callbacks():
    text = ("Sehr geehrte Damen und Herren,\nbei Fragen können Sie auch bei Frau Lüdtke anrufen,\n0381 2046790, "
            "die sagt mir Bescheid.\nHiermit kündige ich meinen Anschluss\n0381 2046713 zum 31.01.2027.\nGrüße")
    assert extract_from_text(text).phone_number == "+493812046713"


# --- accounts in letters about a death, a landlord's account, form boxes ----------------------------------

def test_a_refund_account_in_a_letter_reporting_a_death_belongs_to_the_heir():
    text = ("Sehr geehrte Damen und Herren,\nmein Vater ist am 3. November verstorben. Bitte beenden Sie seinen "
            f"Vertrag.\nEin restliches Guthaben überweisen Sie bitte auf mein Konto, IBAN {OTHER}.\nGrüße")
    assert extract_from_text(text).iban is None


def test_the_landlords_account_paid_by_mistake_is_not_the_customers():
    text = (f"Sehr geehrte Damen und Herren,\nich habe versehentlich an das Konto meines Vermieters ({OTHER})\n"
            f"überwiesen. Buchen Sie den Betrag bitte von meinem Konto ab:\nIBAN {OWN}.\nGrüße")
    assert extract_from_text(text).iban == OWN


def test_an_iban_written_into_the_boxes_of_a_form_is_read():
    boxed = " | ".join([OWN[i:i + 4] for i in range(0, len(OWN), 4)])
    text = f"Kontoinhaber:   | Heinz Wallraff |\nIBAN:           | {boxed} |\nBIC:            | DUSSDEDDXXX |"
    assert extract_from_text(text).iban == OWN

