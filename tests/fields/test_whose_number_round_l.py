"""Whose customer number, whose account: cases lost on development round L (letters written to trap
the field finders with other people's and other firms' values), as typed.

Each test fails on the code before round L: a number split after a separator at the line end, digits
in bracketed boxes, another firm's or a relative's customer number named in a sentence that begins
on the line above, the writer's own number in a letter written for the customer, an account the
letter says is gone, and the next holder's account named for the debits from now on.
"""

from station.classify.evaluate import EVAL_SETTINGS
from station.fields import extract_from_lines, extract_from_text
from station.fields.layout import lines_from_text

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


def test_a_porting_forms_temporary_number_with_the_brand_in_its_label():
    text = ("Kundennummer Lumen:        5260181598\n"
            "vorläufige Lumen-Rufnummer: 0175 6311543\n"
            "Zu portierende Rufnummer:  0176-10681319\n")
    assert extract_from_text(text).phone_number == "+4917610681319"


def test_several_lines_listed_alike_name_no_single_number():
    text = ("in der o.g. Rechnung sind für drei unserer Firmenhandys Roaming-Entgelte berechnet.\n\n"
            "  Rufnummer          Mitarbeiter     berechnet\n"
            "  0162 6410683       Hr. Yilmaz      244,10 EUR\n"
            "  0177 2293292       Hr. Wendt       198,90 EUR\n"
            "  0162 6728541       Hr. Ostrowski   169,40 EUR\n")
    assert extract_from_text(text).phone_number is None
    text = ("kündigen wir die unter der o.g. Kundennummer geführten Mobilfunkanschlüsse\n\n"
            "   0175 4955655\n   0176 4556618\n\nfristgerecht zum nächstmöglichen Zeitpunkt.")
    assert extract_from_text(text).phone_number is None


def test_one_row_of_a_list_singled_out_is_the_line_meant():
    text = ("Wir kündigen daher fristgerecht die folgende Karte:\n\n"
            "   Rufnummer 0160-5933817   (Nutzer: M. Brinkmann)   ->  KÜNDIGEN\n\n"
            "Die beiden anderen Karten auf unserem Konto bleiben wie sie sind:\n\n"
            "   Rufnummer 0172/6349438   (Nutzer: R. Kunz)        ->  bleibt\n"
            "   Rufnummer 0151/25390121  (Nutzer: Büro)           ->  bleibt\n")
    assert extract_from_text(text).phone_number == "+491605933817"


def test_a_sender_blocks_phone_over_mobile_is_no_list():
    text = "Maria Keller\nTel. 030 4412345\nMobil: 0171 2345678\n\nich kündige mein Handy zum Monatsende."
    assert extract_from_text(text).phone_number == "+491712345678"


def test_numbers_said_to_be_somebody_elses_after_them():
    text = ("Bei Rückfragen bitte auf meinem Handy anrufen, 0174 8796498\n"
            "(das ist bei Telvia, nicht bei Ihnen). Die Daten-SIM im Router: 0162 1323941")
    assert extract_from_text(text).phone_number == "+491621323941"
    text = ("Die alte Adresse bei meinen Eltern (Erfurt, Tel. 0361 41394218) gilt nicht mehr. In der WG\n"
            "gibt es ein Festnetz 0761 97889258, das gehört\naber dem Hauptmieter.")
    assert extract_from_text(text).phone_number is None
    text = "Von:     Petra Nowicki\nTel.:    0221 678349 (dienstl.)\nBetreff: Meine Unterlagen"
    assert extract_from_text(text).phone_number is None


def test_a_firms_number_in_brackets_after_its_name():
    text = ("heute bekam ich Post von der Nordforderung GmbH (Tel. 0511 6310632), die Geld von mir will.\n"
            "Ich zahle nichts an das Inkassobüro.")
    assert extract_from_text(text).phone_number is None


