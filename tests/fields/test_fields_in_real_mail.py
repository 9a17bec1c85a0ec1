"""Fields as real mail carries them: broken across lines, misread by OCR, next to other senders' numbers.

Every value below must be confirmed by its checksum (IBAN mod 97, the customer number's Luhn digit)
or by libphonenumber before it is taken; when a repair or a join is not confirmed, nothing is taken.
"""

import pytest
from schwifty import IBAN as Iban
from stdnum import luhn

from station.config import Settings
from station.fields import extract_from_text

IBAN = "DE89370400440532013000"  # a valid German IBAN (checksum 89)


def cn(body: str) -> str:
    """A valid customer number: nine digits plus their Luhn check digit."""
    return body + luhn.calc_check_digit(body)


CN = cn("418203957")
OTHER = cn("907711236")  # another valid number in the same letter: the label must decide


# --- values that continue on the next line -------------------------------------------------------------

def test_customer_number_broken_after_a_group_is_joined_when_the_check_digit_holds():
    text = (f"Sehr geehrte Damen und Herren,\nbitte buchen Sie die Gutschrift auf meine Kundennummer {CN[:4]} {CN[4:7]}\n"
            f"{CN[7:]} und schicken Sie mir eine Bestätigung.\nMit freundlichen Grüßen\nHelga Brenner")
    assert extract_from_text(text).customer_number == CN


def test_a_join_the_check_digit_refutes_is_not_taken():
    wrong_tail = str((int(CN[7:]) + 1) % 1000).zfill(3)
    text = f"Kundennummer {CN[:4]} {CN[4:7]}\n{wrong_tail} Euro wurden zu viel abgebucht."
    assert extract_from_text(text).customer_number is None


def test_label_ending_a_long_sentence_with_the_number_on_the_next_line():
    text = (f"Ihr Zeichen {OTHER}\n"
            "ich wende mich heute an Sie, weil ich seit Wochen auf eine Antwort warte, und zwar zu meiner Kundennr.\n"
            f"lautet {CN[:5]} {CN[5:]}, und bitte um Rückruf.")
    assert extract_from_text(text).customer_number == CN


def test_phone_number_continuing_on_the_next_line_after_its_label():
    text = "Sie erreichen mich tagsüber unter der Rufnummer 0176\n29 48 17 35, am besten nach 16 Uhr."
    assert extract_from_text(text).phone_number == "+4917629481735"


def test_iban_broken_after_a_group():
    text = f"Bitte buchen Sie künftig von meinem neuen Konto ab, IBAN {IBAN[:4]} {IBAN[4:8]} {IBAN[8:12]}\n" \
           f"{IBAN[12:16]} {IBAN[16:20]} {IBAN[20:]} bei der Sparkasse."
    assert extract_from_text(text).iban == IBAN


# --- OCR confusions, repaired only when a checksum or libphonenumber confirms -----------------------------

def test_iban_with_an_inserted_digit_is_repaired_by_the_checksum():
    noisy = f"{IBAN[:4]} {IBAN[4:8]} {IBAN[8:11]}7{IBAN[11:12]} {IBAN[12:16]} {IBAN[16:20]} {IBAN[20:]}"
    assert extract_from_text(f"Meine neue IBAN: {noisy}").iban == IBAN


def test_an_iban_that_no_single_deletion_repairs_is_not_taken():
    assert extract_from_text("Meine neue IBAN: DE89 3704 0044 0532 0130 0077").iban is None


def test_phone_with_a_colon_and_letter_confusions_is_repaired_when_valid():
    assert extract_from_text("Tel.: 0176: 2948 1735").phone_number == "+4917629481735"
    assert extract_from_text("Mobil: Ol76 Z948 I735").phone_number == "+4917629481735"
    assert extract_from_text("Telefon: O3O 8S 12 34 B7").phone_number == "+49308512348" + "7"


def test_a_repair_libphonenumber_does_not_confirm_is_not_taken():
    assert extract_from_text("Tel.: 0O0: 12").phone_number is None


def test_customer_number_with_z_for_two_is_repaired_when_the_check_digit_holds():
    number = cn("222333444")
    assert extract_from_text(f"Kundennummer {number.replace('2', 'Z')}").customer_number == number


# --- customer numbers behind other labels -----------------------------------------------------------------

@pytest.mark.parametrize("label", ["Kd.-Nr.:", "Kundenkonto", "Vertragskonto", "Kunden-Nr.", "customer number",
                                   "Customer No.", "Account number:", "meine Nummer bei Ihnen lautet"])
