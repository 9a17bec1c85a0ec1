"""Whose value is it, continued: more ways a letter names other people's numbers, and the customer's
own values written in ways the finders did not expect (lower case, form boxes, a run-on sentence).

Each case is a sentence shape seen in hand-written development letters; the values here are fresh.
"""

import pytest

from station.classify.cancel_cues import cancellation_only_mentioned, cancels_something_else
from station.fields import extract_from_text

IBAN = "DE89370400440532013000"
IBAN_FMT = "DE89 3704 0044 0532 0130 00"
OTHER_IBAN_FMT = "DE18 4306 0967 1234 5678 00"
CN, OTHER_CN = "3281045579", "5519283740"


# --- the customer's own values, written unusually ------------------------------------------------

def test_a_lower_case_iban_is_found_when_its_checksum_holds():
    text = f"Bitte erstatten Sie den Betrag auf mein Konto\n{IBAN_FMT.lower()} (Commerzbank)."
    assert extract_from_text(text).iban == IBAN


def test_a_forms_boxed_digits_spaced_by_two_blanks():
    text = ("1. Kundendaten\n   Kundennummer   | 3  2  8  1  0  4  5  5  7  9\n"
            "3. Neue Bankverbindung\n   IBAN           | DE89  3704  0044  0532  0130  00")
    fields = extract_from_text(text)
    assert (fields.customer_number, fields.iban) == (CN, IBAN)


def test_knr_is_a_customer_number_label():
    text = f"KNr.: {CN}\nRechnung Nr.: {OTHER_CN} vom 02.12.2026"
    assert extract_from_text(text).customer_number == CN


def test_a_label_at_the_end_of_the_line_above_in_a_run_on_sentence():
    text = (f"Die Zeitung habe ich abbestellt, das spart ja auch was. Meine Nummer bei Ihnen, die mein Sohn\n"
            f"mir aufgeschrieben hat, ist die {CN[:4]}\n{CN[4:]}, und das Handy hat die Nummer 01590 9306920.")
    assert extract_from_text(text).customer_number == CN


# --- another provider's customer number -----------------------------------------------------------

def test_the_old_providers_number_named_before_the_label_is_not_ours():
    text = (f"Bei meinem alten Anbieter (Kundennummer dort: {OTHER_CN}) habe ich die Portierung beantragt.\n"
            f"Ihre neue Kundennummer für mich laut Auftragsbestätigung: {CN[:3]} {CN[3:6]} {CN[6:]}.")
    assert extract_from_text(text).customer_number == CN


@pytest.mark.parametrize("line", [f"Neuer Anbieter: Sparfon GmbH, Kundennummer dort {OTHER_CN}",
                                  f"Neuer Anbieter: Kundennummer beim neuen Anbieter {OTHER_CN}"])
def test_the_new_providers_number_in_a_port_out_form_is_not_ours(line):
    assert extract_from_text(f"Portierungserklärung\nAnschluss: 0173 6832 7594\n{line}").customer_number is None


# --- other people's phones ------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Das Bestattungshaus Lindner (Tel. 0511 15 51 85) hat mir geraten, Ihnen zu schreiben.",
    "Die Visitenkarte liegt bei: Sven K., Vertriebspartner, mobil 0152 25092988.",
    "Mein Enkel Tim (Handy +49 1524 4755378) hat die E-Mail-Adresse gelöscht.",
    "Ihre Telefonnummer 0941 107953 ist seit Wochen ständig besetzt, daher schreibe ich.",
])
def test_a_number_of_someone_else_named_in_the_text_is_not_the_customers(sentence):
    text = f"Sehr geehrte Damen und Herren,\n{sentence}\nMit freundlichen Grüßen\nMarianne Keller\nTel. 0173 45084865"
    assert extract_from_text(text).phone_number == "+4917345084865"


