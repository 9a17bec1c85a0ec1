"""Whose customer number, whose account: cases lost on development round L (letters written to trap
the field finders with other people's and other firms' values), as typed.

Each test fails on the code before round L: a number split after a separator at the line end, digits
in bracketed boxes, another firm's or a relative's customer number named in a sentence that begins
on the line above, the writer's own number in a letter written for the customer, an account the
letter says is gone, and the next holder's account named for the debits from now on.
"""

from station.fields import extract_from_text

CN, OTHER = "5260181598", "1860913902"  # both pass Luhn
IBAN_OLD, IBAN_NEXT = "DE64370501980123456789", "DE69370501980555666777"


def test_a_number_broken_after_a_slash_or_dash_at_the_line_end():
    assert extract_from_text("My customer no. is 52601/\n81598 (sorry, only a photo of the bill)").customer_number == CN
    assert extract_from_text("Kundin Frau Brockhoff, Kundennr. 52601-\n81598, Rufnummer folgt").customer_number == CN


def test_digits_typed_into_bracketed_boxes():
    assert extract_from_text("Kundennummer:  [5][2][6][0][1][8][1][5][9][8]").customer_number == CN
    # tick boxes are no digits: the row stays as it is
    assert extract_from_text("[ ] Kauf Endgerät   [X] Mobilfunkvertrag\nKundennummer 5260181598").customer_number == CN


def test_another_firms_customer_number_in_the_same_letter():
    text = (f"Meine Kundennummer bei Ihnen lautet {CN}.\n\n"
            f"Bei Kolibri habe ich die Kundennummer {OTHER} bekommen, die SIM dort kommt morgen.")
    assert extract_from_text(text).customer_number == CN
    text = (f"ich will kündigen, mein Kundenummer ist {CN}. Bitte zum Ende.\n"
            f"Ich habe jetzt Internet bei KabelNet (Kundennummer {OTHER}), deswegen brauche ich das nicht.")
    assert extract_from_text(text).customer_number == CN


def test_a_husbands_number_in_a_sentence_that_began_on_the_line_above():
    text = (f"Change of bank details - customer number {CN}\n\n"
            "Please note that this only concerns MY contract. My husband, Markus Brandt, also has a contract\n"
            f"with you (customer number {OTHER}). His bill is paid from his own account.")
    assert extract_from_text(text).customer_number == CN


def test_the_number_another_provider_gave_an_employee_said_with_there():
    text = (f"Unsere Kundennummer {CN} - Freigabe Rufnummernmitnahme\n\n"
            f"Herr Ferreri nimmt seine Nummer mit (Kundennummer von Herrn Ferreri dort: {OTHER}).")
    assert extract_from_text(text).customer_number == CN


def test_the_writers_own_number_in_a_letter_for_the_deceased_customer():
    text = (f"Tod meiner Mutter Elfriede Nowak, Ihre Kundin Nr. {CN}\n\n"
            "meine Mutter ist am 21. November gestorben. Die Sterbeurkunde liegt bei.\n\n"
            f"Ich selbst bin auch bei Ihnen Kundin (Kd-Nr. {OTHER}) - mein Vertrag läuft weiter.")
    assert extract_from_text(text).customer_number == CN
    text = (f"Verstorbene Bewohnerin: Frau Esch, Kundennummer {CN}\n\n"
            "Bitte verwechseln Sie den Vertrag nicht mit unserem eigenen Geschäftskundenvertrag bei Ihnen\n"
            f"(Kd-Nr. {OTHER}) - dieser läuft weiter.")
    assert extract_from_text(text).customer_number == CN


def test_an_account_the_letter_says_is_gone_is_not_indexed():
    text = ("Ihre Mitarbeiterin wollte meine Bankdaten, die hatte ich falsch angegeben: das Konto bei der\n"
            "Bank (DE64 3705 0198 0123 4567 89) gibt es seit\n2024 nicht mehr, bitte nicht verwenden!")
    assert extract_from_text(text).iban is None
    # said of the old account, the new one is still found
    text = ("Neue Bankverbindung: DE69 3705 0198 0555 6667 77\n"
            "Das alte Konto DE64 3705 0198 0123 4567 89 existiert nicht mehr.")
    assert extract_from_text(text).iban == IBAN_NEXT


def test_in_a_hand_over_the_sons_account_named_for_the_debits_from_now_on():
    text = ("Übertragung meines Mobilfunkvertrags auf meinen Sohn\n\n"
            "ich möchte meinen Vertrag auf meinen Sohn übertragen, er ist mit der Übernahme einverstanden.\n\n"
            "Bisher wird von meinem Konto abgebucht:     DE64 3705 0198 0123 4567 89\n"
            "Künftig bitte vom Konto meines Sohnes:      DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEXT
    # without a hand-over, a son's account stays someone else's
    text = "Bitte erstatten Sie das Guthaben auf das Konto meines Sohnes: DE69 3705 0198 0555 6667 77"
    assert extract_from_text(text).iban is None
