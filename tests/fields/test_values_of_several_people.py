"""Letters naming several people's values, and numbers grouped or broken in ways a finder can misjudge.

Each case is a sentence shape seen in hand-written development letters (rounds n and p); the values
here are fresh. Where a letter holds a relative's number next to the writer's own, only the writer's
(the customer's) is indexed; where nothing tells them apart, nothing is.
"""

from station.fields import extract_from_text

CN, HUSBANDS_CN = "3281045579", "5519283740"
IBAN, WIFES_IBAN = "DE89370400440532013000", "DE02120300000000202051"


# --- numbers grouped or broken unusually ---------------------------------------------------------

def test_a_phone_grouped_in_pairs_is_not_taken_for_a_date():
    assert extract_from_text("Kunde Nummer: 32810 45579\nTel: 0170-26-77-845").phone_number == "+491702677845"


def test_a_real_date_next_to_a_phone_number_is_still_not_a_phone_number():
    text = "Am 03.12.2026 rief ich an, meine Handynummer: 0170 2677845"
    assert extract_from_text(text).phone_number == "+491702677845"


def test_a_phone_broken_at_the_line_end_in_a_long_sentence_naming_the_number():
    text = ("Die Rufnummer, die mir zugeteilt wurde, lautet 0173 24\n"
            "10078; bitte schalten Sie sie ab und buchen Sie nichts mehr ab.")
    assert extract_from_text(text).phone_number == "+491732410078"


def test_a_leading_zero_read_as_the_letter_o():
    text = "Unsere neue Zentrale ist ab dann unter O511 7419343 erreichbar."
    assert extract_from_text(text).phone_number == "+495117419343"


# --- the writer's customer number next to a relative's --------------------------------------------

def test_my_customer_number_beats_my_husbands():
    text = (f"meine Kundennummer: {CN}\n\nMein Mann ist auch Kunde bei Ihnen (seine Kundennummer ist "
            f"{HUSBANDS_CN}).\nBitte legen Sie unsere Verträge nicht zusammen.")
    assert extract_from_text(text).customer_number == CN


def test_a_possessive_a_few_words_before_the_label():
    text = (f"Meine Kundennummer: {CN}\n\nMeine Mutter ist verstorben. Ich habe Ihnen die Sterbeurkunde "
            f"geschickt, zu ihrem Vertrag mit der Kundennummer {HUSBANDS_CN}.")
    assert extract_from_text(text).customer_number == CN


def test_a_relatives_number_in_a_sentence_about_him():
    text = (f"Kundennummer {CN}\nMobilnummer 0159 93260744\n\nSehr geehrte Damen und Herren,\n"
            f"ich habe geheiratet.\nMein Mann, Jonas Hoffmann, ist ebenfalls Ihr Kunde (Kundennummer {HUSBANDS_CN}, "
            "Handy\n0170 12097879). Das möchten wir so lassen.")
    fields = extract_from_text(text)
    assert (fields.customer_number, fields.phone_number) == (CN, "+4915993260744")


def test_two_numbers_both_called_mine_stay_ambiguous():
    text = f"meine Kundennummer: {CN}\nmeine alte Kundennummer war {HUSBANDS_CN}"
    assert extract_from_text(text).customer_number is None


# --- accounts and phones of relatives -------------------------------------------------------------

def test_a_wifes_old_account_loses_to_the_writers_own():
    text = ("Bisher haben Sie die Beträge vom Konto meiner Frau abgebucht\n"
            "(DE02 1203 0000 0000 2020 51, Inhaberin Nadine Becker). Bitte buchen\n"
            "Sie ab der nächsten Rechnung nur noch von meinem eigenen Konto ab:\n\n"
            "IBAN DE89 3704 0044 0532 0130 00")
    assert extract_from_text(text).iban == IBAN


def test_a_widows_reference_line_names_the_deceaseds_handset():
    text = ("Ursula Frank\nHülser Str. 416\n47803 Krefeld\n\nKÜNDIGUNG\nKunden-Nr.: 73 6216 8366\n"
            "Handy-Nr.: 0176 / 25 15 88 57\n\nSehr geehrte Damen und Herren,\n"
            "hiermit kündige ich den Handyvertrag meines Mannes. Er ist verstorben, die Sterbeurkunde liegt bei.\n"
            "Wenn Sie Fragen haben, rufen Sie mich bitte zu Hause an: 02151 964861.")
    assert extract_from_text(text).phone_number == "+4917625158857"


def test_a_daughter_writing_for_her_mother_is_not_the_customer():
    text = (f"Betreff: Storno des Vertrags von Frau Renate Pieper, Kundennummer {CN}\n\n"
            "Sehr geehrte Damen und Herren,\nich schreibe für meine Mutter, die das Fax mit unterschreibt.\n"
            "Bei Rückfragen erreichen Sie mich, Claudia Pieper, unter 0179 12071045.")
    assert extract_from_text(text).phone_number is None


def test_a_long_time_customer_saying_so_is_the_customer():
    text = ("ich bin seit nunmehr über dreißig Jahren Ihr Kunde und werde ständig angerufen.\n"
            "Meine Telefonnummer lautet 0341 48 63 55, und meine Kundennummer ist 3281045579.")
    assert extract_from_text(text).phone_number == "+49341486355"


def test_your_customer_service_is_not_a_letter_on_someones_behalf():
    from station.fields.parties import writer_is_not_the_customer
    from station.fields.layout import lines_from_text

    assert not writer_is_not_the_customer(lines_from_text("Ihr Kundenservice verweist mich immer weiter."))


def test_a_law_firms_client_account_is_not_the_customers():
    text = (f"Customer number {CN}.\nAny payments are to be made to our client account only (IBAN DE89 3704 0044 "
            "0532 0130 00).")
    assert extract_from_text(text).iban is None


def test_an_iban_spaced_out_in_a_forms_boxes():
    text = "IBAN:  D E 8 9  3 7 0 4  0 0 4 4  0 5 3 2  0 1 3 0  0 0"
    assert extract_from_text(text).iban == IBAN