def test_a_collection_agencys_phone_whose_label_ends_the_line_above():
    text = ("ich habe ein Schreiben der Inkasso Rheinland GmbH bekommen (Aktenzeichen 1581379300, Tel.\n"
            "02151 857 88 24), die 412,17 EUR haben will, zahlbar auf deren Konto\n"
            f"{OTHER_IBAN_FMT}. Buchen Sie die Raten bitte von meinem Konto ab, IBAN {IBAN_FMT}.")
    fields = extract_from_text(text)
    assert (fields.phone_number, fields.iban) == (None, IBAN)


def test_the_mobile_a_firm_writes_about_beats_its_letterhead_landline():
    text = ("MALERBETRIEB JENS OPITZ\nKarl-Liebknecht-Str. 112 | 04275 Leipzig | Tel. 0341 463 18 46\n\n"
            "Sehr geehrte Damen und Herren,\nauf der Rechnung stehen Roaminggebühren für unsere Firmennummer\n"
            "0163 887 311 28. Das Handy war im November nicht im Ausland.\nMit freundlichen Grüßen\nJens Opitz\n"
            "Steuernummer 231/456/78901")
    assert extract_from_text(text).phone_number == "+4916388731128"


def test_the_number_to_port_beats_the_temporary_number_of_the_new_sim():
    text = ("I signed up with you online and got a SIM card with a temporary number, 0163 29887338.\n"
            "I would like to keep my old number instead:\n  number to port:        +49 1591 7476060")
    assert extract_from_text(text).phone_number == "+4915917476060"


# --- accounts of other people ------------------------------------------------------------------------

@pytest.mark.parametrize("line", [f"Bank account for the direct debit: {OTHER_IBAN_FMT} (in her name)",
                                  f"Betreuungskonto (nur für Zahlungen an die Kanzlei): {OTHER_IBAN_FMT}"])
def test_an_account_held_by_someone_else_is_not_the_customers(line):
    text = f"my flatmate would like to take over my contract.\nHer details:\n{line}"
    assert extract_from_text(text).iban is None


# --- a death: the survivor is not the customer, unless taking the contract over -------------------

DEATH = "mein Mann ist am 12. November verstorben, eine Kopie der Sterbeurkunde liegt bei.\n"


def test_a_survivors_account_for_the_last_bill_is_not_the_customers():
    text = (DEATH + "Bitte kündigen Sie seinen Handyvertrag mit der Nummer 01522 4034173.\n"
            f"Die letzte Rechnung buchen Sie bitte von meinem Konto ab, IBAN {IBAN_FMT}.")
    fields = extract_from_text(text)
    assert (fields.iban, fields.phone_number) == (None, "+4915224034173")


def test_a_survivor_taking_the_contract_over_gives_the_customers_account():
    text = (DEATH + "Ich möchte seinen Vertrag übernehmen und die Nummer behalten.\n"
            f"Die Rechnungen können von meinem Konto abgebucht werden, IBAN {IBAN_FMT}.")
    assert extract_from_text(text).iban == IBAN


def test_a_survivors_own_contact_number_is_not_the_customers_line():
    text = DEATH + "Bitte beenden Sie seinen Vertrag.\nSie erreichen mich unter 0177 41703653."
    assert extract_from_text(text).phone_number is None


def test_the_deceaseds_line_beats_the_survivors_letterhead():
    text = ("Renate Falkenberg\nHabsburgerstraße 61\n79104 Freiburg\nTel. 0761 2775969\n\n" + DEATH
            + "Bitte kündigen Sie seinen Handyvertrag mit der Nummer 01522 4034173 zum frühestmöglichen Zeitpunkt.")
    assert extract_from_text(text).phone_number == "+4915224034173"


# --- cancellation words that do not cancel a contract with us ------------------------------------

def test_a_question_about_cancelling_is_not_a_declaration():
    text = ("ich möchte gern wissen, wie lange mein Vertrag noch läuft und welche Kündigungsfrist gilt.\n"
            "Kann ich dann kündigen, oder kann man den Vertrag ruhen lassen?")
    assert cancellation_only_mentioned(text)


