"""Fields as OCR hands them over: lines broken where the page ran out, labels and digits misread,
punctuation read as words of their own, a short letter's footer right under the signature.

The text path sees a letter as it was written; a scan of it is re-wrapped by the page width and
read by Tesseract. Each test below is a way a value was lost or a wrong one taken only after OCR.
"""

import pytest
from stdnum import luhn

from station.fields import extract_from_lines, extract_from_text
from station.fields.layout import lines_from_words
from station.model import Word


def cn(body: str) -> str:
    return body + luhn.calc_check_digit(body)


CN = cn("457155467")
DECOY = cn("268347727")  # a Luhn-valid return number on the same letter: only a label tells them apart


# --- a phone number whose first part alone is too short to be one ---------------------------------

@pytest.mark.parametrize("lead", ["Rufen Sie mich gern an: 0176/24", "Herr Seidel ist Kunde mit dem Anschluss 0176"])
def test_a_number_broken_by_the_page_width_after_a_phone_phrase_is_joined(lead):
    rest = "68 13 57." if lead.endswith("/24") else "2468 1357."
    text = f"Sehr geehrte Damen und Herren,\n{lead}\n{rest}\nMit freundlichen Grüßen"
    assert extract_from_text(text).phone_number == "+4917624681357"


def test_a_short_fragment_is_not_joined_with_a_new_item_on_the_next_line():
    text = "Rufen Sie mich gern an: 0176/24\n68 Anlagen liegen bei"
    assert extract_from_text(text).phone_number is None


def test_a_zero_read_as_a_copyright_sign_is_repaired_when_the_number_is_then_valid():
    text = "ich möchte kündigen. Es geht um die Handynummer © 17 1 - 34 96 52 8.\nMit freundlichen Grüßen"
    assert extract_from_text(text).phone_number == "+491713496528"


# --- a customer-number label OCR misread --------------------------------------------------------

@pytest.mark.parametrize("label", ["Kunden-Ne:", "Kunden-No", "Kunden-N@", "Kd.-Ne"])
def test_a_misread_nr_after_kunden_still_labels_the_number(label):
    text = f"Rücksendung Leihrouter\n{label} {CN[:4]} {CN[4:8]} {CN[8:]}\nRetourennummer: {DECOY}\nHallo,"
    assert extract_from_text(text).customer_number == CN


def test_words_that_only_begin_like_the_label_are_not_one():
    text = f"Kunden-Nähe ist uns wichtig {CN}\nRetourennummer: {DECOY}"
    assert extract_from_text(text).customer_number is None  # two unlabelled valid numbers: ambiguous


# --- the other sender's paper ---------------------------------------------------------------------

def test_a_short_letters_footer_just_below_the_signature_is_the_firms_not_the_customers():
    # The text path puts the last line at the page's bottom; blank lines after the footer stand
    # for the empty rest of a short letter's page, so the footer sits in its upper two thirds.
    text = ("Seniorenresidenz Am Schlosspark gGmbH\nParkweg 2 - 73728 Esslingen\n\nSehr geehrte Damen und Herren,\n"
            "ich bin umgezogen, bitte schicken Sie die Post hierher.\n\nVielen Dank und freundliche Grüße\n"
            "Gertrud Schöneich\n\nKreissparkasse Esslingen - IBAN DE24 7002 0270 3476 0129 45 - Amtsgericht Stuttgart\n"
            "HRB 7341" + "\n" * 12)
    assert extract_from_text(text).iban is None


def test_a_customers_ps_with_new_bank_details_below_the_signature_is_still_hers():
    text = ("Sehr geehrte Damen und Herren,\nbitte buchen Sie künftig von meinem neuen Konto ab.\n\n"
            "Mit freundlichen Grüßen\nGertrud Schöneich\n\nBankverbindung: IBAN DE24 7002 0270 3476 0129 45"
            + "\n" * 12)
    assert extract_from_text(text).iban == "DE24700202703476012945"


@pytest.mark.parametrize("form", ["ggmbH", "GGMBH", "gmbh"])
def test_a_legal_form_in_any_case_marks_a_letterhead(form):
    text = (f"Seniorenresidenz Am Schlosspark {form}\nParkweg 2 - 73728 Esslingen - Tel. 0711 3965200\n\n"
            "Sehr geehrte Damen und Herren,\nunsere Bewohnerin zieht um.\nMit freundlichen Grüßen")
    assert extract_from_text(text).phone_number is None


# --- OCR word boxes -----------------------------------------------------------------------------------

