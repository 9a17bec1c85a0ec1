"""Customer numbers lost on development round W (faxes and forms, letters by or about someone else,
English and non-native writers, values in odd places), as typed.

Each test fails on the code before round W.
"""

from station.fields import extract_from_text

CN, OTHER = "5260181598", "1860913902"  # both pass Luhn


def test_the_old_providers_number_is_said_between_label_and_number():
    text = f"   Kundennr. Lumen:          526 018 1598\n   Kundennr. alt (Telefonia Rhein):  {OTHER}\n"
    assert extract_from_text(text).customer_number == CN


def test_a_reference_with_letters_in_front_is_another_systems():
    text = ("    bisheriger Anbieter:                   Funkwerk Mobil, Kd.-Nr. FM-00 7741 2286\n"
            "    bei Ihnen:                             Kunden-Nr. 526 018 1598\n")
    assert extract_from_text(text).customer_number == CN
    assert extract_from_text("Unser Auftrag NW-5260181598").customer_number is None


def test_the_abbreviation_may_be_written_onto_the_digits():
    text = "  Verwendungszweck:    RG 20261007338 KD5260181598"
    assert extract_from_text(text).customer_number == CN


def test_a_remark_in_brackets_between_label_and_number():
    text = "Ihre Kundennummer (lt. Rechnung vom 15.10.2026): 526 018 1598"
    assert extract_from_text(text).customer_number == CN


def test_english_labels():
    assert extract_from_text("My number with you is\n52601-\n81598, in case you need it.").customer_number == CN
    text = "Customer account:  5260-181-598\nInvoice 1860913902"
    assert extract_from_text(text).customer_number == CN


def test_a_subject_line_says_the_letter_is_written_for_a_relative():
    text = ("Rufnummernmitnahme für meine Mutter Hannelore Dietrich\n"
            "Lumen-Kundennummer: 52601 81598\n\n"
            "meine Mutter möchte zu meinem Familientarif wechseln.\n"
            "   Kundennummer FunkWerk:  FW-20418-7736\n")
    assert extract_from_text(text).customer_number == CN


IBAN_OLD, IBAN_NEW = "DE64370501980123456789", "DE69370501980555666777"