def test_a_declaration_with_a_question_after_it_is_still_one():
    assert not cancellation_only_mentioned("Ich kündige meinen Handyvertrag zum nächstmöglichen Termin. "
                                           "Können Sie mir das Datum bestätigen?")


def test_a_membership_cancelled_in_a_letter_meant_for_a_gym():
    text = ("hiermit kündige ich meine Mitgliedschaft im FitnessPark fristgerecht zum nächstmöglichen Termin.\n"
            "Ihre Telefonnummer 0941 107953 ist ständig besetzt, daher schreibe ich.")
    assert cancels_something_else(text)
    assert not cancels_something_else("hiermit kündige ich meinen Mobilfunkvertrag und mein Zeitungs-Abo.")


@pytest.mark.parametrize("clause", ["Die gepfändeten Beträge sind zur Einziehung auf das Konto der Landesoberkasse,",
                                    "Bitte überweisen Sie den Betrag auf das Konto der Stadtkasse Tübingen,"])
def test_an_authoritys_account_for_a_garnishment_is_not_the_customers(clause):
    text = f"Nach unseren Ermittlungen führen Sie den Schuldner unter der Kundennummer {CN}.\n{clause}\nIBAN {IBAN_FMT}."
    assert extract_from_text(text).iban is None


def test_the_customers_account_at_a_savings_bank_is_still_hers():
    assert extract_from_text(f"Bitte buchen Sie von meinem Konto der Sparkasse Köln ab, IBAN {IBAN_FMT}.").iban == IBAN


# --- the writer is not the customer -------------------------------------------------------------

def test_a_relative_with_power_of_attorney_gives_her_own_account_for_nothing_of_the_customers():
    text = ("Sehr geehrte Damen und Herren,\nmeine Mutter kann ihr Handy nicht mehr bedienen. Ich habe Vorsorgevollmacht\n"
            "und kündige hiermit ihren Vertrag für die Nummer 0179 3824497.\n"
            f"Bitte buchen Sie die letzte Rechnung nicht mehr von meinem Konto {IBAN_FMT} ab.")
    fields = extract_from_text(text)
    assert (fields.iban, fields.phone_number) == (None, "+491793824497")


def test_a_customer_calling_herself_your_customer_still_gives_her_own_number():
    text = ("Ich bin seit 14 Jahren Ihr Kunde und erwarte, dass sich jemand bei mir meldet,\n"
            "am besten unter 0176 15238847.")
    assert extract_from_text(text).phone_number == "+4917615238847"


def test_a_hand_over_forms_contract_line_is_the_old_holders_and_its_account_the_next_holders():
    # The contract (and its number) goes on; what the index needs for the future debits is the
    # account the next holder gives, not the next holder's private contact number.
    text = ("Vertragsübernahme\nBisheriger Inhaber\n  Kundennummer:  " + CN + "\n  Rufnummer:     0171 4854659\n"
            "Neue Inhaberin\n  Name:          Mia Lindqvist (Tochter)\n  Erreichbar:    0163 6039165\n"
            f"  IBAN:          {IBAN_FMT}\nSehr geehrte Damen und Herren,\nmeine Tochter übernimmt meinen Vertrag.")
    fields = extract_from_text(text)
    assert (fields.customer_number, fields.phone_number, fields.iban) == (CN, "+491714854659", IBAN)


def test_the_next_holder_writing_gives_his_own_letterhead_and_the_account_for_the_debits():
    text = ("Yannick Brauer\nHafenstr. 3, 24103 Kiel\nTel. 0177 7387969\n\nHallo,\nmein Mitbewohner zieht aus. "
            f"Ich übernehme seinen Datentarif (Vertrag unter seiner Kundennummer {CN}).\n"
            f"Bitte ziehen Sie die Gebühren ab Januar von meinem Konto ein:\n{IBAN_FMT}, Inhaber Yannick Brauer.")
    fields = extract_from_text(text)
    assert (fields.customer_number, fields.phone_number, fields.iban) == (CN, None, IBAN)