def test_a_hyphen_between_number_groups_is_not_taken_for_a_column_gap():
    # Tesseract gives the hyphen its own flat box; measured by that box's height the ordinary space
    # around it looked like a table gap, and the number was cut in two by a tab.
    words = [Word("Mobil:", 100, 300, 120, 30, 95.0), Word("0171", 240, 300, 90, 30, 95.0),
             Word("-", 350, 312, 14, 4, 90.0), Word("490", 384, 300, 70, 30, 95.0),
             Word("366", 470, 300, 70, 30, 95.0), Word("21", 556, 300, 44, 30, 95.0)]
    lines = lines_from_words(words, 0, 3500)
    assert "\t" not in lines[0].text
    assert extract_from_lines(lines)[0].phone_number == "+4917149036621"


def test_a_real_column_gap_still_separates():
    words = [Word("Telefon", 100, 300, 150, 30, 95.0), Word("0171", 1200, 300, 90, 30, 95.0)]
    assert "\t" in lines_from_words(words, 0, 3500)[0].text


# --- more of the same, from development letters read through OCR ----------------------------------

def test_a_phone_fragment_whose_label_ends_the_line_above_is_joined():
    text = ("ich wechsle den Anbieter und möchte meine Prepaid-Nummer mitnehmen,\nalso die 0176 317\n"
            "16471. Ein Vertrag mit Kundennummer besteht nicht.")
    assert extract_from_text(text).phone_number == "+4917631716471"


def test_an_iban_with_one_character_too_many_behind_an_account_word_is_repaired():
    text = "habe ich am 14.11.2026 von meinem Konto DEO89 3704 0044 0532 0130 00 auf Ihr Konto überwiesen."
    assert extract_from_text(text).iban == "DE89370400440532013000"


def test_a_misread_customer_id_label_and_an_order_number_beside_it():
    text = f"Dear Sir or Madam,\nEustomerlD . {CN}\nOrder number .......... {DECOY}\nPhone number .... 0049 1590 784 8027"
    assert extract_from_text(text).customer_number == CN


def test_a_reference_row_whose_columns_ocr_closed_up():
    text = f"Ihr Zeichen Ihre Nachricht vom Mein Zeichen Datum\n{CN} 14.10.2026 JB/Ehe 26.11.2026\nNamensänderung"
    assert extract_from_text(text).customer_number == CN


def test_a_file_number_whose_label_ends_the_line_above_is_not_taken_alone():
    text = (f"Meine NM: {CN}\nich habe ein Schreiben der Inkasso Rheinland bekommen (Aktenzeichen\n"
            f"{DECOY}, Tel. 02151 857 88 24), die Geld von mir haben will.")
    assert extract_from_text(text).customer_number == CN


def test_a_charitys_footer_below_the_signature_on_a_short_fax():
    text = ("Sehr geehrte Damen und Herren,\nHerr Kluge befindet sich in unserer Beratung.\n\nMit freundlichen Grüßen\n"
            "Kerstin Lorenz\n\nDiakonisches Werk e. V. - Vereinsregister AG Braunschweig VR 1187\n"
            "Bankverbindung: SozialBank - IBAN DE89 3704 0044 0532 0130 00" + "\n" * 12)
    assert extract_from_text(text).iban is None


def test_a_line_that_drifts_down_across_a_slanted_page_stays_one_row():
    # Each line drifts 40 px from left to right (a 1.3 degree slant the deskew left); the lines are
    # 55 px apart, so the right end of one line lies lower than the left start of the next.
    def line(words: list[str], top: int) -> list[Word]:
        return [Word(t, 100 + 200 * i, top + 10 * i, 150, 32, 95.0) for i, t in enumerate(words)]

    words = (line(["I", "would", "ask", "to", "close", "(number"], 1200)
             + line(["0157", "90186186)", "with", "effect", "from"], 1255))
    lines = lines_from_words(words, 0, 3500)
    assert [l.text for l in lines] == ["I would ask to close (number", "0157 90186186) with effect from"]


def test_an_organisations_bank_line_below_its_closing_is_its_own():
    text = ("Finanzamt Leipzig II\nSteuernummer: 232/118/07741\n\nSehr geehrte Damen und Herren,\n"
            "der Vertrag wird bei Ihnen unter der Kundennummer 5530899532 geführt. Bitte um Auskunft.\n"
            "Mit freundlichen Grüßen\nIm Auftrag\nKunze\n\n"
            "Bankverbindung: Deutsche Bundesbank, IBAN DE89 3704 0044 0532 0130 00" + "\n" * 12)
    assert extract_from_text(text).iban is None