def test_an_account_being_closed_or_stopped_is_the_old_one():
    text = ("zum Jahresende löse ich mein Konto bei der Stadtsparkasse München\n"
            "(DE64 3705 0198 0123 4567 89) auf. Bitte buchen Sie die monatlichen Beträge ab Januar\n"
            "2027 von meinem neuen Konto bei der Commerzbank Köln ab:\n\n"
            "        IBAN:           DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEW
    text = ("Please stop debiting my account (Sparkasse Essen, DE64 3705 0198 0123 4567 89) after\n"
            "the December bill. From January please debit Hannah's account:\n\n"
            "    IBAN:            DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEW
    text = ("Bitte schreiben Sie den Vertrag auf mich um. Das Konto meines Mannes bei der Stadtsparkasse\n"
            "Düsseldorf (DE64 3705 0198 0123 4567 89) wird aufgelöst, bitte buchen Sie die Rechnung ab\n"
            "Januar von meinem Konto ab:\n\n"
            "   Commerzbank     DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEW


def test_a_table_headed_old_and_new_with_dates_in_its_headings():
    text = ("                  bisher (wird zum 31.12. aufgelöst)     neu ab 01.01.2027\n"
            "   Bank           Frankfurter Sparkasse                  BW-Bank Stuttgart\n"
            "   IBAN           DE64 3705 0198 0123 4567 89            DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEW


def test_an_iban_grouped_in_threes():
    assert extract_from_text("PS. Haspa  DE6 437 050 198 012 345 678 9").iban == IBAN_OLD


def test_the_only_account_called_old_counts_when_the_other_iban_is_a_senders_footer():
    text = ("Bestattungshaus Lindner OHG\nMusterweg 1, 89073 Ulm\n\n"
            "  | bisheriges Lastschriftkonto:                                     |\n"
            "  |     DE64 3705 0198 0123 4567 89  (Hamburger Sparkasse)           |\n\n"
            "Mit freundlichen Grüßen\n\n"
            "Bestattungshaus Lindner OHG · HRA 1552 AG Ulm · Deutsche Bank\n"
            "IBAN DE69 3705 0198 0555 6667 77 · BIC DEUTDEFFXXX\n")
    assert extract_from_text(text).iban == IBAN_OLD


def test_accounts_of_offices_and_associations_the_operator_is_told_to_pay():
    text = ("überweisen Sie gepfändete Beträge an die Bundeskasse, Deutsche Bundesbank,\n"
            "IBAN DE64 3705 0198 0123 4567 89, unter Angabe des Geschäftszeichens.")
    assert extract_from_text(text).iban is None
    text = ("Zahlungen sind ausschließlich auf das Dienstkonto zu leisten:\n"
            "Beate Schaaf, GV-Dienstkonto, Deutsche Bank, IBAN DE64 3705 0198 0123 4567 89")
    assert extract_from_text(text).iban is None
    text = ("   von 4.200,00 EUR auf das Konto der WEG: Stadt- und Kreissparkasse Leipzig,\n"
            "   IBAN DE64 3705 0198 0123 4567 89.")
    assert extract_from_text(text).iban is None


def test_a_relatives_payment_in_a_letter_whose_subject_names_the_relative():
    text = ("Mahnung vom 24.11.2026 an meine Mutter Edith Becker\n"
            "Kundennummer 5260 1815 98 / Mobilnummer 0171 32 80 53 38\n\n"
            "Sehr geehrte Damen und Herren,\n\n"
            "Ich habe den gesamten offenen Betrag heute von meinem Konto an Sie überwiesen:\n\n"
            "   Auftraggeber: Andreas Becker, Sparkasse Karlsruhe, DE64 3705 0198 0123 4567 89\n")
    fields = extract_from_text(text)
    assert fields.iban is None and fields.customer_number == CN


def test_the_phone_on_a_subject_line_broken_after_a_comma_is_the_subject_not_the_writers():
    text = ("Betr: Zahlungserinnerung / Mahnung für meinen Mann Reinhard Vogt ,Kundennr. 5260181598 ,\n"
            "Handy 0163 - 353 808 66\n\nSehr geehrte Damen und Herren ,\n\n"
            "ich schreibe für meinen Mann, er liegt in der Reha.\n"
            "Falls noch was offen ist bitte bei mir melden : 0178 / 58 11 54 33\n")
    assert extract_from_text(text).phone_number == "+4916335380866"


def test_stop_the_direct_debit_and_from_then_on():
    text = ("My flatmate Tom Ashby would like to take over the contract with the number.\n\n"
            "Please stop the direct debit from my account at ING (DE64 3705 0198 0123 4567 89) from the moment\n"
            "of the transfer. From then on, Tom pays, from his account:\n\n"
            "   Tom Ashby, Sparkasse Hannover\n   DE69 3705 0198 0555 6667 77\n")
    assert extract_from_text(text).iban == IBAN_NEW


def test_an_organisations_account_below_its_closing():
    text = ("Diakonisches Werk Nürnberg e.V.\nSchuldner- und Insolvenzberatung\nKönigstraße 63  |  90402 Nürnberg\n\n"
            "Lumen Mobilfunk GmbH\n44022 Dortmund\n\nSehr geehrte Damen und Herren,\n\n"
            "wir beraten Herrn Pohl (Kundennummer 5260181598) und bitten um eine Aufstellung.\n\n"
            "Mit freundlichen Grüßen\n\nPetra Hülsmann\nSchuldnerberaterin\n\n"
            "Diakonisches Werk Nürnberg e.V. · Sparkasse Nürnberg · IBAN DE64 3705 0198 0123 4567 89\n"
            "Beratung kostenlos und vertraulich\n")
    assert extract_from_text(text).iban is None
    text = ("Sehr geehrte Damen und Herren,\n\nbitte melden Sie sich wegen der Antenne.\n\n"
            "Mit freundlichen Grüßen\nHausverwaltung Ruhrblick GmbH\nPetra Schmalenbach, Objektbetreuung\n"
            "Bankverbindung: Sparkasse Essen · IBAN DE64 3705 0198 0123 4567 89 · HRB 20918 Essen\n")
    assert extract_from_text(text).iban is None


def test_a_remark_after_the_account_names_whose_it_is():
    text = "Kreissparkasse Tübingen  IBAN DE64 3705 0198 0123 4567 89 (Konto des Bestattungshauses)"
    assert extract_from_text(text).iban is None


def test_a_new_customer_porting_in_is_no_new_holder_of_a_handed_over_contract():
    text = ("ich bin neue Kundin bei Lumen seit 26.11. und ich möchte meine alte Nummer von Telefonia Rhein\n"
            "mitbringen.\n\n   Kundennr. Lumen:          526 018 1598\n   Nummer für Portierung:    01 702 932 0622\n")
    assert extract_from_text(text).phone_number == "+4917029320622"


def test_a_column_gap_does_not_cut_the_label_off():
    text = ("    Meine Nummer, die mitkommen soll:      0172 - 689 20 34\n"
            "    bisheriger Anbieter:                   Funkwerk Mobil\n\n"
            "    bei Ihnen:                             Kunden-Nr. 526 018 1598\n"
            "    vorläufige Nummer (neue SIM):          0179 164 81 52\n")
    assert extract_from_text(text).phone_number == "+491726892034"


def test_a_forms_row_is_labelled_by_its_own_first_cell():
    text = ("Praxis Physio am Ring  -  Hohenzollernring 51  -  50672 Köln\n"
            "Tel. 0221 16 02 77-0\n\nAUFTRAG RUFNUMMERNMITNAHME\n\n"
            "| Kundennummer                   |  5 2 6 0 1 8 1 5 9 8                        |\n"
            "| Anschlussinhaber               |  Praxis Physio am Ring, Inh. M. Sander      |\n"
            "| zu portierende Rufnummer       |  +49 (0)162 89 23 935                        |\n")
    assert extract_from_text(text).phone_number == "+491628923935"


def test_the_one_row_of_a_table_marked_unlike_the_others():
    text = ("  Rufnummer        Nutzer          Betrag      Bemerkung\n"
            "  0179 9362815     Monteur 1       29,99 EUR   ok\n"
            "  0179 6039336     Monteur 2       29,99 EUR   ok\n"
            "  0173 6673857     Lager           187,42 EUR  strittig\n"
            "  0171 7901049     Büro            29,99 EUR   ok\n")
    assert extract_from_text(text).phone_number == "+491736673857"
    text = ("   Nr.  Rufnummer          Rolle                     Auskunft erbeten\n"
            "   1    0176 55 66 753     Anrufer / Tatverdacht     JA\n"
            "   2    0171 7901049       Geschädigte (Festnetz)    nein, nur zur Info\n"
            "   3    0179 9362815       Sachbearbeiter            nein\n")
    assert extract_from_text(text).phone_number == "+491765566753"
    # a row that leaves a column empty is no mark: four lines listed alike, none meant
    text = ("   1     0179 6039336       Bergmann         DO-HK 211\n"
            "   2     0177 5873218       Brenner          DO-HK 212\n"
            "   3     0175 1582280       Özdemir          DO-HK 215\n"
            "   4     0173 7800219       Springer (Aushilfe, ab Feb. optional)\n")
    assert extract_from_text(text).phone_number is None


def test_third_parties_lines_a_private_line_off_the_account_and_references():
    text = ("Für eine Besichtigung wenden Sie sich bitte an unseren Hausmeister, Herrn Lüttgen,\n"
            "mobil 0170 297 65 19, oder an die Unterzeichnerin.")
    assert extract_from_text(text).phone_number is None
    text = ("Please cancel ONLY the line of Mr Caldwell, 0175 4953394. If you need anything from him\n"
            "personally, his private mobile is 0176 5679576 (not on our account).")
    assert extract_from_text(text).phone_number == "+491754953394"
    assert extract_from_text("Ihr Zeichen\nStandort L-04275-11").phone_number is None


def test_the_line_an_authority_asks_about():
    text = ("erhielt die Geschädigte auf\nihrem Anschluss 0163 482 04 22 wiederholt Anrufe von\n"
            "dem Anschluss 0160 / 648 44 74.\n\nIch bitte um Mitteilung der Bestandsdaten des\n"
            "Inhabers des Anschlusses 0160 / 648 44 74.")
    assert extract_from_text(text).phone_number == "+491606484474"


def test_another_providers_number_is_no_misread_one_of_ours():
    text = ("Die Rufnummer meiner Mutter soll zu uns kommen, ihre\n   Kundennummer Lumen:          5260 1815 98\n"
            "3. Bisheriger Anbieter:  FunkNetz24          Kundennr. dort:  FN/0038-447-120\n")
    assert extract_from_text(text).customer_number == CN


def test_a_reference_rows_heading_says_whose_number_it_is():
    text = ("Wir kündigen mit Vollmacht unserer Fahrer.\n\n"
            "Ihr Zeichen    Unser Zeichen    Ihre Kundennummer     Datum\n"
            "               Hü/IT            5260 1815 98          07.12.2026\n\n"
            "Kundennummer dort 3004-55129-X) zum Vertragsende.\n")
    assert extract_from_text(text).customer_number == CN


def test_the_dead_customers_account_kept_for_the_last_bill():
    text = ("mein Mann ist am 28.11. verstorben.\nDie letzte Rechnung können Sie noch von seinem Konto abbuchen,"
            " das bleibt\nbis der Nachlass geregelt ist:\n   GLS Bank  DE64 3705 0198 0123 4567 89\n")
    assert extract_from_text(text).iban == IBAN_OLD


def test_a_table_of_lines_named_by_their_users_names_no_single_one():
    text = ("Seit dem Netzumbau haben unsere drei Handys (Mama und die Kinder) kein LTE mehr:\n\n"
            "   Mama    0177 - 143 91 28\n   Jannik  0178 - 103 59 08\n   Mia     0179 - 494 56 80\n")
    assert extract_from_text(text).phone_number is None


def test_a_firms_switchboard_is_none_of_the_lines_it_lists():
    text = ("Schäfer Gerüstbau GmbH & Co. KG\nIndustriestr. 4, 70565 Stuttgart\nTelefon 0711 8079140\n\n"
            "Lumen Mobilfunk GmbH\n44022 Dortmund\n\nSehr geehrte Damen und Herren,\n\n"
            "bitte buchen Sie für alle unsere Firmenanschlüsse (0160 1533060, 0175 7734403, 0162 3573535) ab Januar\n"
            "vom neuen Konto ab.\n\nMit freundlichen Grüßen\nSchäfer Gerüstbau GmbH & Co. KG\n")
    assert extract_from_text(text).phone_number is None


def test_the_widows_own_line_that_is_to_stay():
    text = ("mein Mann ist am 28. November verstorben. Er hatte bei Ihnen\n"
            "das Handy mit der Nummer 0178 80 950 36. Bitte kündigen Sie den Vertrag.\n\n"
            "Ich selbst habe eine eigene Nummer bei Ihnen (0177 147 18 05), die soll\nBLEIBEN!\n")
    assert extract_from_text(text).phone_number == "+491788095036"


def test_a_grandchild_writing_about_her_grandmothers_line():
    text = ("Oma's Nummer ist die 0159 - 438 451 86, sie ist seit über 12 Jahren bei Ihnen Kundin.\n\n"
            "Für Rückfragen: meine Nummer 0173 615 643 33 (bitte nicht Oma anrufen).\n")
    assert extract_from_text(text).phone_number == "+4915943845186"


def test_a_nephews_note_on_his_aunts_line_and_a_cover_sheets_line_field():
    text = ("ich schreibe für meine Tante, ich habe Kontovollmacht.\n\n"
            "   Kunden-Nr.          5260 1815 98\n   Handy meiner Tante  0175 / 908 08 99\n")
    assert extract_from_text(text).phone_number == "+491759080899"
    text = ("Re:       Request on behalf of our client (authorisation attached on request)\n\n"
            "Client:        Mr. Daniel Okafor\nCustomer no.:  5260 1815 98\nLine:          +49 176 1622 685\n")
    assert extract_from_text(text).phone_number == "+491761622685"


def test_an_apprentices_own_phone_and_a_number_broken_before_a_bracket():
    text = ("Meine Kunden-Nr. ist 5260-181-598 und das Handy ist die 0177-6971607.\n\n"
            "Mein Lehrling hat auch ein Handy bei Ihnen (0761 33 02 92, läuft auf seine Mutter).\n")
    assert extract_from_text(text).phone_number == "+491776971607"
    text = ("Ich möchte meine Handy-\nnummer behalten, das ist die Nummer 0163 - 149\n"
            "6530 (null eins sechs drei).\n\nWenn Sie mich anrufen müssen, bitte auf dem Festnetz: 0 36 5 / 78 25 29.\n")
    assert extract_from_text(text).phone_number == "+491631496530"


def test_subject_lines_as_ocr_reads_them():
    # the comma after the customer number lost: the next line still goes on with the subject
    text = ("Betr: Mahnung für meinen Mann Reinhard Vogt ‚Kundennr. 5260181598\nHandy 0163 - 353 808 66\n\n"
            "Sehr geehrte Damen und Herren,\n\nich schreibe für meinen Mann.\n"
            "Falls noch was offen ist bitte bei mir melden : 0178 / 58 11 54 33\n")
    assert extract_from_text(text).phone_number == "+4916335380866"
    # "Kd.-Nr." read as "Kd.-M": still the customer's reference line, not the writer's letterhead
    text = ("Caritas Schuldnerberatung\nPlatz der Diakonie 3, 40233 Düsseldorf\n\n"
            "Unsere Klientin: Frau Nadine Reuter, Kd.-M 526018 1598, Rufnr. 0175 68 163 48\n\n"
            "Sehr geehrte Damen und Herren,\n\nwir beraten Frau Reuter.\n")
    assert extract_from_text(text).phone_number == "+491756816348"


def test_marks_as_ocr_merges_the_last_columns_and_what_is_no_mark():
    # OCR lost the gap before the last column: the row's last word is its mark (in a table of four rows or more)
    text = ("  0179 9362815     Monteur 1       29,99 EUR ok\n  0179 6039336     Monteur 2       29,99 EUR ok\n"
            "  0173 6673857     Lager           187,42 EUR strittig\n  0171 7901049     Büro            29,99 EUR ok\n")
    assert extract_from_text(text).phone_number == "+491736673857"
    # a cost centre differs from row to row: no line is singled out
    text = ("   User                 Mobile number         Cost centre\n"
            "   A. Petrov            0170 698 6642         CC-4410\n"
            "   S. Lindqvist         0163 149 01874        CC-4410\n"
            "   R. Mensah            0170 671 09060        CC-4412\n")
    assert extract_from_text(text).phone_number is None
    # three rows, each a name and a note: their last words are no column of marks
    text = ("  0175 7141 9657     Fr. Demir (ausgeschieden)\n  0175 7317 9088     Hr. Wagner (ausgeschieden)\n"
            "  0176 7149 6023     Empfang, Zweitkarte\n")
    assert extract_from_text(text).phone_number is None


def test_the_nearer_word_about_an_accounts_age_decides():
    text = ("Ab Januar bitte nicht mehr von meinem Konto DE64 3705 0198 0123 4567 89\n"
            "abbuchen, sondern vom Geschäftskonto meiner Tochter, die den Vertrag übernimmt:\n"
            "     IBAN DE69 3705 0198 0555 6667 77, Volksbank Mittelhessen\n")
    assert extract_from_text(text).iban == IBAN_NEW
    text = ("ALT:  DE64 3705 0198 0123 4567 89  Postbank  -> bitte nicht mehr\n"
            "NEU:  DE69 3705 0198 0555 6667 77  ING\n")
    assert extract_from_text(text).iban == IBAN_NEW