def test_a_firm_writing_about_its_staffs_company_phone_gives_its_own_footer_account():
    text = ("Hanse Kältetechnik GmbH\nTelefon 0421 9485060 · Telefax 0421 9485069\n\nSehr geehrte Damen und Herren,\n"
            "für das Diensthandy unseres Monteurs (Rufnummer\n0172 8179003) sind Roaminggebühren berechnet.\n"
            "Mit freundlichen Grüßen\nHeike Oltmanns\n\nHanse Kältetechnik GmbH · AG Bremen HRB 29410\n"
            f"Bankverbindung: Stadtsparkasse IBAN {IBAN_FMT}")
    fields = extract_from_text(text)
    assert (fields.phone_number, fields.iban) == ("+491728179003", IBAN)


def test_the_old_providers_number_after_there_is_not_ours():
    text = (f"ich habe bei Ihnen einen neuen Vertrag (Kundennummer {CN}) und möchte meine alte Nummer\n"
            f"0175 4286116 von Funkwelle mitnehmen. Dort lautet meine Kundennummer {OTHER_CN}, die Kündigung läuft.")
    fields = extract_from_text(text)
    assert (fields.customer_number, fields.phone_number) == (CN, "+491754286116")


def test_an_office_number_being_switched_off_loses_to_the_firms_paper():
    text = ("Frankenlicht GmbH\nTelefon 0911 37414-29\n\nSehr geehrte Damen und Herren,\nwir sind umgezogen.\n"
            "Die bisherige Büronummer 0911 56 74 70 wird zum Jahresende abgeschaltet.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+499113741429"


@pytest.mark.parametrize("sentence", ["Die Bank sagt, Sie hätten auch unter 0211 8782 2200 nachfragen können.",
                                      "Prozessbevollmächtigte: RAe Nowak & Kühn, Tel. 0221 7522186"])
def test_a_banks_or_a_creditors_lawyers_phone_is_not_the_customers(sentence):
    assert extract_from_text(f"Kundennummer {CN}\n{sentence}").phone_number is None


def test_a_survivors_own_number_is_hers_even_when_she_calls_it_my_number():
    text = (DEATH + "Er hatte bei Ihnen sein Handy, die Nummer ist 0175 535 337 04. Bitte kündigen Sie den Vertrag.\n"
            "Erreichen können Sie mich unter meiner eigenen Nummer 0171 360 494 64.")
    assert extract_from_text(text).phone_number == "+4917553533704"


def test_the_line_of_my_mother_in_a_relatives_letter_is_the_customers():
    text = ("meine Mutter ist verstorben. Bitte beenden Sie den Telefonanschluss meiner Mutter, Nummer 033712 4567.\n"
            "Für Rückfragen bin ich unter 0163 8822071 erreichbar.")
    assert extract_from_text(text).phone_number == "+49337124567"


def test_the_parents_account_on_the_line_above_does_not_colour_the_customers_new_one():
    text = ("bis jetzt haben meine eltern meinen handyvertrag bezahlt (abbuchung von deren konto\n"
            f"{OTHER_IBAN_FMT}) aber ab jetzt zahl ich selber\n\nmein neues konto: {IBAN_FMT} (ING)")
    assert extract_from_text(text).iban == IBAN


def test_a_representatives_account_labelled_alone_on_its_line():
    text = (f"Dem Schuldner steht ein Anspruch auf sein Konto {IBAN_FMT} zu. Zahlungen sind zu leisten, Konto ihres\n"
            f"Bevollmächtigten: {OTHER_IBAN_FMT}.")
    assert extract_from_text(text).iban == IBAN