@pytest.mark.parametrize(("conf", "expected"), [(96.0, "+4976117162520"), (28.7, None)])
def test_a_phone_number_read_with_low_ocr_confidence_is_not_taken(conf, expected):
    # "171" read as "191" at confidence 29 made a different valid number; a phone has no check
    # digit, so only the OCR's own confidence can warn.
    words = [Word("Telefon:", 100, 300, 160, 32, 95.0), Word("0761", 280, 300, 90, 32, 96.0),
             Word("171", 390, 300, 70, 32, conf), Word("62520", 480, 300, 120, 32, 96.0)]
    assert extract_from_lines(lines_from_words(words, 0, 3500))[0].phone_number == expected


# --- an IBAN's check digits misread ---------------------------------------------------------------

@pytest.mark.parametrize("read", ["IBAN DE83 7605 0101 3926 6219 85.", "IBAN DE8B 7605 0101 3926 6219 85."])
def test_a_check_digit_read_as_its_look_alike_is_recomputed_from_the_rest(read):
    assert extract_from_text(read).iban == "DE88760501013926621985"


def test_a_check_digit_that_is_no_look_alike_is_not_repaired():
    assert extract_from_text("IBAN DE84 7605 0101 3926 6219 85.").iban is None


def test_check_digits_are_only_recomputed_behind_an_account_label():
    assert extract_from_text("Vorgang DE83 7605 0101 3926 6219 85").iban is None


def test_a_4_read_as_a_in_the_check_digits():
    assert extract_from_text("Kontoinhaber Jannik Oltmanns, IBAN DEA2 7605 0101 0409 0833 92.").iban == \
        "DE42760501010409083392"


def test_a_handsets_number_label_with_nr_misread():
    text = ("KÜNDIGUNG\nKunden-N®: 73 6216 8366\nHandy-N®: 0176 / 25 15 88 57\n\nSehr geehrte Damen und Herren,\n"
            "mein Mann ist verstorben, die Sterbeurkunde liegt bei. Rufen Sie mich an: 02151 964861.")
    assert extract_from_text(text).phone_number == "+4917625158857"


def test_an_account_called_old_right_after_it_is_not_taken_when_the_new_one_is_unreadable():
    text = ("Please change my bank details.\n  DE89 3704 0044 0532 0130 00   (old, closing 31.12.2026)\n"
            "  New account:\n  IBAN:   DHI6;- 5001 0517 7695 2279 63")
    assert extract_from_text(text).iban is None


def test_a_firms_footer_below_a_letter_signed_without_a_closing_phrase_is_its_own_paper():
    text = ("Elektro Vogt GmbH | Schillerstraße 19 | 71638 Ludwigsburg\n\nKundennummer: 3281045579\n\n"
            "Sehr geehrte Damen und Herren,\nbitte ziehen Sie die Beträge für unsere Mobilfunkverträge ab Januar von "
            "folgendem Konto ein:\n\nIBAN: DE89 3704 0044 0532 0130 00\n\nDas bisherige Konto wird aufgelöst.\n\n"
            "Ludwigsburg, 02.12.2026\nThomas Vogt, Geschäftsführer\n\n"
            "Elektro Vogt GmbH - AG Stuttgart HRB 204417 - USt-IdNr DE198845301\n"
            "Bankverbindung: Sparkasse Dortmund - IBAN DE02 1203 0000 0000 2020 51")
    assert extract_from_text(text).iban == "DE89370400440532013000"


def test_a_phone_number_whose_rest_is_all_the_next_line_holds_is_joined():
    # a long footer line wrapped by the page width: "0421 1762" alone is a valid, wrong number
    text = "Bitte rufen Sie mich zurück: Seidel & Brandt GmbH - 28203 Bremen - Tel. 0421 1762\n5530\n"
    assert extract_from_text(text).phone_number == "+4942117625530"


def test_a_trunk_zero_in_brackets_and_stray_dots_after_the_line_label():
    text = "Handyshop Neckar - Tel. 06221 33851-0\n\nRufnummer:\t+49 (0) 15.2. 0123 4567\nDie Kundin wünscht die Mitnahme."
    assert extract_from_text(text).phone_number == "+4915201234567"


# --- letters a fax makes of an IBAN's digits, each standing for one of several ----------------------

@pytest.mark.parametrize("read, meant", [
    ("neu: Sparkasse Hannover DEs9 2505 0180 0031 4159 26", "DE89250501800031415926"),  # s for 8, not 5
    ("das Konto DE66 2505 0180 0087 b543 21 bei der Sparkasse", "DE66250501800087654321"),  # b for 6
    ("IBAN DE27 2505 Ol80 OO12 3456 7B", "DE27250501800012345678"),
])
def test_letters_among_the_digits_are_resolved_by_the_checksum(read, meant):
    assert extract_from_text(read).iban == meant


