"""Values on forms: typed into boxes, or under a column heading instead of after a label.

Reply slips, SEPA mandates and porting forms give each digit or group its own box; printed, the
box rules are bars, and OCR hands them back as ``|``, ``[``, ``]`` or even as ``1``. Reference rows
and hand-over tables put the label above the value. Each case below was lost on a development
letter (round S: numbers on forms and across lines), as typed and after printing and OCR.
"""

import pytest
from stdnum import luhn

from station.fields import extract_from_lines, extract_from_text
from station.fields.form_boxes import without_box_rules
from station.fields.layout import lines_from_text, lines_from_words
from station.model import Word

CN, INVOICE = "4533314789", "9328804076"  # both pass Luhn: only the heading tells them apart
IBAN_OLD, IBAN_NEW = "DE77100100100123456789", "DE46500105170555666777"
assert luhn.is_valid(CN) and luhn.is_valid(INVOICE)


@pytest.mark.parametrize("row", [
    "Kundennummer   | 4 | 5 | 3 | 3 | 3 | 1 | 4 | 7 | 8 | 9 |",  # as typed
    "Kundennummer |4|5]3|3]3|1|4]7[8]9]",  # as OCR read the rules
    "Kundennummer\t14151313131114171819|",  # every rule read as 1: the check digit tells
    "Kundennummer     | 4533 | 3147 | 89 |",  # one group per box
])
def test_a_customer_number_typed_into_boxes(row):
    assert extract_from_text(row).customer_number == CN


def test_a_phone_number_in_an_area_code_box_and_a_number_box():
    assert extract_from_text("Vorwahl / Rufnummer   | 0171 |   | 5261720 |").phone_number == "+491715261720"
    row = "Rufnummer   | 0 | 1 | 5 | 2 |  /  | 7 | 1 | 8 | 1 | 4 | 7 | 8 | 1 |"
    assert extract_from_text(row).phone_number == "+4915271814781"


def test_an_iban_one_group_per_box():
    assert extract_from_text("IBAN   | DE46 | 5001 | 0517 | 0555 | 6667 | 77 |").iban == IBAN_NEW


def test_a_tables_separate_numbers_are_not_joined_by_its_rules():
    lines = without_box_rules(lines_from_text(f"| Rechnung | 88213344 | {CN} | 49,90 |"))
    assert f"88213344 {CN}" not in lines[0].text
    assert extract_from_lines(lines)[0].customer_number is None  # no label, no heading: not taken alone


def test_rules_ones_that_do_not_pass_the_check_digit_stay_digits():
    assert extract_from_text("Kundennummer\t14151313131114171818|").customer_number is None


def test_a_rewritten_box_row_keeps_the_word_boxes():
    words = [Word("Kundennummer", 100, 200, 300, 30, 96.0), Word("|4533|", 450, 200, 130, 30, 90.0),
             Word("3147|", 600, 200, 100, 30, 90.0), Word("89|", 720, 200, 60, 30, 90.0)]
    fields, hits = extract_from_lines(lines_from_words(words, 0, 3500))
    assert fields.customer_number == CN
    box = next(h.box for h in hits if h.name == "customer_number")
    assert box is not None and box.x == 450 and box.x + box.width == 780


def test_a_customer_number_under_its_heading_in_a_reference_row():
    text = ("Mahnung Nr.     Rechnung Nr.     Kunden-Nr.       Betrag     überwiesen am\n"
            f"M 55 018 224    {INVOICE[:4]} {INVOICE[4:8]} {INVOICE[8:]}     {CN[:4]} {CN[4:8]} {CN[8:]}     47,85 €    14.11.2026")
    assert extract_from_text(text).customer_number == CN


def test_an_invoice_number_under_its_heading_is_not_taken_alone():
    text = f"Rechnung Nr.     Datum\n{INVOICE}       14.11.2026"
    assert extract_from_text(text).customer_number is None


def test_the_number_under_a_telephone_heading_is_the_line_and_an_employers_column_is_not_a_clause():
    text = ("Kundennr.        Rufnr.               Personalnr. (Arbeitgeber)     Datum\n"
            f"{CN}       01595 118 48 73      P-004417                      06.12.2026\n\n"
            "Bitte um eine Vertragsbescheinigung für meinen Arbeitgeber.")
    fields = extract_from_text(text)
    assert (fields.customer_number, fields.phone_number) == (CN, "+4915951184873")


def test_a_porting_forms_number_at_the_losing_provider_is_not_ours():
    text = (f"Ihre neue Kundennummer bei uns    | {CN[:4]} | {CN[4:8]} | {CN[8:]} |\n"
            f"   Kundennummer beim Anbieter     | {INVOICE[:2]} {INVOICE[2:6]} {INVOICE[6:]}                     |")
    assert extract_from_text(text).customer_number == CN