def test_an_account_another_person_paid_from_is_not_the_customers():
    text = ("Die Anzahlung hat meine Mutter von ihrem Konto (DKB, DE64 3705 0198 0123 4567 89)\n"
            "überwiesen. Bitte erstattet das Geld auf MEIN Konto:\n\n   ING  IBAN DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEXT
    text = ("My flatmate paid by mistake from her own account (DE64 3705 0198 0123 4567 89).\n"
            "Please refund the amount to my account: IBAN DE69 3705 0198 0555 6667 77.")
    assert extract_from_text(text).iban == IBAN_NEXT
    # "Ihrem Konto" is the firm's written to; the customer's account is still the only one
    assert extract_from_text("Ich habe auf Ihrem Konto nachgesehen. Mein Konto: DE69 3705 0198 0555 6667 77").iban \
        == IBAN_NEXT


def test_a_creditors_account_named_as_theirs_or_as_where_to_pay_them():
    text = ("Bitte zurück auf mein Konto Postbank DE69 3705 0198 0555 6667 77.\n\n"
            "Deren Zahlungsdaten stehen auf dem Schreiben (Deutsche Bank\nDE64 3705 0198 0123 4567 89).")
    assert extract_from_text(text).iban == IBAN_NEXT
    text = ("PayMobil schreibt mir jetzt, ich soll direkt an sie zahlen, auf\nDE64 3705 0198 0123 4567 89. "
            "Das tue ich nicht.\n\nBitte schreiben Sie mir das gut (IBAN DE69 3705 0198 0555 6667 77).")
    assert extract_from_text(text).iban == IBAN_NEXT


def test_a_sentence_that_begins_after_a_value_on_the_line_above_still_counts():
    text = ("Herr Sadowski ist am 2. Dezember verstorben. Eine Kopie der Sterbeurkunde liegt bei.\n\n"
            "Frau Sadowski ist selbst unter 0162 8231577 erreichbar. Ein etwaiges Guthaben erstatten Sie\n"
            "bitte auf ihr Konto bei der Bank, IBAN DE64 3705 0198 0123 4567 89\n")
    assert extract_from_text(text).iban is None  # a pay-out after a death goes to the heirs


def _ocr_lines(rows: list[tuple[int, str]]):
    """Lines as OCR gives them: one row of words per (top, text), numbered without gaps."""
    from station.fields.layout import lines_from_words
    from station.model import Word
    words = []
    for top, text in rows:
        x = 100
        for w in text.split():
            words.append(Word(w, x, top, 20 * len(w), 30, 95.0))
            x += 20 * len(w) + 15
    return lines_from_words(words, 0, 3500)


def test_after_ocr_a_sentence_the_printer_wrapped_after_a_word_still_gives_the_account_up():
    from station.fields import extract_from_lines
    lines = _ocr_lines([(300, "das Konto bei der Bank (DE64 3705 0198 0123 4567 89) gibt es"), (350, "seit"),
                        (400, "2024 nicht mehr, bitte nicht verwenden!")])
    assert extract_from_lines(lines)[0].iban is None
    # the next paragraph (a wider gap above it) says nothing about the account
    lines = _ocr_lines([(300, "IBAN: DE64 3705 0198 0123 4567 89"), (350, "BIC: BYLADEM1001"),
                        (480, "Please do not use any more the credit card number ending with 4417.")])
    assert extract_from_lines(lines)[0].iban == IBAN_OLD


def test_a_firms_number_in_brackets_with_its_label_misread():
    head = "Birgit Sauer\nLister Meile 40\n30161 Hannover\n\nSehr geehrte Damen und Herren,\n\n"
    text = head + "heute bekam ich Post von der Nordforderung GmbH (lel. 0511 6310632), die Geld will.\n"
    assert extract_from_text(text).phone_number is None
    # the firm's name further back in the sentence says nothing about a number the customer gives
    text = head + "ich habe mit der Nordforderung GmbH gesprochen, mein Handy: 0171 2345678\n"
    assert extract_from_text(text).phone_number == "+491712345678"


def test_a_label_before_a_word_the_printer_wrapped_onto_its_own_line():
    from station.fields import extract_from_lines
    lines = _ocr_lines([(300, "möchte ich den Vertrag hiermit kündigen, meine Kundennummer ist laut der letzten"),
                        (350, "Rechnung"), (400, "5260181598 und die Nummer von dem Handy ist 0171 9571493")])
    assert extract_from_lines(lines)[0].customer_number == CN


def test_a_phone_label_after_another_value_at_the_line_end():
    text = ("Verstorbene Bewohnerin: Frau Esch, Kundennummer 5260181598, Rufnummer\n0170 5504993\n\n"
            "Bitte verwechseln Sie den Vertrag nicht mit unserem eigenen Geschäftskundenvertrag\n"
            "(u.a. Stationshandy 0162 1787776) - dieser läuft weiter.")
    assert extract_from_text(text).phone_number == "+491705504993"


def test_in_a_hand_over_the_account_for_debits_after_the_take_over_not_the_one_no_longer_used():
    text = ("ich übernehme den Vertrag meines Mannes, seine Einverständniserklärung liegt bei.\n\n"
            "Abbuchen ab Übernahme bitte von meinem Konto: Sparkasse Bremen\n"
            "DE69 3705 0198 0555 6667 77 - nicht mehr von seinem Konto bei der Sparkasse Hannover\n"
            "(DE64 3705 0198 0123 4567 89), das ist sonst sehr kompliziert.\n")
    assert extract_from_text(text).iban == IBAN_NEXT


def test_another_firms_number_is_not_taken_when_the_customers_own_was_misread():
    text = ("Meine Kundennummer bei Ihnen lautet\n11193912521.\n"  # one digit too many: no valid number
            f"Bei Kolibri habe ich die Kundennummer {OTHER} bekommen, die SIM dort kommt morgen.")
    assert extract_from_text(text).customer_number is None
    text = (f"Kundennummer\t8 3 8 8 5 7 L6 LO1 5113\nRufnummer\t0179 136 47 13\n\n"
            f"Bemerkung: Meine Frau Sabine hat einen eigenen Vertrag bei Ihnen (Kd-Nr {OTHER}).")
    assert extract_from_text(text).customer_number is None
    # with no label of the customer's own, a relative's labelled number stays the one found
    text = f"Mein Mann ist am 2. Mai verstorben. Seine Kundennummer ist {OTHER}. Bitte beenden Sie den Vertrag."
    assert extract_from_text(text).customer_number == OTHER


def test_a_number_said_not_to_be_concerned():
    text = ("Das Geschäftshandy mit der Nummer 0162 5181290 soll an den Käufer übergehen.\n"
            "Meine private Nummer 0160 9571726 ist nicht betroffen.")
    assert extract_from_text(text).phone_number == "+491625181290"


def test_box_brackets_as_ocr_reads_them():
    # "[5 2 6 0 1 8] [1 5 9 8]": the bracket between the groups read as 1
    assert extract_from_text("Kundennummer\t5260181 1598\tRufnummer 0176 / 467 312 56").customer_number == CN
    # an IBAN typed into bracketed boxes, the brackets half read
    assert extract_from_text("IBAN [DE69]3705][0198][0555][6667][7 7)").iban == IBAN_NEXT


def test_lines_listed_in_one_sentence_name_no_single_number():
    text = ("unser Verein hat bei Ihnen drei Mobilfunkkarten (0172 4977410, 0162 2277230 und 0170 7056481)\n"
            "für Vorstand, Kassenwart und Platzwart.")
    assert extract_from_text(text).phone_number is None


def test_an_undertakers_account_in_the_footer_and_the_deceaseds_own_account():
    text = ("im Auftrag der Angehörigen teilen wir Ihnen den Tod Ihres Kunden mit. Sterbeurkunde anbei.\n"
            "   Kundennummer:   5260181598\n\nMit freundlichen Grüßen\ni.A. B. Rösgen\n\n"
            "Bestattungen Rösgen e.K. - Sparkasse KölnBonn - IBAN DE64 3705 0198 0123 4567 89\n")
    assert extract_from_text(text).iban is None
    text = ("mein Vater ist am 21.11.2026 verstorben. Sein Konto bei der Sparkasse bleibt für die Abwicklung\n"
            "des Nachlasses noch bestehen: DE64 3705 0198 0123 4567 89. Bitte die letzte Rechnung dort abbuchen.")
    assert extract_from_text(text).iban == IBAN_OLD



def test_a_file_references_last_part_is_no_phone_number():
    from station.fields import phone
    from station.fields.layout import lines_from_text
    lines = lines_from_text("Vorgangsnummer: ST/2026/0884153\nSachbearbeiter: KOK Brenner")
    assert [h.value for h in phone.find_all(lines, set())] == []
    assert extract_from_text("Telefon: 0201/9338180").phone_number == "+492019338180"  # an area code's slash


def test_numbers_listed_with_a_note_or_a_name_between_them():
    text = ("Die anderen beiden Karten sollen bitte ganz normal weiterlaufen, also\n\n"
            "   0178 9945128  (mein Handy)  und  0170 6969404  (Azubi-Handy)\n")
    assert extract_from_text(text).phone_number is None
    text = ("Bitte buchen Sie die Beträge für unsere drei Praxis-Handys (Rufbereitschaft 0175 97469036, "
            "Hausbesuche 0174 7663764 und Labor) ab der nächsten Rechnung von unserem neuen Konto ab.")
    assert extract_from_text(text).phone_number is None


def test_a_widow_also_a_customer_the_late_husbands_number_is_the_one():
    text = ("Betr. Sterbefall meines Mannes\n      seine Kunden-Nr.: 5260181598, Handy 0178-7494169\n\n"
            "mein Mann ist am 21. November verstorben. Ich bitte Sie, seinen Vertrag aufzulösen.\n\n"
            f"Ich habe selber auch einen Vertrag bei Ihnen (Kd.Nr. {OTHER}), der soll weiterlaufen.")
    assert extract_from_text(text).customer_number == CN


def test_a_relatives_own_contract_and_a_line_that_stays():
    text = ("ich habe geheiratet, bitte ändern Sie den Namen in meinem Vertrag (Kundennummer 5260181598).\n\n"
            "Die Adresse ist gleich geblieben. Mein Mann (Tobias) hat auch einen Vertrag bei Ihnen\n"
            "mit der Nummer 0174 6893009, den müssen Sie nicht ändern.\n\nJana Pohlmann\nMobil 0171-389 86 64")
    assert extract_from_text(text).phone_number == "+491713898664"
    text = ("In meinem Vertrag läuft noch ihre Karte mit der Nummer\n0162 96816050. Sie soll den Vertrag übernehmen.\n\n"
            "Meine eigene Nummer 0172 97257768 bleibt bei mir im bisherigen Vertrag.")
    assert extract_from_text(text).phone_number == "+4916296816050"
    # a wife's line on the writer's own contract is the line meant
    text = "Both of our SIM cards run under my account. My wife's line is\n\n    0175 74581121\n\nplease cancel it."
    assert extract_from_text(text).phone_number == "+4917574581121"


def test_round_l2_cues():
    # a shop of the old provider, in brackets after it
    text = ("ich komme von der Telemax und möchte meine Nummer zu Ihnen mitnehmen. Der Laden von Telemax\n"
            "(030 0341620) sagte mir, ich solle Ihnen das schicken.\n\nP.S. die Nummer die mit soll ist 0162 84491037 !")
    assert extract_from_text(text).phone_number == "+4916284491037"
    # a flatmate is no one the letter is written for: "meine nr" stays the writer's own line
    text = ("ich bin umgezogen!! bitte neue adresse eintragen.\n\nKd 5260181598 / meine nr 0177 83 41 908\n\n"
            "Post an die alte WG kommt nicht mehr an, meine alte Mitbewohnerin leitet nix weiter.")
    assert extract_from_text(text).phone_number == "+491778341908"
    # the line with the firm written to beats the letterhead's
    text = ("Schreinerei Voss * Str. 12 * 04229 Leipzig * Tel 0341 9720850\n\nSehr geehrte Damen und Herren,\n\n"
            "ich schreibe Ihnen wegen der Rechnung zu meinem Firmenhandy bei Ihnen 0177 4891798.")
    assert extract_from_text(text).phone_number == "+491774891798"
    # "Kunde 78213-33338": the word alone before the digits is a label
    assert extract_from_text("Die Rufnummer 0160 372 28 96 (Kunde 52601-81598) läuft auf meinen Ex-Mann.").customer_number \
        == CN


def test_round_l2_accounts():
    # a relative's account the customer names is still not the customer's (the writer is the customer here)
    text = ("meine Mutter (86) hat bei Ihnen den Vertrag fuer ihr Handy. Bisher wurde\n"
            "die Rechnung von meinem Konto abgebucht (Commerzbank, DE64 3705 0198 0123 4567 89),\n"
            "das soll jetzt aufhoeren. Ab Januar bitte vom eigenen Konto meiner Mutter:\n\n"
            "   IBAN:            DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban is None  # (neither the writer's old one nor her mother's)
    # a collection agency named after a value on the line above
    text = ("Frau Aksoy hat zweimal bezahlt: einmal an Sie (auf DE38 6144 1819 5674 8806 01) und einmal an das\n"
            "beauftragte Inkassobuero Meyring & Co (Konto DE64 3705 0198 0123 4567 89). Belege anbei.\n\n"
            "Wir bitten, den Betrag zu erstatten auf das Konto unserer Klientin: IBAN DE69 3705 0198 0555 6667 77.")
    fields = extract_from_lines(lines_from_text(text), EVAL_SETTINGS)[0]
    assert fields.iban == IBAN_NEXT
    # a guardian's own account, for her fees only
    text = ("ich bin zur Betreuerin von Herrn Pohl bestellt. Schriftverkehr bitte an mich. Meine Kontoverbindung\n"
            "(Deutsche Bank, DE64 3705 0198 0123 4567 89) gilt nur fuer Verguetungen.")
    assert extract_from_text(text).iban is None
    # after a death, money to the writer is the heirs'; a joint account with the one who died is the customer's
    assert extract_from_text("Mein Vater ist am 22.11. gestorben. Geld bitte an mich, GLS Bank "
                             "DE64 3705 0198 0123 4567 89.").iban is None
    assert extract_from_text("Meine Frau ist verstorben. Falls noch Geld zurückkommt, bitte auf unser gemeinsames\n"
                             "Konto: DE64 3705 0198 0123 4567 89.").iban == IBAN_OLD


def test_customer_number_labels_as_ocr_mangles_them():
    assert extract_from_text("An Lumen Rechnung KadNr 5260181598").customer_number == CN
    assert extract_from_text("Vertragsinhaber-Kd.N\\: 5260181598").customer_number == CN
    # "Nr." read as "NM" or "M" after "Kundin" / "Kd.-"
    text = f"Tod meiner Mutter, Ihre Kundin NM 5260181598\nIch selbst bin auch Kundin (Kd-NM {OTHER})."
    assert extract_from_text(text).customer_number == CN
    assert extract_from_text("Kd.-M: 5260181598").customer_number == CN
    from station.fields.customer_number import LABEL

    assert not LABEL.search("Kundin Maria 5260181598") and not LABEL.search("Kunden-Merkblatt")


def test_a_colon_ocr_made_of_a_dash_is_read_through_only_after_a_label():
    assert extract_from_text("Kundennr.: 5260-1815:98").customer_number == CN
    assert extract_from_text("Termin 5260-1815:98").customer_number is None


def test_the_writers_own_number_is_not_taken_when_the_one_written_for_was_misread():
    text = ("Ich schreibe für meinen Vater, ich habe eine Vollmacht (anbei).\n"
            "Vertragsinhaber-Kundennummer: 536 4887 4471\n"  # one digit too many: no valid number
            f"Bitte verwechseln Sie das nicht mit meinem eigenen Vertrag bei Ihnen (meine Kd.-Nr. ist {OTHER}).")
    assert extract_from_text(text).customer_number is None