def test_a_country_code_read_half_wrong_is_repaired_only_behind_an_iban_label():
    assert extract_from_text("IBAN\tDL:27\t2505 0180 0012 3456 78").iban == "DE27250501800012345678"
    assert extract_from_text("Vorgang DL:27 2505 0180 0012 3456 78").iban is None


def test_letters_whose_readings_all_fail_the_checksum_give_no_iban():
    assert extract_from_text("IBAN DEs9 2505 0180 0031 4159 27").iban is None


def test_a_check_digit_read_surely_is_not_recomputed():
    # OCR was sure of "DE83": the checksum's complaint is likelier a misread account digit ("6" as "5")
    words = [Word("IBAN", 100, 300, 90, 32, 95.0), Word("DE83", 210, 300, 90, 32, 96.0), Word("7605", 310, 300, 90, 32, 96.0),
             Word("0101", 410, 300, 90, 32, 96.0), Word("3926", 510, 300, 90, 32, 96.0),
             Word("6219", 610, 300, 90, 32, 96.0), Word("85", 710, 300, 45, 32, 96.0)]
    assert extract_from_lines(lines_from_words(words, 0, 3500))[0].iban is None
    words[1] = Word("DE83", 210, 300, 90, 32, 31.0)  # unsure of it: its twin may be meant
    assert extract_from_lines(lines_from_words(words, 0, 3500))[0].iban == "DE88760501013926621985"


def test_an_iban_grouped_in_threes_with_a_check_digit_read_as_s():
    assert extract_from_text("PS. Haspa\tDES 020 050 550 902 991 3100").iban == "DE90200505509029913100"


def test_the_old_account_is_not_taken_when_the_new_one_was_unreadable():
    text = ("von meinem alten Konto DE64 3705 0198 0123 4567 89, das ich zum 30.11.\n"
            "auflöse. Bitte erstatten Sie den Betrag auf mein neues Konto bei der Sparkasse\n"
            "KölnBonn:\tDESO 3105 0198 1932\n1165 61. Das neue Konto gilt ab sofort auch für die Abbuchungen.\n")
    assert extract_from_text(text).iban is None
    # an heir's account the finder leaves out was read: the dead customer's old one still counts
    text = ("Die Beiträge wurden bisher von seinem Konto DE64 3705 0198 0123 4567 89 abgebucht; das Konto\n"
            "wird aufgelöst. Ein Guthaben überweisen Sie bitte auf mein Konto\n"
            "DE69 3705 0198 0555 6667 77 (ich bin Alleinerbe, Erbschein folgt). Mein Vater ist verstorben.\n")
    assert extract_from_text(text).iban == "DE64370501980123456789"


# --- an IBAN's first characters as a scan or fax spoils them -----------------------------------------

IBAN = "DE89370400440532013000"  # Commerzbank Köln


@pytest.mark.parametrize("read, iban", [
    ("DED?8 3704 0044 0532 0130 03", "DE08370400440532013003"),  # the check digits' 0 read as D, a stray mark beside it
    ("DEO89 3704 0044 0532 0130 00", IBAN),  # a letter O put into the check digits, no label in sight
])
def test_an_iban_whose_check_digits_ocr_spoiled_is_repaired_when_the_checksum_confirms(read, iban):
    text = f"Sehr geehrte Damen und Herren,\nbitte buchen Sie künftig ab von\n{read} (Commerzbank).\nDanke"
    assert extract_from_text(text).iban == iban


def test_an_iban_whose_d_the_scan_lost_at_the_line_start_is_read_when_the_checksum_confirms():
    text = "Sehr geehrte Damen und Herren,\nbitte buchen Sie künftig ab von\nE89 3704 0044 0532 0130 00 (Commerzbank).\nDanke"
    assert extract_from_text(text).iban == IBAN
    wrong = text.replace("0130 00", "0130 01")  # one digit off: no D makes it valid
    assert extract_from_text(wrong).iban is None


# --- a phone number whose separator OCR made into something else ------------------------------------

def test_a_quote_read_for_the_slash_of_a_line_after_its_label_is_repaired():
    text = "Sehr geehrte Damen und Herren,\nes geht um den Anschluss 0211:'3920600”, der gestört ist.\nGruß"
    assert extract_from_text(text).phone_number == "+492113920600"


def test_a_slash_read_for_the_seven_of_a_mobile_prefix_is_repaired_after_a_label():
    assert extract_from_text("Vertragsübernahme\nRufnummer:\t01/2 9138157\nDanke").phone_number == "+491729138157"
    # a slash after a whole prefix is how people write numbers, and stays a separator
    assert extract_from_text("Vertragsübernahme\nRufnummer:\t0172/9138157\nDanke").phone_number == "+491729138157"