def test_the_new_holders_column_of_a_hand_over_table_gives_the_account():
    text = ("                        Bisheriger Inhaber             Neuer Inhaber\n"
            "Name                    Lukas Brandt                   Mira Brandt\n"
            "Kontakt-Telefon         03834 55 12 08                 wie oben\n"
            "Bankverbindung          DE77 1001 0010 0123 4567 89    DE46 5001 0517 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEW


def test_the_account_named_for_the_debits_beats_one_printed_in_a_footer():
    text = ("Daten des neuen Inhabers: Uwe Mertens, Kirschbergstr. 9, 04159 Leipzig,\n"
            "Konto für die Abbuchung: DE46 5001 0517 0555 6667 77.\n"
            "Mit freundlichen Grüßen\nDruckerei KG\n"
            "Sparkasse · IBAN DE77 1001 0010 0123 4567 89 · AG Leipzig HRA 14552")
    assert extract_from_text(text).iban == IBAN_NEW


def test_a_son_writing_for_his_father_gives_the_fathers_account_for_the_refund():
    text = ("Thomas Kröger\nfür meinen Vater Herrn Heinz Kröger\nWodanstr. 61, 90461 Nürnberg\n\n"
            "Die abgebuchte Gebühr erstatten Sie bitte auf das Konto meines Vaters:\n"
            "Heinz Kröger, Sparkasse, DE46 5001 0517 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEW


def test_a_wifes_account_in_the_customers_own_letter_is_still_not_his():
    text = ("Bitte buchen Sie künftig vom Konto meiner Frau ab: DE46 5001 0517 0555 6667 77\n"
            f"Kundennummer {CN}")
    assert extract_from_text(text).iban is None


def test_a_check_digit_look_alike_and_an_l_for_a_one_in_the_same_iban():
    # "DE46" read "DE48" and a 1 read as l: the check digits are recomputed from the rest once l is a 1
    assert extract_from_text("IBAN: DE48 5001 05l7 0555 6667 77").iban == IBAN_NEW


def test_an_s_for_a_five_in_the_check_digits_is_read_as_the_digit():
    assert extract_from_text("IBAN: DEs2 5001 0517 0001 0000 08").iban == "DE52500105170001000008"


def test_a_leading_zero_read_as_o_before_a_number_grouped_in_pairs():
    text = "Ich kündige meinen Vertrag für das Handy mit der Nummer O1 76 - 83 37 98 12 zum nächsten Termin."
    assert extract_from_text(text).phone_number == "+4917683379812"


def test_a_letter_read_among_an_ibans_digits_is_the_one_dropped():
    # "DES52 ...": three single deletions pass mod 97, one of them drops the letter
    text = "sondern von meinem neuen Konto bei der Sparkasse Hannover:\nDES52 2505 0180 6355 5858 29"
    assert extract_from_text(text).iban == "DE52250501806355585829"


def test_an_area_code_and_a_number_in_two_columns_after_a_telephone_label():
    assert extract_from_text("Rufnummer\t0171\t2999753").phone_number == "+491712999753"


def test_a_dotted_date_with_a_misread_month_is_no_telephone_number():
    assert extract_from_text("durch Beschluss des Amtsgerichts vom 02.19.2028 (Az. 612 XVII) zur").phone_number is None


def test_a_box_row_whose_inner_rules_ocr_lost():
    assert extract_from_text("Kundennummer\t| 4\t533314789]").customer_number == CN


# --- a form's rows chosen by a ticked box ---------------------------------------------------------

@pytest.mark.parametrize("ticked, empty", [("[x]", "[ ]"), ("☒", "☐"), ("[3%]", "[]")])  # the last as OCR reads them
def test_the_line_in_the_row_with_the_ticked_box_is_the_one_meant(ticked, empty):
    text = ("Bitte kündigen Sie nur die angekreuzte Karte:\n"
            "  Kündigen   Rufnummer          Tarif\n"
            f"  {empty}        0151 2876 4410     Smart L\n"
            f"  {ticked}        0176 3309 2185     Smart M\n")
    assert extract_from_text(text).phone_number == "+4917633092185"


def test_boxes_that_are_all_empty_choose_nothing_between_the_rows():
    text = ("Unsere Karten:\n"
            "  [ ]  0151 2876 4410   Smart L\n"
            "  [ ]  0176 3309 2185   Smart M\n")
    # no tick, and two lines listed alike: no single number is meant
    assert extract_from_text(text).phone_number is None