def test_labels_other_than_kundennummer(label):
    text = (f"Ihr Schreiben mit dem Zeichen {OTHER} habe ich erhalten.\n"
            f"{label} {CN}\nBitte prüfen Sie den Vorgang.")
    assert extract_from_text(text).customer_number == CN


# --- numbers that are not the customer's ------------------------------------------------------------------

def test_fax_header_sender_number_at_the_top_and_bottom_is_ignored():
    text = ("Mar-14-2025 09:17AM   Kanzlei Wendt   +49 40 3344556   p.1\n"
            "Sehr geehrte Damen und Herren,\nanbei das gewünschte Schreiben.\nMit freundlichen Grüßen\n"
            "Empfangen: 14.03.2025 09:18   Von: 040 3344556   Seite 1/1")
    assert extract_from_text(text).phone_number is None


def test_fax_header_on_the_second_page_is_ignored():
    text = ("Sehr geehrte Damen und Herren,\nmeine Kundennummer ist " + CN + ".\n\f"
            "14.03.2025 09:19 FAX 040 3344556 S. 2/2\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number is None


FIRM_IBAN = Iban.generate("DE", bank_code="10070848", account_code="0123456789").formatted


def test_lawyer_letterhead_and_footer_numbers_are_not_the_customers():
    text = ("Rechtsanwälte Falk & Osterberg\nSchlüterstraße 20 · 10625 Berlin\nTel. 030 8857120 · Fax 030 8857129\n\n"
            "Mobilfunk AG\nKundenservice\n\nBerlin, 12.03.2025\n\n"
            f"Unser Mandant Erwin Sattler, Kundennummer {CN}\n\n"
            "Sehr geehrte Damen und Herren,\nwir zeigen an, dass wir Herrn Sattler vertreten. Bitte richten Sie\n"
            "Ihre Korrespondenz künftig an uns.\n\nMit freundlichen Grüßen\nDr. Falk\nRechtsanwalt\n\n"
            f"Bankverbindung: Berliner Bank IBAN {FIRM_IBAN} · Steuer-Nr. 27/512/34567")
    fields = extract_from_text(text)
    assert fields.phone_number is None
    assert fields.iban is None
    assert fields.customer_number == CN


def test_authority_letterhead_number_loses_but_the_customers_number_in_the_body_is_taken():
    text = ("Landratsamt Oberhavel · Ordnungsamt\nAdolf-Dechert-Str. 1 · 16515 Oranienburg\n"
            "Telefon 03301 6010 · Fax 03301 601080\n\n\n"
            "Sehr geehrte Damen und Herren,\nfür Rückfragen zu dem Vorgang ist die Betroffene, Frau Lange,\n"
            "unter 0157 31542877 erreichbar.\n\nMit freundlichen Grüßen\nIm Auftrag\nKrüger")
    assert extract_from_text(text).phone_number == "+4915731542877"


def test_company_footer_phone_is_ignored():
    text = ("Sehr geehrte Damen und Herren,\nwir senden Ihnen die Unterlagen wie besprochen zurück.\n"
            "Mit freundlichen Grüßen\nBauer Haustechnik\n\n\n"
            "Bauer Haustechnik GmbH · Sitz: Kassel · Amtsgericht Kassel HRB 4471\n"
            "Geschäftsführer: Jens Bauer · Tel. 0561 7380 20 · USt-IdNr. DE 123456789")
    assert extract_from_text(text).phone_number is None


def test_a_private_writers_own_letterhead_phone_is_still_taken():
    text = ("Ingrid Roth · Talstraße 8 · 79102 Freiburg · Tel. 0761 4471203\n\n"
            "Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number == "+497614471203"


def test_a_transfer_slip_high_on_a_short_page_is_not_a_letterhead():
    text = ("Sehr geehrte Damen und Herren,\nden Betrag habe ich überwiesen, der Beleg liegt bei.\n\n"
            f"Empfänger: Mobilfunk AG IBAN {FIRM_IBAN}\nAuftraggeber: Rita Sommer IBAN {IBAN}\n"
            + "\n" * 20 + "Mit freundlichen Grüßen\nRita Sommer")
    assert extract_from_text(text, Settings(own_ibans=[FIRM_IBAN])).iban == IBAN


def test_a_label_hyphenated_at_the_line_end_still_labels_the_number():
    text = f"Ihr Zeichen {OTHER}\nich bitte um Prüfung meines Kontos mit der Kunden-\nnummer {CN} und um Antwort."
    assert extract_from_text(text).customer_number == CN


def test_a_letterhead_on_an_airy_page_is_still_told_apart_from_the_letter():
    """Blank lines between every block make the median gap a paragraph gap; the letterhead is
    found by the line pitch inside blocks, so a bailiff's number is not taken as the customer's."""
    text = ("04.12.2026 11:58  FAX +49 211 8304417  GV Brandt  S. 01/03\n\n"
            "Obergerichtsvollzieherin Sandra Brandt\nAmtsgericht Düsseldorf – Geschäftsstelle\n"
            "Mühlenstraße 34, 40213 Düsseldorf\nTel. 0211 8304-410 · Fax 0211 8304-417\n\n"
            "DR II 3318/26\n\nBenachrichtigung von der bevorstehenden Pfändung\n\nIn der Sache\n\n"
            "gegen\n\nHerrn Kevin Dombrowski\n\nsteht der Gläubigerin eine Forderung zu.\n\n"
            "Die Gläubigerin wird die Forderungen des Schuldners gegen Sie pfänden.\n"
            "Sie werden aufgefordert, nicht mehr an den Schuldner zu zahlen.\n\nBrandt\nObergerichtsvollzieherin\n")
    assert extract_from_text(text).phone_number is None


def test_a_bank_details_remark_in_the_last_paragraph_is_not_a_footer():
    text = ("Sehr geehrte Damen und Herren,\n\nwir ziehen zum 15.12. um, die neue Anschrift steht oben.\n\n"
            + "\n" * 24 + "Am Vertrag und der Bankverbindung ändert sich nichts. Sie erreichen mich\n"
            "mobil unter 0176 66613336.\n\nViele Grüße\nDennis Vollmer")
    assert extract_from_text(text).phone_number == "+4917666613336"


# --- forms and run-on sentences ---------------------------------------------------------------------------

def test_a_customer_number_written_on_a_form_rule_is_found():
    text = ("Änderungsformular – bitte in Druckschrift ausfüllen\n\n"
            f"Kundennummer: ____{CN}_______   Rufnummer: __0171 4438210_____\n"
            "Name: ___Petra Lenz______________\n__________________________\nUnterschrift")
    fields = extract_from_text(text)
    assert fields.customer_number == CN
    assert fields.phone_number == "+491714438210"


def test_a_number_glued_to_a_form_rule_is_highlighted_in_its_ocr_word():
    from station.fields import extract_from_lines
    from station.fields.layout import lines_from_words
    from station.model import Box, Word

    words = [Word("Kundennummer:", 100, 200, 260, 30, 95.0), Word(f"___{CN}___", 380, 200, 300, 30, 90.0)]
    _, hits = extract_from_lines(lines_from_words(words, 0, 3500))
    assert [(h.name, h.value, h.box) for h in hits] == [("customer_number", CN, Box(380, 200, 300, 30))]


def test_the_number_on_your_letters_broken_over_a_line_end_in_a_run_on_sentence():
    text = ("mein Mann ist verstorben, und ich bitte Sie, seinen Vertrag zu beenden, das Handy brauche ich\n"
            f"nicht. Die Nummer auf Ihren Rechnungen an ihn war immer {CN[:5]}\n"
            f"{CN[5:]}, so steht es oben rechts, bitte schreiben Sie mir.")
    assert extract_from_text(text).customer_number == CN


@pytest.mark.parametrize("label", ["Handynummer", "Telefonnummer", "Tel.-Nr.", "mobile"])
def test_a_compound_phone_label_ending_the_line_joins_the_number_with_the_next_line(label):
    text = f"Für Rückfragen erreichen Sie mich unter meiner {label} 0176\n133 882 10, gern auch abends."
    assert extract_from_text(text).phone_number == "+4917613388210"


@pytest.mark.parametrize("holder", ["Gärtnerei Lutz", "Lutz Gartenbau GmbH & Co. KG"])  # "Co." ends no sentence
def test_the_sentence_naming_the_new_account_decides_when_the_iban_stands_on_its_own_line(holder):
    old = Iban.generate("DE", bank_code="50010517", account_code="0648489890").compact
    text = ("Bitte buchen Sie nicht mehr von unserem bisherigen Konto ab, sondern von unserem neuen Konto:\n"
            f"Kontoinhaber: {holder}\nKreditinstitut: Sparkasse Ulm\nIBAN: {IBAN}\n\n"
            f"Auf unserem Briefpapier steht noch die Bankverbindung IBAN {old}.")
    assert extract_from_text(text).iban == IBAN
